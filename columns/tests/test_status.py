"""Column status at fixed dates (time is passed in as `at`, never read from the clock): every seed cycle text
walked through 正常 → 即将到期 → 已超期, the national category rules, blank and link columns, the 单项否决4
counts, the query count, and the column_status command's contract."""

import itertools
import json
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from columns.cycles import DEADLINE, PERIODIC, parse
from columns.models import ColumnPage
from columns.services import column_status
from columns.status import BLANK, LINK, OK, OVERDUE, SOON, ColumnStatus, summarise
from content.models import ArticlePage
from content.services import place_item

from .test_cycles import SEED_TEXTS

pytestmark = pytest.mark.django_db

_serial = itertools.count()
LAST = date(2025, 1, 15)  # the day of a column's last item in these tests (a Wednesday)

# The due date after an item on LAST, stated by hand for every seed text (None: no due date of its own).
DUE = {
    "每日更新": date(2025, 1, 16),
    "每周更新": date(2025, 1, 22),
    "每周至少1条": date(2025, 1, 22),
    "两周至少1条": date(2025, 1, 29),
    "每月更新": date(2025, 2, 15),
    "每月至少1条": date(2025, 2, 15),
    "两月至少1条": date(2025, 3, 15),
    "每季度": date(2025, 4, 15),
    "每季度至少1条": date(2025, 4, 15),
    "每年更新": date(2026, 1, 15),
    "每年至少更新一次": date(2026, 1, 15),
    "一年一次": date(2026, 1, 15),
    "每年1月31日前": date(2026, 1, 31),
    "实时更新": None,
    "变化时及时更新": None,
    "按期答复": None,
}


def local(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), timezone.get_default_timezone())


def new_column(parent, cycle="", category="other", guarantee="", link_url="", title=None):
    col = ColumnPage(
        title=title or f"状态测试栏目{next(_serial)}", slug=f"status-{next(_serial)}", update_cycle=cycle,
        category=category, guarantee=guarantee, link_url=link_url,
    )
    parent.add_child(instance=col)
    return col


def add_item(col, when):
    n = next(_serial)
    return place_item(col, ArticlePage(title=f"工作信息第{n}期", slug=f"item-{n}", publish_date=when, body="<p>正文</p>"))


def status_of(col, at, site="weibin"):
    report = column_status(site, at=at)
    return next(c for c in report.columns if c.column_id == col.pk)


@pytest.fixture
def home(profiles):
    return profiles["weibin"].site.root_page


@pytest.mark.parametrize("text", SEED_TEXTS)
def test_every_seed_cycle_goes_due_then_overdue(home, text):
    assert text in DUE, f"seed text {text!r}: state its due date in DUE"
    col = new_column(home, cycle=text)
    add_item(col, local(LAST, 9))
    rule = parse(text)

    first = status_of(col, LAST)
    assert first.last_update == LAST
    assert first.next_due == DUE[text]
    if DUE[text] is None:
        # Event-driven: no due date of its own, however long the column stands still (category 其他 here).
        assert first.status == OK
        assert status_of(col, LAST + timedelta(days=800)).status == OK
        return
    due = DUE[text]
    warn = rule.soon_days()
    if (due - LAST).days > warn:
        assert first.status == OK
        assert status_of(col, due - timedelta(days=warn + 1)).status == OK
    assert status_of(col, due - timedelta(days=warn)).status == SOON
    assert status_of(col, due).status == SOON
    late = status_of(col, due + timedelta(days=1))
    assert late.status == OVERDUE and late.next_due == due

    # A new item on the due date starts the next period.
    add_item(col, local(due, 10))
    renewed = status_of(col, due + timedelta(days=1))
    assert renewed.last_update == due and renewed.status in (OK, SOON)
    assert renewed.next_due > due


def test_daily_column_is_due_the_next_day(home):
    col = new_column(home, cycle="每日更新")
    add_item(col, local(LAST, 23, 30))  # late evening, Asia/Shanghai: still that day
    assert (status_of(col, LAST).status, status_of(col, LAST).next_due) == (OK, LAST + timedelta(days=1))
    assert status_of(col, LAST + timedelta(days=1)).status == SOON
    assert status_of(col, LAST + timedelta(days=2)).status == OVERDUE


def test_item_published_after_the_date_does_not_count(home):
    col = new_column(home, cycle="每周至少1条")
    add_item(col, local(LAST + timedelta(days=1), 0, 30))
    assert status_of(col, LAST).status == BLANK
    assert status_of(col, LAST + timedelta(days=1)).status == OK


