"""更新周期 texts become rules: every text the seed files write is read, with the meaning stated here; an unknown
text is refused in the admin's column form with a Chinese message."""

import itertools
from datetime import date

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from columns.cycles import DEADLINE, NATIONAL, NONE, PERIODIC, CycleError, Period, effective_rule, is_link_guarantee, parse
from columns.models import ColumnPage
from orgs.models import Role
from seeds.schema import SEED_DIR, read_seed

_serial = itertools.count()


def _walk(columns):
    for column in columns:
        yield column
        yield from _walk(column.get("children") or [])


def seed_cycle_texts():
    """Every distinct 更新周期 written in seeds/*.yaml, read through the seed schema (as the loader reads it)."""
    texts = set()
    for path in sorted(SEED_DIR.glob("*.yaml")):
        for column in _walk(read_seed(path).data["columns"]):
            if column.get("cycle"):
                texts.add(str(column["cycle"]))
    return sorted(texts)


SEED_TEXTS = seed_cycle_texts()

# What each seed text means, stated by hand: (kind, period, count). A text added to a seed file fails
# test_every_seed_text_has_a_stated_meaning until its meaning is written here.
MEANING = {
    "每日更新": (PERIODIC, Period(days=1), 1),
    "每周更新": (PERIODIC, Period(days=7), 1),
    "每周至少1条": (PERIODIC, Period(days=7), 1),
    "两周至少1条": (PERIODIC, Period(days=14), 1),
    "每月更新": (PERIODIC, Period(months=1), 1),
    "每月至少1条": (PERIODIC, Period(months=1), 1),
    "两月至少1条": (PERIODIC, Period(months=2), 1),
    "每季度": (PERIODIC, Period(months=3), 1),
    "每季度至少1条": (PERIODIC, Period(months=3), 1),
    "每年更新": (PERIODIC, Period(months=12), 1),
    "每年至少更新一次": (PERIODIC, Period(months=12), 1),
    "一年一次": (PERIODIC, Period(months=12), 1),
    "每年1月31日前": (DEADLINE, None, 1),
    "实时更新": ("realtime", None, 1),
    "变化时及时更新": ("on_change", None, 1),
    "按期答复": ("reply", None, 1),
}


def test_the_seeds_write_cycles():
    # The parametrisation below is generated from the seeds; an empty list would prove nothing.
    assert len(SEED_TEXTS) >= 15
    assert {"每日更新", "两周至少1条", "按期答复", "实时更新"} <= set(SEED_TEXTS)


@pytest.mark.parametrize("text", SEED_TEXTS)
def test_every_seed_text_has_a_stated_meaning(text):
    assert text in MEANING, f"seed text {text!r}: state its meaning in MEANING"
    kind, period, count = MEANING[text]
    rule = parse(text)
    assert (rule.kind, rule.period, rule.count) == (kind, period, count)
    assert rule.source and rule.label


@pytest.mark.parametrize(
    "text,expected",
    [
        ("每日更新", (PERIODIC, Period(days=1), 1)),
        (" 每周至少１条 ", (PERIODIC, Period(days=7), 1)),  # full-width digit and spaces as pasted from a table
        ("每两个月至少2篇", (PERIODIC, Period(months=2), 2)),
        ("每半年至少1条", (PERIODIC, Period(months=6), 1)),
        ("每年至少更新一次。", (PERIODIC, Period(months=12), 1)),
        ("及时查收", ("inbox", None, 1)),
        ("每年6月30日前", (DEADLINE, None, 1)),
    ],
)
def test_other_texts_of_the_same_grammar(text, expected):
    rule = parse(text)
    assert (rule.kind, rule.period, rule.count) == expected


@pytest.mark.parametrize("text", ["经常更新", "每", "每年2月30日前", "周至少1条", "每月至少0条", "更新"])
def test_unknown_text_is_an_error_not_no_rule(text):
    with pytest.raises(CycleError) as info:
        parse(text)
    assert f"无法识别的更新周期“{text}”" in str(info.value)


