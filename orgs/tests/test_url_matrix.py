"""Site isolation over every URL the project answers, generated from the URL resolver (issue 7).

Every URL pattern (admin, API, public) is filled with objects of site B (hebhb) and requested, GET and POST,
as each role of site A (weibin). No response may name an object of B (each carries a unique marker), and after
all requests B's objects are exactly as they were. A pattern added later is walked without editing this test:
its ids are filled from the model of its view (or from the name of the URL converter), and any id this test
cannot place is tried with every object of B."""

import itertools
import re
import time
import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import (
    Collection, CollectionViewRestriction, GroupPagePermission, ModelLogEntry, Page, PageLogEntry,
    PageViewRestriction, Revision, Task, TaskState, Workflow, WorkflowState,
)
from taggit.models import TagBase
from wagtail.snippets.models import get_snippet_models

from orgs.models import DerivedGroup, Role
from sites.services import site_collection

pytestmark = pytest.mark.django_db

SITE_A, SITE_B = "weibin", "hebhb"
ROLES_OF_A = [
    (Role.SITE_ADMIN, None),
    (Role.EDITOR, "区应急管理局"),
    (Role.DIVISION_HEAD, "区应急管理局"),
    (Role.LEADER_IN_CHARGE, None),
    (Role.PRINCIPAL, None),
]

# URLs not requested, each with its reason. Nothing else is skipped.
SKIPPED_URL_NAMES = {
    "wagtailadmin_logout": "logging out ends the session the matrix runs in",
    "wagtailadmin_login": "login form: answers the same for everyone, names no object",
    "wagtailcore_login": "login form: answers the same for everyone, names no object",
    "wagtailadmin_password_reset": "password reset by e-mail: acts on the address typed, not on an id",
    "wagtailadmin_password_reset_done": "static confirmation page of the password reset",
    "wagtailadmin_password_reset_confirm": "needs a token mailed to the account holder (uidb64/token)",
    "wagtailadmin_password_reset_complete": "static confirmation page of the password reset",
    "orgs_password_change": "changes the requesting user's own password only",
}

_NAME_KINDS = {
    "page_id": "page", "parent_page_id": "page", "page_to_move_id": "page", "destination_id": "page",
    "page_pk": "page", "object_id": "page", "image_id": "image", "document_id": "document", "doc_id": "document",
    "collection_id": "collection", "revision_id": "revision", "task_id": "task", "task_state_id": "task_state",
    "workflow_state_id": "workflow_state", "workflow_pk": "workflow", "user_id": "user", "redirect_id": "redirect",
    "restriction_id": "collection_restriction", "page_view_restriction_id": "page_restriction",
    "session_id": "editing_session", "uploaded_file_id": "uploaded_file",
}


# --- The catalogue: objects of site B, each named with a unique marker ------------------------------------------


class Catalogue:
    def __init__(self):
        run = uuid.uuid4().hex[:10]
        self.query = f"qz{run}"  # searched for; it is part of every marker's text but is never a marker itself
        self.markers = {}
        self.objects = {}  # kind -> [obj]
        self.run = run

    def marker(self, kind):
        value = f"MKR{self.run}{kind}".replace("_", "")
        self.markers[value.lower()] = kind
        return value

    def titled(self, kind):
        return f"{self.query} {self.marker(kind)}"

    def add(self, kind, obj):
        self.objects.setdefault(kind, []).append(obj)
        return obj

    def pks(self, kind):
        return [obj.pk for obj in self.objects.get(kind, [])]

    def all_pks(self):
        return sorted({pk for objs in self.objects.values() for pk in (o.pk for o in objs) if isinstance(pk, int)})

    def for_model(self, model):
        """Objects of B of this model (or its concrete subclasses), as the catalogue holds them."""
        found = []
        for objs in self.objects.values():
            for obj in objs:
                if isinstance(obj, model) or (issubclass(model, Page) and isinstance(obj, Page)):
                    found.append(obj.pk)
        return sorted(set(found))