def test_count_above_one_needs_that_many_items_in_the_window(home):
    col = new_column(home, cycle="每月至少2条")
    add_item(col, local(date(2025, 1, 2)))
    add_item(col, local(date(2025, 1, 10)))
    assert status_of(col, date(2025, 1, 20)).status == OK
    # 3 February: the window back to 3 January holds one item only.
    assert status_of(col, date(2025, 2, 3)).status == OVERDUE


@pytest.mark.parametrize(
    "category,due_days_or_months,stale_at",
    [("news", timedelta(days=14), date(2025, 1, 30)), ("notice", 6, date(2025, 7, 16)), ("policy", 6, date(2025, 7, 16))],
)
def test_national_rule_of_the_category_without_a_written_cycle(home, category, due_days_or_months, stale_at):
    col = new_column(home, category=category)
    add_item(col, local(LAST))
    due = LAST + due_days_or_months if isinstance(due_days_or_months, timedelta) else date(2025, 7, 15)
    on_time = status_of(col, due)
    assert on_time.next_due == due and on_time.status == SOON and not on_time.nationally_stale
    late = status_of(col, stale_at)
    assert late.status == OVERDUE and late.nationally_stale


def test_national_rule_wins_over_a_looser_seed_cycle(home):
    col = new_column(home, cycle="每月至少1条", category="news")
    add_item(col, local(LAST))
    assert status_of(col, LAST).next_due == date(2025, 1, 29)
    assert status_of(col, date(2025, 1, 30)).status == OVERDUE


def test_seed_cycle_wins_when_stricter_than_national(home):
    col = new_column(home, cycle="每周至少1条", category="news")
    add_item(col, local(LAST))
    late = status_of(col, date(2025, 1, 23))
    assert late.status == OVERDUE and not late.nationally_stale  # overdue by its own cycle, not yet by the 2 weeks


def test_realtime_news_column_is_still_held_to_two_weeks(home):
    col = new_column(home, cycle="实时更新", category="news")
    add_item(col, local(LAST))
    assert status_of(col, date(2025, 1, 30)).status == OVERDUE


def test_blank_column_and_unpublished_items(home):
    col = new_column(home, cycle="每月至少1条")
    assert status_of(col, LAST).status == BLANK
    draft = ArticlePage(title="未发布的稿件", slug=f"draft-{next(_serial)}", publish_date=local(LAST), live=False)
    col.add_child(instance=draft)
    blank = status_of(col, LAST)
    assert blank.status == BLANK and blank.last_update is None and blank.next_due is None


@pytest.mark.parametrize(
    "guarantee,link_url",
    [("跳转链接", ""), ("链接至“信用中国（宝鸡）”", ""), ("直接发布", "https://www.gov.cn/")],
)
def test_link_columns(home, guarantee, link_url):
    col = new_column(home, cycle="每月至少1条", category="news", guarantee=guarantee, link_url=link_url)
    linked = status_of(col, LAST)
    assert linked.status == LINK and linked.next_due is None


def test_seed_link_columns_are_only_links(profiles):
    report = column_status("weibin", at=LAST)
    by_title = {c.title: c for c in report.columns}
    assert by_title["双公示、双随机"].status == LINK  # 链接至“信用中国（宝鸡）”
    assert all(c.status == LINK for c in report.columns if c.guarantee == "跳转链接")


def test_parent_column_shows_what_its_sub_columns_hold(home):
    parent = new_column(home, category="news")
    child = new_column(parent, cycle="每周至少1条")
    add_item(child, local(LAST))
    report = column_status("weibin", at=LAST)
    row = {c.column_id: c for c in report.columns}
    assert row[parent.pk].last_update == LAST and row[parent.pk].item_count == 1 and not row[parent.pk].is_leaf
    assert row[child.pk].is_leaf


def test_departments_and_info_managers(profiles):
    report = column_status("hebjgbz", at=LAST)
    col = next(c for c in report.columns if c.title == "监督检查")
    assert [d["name"] for d in col.departments] == ["监督处"]
    assert all(set(d) == {"id", "name", "full_name", "person", "info_managers"} for d in col.departments)


def test_unknown_stored_cycle_is_reported_not_dropped(home):
    col = new_column(home, cycle="每月至少1条", category="news")
    ColumnPage.objects.filter(pk=col.pk).update(update_cycle="看心情")  # stored before the form refused it
    add_item(col, local(LAST))
    row = status_of(col, LAST)
    assert "无法识别的更新周期“看心情”" in row.cycle_error
    assert row.rule.kind == "national"  # held to the national rule meanwhile
    summary = next(s for s in column_status("weibin", at=LAST).sites if s.code == "weibin")
    assert summary.cycle_errors == 1


