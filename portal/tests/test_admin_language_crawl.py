"""Every admin screen a role can open is in 简体中文: each role of one site crawls the admin from /admin/, following
every same-origin /admin/ link (GET only), and any visible line with English left in it fails the test.
Screens added later are covered without editing this test: the crawl finds them through their links."""

import json
import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role
from review.models import SiteLexicon
from sites.models import SiteProfile
from sites.services import site_collection

pytestmark = pytest.mark.django_db

SITE = "hebjgbz"
ROLES = [
    (Role.PLATFORM_ADMIN, None, None),
    (Role.SITE_ADMIN, SITE, None),
    (Role.EDITOR, SITE, "监督处"),
    (Role.DIVISION_HEAD, SITE, "监督处"),
    (Role.LEADER_IN_CHARGE, SITE, None),
    (Role.PRINCIPAL, SITE, None),
]
MAX_PAGES_PER_ROLE = 250

# Links the crawl must not follow: leaving the session, downloads, and what serves the screens' scripts rather
# than a screen (the admin API's errors are checked in test_admin_language.py).
SKIP_PATHS = re.compile(r"^/admin/(logout/|api/|sprite/|jsi18n/|dismissibles/|editing-sessions/|.*/(download|serve)/)")
SKIP_QUERY = {"export"}  # ?export=csv|xlsx are spreadsheets, not screens
# Query keys that say nothing about which screen is shown: a URL pattern is visited once per set of other keys.
INERT_QUERY = {"next", "p", "ordering", "q", "page", "per_page", "_w_filter_fragment", "mode", "describe_on_delete"}

# What may stay in Latin letters, and why (data values of the seed are added by data_allowed()).
ALLOWED = [
    r"govsite",  # our product's name, in WAGTAIL_SITE_NAME
    r"Wagtail",  # the product's name, as on its own Chinese screens (使用 Wagtail 需要 JavaScript)
    r"QQ(?=空间)",  # QQ空间, the share service's own Chinese name (beside 微博 on an item's preview)
    r"JavaScript|URL|ICP|(?i:https?)",  # names of technologies and of the ICP备案 as users know them
    r"\bunless:",  # the keyword of the 审核词库 term syntax (词<Tab>unless: 词 词), typed as such
    r"(?i:(?<![A-Za-z])(PDF|XLSX|XLS|DOCX|DOC|CSV|TSV|TXT|OFD|WPS|ZIP|JPE?G|PNG|GIF|WEBP|AVIF|HEIC|ICO)(?![A-Za-z]))",  # file types
    r"\b(Ctrl|Cmd|Alt|Shift|Option|Esc|Enter|Tab)\b",  # keyboard keys
    r"(?<![A-Za-z])(KB|MB|GB|px)(?![A-Za-z])",  # units of file sizes and image dimensions
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # email addresses
    r"(?<!\w)(https?:)?//?[\w.\[\]/-]*",  # URLs and paths (例如 //domain.com/work/[my-work]/)
    r"([\w-]+\.)+(localhost|cn|com|net|org)\b(:\d+)?",  # domains
]


