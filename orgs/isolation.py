"""Site isolation of every list and lookup Wagtail shows: choosers and their `chosen` endpoints, the admin API,
bulk actions, reports and their filter choices, log entries and history, snippets, tags.

Wagtail does not isolate sites (wagtail#1700, #4288, #7099, #9714). Two functions answer for every path:
`narrow_to_user_sites(queryset, user)` (lists) and `object_in_user_sites(user, obj)` (one object), both built on
`orgs.permissions.user_site_ids`. They are wired into Wagtail's own seams (log entry managers through the log
action registry, admin API endpoints through `construct_admin_api`, snippet permission policies, report
filtersets); the few views Wagtail offers no seam for are replaced in orgs/urls.py by thin wrappers that ask
the same functions and then call Wagtail's own view."""

import json

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permission_policies.base import ModelPermissionPolicy

from .admin_views import SiteScopedSnippetMixin, page_in_user_sites, pages_in_user_sites
from .permissions import user_site_ids
from .wagtail_hooks import allowed_collection_ids, in_user_sites

# --- The two functions ------------------------------------------------------------------------------------------


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def narrow_to_user_sites(queryset, user):
    """The rows of `queryset` that belong to the sites the user works on (all rows for a platform admin).
    Pages: the sites' trees; images and documents: the sites' collections and the shared one; users: people
    holding a role on those sites; records with a `site` foreign key: those sites'. Records of no site
    (workflows, tasks) are left to their own permissions."""
    site_ids = user_site_ids(user)
    if site_ids is None:
        return queryset
    model = queryset.model
    if issubclass(model, Page):
        return pages_in_user_sites(queryset, user)
    if _has_field(model, "collection") and not issubclass(model, Site):
        return queryset.filter(collection_id__in=allowed_collection_ids(user))
    if issubclass(model, get_user_model()):
        colleagues = get_user_model().objects.filter(role_assignments__site_id__in=site_ids).values("pk")
        return queryset.filter(Q(pk__in=colleagues) | Q(pk=user.pk))
    if issubclass(model, Site):
        return queryset.filter(pk__in=site_ids)
    if _has_field(model, "site"):
        return queryset.filter(site_id__in=site_ids)
    return queryset


def object_in_user_sites(user, obj):
    """Does this one object belong to the sites the user works on? Same answer as narrow_to_user_sites."""
    site_ids = user_site_ids(user)
    if site_ids is None:
        return True
    if isinstance(obj, Page):
        return not obj.is_root() and page_in_user_sites(obj, user)
    if hasattr(obj, "collection_id") and not isinstance(obj, Site):
        return obj.collection_id in allowed_collection_ids(user)
    if isinstance(obj, get_user_model()):
        return obj.pk == user.pk or obj.role_assignments.filter(site_id__in=site_ids).exists()
    if isinstance(obj, Site):
        return obj.pk in site_ids
    return in_user_sites(user, obj)


def get_object_in_user_sites(request, model, **lookup):
    """get_object_or_404 that answers 404 for an object of another site: its existence is not told either."""
    obj = get_object_or_404(model, **lookup)
    if not object_in_user_sites(request.user, obj):
        raise Http404
    return obj


# --- Log entries: site history, object history, report filter choices --------------------------------------------
# Wagtail asks `<LogEntryModel>.objects.viewable_by_user(user)` for every list of log entries it shows and for
# the choices of their filters (users, content types, actions). The log action registry names the log entry
# models; their managers get the site scope on top of Wagtail's own rule.


class SiteScopedLogEntryManagerMixin:
    _govsite_scoped = True

    def viewable_by_user(self, user):
        entries = super().viewable_by_user(user)
        return log_entries_in_user_sites(entries, user)


