"""What public pages show beyond a page's own fields: addresses of sites, the 站群导航 family, home sections."""

from django.db.models import Q
from django.http.request import split_domain_port

from sites.services import site_family


def site_address(request, site):
    """The address of a site as the visitor can reach it. Sites registered on the default port keep the port the
    visitor used (the demo serves every site on :8000 while its Site rows say 80)."""
    _, port = split_domain_port(request.get_host())  # the Host header the visitor sent, not the server's port
    if site.port not in (80, 443):
        suffix = f":{site.port}"
    else:
        suffix = f":{port}" if port and port not in ("80", "443") else ""
    return f"{request.scheme}://{site.hostname}{suffix}"


def site_by_id(request, site_id):
    """The Site with this id: the visitor's own without a query (Wagtail keeps it on the request), another site
    once per request."""
    from wagtail.models import Site

    current = Site.find_for_request(request)
    if current is not None and current.pk == site_id:
        return current
    known = request.__dict__.setdefault("_govsite_sites", {})
    if site_id not in known:
        known[site_id] = Site.objects.filter(pk=site_id).first()
    return known[site_id]


def absolute_page_url(request, page):
    """A page's address on its own site, reachable by the visitor (canonical links, feeds, share links)."""
    site_id, root_url, relative = page.get_url_parts(request=request) or (None, None, None)
    if relative is None:
        return None
    site = site_by_id(request, site_id)
    return (site_address(request, site) if site else request.build_absolute_uri("/").rstrip("/")) + relative


def family_nav(request, profile):
    """The 站群导航 of a site: [(heading, [(profile, address)])] for its parent portals, the portals below it and
    the department sites of the same government (sites.services.site_family), never the whole platform."""
    parents, below, departments = site_family(profile)
    groups = [("上级政府网站", parents), ("下级政府网站", below), ("本级部门网站", departments)]
    return [(heading, [(p, site_address(request, p.site) + "/") for p in members]) for heading, members in groups if members]


# The home page's sections, each fed by the site's columns of one category (栏目类别, seeds/README.md);
# 47号: a portal's home page leads with 要闻, 通知公告, 政策文件 and 解读, then 办事服务 and 互动交流 entries.
HOME_SECTIONS = [
    ("news", "要闻", "items"),
    ("notice", "通知公告", "items"),
    ("policy", "政策文件", "items"),
    ("interpretation", "政策解读", "items"),
    ("service", "办事服务", "entries"),
    ("interaction", "互动交流", "entries"),
]


def home_sections(home, *, items_per_section=6, entries_per_section=8):
    """[{key, title, kind, columns, items}] for the sections the site has columns for. `items` sections list the
    newest items of every column of the category; `entries` sections link the columns themselves (and the newest
    办事指南 for 办事服务). 解读 includes articles that name the policy they interpret, wherever they are filed."""
    from columns.models import ColumnPage
    from content.models import ItemPage

    columns = list(
        ColumnPage.objects.descendant_of(home).live().public()
        .filter(category__in=[key for key, _, _ in HOME_SECTIONS]).order_by("path")
    )
    sections = []
    for key, title, kind in HOME_SECTIONS:
        mine = [c for c in columns if c.category == key]
        # Columns nested in a column of the same category are covered by it: list the topmost ones.
        top = [c for c in mine if not any(c.path.startswith(o.path) and c.path != o.path for o in mine)]
        under = Q()
        for column in top:
            under |= Q(path__startswith=column.path, depth__gt=column.depth)
        if key == "interpretation":
            under |= Q(path__startswith=home.path, articlepage__interprets__isnull=False)
        if not under:
            continue
        items = []
        if kind == "items" or key == "service":
            items = list(
                ItemPage.objects.live().public().filter(under).order_by("-publish_date", "-pk")[:items_per_section]
            )
        # Entries are the columns a citizen acts in (信箱, 在线咨询, 审批服务 …): the innermost of the category.
        entries = [c for c in mine if not any(o.path.startswith(c.path) and o.path != c.path for o in mine)]
        sections.append({
            "key": key, "title": title, "kind": kind, "columns": entries[:entries_per_section],
            "more": top[0] if top else None, "items": items,
        })
    return sections


def miit_url():
    return "https://beian.miit.gov.cn/"


def police_record_url(profile):
    from sites.identity import police_record_number

    return f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={police_record_number(profile.police_record)}"


def find_error_url(profile):
    # “我为政府网站找错” entry of the national platform, carrying the site's 标识码 (reference §5, link form [R]).
    return f"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={profile.site_code}"
