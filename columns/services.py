"""What other apps ask of columns: update rules and status (inspection, reports, workbenches, commands)."""

from .cycles import CycleError, effective_rule, parse  # noqa: F401 - part of the service interface
from .status import BLANK, LINK, OK, OVERDUE, SOON, STATUSES, StatusReport  # noqa: F401


def column_status(site=None, at=None):
    """Status of every live column at the end of day `at` (default today): of one site (a SiteProfile, a
    Wagtail Site or a site code) or, with site=None, of the whole 站群. Returns a status.StatusReport with
    `.columns` (ColumnStatus, tree order) and `.sites` (SiteSummary with the 单项否决4 counts)."""
    from sites.models import SiteProfile

    from .status import compute

    profiles = SiteProfile.objects.select_related("site__root_page").order_by("id")
    if site is not None:
        if isinstance(site, SiteProfile):
            profiles = profiles.filter(pk=site.pk)
        elif isinstance(site, str):
            profiles = profiles.filter(code=site)
        else:
            profiles = profiles.filter(site=site)
    return compute(profiles, at=at, whole=site is None)


def column_rule(column):
    """The effective update rule of one ColumnPage (cycles.Effective: rule, written rule, error text)."""
    return effective_rule(column.update_cycle, column.category)


def link_target(page):
    """Where a 跳转链接 column's public address leads: its link_url when it is a valid http(s) address, else None
    (004 内容保障工作任务分解表: 跳转链接 / 链接至…). Other pages: None."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from .models import ColumnPage

    url = getattr(page, "link_url", "") if isinstance(page, ColumnPage) else ""
    if not url:
        return None
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return None
    return url


def requires_office_review(column):
    """Does the column's 保障方式 ask for its items' review chain to end with the site's 主办 office (审核发布,
    政府办审核发布 — 004 内容保障工作任务分解表)? 直接发布 columns (and those with no 保障方式) follow the department's
    own chain. The review chain itself is review's; this only reads the column."""
    import re

    from .cycles import normalise, vocabulary

    markers = vocabulary()["office_review_guarantees"]["markers"]
    lines = [normalise(line) for line in re.split(r"[\n、，,/；;]+", str(getattr(column, "guarantee", "") or ""))]
    return any(line.endswith(marker) for line in lines for marker in markers)


def import_feed(column):
    """Which import source feeds a 数据接口/服务接口 column (Chinese sentence), or None for a column edited by hand."""
    from .feeds import feed_description, is_import_fed

    return feed_description(column) if is_import_fed(column) else None