def test_empty_text_is_no_written_rule():
    assert parse("") is None and parse("  ") is None and parse(None) is None


def test_deadline_and_periods_give_the_due_date():
    assert parse("每年1月31日前").next_due(date(2025, 1, 20)) == date(2026, 1, 31)
    assert parse("每年1月31日前").next_due(date(2025, 3, 2)) == date(2026, 1, 31)  # 2024's report, late
    assert parse("每月至少1条").next_due(date(2025, 1, 31)) == date(2025, 2, 28)  # month end clamps
    assert parse("两周至少1条").next_due(date(2025, 1, 31)) == date(2025, 2, 14)


@pytest.mark.parametrize(
    "cycle,category,kind,period",
    [
        ("", "news", NATIONAL, Period(days=14)),                  # 国办秘函〔2019〕19号: 动态要闻 2 weeks
        ("", "notice", NATIONAL, Period(months=6)),               # 通知公告 6 months
        ("", "policy", NATIONAL, Period(months=6)),               # 政策文件 6 months
        ("", "overview", NONE, None),                             # no written cycle, no national period
        ("每月至少1条", "news", NATIONAL, Period(days=14)),       # national stricter than the seed
        ("每周至少1条", "news", PERIODIC, Period(days=7)),        # seed stricter than the national rule
        ("每年至少更新一次", "policy", NATIONAL, Period(months=6)),
        ("每季度至少1条", "notice", PERIODIC, Period(months=3)),
        ("实时更新", "news", NATIONAL, Period(days=14)),          # event-driven: the national period still bounds it
        ("每年1月31日前", "notice", NATIONAL, Period(months=6)),
        ("实时更新", "other", "realtime", None),
    ],
)
def test_stricter_of_seed_and_national_rule(cycle, category, kind, period):
    effective = effective_rule(cycle, category)
    assert (effective.rule.kind, effective.rule.period) == (kind, period)
    assert not effective.error


def test_unknown_text_keeps_its_error_and_the_national_rule_meanwhile():
    effective = effective_rule("看情况", "news")
    assert "无法识别的更新周期“看情况”" in effective.error
    assert effective.rule.kind == NATIONAL


@pytest.mark.parametrize(
    "guarantee,is_link",
    [("跳转链接", True), ("链接至“信用中国（宝鸡）”", True), (" 跳转链接 ", True), ("直接发布", False),
     ("链接\n服务接口\n数据接口", False), ("", False), ("数据接口", False)],
)
def test_link_guarantees(guarantee, is_link):
    assert is_link_guarantee(guarantee) is is_link


# --- the admin's column form -------------------------------------------------------------------------------


def column_form(col, cycle):
    return nested_form_data({
        "title": col.title, "slug": col.slug, "category": col.category, "description": "", "guarantee": "",
        "update_cycle": cycle, "link_url": "", "departments_text": "",
        "responsibilities": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })


@pytest.mark.django_db
def test_admin_refuses_an_unknown_cycle_with_a_chinese_message(client, profiles, make_person):
    home = profiles["weibin"].site.root_page
    col = ColumnPage(title="周期测试栏目", slug=f"cycle-form-{next(_serial)}", update_cycle="每月至少1条")
    home.add_child(instance=col)
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    url = reverse("wagtailadmin_pages:edit", args=(col.pk,))

    response = client.post(url, column_form(col, "隔三差五"))
    assert response.status_code == 200
    assert "无法识别的更新周期“隔三差五”" in response.content.decode()
    col.refresh_from_db()
    assert col.update_cycle == "每月至少1条"

    response = client.post(url, column_form(col, "两周至少1条"))
    assert response.status_code == 302
    col.refresh_from_db()
    assert col.get_latest_revision_as_object().update_cycle == "两周至少1条"
