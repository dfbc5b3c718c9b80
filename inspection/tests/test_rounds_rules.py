"""The inspection score (inspection.rounds.score and the link deductions it adds up), rule by rule (issue 14
mutation tests). 检查指标 (indicators.yaml scoring): a veto fails the site and nothing is scored; otherwise 100
minus the known deductions, never below 0; under 60 fails; only a 政府门户网站 above 80 could earn the bonus, whose
points have no official text, so it is noted, not added; a finding without official points is listed, not scored.
Broken links: 1 point each on the home page, 0.1 elsewhere (2015 普查)."""

import pytest

from inspection.crawler import LinkReport
from inspection.crawler import Outcome as LinkOutcome
from inspection.rounds import Outcome, Problem, check_links, score

UNSCORED_NOTE = "以下问题的扣分分值未在公开文本中找到，已列出但未扣分：{}"
BONUS_NOTE = "加分指标分值未取得官方文本，未计加分"


def problem(points, label="问题", veto=""):
    return Problem(kind="k", key=label, label=label, points=points, veto=veto)


def test_a_veto_fails_the_site_and_nothing_is_scored_or_noted():
    assert score([problem(None, "未定分值")], [{"rule": "unreachable"}], "portal") == (None, None, False, [])


def test_no_problem_scores_full_marks():
    assert score([], [], "department") == (100, None, True, [])


@pytest.mark.parametrize("points, value, passed", [
    ([1] * 40, 60, True),             # 60 passes
    ([1] * 40 + [0.1], 59.9, False),  # under 60 fails
    ([0.1] * 3, 99.7, True),          # rounded to 2 places, not 99.69999…
    ([1] * 150, 0, False),            # never below 0
    ([0, 0.5], 99.5, True),
])
def test_deductions(points, value, passed):
    assert score([problem(p) for p in points], [], "department") == (value, None, passed, [])


def test_a_problem_without_official_points_is_listed_not_scored():
    problems = [problem(None, "栏目应更新未更新"), problem(None, "错别字"), problem(None, "错别字"), problem(1)]
    assert score(problems, [], "department") == (99, None, True, [UNSCORED_NOTE.format("栏目应更新未更新、错别字")])


def test_veto_findings_are_not_listed_as_unscored():
    assert score([problem(None, "伪造发稿日期", veto="severe_content")], [], "department") == (100, None, True, [])


@pytest.mark.parametrize("points, notes", [
    ([], [BONUS_NOTE]),
    ([1] * 19, [BONUS_NOTE]),   # 81 > 80
    ([1] * 20, []),             # 80 is not above 80
])
def test_the_bonus_is_noted_only_for_a_portal_above_80(points, notes):
    value, bonus, passed, got = score([problem(p) for p in points], [], "portal")
    assert (bonus, passed, got) == (None, True, notes)
    assert score([problem(p) for p in points], [], "department")[3] == []  # a department site: no bonus at all


def link_report(outcomes, referrers, home="https://weibin.example/"):
    return LinkReport(start_url=home, pages=3, checked=len(outcomes), outcomes=outcomes, referrers=referrers,
                      home_urls={home}, seconds=0.1)


def test_broken_links_cost_1_on_the_home_page_and_0_1_elsewhere():
    home = "https://weibin.example/"
    report = link_report(
        {
            "https://a.example/gone": LinkOutcome("https://a.example/gone", status=404),
            "https://b.example/down": LinkOutcome("https://b.example/down", status=None, error="连接被拒绝"),
            "https://c.example/ok": LinkOutcome("https://c.example/ok", status=200),
        },
        {
            "https://a.example/gone": {home, "https://weibin.example/p1"},
            "https://b.example/down": {f"https://weibin.example/p{n}" for n in range(1, 8)},
        },
    )
    out = Outcome()
    check_links(None, out, report)
    assert [(p.kind, p.key, p.label, p.url, p.points) for p in out.problems] == [
        ("broken_link_home", "link:https://a.example/gone", "首页链接不可用", "https://a.example/gone", 1),
        ("broken_link_other", "link:https://b.example/down", "其他页面链接不可用", "https://b.example/down", 0.1),
    ]
    assert out.problems[0].detail.startswith("https://a.example/gone（")
    assert out.problems[0].detail.endswith("），引用页面：https://weibin.example/、https://weibin.example/p1")
    # at most five referring pages are named
    assert out.problems[1].detail == ("https://b.example/down（连接被拒绝），引用页面：" + "、".join(
        f"https://weibin.example/p{n}" for n in range(1, 6)))
    assert score(out.problems, [], "department")[0] == 98.9


def test_the_score_is_shown_to_two_decimals():
    assert score([problem(0.001)], [], "department")[0] == 100.0
    assert score([problem(0.006)], [], "department")[0] == 99.99