def build_catalogue(profiles, make_person, tmp_path, settings):
    from columns.models import ColumnPage
    from content.models import ArticlePage
    from review.models import SiteLexicon
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.admin.models import EditingSession
    from wagtail.models import UploadedFile

    settings.MEDIA_ROOT = tmp_path
    cat = Catalogue()
    profile = profiles[SITE_B]
    site = profile.site
    cat.site, cat.profile = site, profile

    person = make_person(Role.EDITOR, SITE_B, profile.departments.first().short_name, username=cat.marker("user").lower())
    person.first_name, person.last_name, person.email = cat.marker("firstname"), "", f"{cat.marker('email').lower()}@example.cn"
    person.save()
    cat.add("user", person)

    home = site.root_page.specific
    home.title = cat.titled("home")
    home.save_revision(user=person).publish()
    column = ColumnPage.objects.descendant_of(home).first()
    column.title = cat.titled("column")
    column.save_revision(user=person).publish()
    item = column.add_child(instance=ArticlePage(title=cat.titled("draft"), slug=cat.marker("slug").lower(), live=False, owner=person))
    revision = item.save_revision(user=person)
    cat.add("page", home), cat.add("page", column), cat.add("page", item)
    cat.add("revision", revision)
    log(instance=item, action="wagtail.edit", user=person, revision=revision)
    cat.column = column

    collection = site_collection(site)
    cat.add("collection", collection)
    image = get_image_model().objects.create(
        title=cat.titled("image"), file=get_test_image_file(f"{cat.marker('imagefile').lower()}.png"), collection=collection,
        uploaded_by_user=person,
    )
    image.tags.add(f"{cat.query}-{cat.marker('tag').lower()}")
    cat.add("image", image)
    document = get_document_model().objects.create(
        title=cat.titled("document"), file=ContentFile(b"%PDF-1.4 x", name=f"{cat.marker('docfile').lower()}.pdf"),
        collection=collection, uploaded_by_user=person,
    )
    cat.add("document", document)
    log(instance=image, action="wagtail.edit", user=person)
    log(instance=document, action="wagtail.edit", user=person)

    lexicon, _ = SiteLexicon.objects.get_or_create(site=site)
    lexicon.prohibited_terms = cat.marker("prohibited")
    lexicon.sensitive_terms = cat.marker("sensitive")
    lexicon.save()
    log(instance=lexicon, action="wagtail.edit", user=person)
    cat.add("lexicon", lexicon)
    cat.add("profile", profile)
    cat.add("site", site)

    # B's own review chain and step (a 网站管理员 of A manages A's chains in the workflow admin, never B's).
    from review.chain_models import ReviewChain

    workflow = ReviewChain.objects.filter(site=site, tier="general", column_step=False).select_related("workflow").first().workflow
    workflow.name = cat.titled("workflow")
    workflow.save()
    cat.add("workflow", workflow)
    task = workflow.tasks.first()
    task.name = cat.titled("task")
    task.save()
    cat.add("task", task)
    state = workflow.start(item, person)
    cat.add("workflow_state", state)
    cat.add("task_state", state.current_task_state)

    cat.add("page_restriction", PageViewRestriction.objects.create(page=column, restriction_type="password", password="secret-b"))
    cat.add("collection_restriction", CollectionViewRestriction.objects.create(collection=collection, restriction_type="password", password="secret-b"))
    cat.add("redirect", Redirect.objects.create(site=site, old_path=f"/{cat.marker('redirect').lower()}", redirect_link="https://example.cn/"))
    cat.add("editing_session", EditingSession.objects.create(
        user=person, content_type=item.cached_content_type, object_id=str(item.pk), last_seen_at=timezone.now(), is_editing=True,
    ))
    cat.add("uploaded_file", UploadedFile.objects.create(
        file=ContentFile(b"x", name=f"{cat.marker('upload').lower()}.png"), for_content_type=ContentType.objects.get_for_model(image), uploaded_by_user=person,
    ))
    for derived in DerivedGroup.objects.filter(site=site).select_related("group"):
        cat.add("group", derived.group)
    return cat