def test_every_seed_column_cycle_is_readable(profiles):
    report = column_status(at=LAST)
    assert {s.code for s in report.sites} == set(profiles)
    assert [c.update_cycle for c in report.columns if c.cycle_error] == []
    assert len(report.columns) == ColumnPage.objects.live().count()


# --- 单项否决4 -------------------------------------------------------------------------------------------------


def test_stale_news_and_notice_columns_veto_at_five(home):
    at = date(2025, 8, 1)
    cols = [new_column(home, category="news") for _ in range(3)] + [new_column(home, category="notice") for _ in range(2)]
    for col in cols[:4]:
        add_item(col, local(date(2025, 1, 20)))  # news: > 2 weeks; notice: > 6 months before 1 August
    add_item(cols[4], local(date(2025, 3, 1)))  # notice within 6 months: not stale
    summary = next(s for s in column_status("weibin", at=at).sites if s.code == "weibin")
    assert summary.stale == 4 and "stale" not in [v["rule"] for v in summary.vetoes]
    add_item(new_column(home, category="news"), local(date(2025, 7, 1)))
    summary = next(s for s in column_status("weibin", at=at).sites if s.code == "weibin")
    assert summary.stale == 5
    veto = next(v for v in summary.vetoes if v["rule"] == "stale")
    assert veto["threshold"] == 5 and "国办秘函〔2019〕19号" in veto["source"]


def test_overdue_columns_veto_at_ten(home):
    at = date(2025, 3, 1)
    for _ in range(9):
        add_item(new_column(home, cycle="每周至少1条"), local(LAST))
    summary = next(s for s in column_status("weibin", at=at).sites if s.code == "weibin")
    assert summary.overdue == 9 and "overdue" not in [v["rule"] for v in summary.vetoes]
    add_item(new_column(home, cycle="每月至少1条"), local(LAST))
    summary = next(s for s in column_status("weibin", at=at).sites if s.code == "weibin")
    assert summary.overdue == 10 and "overdue" in [v["rule"] for v in summary.vetoes]


def _row(status, leaf=True):
    return ColumnStatus(
        site_code="x", column_id=0, title="", url_path="/", path="", depth=3, is_leaf=leaf, category="other",
        guarantee="", update_cycle="", link_url="", rule=None, written_rule=None, cycle_error="", last_update=None,
        item_count=0, undated_count=0, next_due=None, status=status, nationally_stale=False,
    )


def test_blank_columns_veto_at_five_counting_end_level_columns(profiles):
    profile = profiles["weibin"]
    four = summarise(profile, [_row(BLANK) for _ in range(4)] + [_row(BLANK, leaf=False)])
    assert four.blank == 4 and four.vetoes == []
    five = summarise(profile, [_row(BLANK) for _ in range(5)])
    assert [v["rule"] for v in five.vetoes] == ["blank"]


def test_seed_sites_without_items_are_vetoed_for_blank_columns(profiles):
    # On the seed data alone no column has an item yet: every end-level non-link column is blank.
    report = column_status("weibin", at=LAST)
    summary = report.sites[0]
    leaves = [c for c in report.columns if c.is_leaf and c.status != LINK]
    assert summary.blank == len(leaves) > 5
    assert [v["rule"] for v in summary.vetoes] == ["blank"]


# --- queries -----------------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_columns(home):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            column_status(at=LAST)
        return len(captured.captured_queries)

    before = queries()
    for _ in range(5):
        col = new_column(home, cycle="每周至少1条")
        add_item(col, local(LAST))
    new_column(home, cycle="每月至少2条")
    assert queries() == before <= 5