class _Visible(HTMLParser):
    """Text nodes outside <script>/<style>, plus the attributes a user reads or hears: aria-label, title,
    placeholder, alt, tooltips, and the value of submit buttons."""

    ATTRS = {"aria-label", "aria-description", "title", "placeholder", "alt", "data-w-tooltip-content-value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.lines, self.links, self.json = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden.append(tag)
        self.lines += [attrs[k].strip() for k in self.ATTRS if (attrs.get(k) or "").strip()]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and (attrs.get("value") or "").strip():
            self.lines.append(attrs["value"].strip())
        if tag == "script" and attrs.get("type") == "application/json":
            self.json = []
        # Links, and the URLs of choosers, dropdowns and forms a click opens.
        self.links += [v for k, v in attrs.items() if v and (k == "href" or v.startswith("/admin/")) and " " not in v.strip()]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") and self.hidden:
            self.hidden.pop()

    def handle_data(self, data):
        if self.hidden == ["script"] and self.json is not None:
            self.json.append(data)
        elif not self.hidden and data.split():
            self.lines.append(" ".join(data.split()))

    def handle_endtag(self, tag):
        if tag == "script" and self.json is not None:
            self._walk(json.loads("".join(self.json)))
            self.json = None
        if tag in ("script", "style") and self.hidden:
            self.hidden.pop()

    JSON_TEXT = {"label", "footer_text", "help_text", "title", "text", "placeholder", "description", "heading"}

    def _walk(self, value, key=None):
        """Props of the sidebar and of block definitions, rendered by JavaScript: their labels and links."""
        if isinstance(value, dict):
            for k, v in value.items():
                self._walk(v, k)
        elif isinstance(value, list):
            for v in value:
                self._walk(v, key)
        elif isinstance(value, str):
            if key in self.JSON_TEXT and value.strip():
                self.lines.append(" ".join(value.split()))
            elif key == "url" or value.startswith("/admin/"):
                self.links.append(value)


def parse(html):
    parser = _Visible()
    parser.feed(html)
    return parser.lines, parser.links


def data_allowed():
    """Data values that are Latin by nature: site codes, domains and other fields of the seed's sites, usernames,
    Latin words in the seed's page titles (ppp项目), and the app_label.model identifiers the page types report
    shows under each type's name."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    values = set(get_user_model().objects.values_list("username", flat=True))
    values |= {f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    for title in Page.objects.values_list("title", flat=True):
        values |= set(re.findall(r"[A-Za-z][\w.-]*", title))
    for profile in SiteProfile.objects.select_related("site"):
        values |= {profile.code, profile.site.hostname}
        values |= {str(v) for v in vars(profile).values() if isinstance(v, str) and re.fullmatch(r"[\x21-\x7e]+", v)}
    alternatives = "|".join(re.escape(v) for v in sorted((v for v in values if v), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])({alternatives})(?![A-Za-z])")


ALLOWED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in ALLOWED))


def english_left(line, data):
    """The line's Latin words that are neither data values nor on the allow-list."""
    return re.findall(r"[A-Za-z]{2,}", ALLOWED_RE.sub(" ", data.sub(" ", line)))


def screen_key(url):
    """One key per screen: the URL pattern with its ids left out; but each page type has its own add and edit
    form, so those screens are told apart by the type they show."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        route, kinds = match.route, []
        if re.search(r"(^|/)(add|create)/", route):
            kinds = sorted(v for v in match.kwargs.values() if isinstance(v, str) and not v.isdigit())
        elif route.endswith("edit/") and "page_id" in match.kwargs:
            kinds = [page_type(match.kwargs["page_id"])]
    except Resolver404:
        route, kinds = parts.path, []
    # A listing's results/ URL returns the part of the listing that filtering refreshes: the same screen.
    route = re.sub(r"[-/]?results/$", "/", route)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - INERT_QUERY)
    return route, tuple(kinds), tuple(keys)


def page_type(page_id):
    from wagtail.models import Page

    return Page.objects.filter(pk=page_id).values_list("content_type__model", flat=True).first() or ""


def crawl(client, data, limit=MAX_PAGES_PER_ROLE):
    """Breadth-first GET of every /admin/ screen reachable by links; returns [(url, line)] of English lines,
    the number of screens seen, and [(url, status)] of screens that failed."""
    queue, seen, english, broken, count = deque(["/admin/"]), {screen_key("/admin/")}, [], [], 0
    while queue and count < limit:
        url = queue.popleft()
        count += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path.startswith("/admin/") and screen_key(target) not in seen:
                seen.add(screen_key(target))
                queue.append(target)
            continue
        if response.status_code >= 500:
            broken.append((url, response.status_code))
        content_type = response.get("Content-Type", "")
        if "json" in content_type:
            body = json.loads(response.content)
            html = body.get("html", "") if isinstance(body, dict) else ""
        elif "html" in content_type:
            html = response.content.decode()
        else:
            continue
        lines, links = parse(html)
        english += [(url, line) for line in lines if english_left(line, data)]
        for href in links:
            target = urljoin(url, href.strip())
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            if not parts.path.startswith("/admin/") or SKIP_PATHS.match(parts.path):
                continue
            if SKIP_QUERY & {k for k, _ in parse_qsl(parts.query)}:
                continue
            key = screen_key(target)
            if key not in seen:
                seen.add(key)
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return english, count, broken


@pytest.fixture
def material(profiles, settings, tmp_path):
    """One of each kind of thing the site's screens list, so their list, edit, history and usage screens show."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path
    site = profiles[SITE].site
    column = ColumnPage.objects.descendant_of(site.root_page).get(title="监督检查")
    item = place_item(column, ArticlePage(title="监督检查通报", slug="check"))
    item.title = "监督检查通报（修改稿）"
    item.save_revision()
    SiteLexicon.objects.create(site=site, prohibited_terms="黑中介\n", require_https=False)
    collection = site_collection(site)
    Image.objects.create(title="图片一", file=get_test_image_file("1.png"), collection=collection)
    Document.objects.create(title="文件一", file=ContentFile(b"%PDF-1.4", name="1.pdf"), collection=collection)


@pytest.mark.parametrize("role, site, dept", ROLES, ids=[r[0].value for r in ROLES])
def test_every_admin_screen_a_role_opens_is_in_chinese(client, make_person, material, role, site, dept):
    client.raise_request_exception = False
    client.force_login(make_person(role, site, dept))
    started, cpu = time.monotonic(), time.process_time()
    english, count, broken = crawl(client, data_allowed())
    print(f"{role}: {count} screens in {time.monotonic() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU)")
    assert count > 10
    assert not broken, broken
    assert not english, "\n".join(f"{url}\t{line}" for url, line in english)