def _model_logs_of(cat):
    """Log entries about B's own non-page objects (A's people may log actions on A's objects)."""
    query = Q(pk__in=[])
    for objs in cat.objects.values():
        for obj in objs:
            if isinstance(obj, Page) or not isinstance(obj.pk, int):
                continue
            query |= Q(content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk))
            query |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    query |= Q(content_type=ContentType.objects.get_for_model(cat.profile), object_id=str(cat.profile.pk))
    return ModelLogEntry.objects.filter(query).count(), list(
        ModelLogEntry.objects.filter(query).order_by("-pk").values_list("action", "content_type__model", "object_id", "user__username")[:3])


def snapshot(cat):
    """Everything of B a request could change."""
    site = cat.site
    site.refresh_from_db()
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).order_by("path")
    page_ids = list(pages.values_list("pk", flat=True))
    collection_ids = list(Collection.objects.descendant_of(cat.objects["collection"][0], inclusive=True).values_list("pk", flat=True))
    lexicon = type(cat.objects["lexicon"][0]).objects.filter(site=site).first()
    person = get_user_model().objects.get(pk=cat.objects["user"][0].pk)
    profile = type(cat.profile).objects.get(pk=cat.profile.pk)
    return {
        "pages": list(pages.values_list("pk", "title", "slug", "live", "path", "url_path", "locked", "has_unpublished_changes",
                                        "latest_revision_id", "alias_of_id", "owner_id")),
        "revisions": Revision.page_revisions.filter(object_id__in=[str(pk) for pk in page_ids]).count(),
        "page_restrictions": list(PageViewRestriction.objects.filter(page_id__in=page_ids).values_list("pk", "restriction_type", "password")),
        "page_logs": PageLogEntry.objects.filter(page_id__in=page_ids).count(),
        "model_logs": _model_logs_of(cat),
        "workflow_states": list(WorkflowState.objects.filter(base_content_type__isnull=False, object_id__in=[str(pk) for pk in page_ids])
                                .values_list("pk", "status")),
        "task_states": list(TaskState.objects.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids]).values_list("pk", "status")),
        "workflows": list(Workflow.objects.values_list("pk", "name", "active")),
        "tasks": list(Task.objects.values_list("pk", "name", "active")),
        "images": list(get_image_model().objects.filter(collection_id__in=collection_ids).values_list("pk", "title", "file", "collection_id")),
        "documents": list(get_document_model().objects.filter(collection_id__in=collection_ids).values_list("pk", "title", "file", "collection_id")),
        "image_tags": sorted(t.name for t in cat.objects["image"][0].tags.all()),
        "collections": list(Collection.objects.filter(pk__in=collection_ids).values_list("pk", "name", "path")),
        "collection_restrictions": list(CollectionViewRestriction.objects.filter(collection_id__in=collection_ids).values_list("pk", "password")),
        "lexicon": lexicon and (lexicon.prohibited_terms, lexicon.sensitive_terms, lexicon.allowed_terms, lexicon.version),
        "user": (person.username, person.is_active, person.password, person.email, person.first_name, person.is_superuser,
                 sorted(person.role_assignments.values_list("site_id", "role", "organization_id"))),
        "profile": {f.attname: getattr(profile, f.attname) for f in profile._meta.concrete_fields},
        "site": (site.hostname, site.port, site.root_page_id, site.is_default_site, site.site_name),
        "groups": sorted((g.name, g.permissions.count(), GroupPagePermission.objects.filter(group=g).count())
                         for g in Group.objects.filter(pk__in=cat.pks("group"))),
        "redirects": list(type(cat.objects["redirect"][0]).objects.filter(site=site).values_list("pk", "old_path", "redirect_link")),
    }