# --- the command (DESIGN.md §3) ----------------------------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("column_status", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_command_json_contract(home):
    col = new_column(home, cycle="两周至少1条", title="命令测试栏目")
    add_item(col, local(LAST))
    code, out, err = run("--site", "weibin", "--at", "2025-01-29", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["at"] == "2025-01-29"
    assert [s["site"] for s in data["sites"]] == ["weibin"]
    row = next(c for c in data["columns"] if c["title"] == "命令测试栏目")
    assert row["status"] == "即将到期"
    assert row["last_update"] == "2025-01-15" and row["next_due"] == "2025-01-29"
    assert row["rule"]["kind"] == PERIODIC and row["rule"]["text"] == "两周至少1条" and row["rule"]["period"] == {"days": 14, "months": 0}
    assert row["path"] == f"/{col.slug}/"
    assert {c["status"] for c in data["columns"]} <= {"正常", "即将到期", "已超期", "空白栏目", "仅链接"}
    news = next(c for c in data["columns"] if c["title"] == "今日渭滨")
    assert news["rule"]["text"] == "每日更新" and news["status"] == "空白栏目" and news["responsible"] == "区政府办"
    _, out, _ = run("--site", "weibin", "--at", "2025-01-30", "--json")
    assert next(c for c in json.loads(out)["columns"] if c["title"] == "命令测试栏目")["status"] == "已超期"


def test_command_table_output(home):
    col = new_column(home, cycle="每年1月31日前", title="年报测试栏目")
    add_item(col, local(LAST))
    code, out, _ = run("--site", "weibin", "--at", "2025-01-15")
    assert code == 0
    line = next(line for line in out.splitlines() if f"/{col.slug}/" in line)
    assert line.startswith("正常") and "每年1月31日前发布" in line and "2026-01-31" in line
    assert "单项否决：空白栏目" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--site", "nosuchsite", "--at", "2025-01-15"], "找不到网站：nosuchsite"),
        (["--site", "weibin", "--at", "2025-02-30"], "日期格式错误：2025-02-30"),
        (["--site", "weibin", "--at", "20250115"], "日期格式错误：20250115"),
        (["--site", "weibin", "--at", "明天", "--json"], "日期格式错误：明天"),
    ],
)
def test_command_bad_input_exits_2_with_a_chinese_message(profiles, args, message):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert message in err


def test_command_kind_of_deadline_in_json(home):
    col = new_column(home, cycle="每年1月31日前", title="年报JSON栏目")
    add_item(col, local(LAST))
    _, out, _ = run("--site", "weibin", "--at", "2026-02-01", "--json")
    row = next(c for c in json.loads(out)["columns"] if c["title"] == "年报JSON栏目")
    assert row["rule"]["kind"] == DEADLINE and (row["rule"]["month"], row["rule"]["day"]) == (1, 31)
    assert row["status"] == "已超期" and row["next_due"] == "2026-01-31"


def test_command_json_row_and_site_summary_exactly(home):
    # DESIGN.md §3: every key of a column's row and of the site's summary, with its value.
    col = new_column(home, cycle="两周至少1条", title="契约测试栏目", category="news", guarantee="直接发布")
    ColumnPage.objects.filter(pk=col.pk).update(maintained_by_all=True)
    add_item(col, local(LAST))
    _, out, _ = run("--site", "weibin", "--at", "2025-01-29", "--json")
    data = json.loads(out)
    row = next(c for c in data["columns"] if c["title"] == "契约测试栏目")
    assert row == {
        "site": "weibin", "id": col.pk, "title": "契约测试栏目", "path": f"/{col.slug}/", "category": "news",
        "is_leaf": True, "guarantee": "直接发布", "update_cycle": "两周至少1条",
        "rule": {"kind": PERIODIC, "label": row["rule"]["label"], "text": "两周至少1条", "source": row["rule"]["source"],
                 "period": {"days": 14, "months": 0}, "count": 1},
        "cycle_error": None, "last_update": "2025-01-15", "item_count": 1, "next_due": "2025-01-29",
        "status": "即将到期", "departments": [], "maintained_by_all": True, "responsible": "各部门",
    }
    assert row["rule"]["label"] and row["rule"]["source"]
    blank = next(c for c in data["columns"] if c["title"] == "今日渭滨")
    assert (blank["last_update"], blank["next_due"], blank["item_count"]) == (None, None, 0)
    leaves = [c for c in data["columns"] if c["is_leaf"]]
    counts = {name: sum(1 for c in leaves if c["status"] == name) for name in ("正常", "即将到期", "已超期", "空白栏目", "仅链接")}
    (summary,) = data["sites"]
    assert summary == {
        "site": "weibin", "name": "宝鸡市渭滨区人民政府", "counts": counts, "stale": summary["stale"],
        "overdue": counts["已超期"], "blank": counts["空白栏目"], "cycle_errors": 0, "vetoes": summary["vetoes"],
    }
    assert [v["rule"] for v in summary["vetoes"]] == ["blank"] and summary["vetoes"][0]["count"] == counts["空白栏目"]


def test_responsible_names_join_departments_unless_written_out(profiles):
    report = column_status("hebjgbz", at=LAST)
    col = next(c for c in report.columns if c.title == "监督检查")
    col.departments = [{"name": "监督处", "info_managers": "张三"}, {"name": "办公室", "info_managers": ""}]
    assert col.responsible_names() == "监督处、办公室" and col.info_managers() == "张三"
    col.departments_text = "各处室（按分工）"
    assert col.responsible_names() == "各处室（按分工）"
