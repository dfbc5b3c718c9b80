"""One inspection round of one site (`manage.py inspect`): every check of the 检查指标 the platform can run,
each finding tied to its column and the responsible department, the score, the vetoes; then rectification.

Other apps are read through their services: columns.services.column_status, content.services.latest_items,
review.checks.check_text; apps another engineer builds (search, services, interaction) are used when installed,
otherwise the check is skipped with a recorded note."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Page

from .indicators import deduction, indicators, scoring, veto
from .models import Finding, Round
from .probes import availability


@dataclass
class Problem:
    kind: str
    key: str
    label: str
    detail: str = ""
    url: str = ""
    column: object = None  # (id, title, department full names) of the responsible column
    veto: str = ""
    points: float | None = None


@dataclass
class Outcome:
    problems: list = field(default_factory=list)
    vetoes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _column_of(page, columns_by_id):
    """The nearest ancestor (or self) of a page that is a column, as its ColumnStatus."""
    for ancestor_id in reversed(list(page.get_ancestors(inclusive=True).values_list("pk", flat=True))):
        if ancestor_id in columns_by_id:
            return columns_by_id[ancestor_id]
    return None


def _column_ref(status):
    if status is None:
        return None
    return (status.column_id, status.title, [d["full_name"] for d in status.departments])


# --- the checks ---------------------------------------------------------------------------------------------------


def check_availability(profile, at, out):
    # 检查指标 单项否决2: ≥ 5 % failed visits over the week (indicators.yaml vetoes.unreachable)
    verdict = availability(profile.site, at)
    out.extra["availability"] = verdict
    if not verdict["probes"]:
        out.notes.append(_("本周无可用性监测记录，站点无法访问一项未能判定"))
    elif not verdict["complete"]:
        out.notes.append(_("以下日期监测次数不足 {n} 次：{days}").format(
            n=veto("unreachable")["min_probes_per_day"], days="、".join(verdict["thin_days"])))
    if verdict["veto"]:
        out.vetoes.append({"rule": "unreachable", "label": _(veto("unreachable")["label"]),
                           "detail": _("一周监测 {n} 次，失败 {f} 次（{p:.1%}）").format(
                               n=verdict["probes"], f=verdict["failures"], p=verdict["share"]),
                           "source": veto("unreachable")["source"]})


def check_columns(profile, at, out, columns):
    # 检查指标 单项否决4 and the columns behind it (thresholds in columns/cycles.yaml, computed by columns)
    from columns.services import BLANK, OVERDUE, column_status

    report = column_status(profile, at=at.date() if hasattr(at, "date") else at)
    for summary in report.sites:
        for hit in summary.vetoes:
            out.vetoes.append({"rule": f"columns_{hit['rule']}", "label": _(veto("columns_not_updated")["label"]),
                               "detail": f"{hit['label']}：{hit['count']}（≥{hit['threshold']}）", "source": hit["source"]})
    for status in report.columns:
        columns[status.column_id] = status
        if not status.is_leaf or status.status not in (OVERDUE, BLANK):
            continue
        kind = "blank_column" if status.status == BLANK else "overdue_column"
        out.problems.append(Problem(
            kind=kind, key=f"{kind}:{status.column_id}", label=_(deduction(kind)["label"]),
            detail=_("{title}：{status}，更新周期 {cycle}，最近更新 {last}").format(
                title=status.title, status=status.status, cycle=status.update_cycle or "-",
                last=status.last_update or _("无")),
            url=status.url_path, column=_column_ref(status), points=deduction(kind).get("points_each")))


def _live_items(profile, since=None):
    from content.models import ItemPage  # read-only: the round inspects what is published

    items = ItemPage.objects.descendant_of(profile.site.root_page).live().public().specific()
    if since is not None:
        items = items.filter(last_published_at__gte=since)
    return items


def check_content(profile, at, out, columns, since=None):
    # 检查指标 单项否决1 (严重表述错误、泄密、反动暴力色情、伪造发稿日期): review.checks, block-level findings
    from review.checks import check_text

    blocking = set(veto("severe_content")["blocking_categories"])
    skipped = 0
    for item in _live_items(profile, since):
        status = _column_of(item, columns)
        text = strip_tags(str(getattr(item, "body", "") or ""))
        findings = check_text(text, profile.site, title=item.title, page_id=item.pk)
        for f in findings:
            severe = f.severity == "block" and f.category in blocking
            kind = "severe_content" if severe else "content_warning"
            if f.category == "duplicate_title" and not severe:
                continue  # a title repeated across years is not a published-content problem
            out.problems.append(Problem(
                kind=kind, key=f"{kind}:{item.pk}:{f.category}:{f.match}", label=f.message,
                detail=_("《{title}》：{match}").format(title=item.title, match=f.match), url=item.get_url(current_site=profile.site) or item.url_path,
                column=_column_ref(status), veto="severe_content" if severe else "",
                points=None if severe else deduction("content_warning").get("points_each")))
        skipped += check_attachments(profile, item, out, status, blocking)
        if item.publish_date and item.publish_date > at + timedelta(hours=1):
            # 检查指标 单项否决1(5) 伪造发稿日期: a 发布时间 that has not come yet
            out.problems.append(Problem(
                kind="forged_date", key=f"forged_date:{item.pk}", label=_("发布时间晚于检查时间（伪造发稿日期）"),
                detail=_("《{title}》标注发布时间 {when}").format(title=item.title,
                                                           when=timezone.localtime(item.publish_date).strftime("%Y-%m-%d %H:%M")),
                url=item.get_url(current_site=profile.site) or item.url_path, column=_column_ref(status), veto="severe_content"))
        elif not item.publish_date:
            # 2015 普查: 未注明信息发布时间的视为不更新
            out.problems.append(Problem(
                kind="no_publish_time", key=f"no_publish_time:{item.pk}", label=_(deduction("no_publish_time")["label"]),
                detail=item.title, url=item.get_url(current_site=profile.site) or item.url_path, column=_column_ref(status)))
    if skipped:
        out.notes.append(_("{n} 个附件的格式无法提取文字（如 DOC、WPS、OFD、压缩包）或文件过大，未做内容检查").format(n=skipped))
    hits = [p for p in out.problems if p.veto == "severe_content"]
    if hits:
        out.vetoes.append({"rule": "severe_content", "label": _(veto("severe_content")["label"]),
                           "detail": _("{n} 处").format(n=len(hits)), "source": veto("severe_content")["source"]})


def check_attachments(profile, item, out, status, blocking):
    """The content checks over the text of the item's attachments (inspection.attachment_text); returns how many
    attachments could not be read."""
    from review.checks import check_text

    from .attachment_text import attachment_text

    skipped = 0
    url = item.get_url(current_site=profile.site) or item.url_path
    for attachment in item.attachments.all().select_related("document"):
        document = attachment.document
        text = attachment_text(document)
        if text is None:
            skipped += 1
            continue
        name = attachment.title or document.title
        for f in check_text(text, profile.site):
            severe = f.severity == "block" and f.category in blocking
            if f.category == "duplicate_title" and not severe:
                continue
            kind = "severe_content" if severe else "content_warning"
            out.problems.append(Problem(
                kind=kind, key=f"{kind}:{item.pk}:doc{document.pk}:{f.category}:{f.match}", label=f.message,
                detail=_("《{title}》附件《{name}》：{match}").format(title=item.title, name=name, match=f.match),
                url=url, column=_column_ref(status), veto="severe_content" if severe else "",
                points=None if severe else deduction("content_warning").get("points_each")))
    return skipped


def check_home_updated(profile, at, out):
    # 检查指标 单项否决3: no new item on the home page in 2 weeks (the home page lists the site's latest items)
    from content.services import latest_items

    window = veto("home_not_updated")["window_days"]
    latest = [i for i in latest_items(profile.site.root_page, limit=20) if i.publish_date and i.publish_date <= at]
    newest = max((i.publish_date for i in latest), default=None)
    out.extra["home_latest"] = newest.isoformat() if newest else None
    if newest is None or newest < at - timedelta(days=window):
        out.vetoes.append({"rule": "home_not_updated", "label": _(veto("home_not_updated")["label"]),
                           "detail": _("最近一条首页信息：{when}").format(
                               when=timezone.localtime(newest).strftime("%Y-%m-%d") if newest else _("无")),
                           "source": veto("home_not_updated")["source"]})


def _home_html(profile):
    response = Client(HTTP_HOST=profile.site.hostname).get("/")
    return response.status_code, response.content.decode("utf-8", "replace")


def check_footer(profile, out, home=None):
    # 47号附件 底部功能区 / 001 第十一条 头部标识区: what a citizen sees on the home page as served
    status, html = home or _home_html(profile)
    if status != 200:
        out.notes.append(_("首页返回 {status}，未能检查页面标识").format(status=status))
        return
    spec = indicators()["footer_identity"]
    present = {
        "full_name": profile.full_name in html,
        "site_code": bool(profile.site_code) and profile.site_code in html,
        "icp": bool(profile.icp) and profile.icp in html,
        "police_record": bool(profile.police_record) and profile.police_record in html,
        "party_gov_label": "党政机关" in html,
        "find_error_entry": any(marker in html for marker in spec["find_error_markers"]),
    }
    names = {"full_name": _("网站全称"), "site_code": _("网站标识码"), "icp": _("ICP备案号"),
             "police_record": _("公安机关备案号"), "party_gov_label": _("党政机关网站标识"), "find_error_entry": _("找错入口")}
    for key in spec["required"]:
        if not present[key]:
            out.problems.append(Problem(
                kind="footer_identity_missing", key=f"footer:{key}", label=_(deduction("footer_identity_missing")["label"]),
                detail=_("首页未显示{what}").format(what=names[key]), url="/"))


# 19号 办事指南要素: 事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程
GUIDE_ELEMENTS = (("title", _lazy("事项名称")), ("legal_basis", _lazy("设定依据")), ("conditions", _lazy("申请条件")),
                  ("materials", _lazy("办理材料")), ("place", _lazy("办理地点")), ("source", _lazy("办理机构")),
                  ("fees", _lazy("收费标准")), ("office_hours", _lazy("办理时间")), ("phone", _lazy("联系电话")),
                  ("body", _lazy("办理流程")))


def optional_checks_to_run(installed_apps):
    """(app, what) of the optional checks, split into (run, skipped) by the apps installed."""
    wanted = (("search", _("站内搜索")), ("services", _("办事指南要素完整性")), ("interaction", _("互动留言答复时限")))
    run = [(app, what) for app, what in wanted if app in installed_apps]
    skipped = [(app, what) for app, what in wanted if app not in installed_apps]
    return run, skipped


def check_optional_apps(profile, out, installed_apps=None, at=None):
    """Search answering, 办事指南 completeness, interaction deadlines: checked when the app that holds them is
    installed; otherwise a note says the check was skipped."""
    if installed_apps is None:
        installed_apps = [config.label for config in apps.get_app_configs()]
    run, skipped = optional_checks_to_run(installed_apps)
    for app, what in skipped:
        out.notes.append(_("未安装 {app} 应用，{what}检查跳过").format(app=app, what=what))
    for app, what in run:
        try:
            if app == "search":
                check_search(profile, out)
            elif app == "services":
                check_service_guides(profile, out)
            else:
                check_interaction(profile, at or timezone.now(), out)
        except Exception as exc:  # another app's failure is recorded, not fatal to the round
            out.notes.append(_("{what}检查出错：{e}").format(what=what, e=exc.__class__.__name__))


def check_search(profile, out):
    """19号 搜索功能: the search page answers and the search app's engine answers a query for the site's name."""
    from search.engine import SearchQuery, get_engine

    spec = deduction("search_missing")
    response = Client(HTTP_HOST=profile.site.hostname).get("/search/", {"q": profile.full_name[:2]})
    if response.status_code != 200:
        out.problems.append(Problem(kind="search_missing", key="search", label=_(spec["label"]),
                                    detail=_("站内搜索返回 {s}").format(s=response.status_code), url="/search/"))
        return
    text = profile.full_name[:2]
    results = get_engine().search(SearchQuery(text=text, site_ids=[profile.site.pk], limit=1))
    out.notes.append(_("站内搜索「{q}」得到 {n} 条结果").format(q=text, n=results.count))
    score_search_results(profile, out)


def score_search_results(profile, out):
    """19号 搜索功能 (准确): each of the site's newest items, searched by its own title, is among the first results
    (indicators.yaml deductions.search_inaccurate: how many items, how many results). A miss is a finding."""
    from content.services import latest_items
    from search.engine import SearchQuery, get_engine

    spec = deduction("search_inaccurate")
    engine = get_engine()
    items = latest_items(profile.site.root_page, limit=spec["probe_items"])
    found = 0
    for item in items:
        results = engine.search(SearchQuery(text=item.title, site_ids=[profile.site.pk], limit=spec["within_first"]))
        if any(entry.page_id == item.pk for entry in results.entries):
            found += 1
            continue
        out.problems.append(Problem(
            kind="search_inaccurate", key=f"search_miss:{item.pk}", label=_(spec["label"]),
            detail=_("按标题搜索《{title}》，前 {n} 条结果中没有该信息").format(title=item.title, n=spec["within_first"]),
            url=item.get_url(current_site=profile.site) or item.url_path, points=spec.get("points_each")))
    if items:
        out.notes.append(_("站内搜索准确性：最近 {n} 条信息按标题搜索，{found} 条出现在前 {k} 条结果中").format(
            n=len(items), found=found, k=spec["within_first"]))


def check_interaction(profile, at, out):
    """检查指标 单项否决5 互动回应差 (indicators.yaml vetoes.poor_interaction): no working 咨询建言 channel (its
    mailbox shown on the site's public 写信 page), or a valid message unanswered for more than 3 months within the
    year before the round. The figures come from interaction.services (this app reads no interaction model)."""
    from interaction.services import channels, late_answers

    rule = veto("poor_interaction")
    hits = []
    boxes = channels(profile.site, rule["channel_kinds"])
    if not boxes:
        hits.append(_("未开设咨询建言渠道"))
    else:
        response = Client(HTTP_HOST=profile.site.hostname).get(rule["channel_page"])
        html = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
        if not any(name in html for _kind, name in boxes):
            hits.append(_("咨询建言渠道无法使用（{page} 返回 {status}）").format(
                page=rule["channel_page"], status=response.status_code))
    late = late_answers(profile.site, at=at, kinds=rule["answer_kinds"], lookback_days=rule["lookback_days"],
                        unanswered_days=rule["unanswered_days"])
    for case in late:
        received = timezone.localtime(case["received_at"]).strftime("%Y-%m-%d")
        replied = (timezone.localtime(case["replied_at"]).strftime("%Y-%m-%d") if case["replied_at"] else _("至今未答复"))
        out.problems.append(Problem(
            kind="interaction_unanswered", key=f"interaction:{case['tracking_code']}", label=_("留言超过3个月未答复"),
            detail=_("{box}《{title}》（查询码 {code}）：{received} 收到，{replied}").format(
                box=case["mailbox"], title=case["title"], code=case["tracking_code"], received=received, replied=replied),
            url=rule["channel_page"], veto="poor_interaction"))
    if late:
        hits.append(_("一年内 {n} 条有效留言超过3个月未答复").format(n=len(late)))
    if hits:
        out.vetoes.append({"rule": "poor_interaction", "label": _(rule["label"]), "detail": "；".join(hits),
                           "source": rule["source"]})


def check_service_guides(profile, out):
    """Every live 办事指南 of the site shows all its elements (GUIDE_ELEMENTS)."""
    from services.models import ServiceGuidePage

    label = _(deduction("service_guide_incomplete")["label"])
    guides = ServiceGuidePage.objects.live().public().descendant_of(profile.site.root_page)
    for guide in guides:
        missing = [str(name) for attr, name in GUIDE_ELEMENTS if not strip_tags(str(getattr(guide, attr, "") or "")).strip()]
        if missing:
            out.problems.append(Problem(
                kind="service_guide_incomplete", key=f"guide:{guide.pk}", label=label, url=guide.url or "",
                detail=_("《{title}》缺少：{missing}").format(title=guide.title, missing="、".join(missing))))


def check_links(profile, out, report):
    """Broken links of a crawl (crawler.LinkReport) as findings: points per link, home page costing more."""
    home, other = deduction("broken_link_home"), deduction("broken_link_other")
    for row in report.broken():
        on_home = row["on_home"]
        spec = home if on_home else other
        out.problems.append(Problem(
            kind="broken_link_home" if on_home else "broken_link_other", key=f"link:{row['url']}",
            label=_(spec["label"]), url=row["url"],
            detail=_("{url}（{error}），引用页面：{refs}").format(url=row["readable_url"], error=row["error"],
                                                          refs="、".join(row["referrers"][:5])),
            points=spec["points_each"]))


# --- score and record ---------------------------------------------------------------------------------------------


def score(problems, vetoes, kind):
    """(score, bonus, passed, notes). 检查指标 (indicators.yaml scoring): a veto fails the site and nothing is
    scored; otherwise 100 minus the deductions whose points are known; < 60 fails."""
    notes = []
    if vetoes:
        return None, None, False, notes
    unscored = sorted({p.label for p in problems if p.points is None and not p.veto})
    if unscored:
        notes.append(_("以下问题的扣分分值未在公开文本中找到，已列出但未扣分：{labels}").format(labels="、".join(unscored)))
    deducted = sum(p.points for p in problems if p.points)
    value = round(max(0.0, scoring("deduction_total") - deducted), 2)
    bonus = None
    if kind in scoring("bonus_applies_to_kinds") and value > scoring("bonus_opens_above"):
        notes.append(_("加分指标分值未取得官方文本，未计加分"))
    return value, bonus, value >= scoring("pass_below"), notes


def _department_lookup(profile):
    return {d.name: d for d in profile.departments.all()}


@transaction.atomic
def record(profile, at, kind, out):
    """Store the round and its findings (one transaction: a round is whole or absent)."""
    value, bonus, passed, notes = score(out.problems, out.vetoes, profile.kind)
    out.notes.extend(notes)
    departments = _department_lookup(profile)
    inspection_round = Round.objects.create(
        site=profile.site, at=at, kind=kind, score=value, bonus=bonus, passed=passed, vetoes=out.vetoes,
        notes=out.notes, report=out.extra)
    findings = []
    for p in out.problems:
        column_id, column_title, dept_names = p.column or (None, "", [])
        department = next((departments[n] for n in dept_names if n in departments), None)
        findings.append(Finding(
            round=inspection_round, site=profile.site, kind=p.kind, key=p.key[:600], label=p.label[:200],
            detail=p.detail, url=p.url[:500], column_id=column_id, column_title=column_title[:200],
            department=department, veto=p.veto, points=p.points))
    Finding.objects.bulk_create(findings)
    return inspection_round


def run_round(profile, at=None, kind=Round.Kind.FULL, link_report=None, crawl=None):
    """Inspect one site at `at` (default now). Links: `link_report` when given, else a crawl of the site's own
    address when `crawl` is true (the weekly full round), else skipped with a note. Returns the stored Round,
    after rectification has been updated from it."""
    from .rectification import update_from_round

    at = at or timezone.now()
    out = Outcome()
    columns = {}
    check_availability(profile, at, out)
    check_columns(profile, at, out, columns)
    check_home_updated(profile, at, out)
    since = at - timedelta(days=1) if kind == Round.Kind.DAILY else None
    check_content(profile, at, out, columns, since=since)
    check_footer(profile, out)
    check_optional_apps(profile, out, at=at)
    if link_report is None and crawl:
        from .crawler import check_links as crawl_site

        link_report = crawl_site(profile.site.root_url + "/")
    if link_report is not None:
        check_links(profile, out, link_report)
        out.extra["links"] = {"pages": link_report.pages, "checked": link_report.checked}
    else:
        out.notes.append(_("本轮未抓取链接（日常检查；链接在每周全面检查中抓取）"))
    with transaction.atomic():  # the round, its findings and the tasks they open or close: all or nothing
        inspection_round = record(profile, at, kind, out)
        update_from_round(inspection_round)
    return inspection_round


def round_report(inspection_round):
    """The JSON report of one round (DESIGN §3 inspect): score, every veto hit, every finding with URL or column."""
    profile = inspection_round.site.profile
    return {
        "site": profile.code, "name": profile.full_name, "at": inspection_round.at.isoformat(),
        "kind": inspection_round.kind, "score": inspection_round.score, "bonus": inspection_round.bonus,
        "passed": inspection_round.passed, "vetoes": inspection_round.vetoes, "notes": inspection_round.notes,
        "findings": [
            {"kind": f.kind, "label": f.label, "detail": f.detail, "url": f.url, "column": f.column_title or None,
             "column_id": f.column_id, "department": f.department.name if f.department else None,
             "veto": f.veto or None, "points": f.points}
            for f in inspection_round.findings.select_related("department").order_by("pk")
        ],
        **{k: v for k, v in inspection_round.report.items() if k in ("availability", "links", "home_latest")},
    }