# --- Walking the resolver -------------------------------------------------------------------------------------


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry, prefix + str(entry.pattern), f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def view_model(callback):
    """The model a view works on, read from the view itself (class-based views, viewsets, DRF endpoints)."""
    for holder in (getattr(callback, "view_initkwargs", None), getattr(callback, "initkwargs", None)):
        if holder and isinstance(holder.get("model"), type):
            return holder["model"]
    for cls in (getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        for attr in ("model", "model_class"):
            model = getattr(cls, attr, None) if cls else None
            if isinstance(model, type) and issubclass(model, models.Model):
                return model
    cls = getattr(callback, "cls", None)
    if cls is not None and getattr(cls, "name", "") in ("images", "documents", "pages"):
        return {"images": get_image_model(), "documents": get_document_model(), "pages": Page}[cls.name]
    return None


def model_label_pairs():
    """(app_label, model_name) of every model the admin addresses by name."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import get_page_models

    models_ = set(get_page_models()) | set(get_snippet_models()) | set(settings_registry)
    models_ |= {get_image_model(), get_document_model(), get_user_model()}
    bulk_action_registry._scan_for_bulk_actions()
    pairs = {(m._meta.app_label, m._meta.model_name) for m in models_}
    for app_label, by_model in bulk_action_registry.actions.items():
        pairs |= {(app_label, model_name) for model_name in by_model}
    return sorted(pairs)


def candidates(name, converter, model, cat, route):
    """Values to put in for one URL parameter."""
    kind = _NAME_KINDS.get(name)
    if kind:
        return cat.pks(kind) or cat.all_pks()
    if name in ("pk", None) and model is not None:
        return cat.for_model(model) or cat.all_pks()
    if name in ("action_name",) and "workflow" in route:
        return ["approve", "reject"]
    if name == "action_name":
        from wagtail.admin.api.views import PagesAdminAPIViewSet

        return sorted(PagesAdminAPIViewSet.actions)
    if name == "filter_spec":
        return ["original"]
    return cat.all_pks()


_IDS = re.compile(r"<int:|<str:pk>|<str:object_id>|\\d")
_CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


# Which named models a URL addressing "<app_label>/<model_name>" is tried with, by the start of its route; a
# route not listed here is tried with every named model.
LABEL_HINTS = {
    "admin/pages/": "page", "admin/settings/": "setting", "admin/workflows/tasks/": "task",
    "admin/tag-autocomplete/": "tagged", "admin/editing-sessions/": "edited",
}


def label_pairs_for(route, labels):
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.models import get_page_models

    kinds = {
        "page": set(get_page_models()), "setting": set(settings_registry),
        "task": {m for m in apps.get_models() if issubclass(m, Task)},
        "tagged": {m for m in apps.get_models() if issubclass(m, TagBase)},
        "edited": set(get_page_models()) | set(get_snippet_models()),
    }
    for prefix, kind in LABEL_HINTS.items():
        if route.startswith(prefix):
            return sorted({(m._meta.app_label, m._meta.model_name) for m in kinds[kind]})
    return labels


def concrete_urls(route, entry, cat, labels):
    """Concrete paths for one pattern: every converter filled from the catalogue, the lists zipped (not crossed):
    the i-th URL takes the i-th value of each list, until the longest is used up."""
    model = view_model(entry.callback)
    if route.count("^") or "(" in route:
        return _regex_urls(route, model, cat)
    names = [m.group("name") for m in _CONVERTER.finditer(route)]
    label_names = [n for n in names if n in ("app_label", "model_name", "app_name", "content_type_app_name", "content_type_model_name")]
    combos = []
    if label_names and "action" in names:  # bulk actions: each registered (app, model, action)
        combos = [(a, m, act) for a, by in bulk_action_registry.actions.items() for m, acts in by.items() for act in acts]
    elif label_names:
        combos = [(a, m, None) for a, m in label_pairs_for(route, labels)]
    others = [n for n in names if n not in label_names and n != "action"]
    if label_names and not combos:
        return []  # no model of this kind exists (e.g. no settings registered)
    lists = {n: candidates(n, None, model, cat, route) for n in others}
    width = max([len(v) for v in lists.values()] + [len(combos), 1])
    urls = []
    for i in range(width):
        values = {n: lists[n][i % len(lists[n])] for n in others}
        if combos:
            app, model_name, action = combos[i % len(combos)]
            for n in label_names:
                values[n] = app if "app" in n else model_name
            if action:
                values["action"] = action
            named = apps.get_model(app, model_name)
            for n in others:
                if n in ("pk", "object_id") and cat.for_model(named):
                    own = cat.for_model(named)
                    values[n] = own[i % len(own)]
        urls.append("/" + _CONVERTER.sub(lambda m: str(values[m.group("name")]), route))
    return sorted(set(urls))


def _regex_urls(route, model, cat):
    """Fill a regex pattern's groups: digits get ids, alternatives their first literal word, the rest a filename."""
    doc = cat.objects["document"][0]
    values_for_digits = cat.for_model(model) if model is not None else []
    if "documents/" in route and not values_for_digits:
        values_for_digits = cat.pks("document")
    if "pages/" in route and not values_for_digits:
        values_for_digits = cat.pks("page")
    values_for_digits = values_for_digits or cat.all_pks()
    urls = []
    for value in values_for_digits:
        text = route.replace("^", "").replace("$", "")

        def fill(match):
            group = match.group(0)[1:-1]
            if group.startswith("?:"):
                return ""
            if group == r"\d+":
                return str(value)
            if "|" in group:
                words = [w for w in group.split("|") if re.fullmatch(r"\w+", w)]
                return words[0] if words else str(value)
            if group == ".*":
                return doc.filename
            # wagtail_serve: the path of a page of B, relative to its site root
            page = Page.objects.get(pk=cat.pks("page")[1]) if cat.pks("page") else None
            return page.url_path.split("/", 2)[2] if page else ""

        filled = re.sub(r"\((?:[^()]|\([^()]*\))*\)", fill, text)
        urls.append("/" + filled.replace("\\", ""))
    return sorted(set(urls))


def all_urls(cat):
    labels = model_label_pairs()
    urls, skipped = [], []
    for route, entry, namespace in walk(get_resolver()):
        if entry.name in SKIPPED_URL_NAMES:
            skipped.append(route)
            continue
        for url in concrete_urls(route, entry, cat, labels):
            urls.append((route, url))
    return urls, skipped


# --- The requests -----------------------------------------------------------------------------------------------


def query_params(cat):
    ids = [str(pk) for pk in cat.all_pks()]
    return {"id": ids, "q": cat.query, "term": cat.query, "search": cat.query, "p": "1"}


def form_body(cat):
    home_a = cat.home_a
    return {
        "id": [str(pk) for pk in cat.all_pks()], "q": cat.query, "title": "改", "slug": "gai", "next": "/admin/",
        "restriction_type": "none", "password": "x", "new_title": "改", "new_slug": "gai", "new_parent_page": str(home_a.pk),
        "copy_subpages": "on", "publish_copies": "on", "alias": "", "destination": str(home_a.pk), "comment": "",
        "image-chooser-insertion-format": "fullwidth", "image-chooser-insertion-alt_text": "x", "format": "fullwidth",
        "alt_text": "x", "name": "改", "is_active": "", "prohibited_terms": "", "sensitive_terms": "", "site": str(cat.site.pk),
        "old_path": "/gai", "redirect_link": "https://example.cn/", "username": "gai", "action-publish": "action-publish",
        "revision": "", "parent_page": str(home_a.pk), "collection": str(cat.objects["collection"][0].pk), "tags": "",
    }


def body_of(response, client):
    """What the response tells: its body, where it redirects to, and the messages it leaves for the next page
    (read here and cleared, so that a message is blamed on the request that wrote it)."""
    if getattr(response, "streaming", False):
        content = b"".join(itertools.islice(response.streaming_content, 64))
    else:
        content = response.content
    told = [content.decode("utf-8", "replace"), response.get("Location", "")]
    cookie = client.cookies.pop("messages", None)
    if cookie is not None and cookie.value:
        told += [str(message) for message in CookieStorage(HttpRequest())._decode(cookie.value) or []]
    return " ".join(told).lower()


def copies_outside(cat):
    """Objects outside B that carry one of B's markers (a copy, alias or move of B's data into A)."""
    from review.models import SiteLexicon

    b_pages = Page.objects.descendant_of(cat.site.root_page, inclusive=True).values("pk")
    found = [f"page {p.pk} {p.title}" for p in Page.objects.filter(title__icontains=cat.run).exclude(pk__in=b_pages)]
    for model in (get_image_model(), get_document_model()):
        found += [f"{model.__name__} {o.pk} {o.title}" for o in model.objects.filter(title__icontains=cat.run).exclude(pk__in=cat.pks(model.__name__.lower()))]
    found += [f"lexicon of site {lx.site_id}" for lx in SiteLexicon.objects.exclude(site=cat.site).filter(prohibited_terms__icontains=cat.run)]
    return found


def excerpt(text, cat, width=160):
    at = min(text.find(marker) for marker in cat.markers if marker in text)
    return " ".join(text[max(0, at - width):at + 40].split())


# One test per role of A, so parallel workers share the matrix.
@pytest.mark.parametrize("role_of_a, dept_of_a", ROLES_OF_A, ids=[role for role, _ in ROLES_OF_A])
def test_no_url_names_or_changes_another_sites_objects(role_of_a, dept_of_a, profiles, make_person, tmp_path, settings):
    cat = build_catalogue(profiles, make_person, tmp_path, settings)
    cat.home_a = profiles[SITE_A].site.root_page
    host = profiles[SITE_A].site.hostname
    users = [(f"{role_of_a}:{dept_of_a or ''}", make_person(role_of_a, SITE_A, dept_of_a))]
    urls, skipped = all_urls(cat)
    before = snapshot(cat)
    params, body = query_params(cat), form_body(cat)
    from urllib.parse import urlencode

    query = "?" + urlencode(params, doseq=True)
    leaks, errors, started, count = [], [], time.monotonic(), 0
    for role, user in users:
        client = Client(raise_request_exception=False, HTTP_HOST=host)
        client.force_login(user)
        for route, url in urls:
            # Listings, searches, choosers and bulk actions read their ids and terms from the query string.
            requests = [("GET", url), ("POST", url + query)] if _IDS.search(route) else [
                ("GET", url), ("GET", url + query), ("POST", url + query)]
            for method, target in requests:
                response = client.get(target) if method == "GET" else client.post(target, body)
                count += 1
                text = body_of(response, client)
                asked = target.lower()  # a marker the request itself carries (a file name) is an echo, not a leak
                found = sorted({kind for marker, kind in cat.markers.items() if marker in text and marker not in asked})
                if found:
                    leaks.append(f"{role} {method} {target.split('?')[0]} [{route}] → {response.status_code} names B's "
                                 f"{', '.join(found)}: …{excerpt(text, cat)}…")
                if response.status_code >= 500:
                    errors.append(f"{role} {method} {target.split('?')[0]} → {response.status_code}")
    after = snapshot(cat)
    elapsed = time.monotonic() - started
    print(f"\nURL matrix: {len(urls)} URLs from the resolver, {count} requests, {elapsed:.0f} s; skipped: {skipped}")
    changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    for line in errors:
        print("server error:", line)
    problems = leaks + [f"B's {key} changed: {old!r} → {new!r}" for key, (old, new) in changed.items()]
    problems += [f"a copy of B's data outside B: {copy}" for copy in copies_outside(cat)]
    assert not problems, f"{len(problems)} leaks or changes of site B through site A's roles:\n" + "\n".join(problems)