def log_entries_in_user_sites(entries, user):
    if user_site_ids(user) is None:
        return entries
    if issubclass(entries.model, PageLogEntry):
        return entries.filter(page_id__in=narrow_to_user_sites(Page.objects.all(), user).values("pk"))
    visible = Q(pk__in=[])
    for content_type_id in set(entries.values_list("content_type_id", flat=True).distinct()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        objects = narrow_to_user_sites(model._default_manager.all(), user)
        visible |= Q(content_type_id=content_type_id, object_id__in=objects.annotate(_pk=Cast("pk", CharField())).values("_pk"))
    return entries.filter(visible)


def scope_log_entry_manager(log_model):
    manager = log_model.objects  # the manager instance Wagtail's views call
    if not getattr(manager, "_govsite_scoped", False):
        manager.__class__ = type(f"SiteScoped{type(manager).__name__}", (SiteScopedLogEntryManagerMixin, type(manager)), {})


@hooks.register("register_log_actions", order=1000)
def scope_registered_log_entry_models(actions):
    for log_model in list(actions.log_entry_models):
        scope_log_entry_manager(log_model)


# --- Snippets: a permission policy that answers per instance ----------------------------------------------------


class SiteScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, and only on records of the user's sites (copy, edit, delete, chooser...)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return object_in_user_sites(user, instance) and super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return object_in_user_sites(user, instance) and super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return narrow_to_user_sites(super().instances_user_has_any_permission_for(user, actions), user)


class _ObjectInUserSitesMixin:
    """For object views whose get_object does not ask the permission policy (history, usage)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not object_in_user_sites(self.request.user, obj):
            raise Http404
        return obj


class _ChooserInUserSitesMixin:
    def get_object_list(self):
        return narrow_to_user_sites(super().get_object_list(), self.request.user)


class _ChosenInUserSitesMixin:
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not object_in_user_sites(self.request.user, obj):
            raise Http404
        return obj


class _ChosenMultipleInUserSitesMixin:
    def get_objects(self, pks):
        return narrow_to_user_sites(super().get_objects(pks), self.request.user)


def _scoped(mixin, view_class):
    return type(f"SiteScoped{view_class.__name__}", (mixin, view_class), {})


class SiteIsolatedSnippetViewSetMixin(SiteScopedSnippetMixin):
    """Mix into the SnippetViewSet of a site-scoped record: its listing, edit, copy, delete, history, usage,
    chooser and chosen endpoints answer only for records of the user's sites (another site's is a 404)."""

    @property
    def permission_policy(self):
        return SiteScopedPermissionPolicy(self.model)

    @property
    def history_view_class(self):
        return _scoped(_ObjectInUserSitesMixin, super().history_view_class)

    @property
    def usage_view_class(self):
        return _scoped(_ObjectInUserSitesMixin, super().usage_view_class)

    @property
    def copy_view_class(self):
        return _scoped(_ObjectInUserSitesMixin, super().copy_view_class)

    @property
    def chooser_viewset_class(self):
        base = super().chooser_viewset_class
        return type(f"SiteScoped{base.__name__}", (base,), {
            "choose_view_class": _scoped(_ChooserInUserSitesMixin, base.choose_view_class),
            "choose_results_view_class": _scoped(_ChooserInUserSitesMixin, base.choose_results_view_class),
            "chosen_view_class": _scoped(_ChosenInUserSitesMixin, base.chosen_view_class),
            "chosen_multiple_view_class": _scoped(_ChosenMultipleInUserSitesMixin, base.chosen_multiple_view_class),
        })


# --- Admin API: pages, images, documents ------------------------------------------------------------------------


@hooks.register("construct_admin_api", order=1000)
def isolate_admin_api(router):
    """Replace the admin API's endpoints by the same classes with the site scope applied to their querysets
    (listing, detail, find and the page actions all start from get_queryset)."""
    for name, endpoint in list(router._endpoints.items()):
        if getattr(endpoint, "_govsite_scoped", False):
            continue
        router.register_endpoint(name, type(f"SiteScoped{endpoint.__name__}", (endpoint,), {
            "_govsite_scoped": True,
            "get_queryset": lambda self, _base=endpoint: narrow_to_user_sites(_base.get_queryset(self), self.request.user),
        }))


# --- Views Wagtail offers no seam for (routed first by orgs/urls.py) ---------------------------------------------


def _wrapped(view):
    return never_cache(require_admin_access(view))


def page_chosen_multiple(request):
    """The page chooser's `chosen-multiple` answers only with pages of the user's sites (wagtail's view looks
    every requested id up in the whole tree)."""
    from wagtail.admin.views.chooser import ChosenMultipleView

    ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
    pages = narrow_to_user_sites(Page.objects.filter(pk__in=ids), request.user).specific()
    view = ChosenMultipleView()
    view.request = request
    return view.render_chosen_response([
        {"id": page.pk, "parentId": page.get_parent().pk, "adminTitle": page.get_admin_display_title(),
         "editUrl": _edit_url(page), "url": page.url}
        for page in pages if not page.is_root()
    ])


def _edit_url(page):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def image_select_format(request, image_id):
    """Embedding an image in rich text: only an image the user may choose (its site's or the shared one)."""
    from wagtail.images import get_image_model
    from wagtail.images.views.chooser import viewset

    get_object_in_user_sites(request, get_image_model(), pk=image_id)
    return viewset.select_format_view(request, image_id=image_id)


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, with the objects of other sites left out of every bulk action (they
    are neither listed on the confirmation page nor acted on), whatever the action class registered."""
    from django.apps import apps
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    scoped = type(action_class.__name__, (_BulkActionInUserSitesMixin, action_class), {})
    return scoped(request, model).dispatch(request)


class _BulkActionInUserSitesMixin:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        extra = dict(extra, items_with_no_access=[o for o in extra.get("items_with_no_access", []) if object_in_user_sites(user, o)])
        return [o for o in objects if object_in_user_sites(user, o)], extra


bulk_action_view = _wrapped(bulk_action)
page_chosen_multiple_view = _wrapped(page_chosen_multiple)
image_select_format_view = _wrapped(image_select_format)


# --- Reports: querysets and filter choices ---------------------------------------------------------------------


def _workflow_report_views():
    import django_filters
    from wagtail.admin.views.reports import workflows
    from wagtail.models import WorkflowState

    def requested_by(request):
        states = _workflow_states_in_user_sites(WorkflowState.objects.all(), request.user)
        users = get_user_model().objects.filter(pk__in=states.values("requested_by_id"))
        return narrow_to_user_sites(users, request.user).order_by(get_user_model().USERNAME_FIELD)

    # The workflow and task filters offer what the user's sites' items went through, not every site's chains.
    def workflow_choices(request):
        from wagtail.models import Workflow

        if request is None:
            return Workflow.objects.none()
        states = _workflow_states_in_user_sites(WorkflowState.objects.all(), request.user)
        return Workflow.objects.filter(pk__in=states.values("workflow_id")).order_by("name")

    def task_choices(request):
        from wagtail.models import Task, TaskState

        if request is None:
            return Task.objects.none()
        states = _workflow_states_in_user_sites(WorkflowState.objects.all(), request.user)
        return Task.objects.filter(pk__in=TaskState.objects.filter(workflow_state__in=states).values("task_id")).order_by("name")

    filterset = type("SiteScopedWorkflowReportFilterSet", (workflows.WorkflowReportFilterSet,), {
        "requested_by": django_filters.ModelChoiceFilter(
            label=workflows.WorkflowReportFilterSet.base_filters["requested_by"].label, field_name="requested_by",
            queryset=requested_by,
        ),
        "workflow": django_filters.ModelChoiceFilter(
            label=workflows.WorkflowReportFilterSet.base_filters["workflow"].label, field_name="workflow", queryset=workflow_choices,
        ),
    })
    tasks_base = workflows.WorkflowTasksReportFilterSet
    tasks_filterset = type("SiteScopedWorkflowTasksReportFilterSet", (tasks_base,), {
        "workflow": django_filters.ModelChoiceFilter(
            label=tasks_base.base_filters["workflow"].label, field_name="workflow_state__workflow", queryset=workflow_choices,
        ),
        "task": type(tasks_base.base_filters["task"])(
            label=tasks_base.base_filters["task"].label, queryset=task_choices, filter_field="id_workflow", filter_accessor="workflows",
        ),
    })

    class WorkflowView(workflows.WorkflowView):
        filterset_class = filterset

        def get_queryset(self):
            return _workflow_states_in_user_sites(super().get_queryset(), self.request.user)

    class WorkflowTasksView(workflows.WorkflowTasksView):
        filterset_class = tasks_filterset

        def get_queryset(self):
            states = _workflow_states_in_user_sites(WorkflowState.objects.all(), self.request.user)
            return super().get_queryset().filter(workflow_state__in=states)

    return WorkflowView, WorkflowTasksView


def _workflow_states_in_user_sites(states, user):
    if user_site_ids(user) is None:
        return states
    from wagtail.models import get_default_page_content_type

    pages = narrow_to_user_sites(Page.objects.all(), user).annotate(_pk=Cast("pk", CharField())).values("_pk")
    return states.filter(base_content_type_id=get_default_page_content_type().id, object_id__in=pages)


def _locked_pages_view():
    import django_filters
    from wagtail.admin.views.reports import locked_pages

    def locked_by(request):
        users = get_user_model().objects.filter(
            locked_pages__in=narrow_to_user_sites(Page.objects.filter(locked=True), request.user)
        ).distinct()
        return users.order_by(get_user_model().USERNAME_FIELD)

    filterset = type("SiteScopedLockedPagesReportFilterSet", (locked_pages.LockedPagesReportFilterSet,), {
        "locked_by": django_filters.ModelChoiceFilter(
            label=locked_pages.LockedPagesReportFilterSet.base_filters["locked_by"].label, field_name="locked_by",
            queryset=locked_by,
        ),
    })

    class LockedPagesView(locked_pages.LockedPagesView):
        filterset_class = filterset

        def get_queryset(self):
            queryset = super().get_queryset()
            return narrow_to_user_sites(queryset, self.request.user)

    return LockedPagesView


def _site_history_view():
    from wagtail.admin.views.reports import audit_logging

    class SiteHistoryReportFilterSet(audit_logging.SiteHistoryReportFilterSet):
        # Wagtail's filterset offers the actors of every page log entry (HistoryFilterSet.get_users_queryset
        # reads its unscoped base queryset); offer those of the entries the user may see.
        def get_users_queryset(self):
            return audit_logging.get_users_for_filter(self.request.user)

    class LogEntriesView(audit_logging.LogEntriesView):
        filterset_class = SiteHistoryReportFilterSet

    return LogEntriesView


def report_urls():
    from django.urls import path

    workflow_view, workflow_tasks_view = _workflow_report_views()
    locked_view = _locked_pages_view()
    views = [
        ("reports/site-history/", _site_history_view(), "orgs_report_site_history"),
        ("reports/workflow/", workflow_view, "orgs_report_workflow"),
        ("reports/workflow_tasks/", workflow_tasks_view, "orgs_report_workflow_tasks"),
        ("reports/locked/", locked_view, "orgs_report_locked"),
    ]
    patterns = []
    for route, view, name in views:
        patterns.append(path(route, _wrapped(view.as_view()), name=name))
        patterns.append(path(f"{route}results/", _wrapped(view.as_view(results_only=True)), name=f"{name}_results"))
    return patterns


# --- Tags: autocomplete and the popular tags of the image and document listings and chooser ----------------------


def tags_in_user_sites(tags, user):
    """Tags used on an object of the user's sites (a tag another site alone uses is not suggested)."""
    if user_site_ids(user) is None:
        return tags
    from taggit.models import TaggedItem

    visible = Q(pk__in=[])
    for content_type_id in set(TaggedItem.objects.values_list("content_type_id", flat=True).distinct()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            objects = narrow_to_user_sites(model._default_manager.all(), user).values("pk")
            visible |= Q(content_type_id=content_type_id, object_id__in=objects)
    return tags.filter(pk__in=TaggedItem.objects.filter(visible).values("tag_id"))


def popular_tags_in_user_sites(model, user, count=10):
    """wagtail.admin.models.popular_tags_for_model, counted over the objects of the user's sites."""
    from django.db.models import Count
    from taggit.models import Tag

    objects = narrow_to_user_sites(model._default_manager.all(), user).values("pk")
    return (
        Tag.objects.filter(taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
                           taggit_taggeditem_items__object_id__in=objects)
        .annotate(item_count=Count("taggit_taggeditem_items")).order_by("-item_count")[:count]
    )


def tag_autocomplete(request, app_name=None, model_name=None):
    from django.http import JsonResponse
    from taggit.models import Tag
    from wagtail.admin.views.tags import autocomplete

    response = autocomplete(request, app_name, model_name)
    names = json.loads(response.content)
    if app_name is None or (app_name, model_name) == ("taggit", "tag"):
        allowed = set(tags_in_user_sites(Tag.objects.filter(name__in=names), request.user).values_list("name", flat=True))
        names = [name for name in names if name in allowed]
    return JsonResponse(names, safe=False)


def scope_media_tag_filters():
    """The image and document listings offer as tag filters the popular tags of the user's sites' objects (the
    filtersets are shared class attributes, so this is done once, at start-up, like restrict_page_listing_filters)."""
    from wagtail.documents.views import documents
    from wagtail.images.views import chooser as image_chooser
    from wagtail.images.views import images

    for view in (images.IndexView, documents.IndexView):
        base = view.filterset_class
        if getattr(base, "_govsite_scoped", False):
            continue

        class SiteScopedMediaFilterSet(base):
            _govsite_scoped = True

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "tag" in self.filters:
                    tags = popular_tags_in_user_sites(self._meta.model, self.request.user)
                    if tags:
                        self.filters["tag"].extra["choices"] = [(tag.name, tag.name) for tag in tags]
                    else:
                        del self.filters["tag"]

        SiteScopedMediaFilterSet.__name__ = base.__name__
        view.filterset_class = SiteScopedMediaFilterSet

    chooser = image_chooser.viewset
    if not getattr(chooser.choose_view_class, "_govsite_scoped", False):

        class SiteScopedImageChooseView(chooser.choose_view_class):
            _govsite_scoped = True

            def get_context_data(self, **kwargs):
                context = super().get_context_data(**kwargs)
                if "popular_tags" in context:
                    context["popular_tags"] = popular_tags_in_user_sites(self.model, self.request.user)
                return context

        chooser.choose_view_class = SiteScopedImageChooseView


# --- Start-up: the log entry managers Wagtail uses without asking the registry ---------------------------------

from wagtail.models import ModelLogEntry  # noqa: E402

scope_log_entry_manager(ModelLogEntry)
scope_log_entry_manager(PageLogEntry)
scope_media_tag_filters()


def urls():
    """The URL overrides, included under /admin/ before Wagtail's admin URLs (orgs/urls.py)."""
    from django.urls import path

    return [
        path("choose-page/chosen-multiple/", page_chosen_multiple_view, name="orgs_choose_page_chosen_multiple"),
        path("images/chooser/<int:image_id>/select_format/", image_select_format_view, name="orgs_image_select_format"),
        path("bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action_view, name="orgs_bulk_action"),
        path("tag-autocomplete/", _wrapped(tag_autocomplete), name="orgs_tag_autocomplete"),
        path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", _wrapped(tag_autocomplete), name="orgs_tag_model_autocomplete"),
        *report_urls(),
    ]
