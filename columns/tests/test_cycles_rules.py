"""更新周期 rules at their edges (columns/cycles.py, vocabulary columns/cycles.yaml): the due date a 信息员 sees for
each written cycle, the label shown for it, the 即将到期 warning days, and the stricter of the written and the
national rule. Found by mutation testing (issue 14); no database."""

from datetime import date

import pytest

from columns.cycles import (
    DEADLINE,
    NATIONAL,
    NONE,
    PERIODIC,
    CycleError,
    Period,
    Rule,
    add_months,
    effective_rule,
    is_link_guarantee,
    national_rule,
    normalise,
    parse,
    stricter,
    validate_cycle,
)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped to the month's last day
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 11, 30), 2, date(2027, 1, 30)),  # across the year end
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 10), -1, date(2025, 12, 10)),
        (date(2026, 5, 31), 12, date(2027, 5, 31)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_last_day(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "text, due_after_2026_01_31, label",
    [
        ("每日更新", date(2026, 2, 1), "每日至少1条"),
        ("每3天至少1条", date(2026, 2, 3), "每3天至少1条"),
        ("每周至少2条", date(2026, 2, 7), "每周至少2条"),
        ("两周至少1条", date(2026, 2, 14), "每2周至少1条"),
        ("每旬至少1条", date(2026, 2, 10), "每10天至少1条"),
        ("半月至少1条", date(2026, 2, 15), "每15天至少1条"),
        ("每月至少1条", date(2026, 2, 28), "每月至少1条"),
        ("两月至少1条", date(2026, 3, 31), "每2个月至少1条"),
        ("每季度至少3条", date(2026, 4, 30), "每季度至少3条"),
        ("半季度至少1条", date(2026, 3, 17), "每45天至少1条"),
        ("每半年至少1条", date(2026, 7, 31), "每6个月至少1条"),
        ("两季度至少1条", date(2026, 7, 31), "每6个月至少1条"),
        ("每年至少更新一次", date(2027, 1, 31), "每年至少1条"),
        ("半年至少1条", date(2026, 7, 31), "每6个月至少1条"),
        ("每两年至少1条", date(2028, 1, 31), "每2年至少1条"),
        ("每隔5个月更新", date(2026, 6, 30), "每5个月至少1条"),
        ("每周至少十条", date(2026, 2, 7), "每周至少10条"),
    ],
)
def test_each_periodic_text_gives_its_due_date_and_label(text, due_after_2026_01_31, label):
    rule = parse(text)
    assert rule.kind == PERIODIC
    assert rule.next_due(date(2026, 1, 31)) == due_after_2026_01_31
    assert rule.label == label
    assert rule.text == text
    assert rule.has_due_date and not rule.is_event


def test_a_period_counted_back_is_the_window_of_its_count():
    assert Period(months=1).before(date(2026, 3, 31)) == date(2026, 2, 28)
    assert Period(days=7).before(date(2026, 3, 1)) == date(2026, 2, 22)
    assert Period(days=3, months=1).before(date(2026, 3, 10)) == date(2026, 2, 7)
    assert Period(days=3, months=1).after(date(2026, 1, 31)) == date(2026, 3, 3)


def test_deadline_is_next_years_day_clamped_and_labelled():
    rule = parse("每年2月29日前")
    assert (rule.kind, rule.month, rule.day, rule.label) == (DEADLINE, 2, 29, "每年2月29日前发布")
    assert rule.next_due(date(2026, 5, 1)) == date(2027, 2, 28)
    assert rule.next_due(date(2027, 5, 1)) == date(2028, 2, 29)
    assert rule.next_due(None) is None
    assert rule.soon_days() == 30
    assert rule.as_dict() == {
        "kind": DEADLINE, "label": "每年2月29日前发布", "text": "每年2月29日前", "source": rule.source, "month": 2, "day": 29,
    }


@pytest.mark.parametrize("text", ["每年13月1日前", "每年4月31日前", "每年0月10日前", "每年1月0日前", "每0天至少1条", "每月至少0条"])
def test_impossible_dates_and_counts_are_refused_in_chinese(text):
    with pytest.raises(CycleError) as error:
        parse(text)
    assert f"无法识别的更新周期“{text}”" in str(error.value)


@pytest.mark.parametrize(
    "period_days, warn_days",
    [(1, 0), (2, 2), (7, 2), (8, 3), (14, 3), (15, 7), (62, 7), (63, 15), (186, 15), (187, 30)],
)
def test_soon_days_follow_the_length_of_the_period(period_days, warn_days):
    assert parse(f"每{period_days}天至少1条").soon_days() == warn_days


def test_event_rules_have_no_due_date():
    rule = parse("实时更新")
    assert rule.is_event and not rule.has_due_date
    assert rule.next_due(date(2026, 1, 1)) is None
    assert rule.soon_days() == 0
    assert rule.as_dict() == {"kind": "realtime", "label": rule.label, "text": "实时更新", "source": rule.source}


def test_text_is_read_without_blanks_full_width_digits_or_a_final_full_stop():
    assert normalise(" 每 周 至少 １ 条。") == "每周至少1条"
    assert normalise(None) == ""
    assert parse(" 每 周 至少 １ 条。").period == Period(days=7)
    assert parse("  ") is None


def test_stricter_rule_is_the_shorter_period_and_the_national_one_otherwise():
    news = national_rule("news")
    assert news.kind == NATIONAL and news.period == Period(days=14)
    weekly, monthly, fortnightly = parse("每周至少1条"), parse("每月至少1条"), parse("两周至少1条")
    assert stricter(weekly, news) is weekly
    assert stricter(fortnightly, news) is fortnightly  # equal periods: the written one
    assert stricter(monthly, news) is news
    assert stricter(parse("实时更新"), news) is news
    assert stricter(None, news) is news
    assert stricter(monthly, None) is monthly
    assert national_rule("no-such-category") is None


def test_no_written_cycle_and_no_national_rule_is_none_with_its_reason():
    effective = effective_rule("", "no-such-category")
    assert effective.rule.kind == NONE and effective.written is None and effective.error == ""
    assert effective.rule.label == "未规定更新周期"
    assert not effective.rule.has_due_date and not effective.rule.is_event


def test_an_unknown_text_is_refused_by_the_validator_with_the_same_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_cycle("经常更新")
    assert error.value.code == "unknown_cycle"
    assert "无法识别的更新周期“经常更新”" in error.value.messages[0]
    validate_cycle("每周至少1条")  # no error


@pytest.mark.parametrize(
    "guarantee, is_link",
    [("跳转链接", True), (" 跳转链接。", True), ("链接至省政府网站", True), ("", False), (None, False), ("本单位维护", False)],
)
def test_link_guarantees_read_normalised(guarantee, is_link):
    assert is_link_guarantee(guarantee) is is_link


def test_a_rule_with_a_period_lists_it_in_its_dict():
    rule = Rule(kind=PERIODIC, label="每周至少2条", source="s", text="每周至少2条", period=Period(days=7), count=2)
    assert rule.as_dict() == {
        "kind": PERIODIC, "label": "每周至少2条", "text": "每周至少2条", "source": "s",
        "period": {"days": 7, "months": 0}, "count": 2,
    }


def test_a_deadline_on_the_first_or_last_day_of_the_year_is_read():
    first, last = parse("每年1月1日前"), parse("每年12月31日前")
    assert (first.kind, first.month, first.day) == (DEADLINE, 1, 1)
    assert (last.kind, last.month, last.day) == (DEADLINE, 12, 31)


def test_an_unknown_text_names_every_form_the_platform_reads():
    with pytest.raises(CycleError) as error:
        parse("看心情")
    assert str(error.value) == (
        "无法识别的更新周期“看心情”。请写成如“每日更新”“每周至少1条”“两周至少1条”“每月至少1条”“每季度至少1条”"
        "“每年至少更新一次”“每年1月31日前”，或“实时更新”“变化时及时更新”“按期答复”“及时查收”。"
    )


def test_a_column_without_any_rule_says_why():
    effective = effective_rule("", "other")
    assert (effective.rule.kind, effective.rule.label, effective.rule.source) == (
        NONE, "未规定更新周期", "栏目未填写更新周期，且本类别无国家更新时限",
    )
    assert effective.written is None and effective.error == ""


def test_the_written_rule_is_kept_beside_the_stricter_national_one():
    # 每月至少1条 on a 动态要闻 column: the national two weeks apply, and the column's own text is still shown.
    effective = effective_rule("每月至少1条", "news")
    assert effective.rule.kind == NATIONAL and effective.rule.period == Period(days=14)
    assert effective.written.kind == PERIODIC and effective.written.text == "每月至少1条"
    assert national_rule("news").source == "国办秘函〔2019〕19号 单项否决4(1): 动态、要闻类栏目2周未更新 [S]"


def test_normalising_strips_only_closing_punctuation():
    assert normalise(" 每周至少1条。") == "每周至少1条"
    assert normalise("每周至少1条X") == "每周至少1条X"
