"""review.checks (the package): the Checker built from its rules, the one Aho-Corasick scan, the near-miss
region, the findings put in order (_tidy), the shared instances and the site rules.

Most tests build their own Checker (a shared, cached one would hide how it is built) from small rule sets;
those on the platform data build one Checker for the module. No database except the site-rules tests."""

from types import SimpleNamespace

import pytest

from review import checks
from review.checks import (
    Checker,
    Finding,
    SiteRules,
    _automaton,
    _tidy,
    _unique,
    check_text,
    extract_urls,
    has_blocking,
    suggested_tier,
)
from review.checks.formatting import FormatRules
from review.checks.lexicon import Lexicon, Term
from review.checks.links import LinkRules
from review.checks.typos import Name, TypoRules


def small_typos(names=(("中国共产党", False), ("习近平", True)), pairs=None):
    return TypoRules(
        names=[Name(text, person) for text, person in names],
        pairs={"布署": "部署"} if pairs is None else pairs,
        similar_groups=[],
        political_context=["总书记"],
    )


def small_checker(terms="天价月饼", *, typos=None, links=None, allowed=""):
    return Checker(
        lexicon=Lexicon.from_text(terms, "", allowed),
        typo_rules=typos if typos is not None else small_typos(),
        link_rules=links if links is not None else LinkRules(blocked={"spam.example": "gambling"}),
    )


def seen(findings, text=None):
    if text is not None:
        for f in findings:
            assert text[f.start : f.end] == f.match, f
    return [(f.category, f.severity, f.match) for f in findings]


@pytest.fixture(scope="module")
def platform():
    return Checker()


# -- the automaton --------------------------------------------------------------------------------------------


def test_automaton_holds_each_pattern_once_with_all_its_payloads():
    automaton, payloads = _automaton([("代开", 1), ("", 2), ("代开发票", 3), ("代开", 4)])
    assert payloads == [(1, 4), (3,)]
    # leftmost-longest: 代开发票 wins over 代开 at the same place
    assert automaton.find_matches_as_indexes("专业代开发票") == [(1, 2, 6)]
    assert automaton.find_matches_as_indexes("代开") == [(0, 0, 2)]


def test_automaton_of_no_patterns():
    assert _automaton([]) == (None, [])
    assert _automaton([("", "term")]) == (None, [])


def test_unique_lists_each_near_miss_anchor_once_with_its_windows():
    patterns = [("中国共产", ("near", (0, 0))), ("共产党", ("near", (1, 2))), ("中国共产", ("near", (2, 0)))]
    assert _unique(patterns) == [("中国共产", [(0, 0), (2, 0)]), ("共产党", [(1, 2)])]
    assert _unique([]) == []


# -- site rules ---------------------------------------------------------------------------------------------


def test_site_rules_defaults():
    rules = SiteRules()
    assert (rules.site, rules.lexicon, rules.link_rules, rules.format_rules, rules.title_days, rules.key) == (
        None, None, None, None, 365, None,
    )
    assert rules.published_titles is None
    assert (rules.automaton, rules.payloads, rules.allowed) == (None, [], frozenset())
    rules = SiteRules("site", "lexicon", "links", "format", 30, "key", ["标题"])
    assert (rules.site, rules.lexicon, rules.link_rules, rules.format_rules, rules.title_days, rules.key) == (
        "site", "lexicon", "links", "format", 30, "key",
    )
    assert rules.published_titles == ["标题"]


def test_site_rules_compile_their_terms_with_the_platforms_allowed_phrases():
    rules = SiteRules(lexicon=Lexicon.from_text("代开")).compile({"税务机关代开发票"})
    assert rules.automaton is not None
    assert sorted(rules.payloads) == sorted([(("term", Term("代开", "prohibited", "site")),), (("allow", "税务机关代开发票"),)])
    # a site with nothing in its lists needs no automaton
    assert SiteRules(lexicon=Lexicon()).compile({"税务机关代开发票"}).automaton is None
    assert SiteRules().compile({"税务机关代开发票"}).automaton is None
    # allowed phrases alone, or a gapped term alone, make one
    assert SiteRules(lexicon=Lexicon.from_text("", "", "代开发票窗口")).compile(set()).payloads == [(("allow", "代开发票窗口"),)]
    gapped = SiteRules(lexicon=Lexicon.from_text("出售…门票")).compile(set())
    assert gapped.payloads == [(("term", Term("出售", "prohibited", "site", (), "门票")),)]


# -- the Checker is built from the rules it is given --------------------------------------------------------


def test_checker_uses_the_lexicon_it_is_given():
    checker = small_checker()
    assert seen(checker.check("出售天价月饼")) == [("prohibited", "block", "天价月饼")]
    assert checker.check("出售冰毒") == []  # a platform term, not in this lexicon


def test_checker_uses_the_typo_rules_it_is_given():
    checker = small_checker(typos=small_typos(names=(("渭滨区人民政府", False),), pairs={}))
    (finding,) = checker.check("渭滨区人民正府发布通知")
    assert (finding.category, finding.severity, finding.match) == ("severe_typo", "block", "渭滨区人民正府")
    assert finding.message == "“渭滨区人民正府”疑为“渭滨区人民政府”的错误写法（严重表述错误）"
    assert checker.check("中国共产当") == []  # a platform name, not in these rules
    assert checker.check("认真布署") == []


def test_checker_uses_the_link_rules_it_is_given():
    text = "见 https://spam.example/x 和 https://www.bjnews.com.cn/1"
    assert seen(small_checker().check(text), text) == [
        ("prohibited", "block", "https://spam.example/x"),
        ("link", "block", "https://spam.example/x"),
    ]
    # without link rules of its own, the platform's: bjnews is a commercial site, spam.example is not listed
    checker = Checker(lexicon=Lexicon(), typo_rules=small_typos())
    assert seen(checker.check(text), text) == [("link", "warn", "https://www.bjnews.com.cn/1")]


def test_checker_uses_the_platform_format_rules():
    checker = small_checker()
    assert checker.format_rules == FormatRules(font="宋体", title_max_length=50)
    text = '<p style="color:red">正文</p>'
    assert seen(checker.check(text), text) == [("format", "warn", "color:red")]


def test_checker_counts_its_patterns():
    checker = Checker(lexicon=Lexicon.from_text("天价月饼\n冰毒"), typo_rules=small_typos(names=(), pairs={}))
    anchors = {text for text, _payload in checker.secret.anchors()}
    assert checker.pattern_count == len(anchors | {"天价月饼", "冰毒"})
    assert checker.pattern_count == len(checker.payloads)


def test_checker_without_canonical_names():
    checker = Checker(lexicon=Lexicon.from_text("冰毒"), typo_rules=small_typos(names=(), pairs={}))
    assert checker.check("中国共产当，中国共产党") == []
    assert seen(checker.check("出售冰毒")) == [("prohibited", "block", "冰毒")]


def test_checker_with_only_short_names_has_no_near_misses():
    # names under three characters are matched only as written (no near-miss anchors)
    checker = Checker(lexicon=Lexicon(), typo_rules=small_typos(names=(("国务", False),), pairs={}))
    assert checker.check("国务，国雾，果务") == []


# -- the scan ---------------------------------------------------------------------------------------------


def test_each_kind_of_hit_in_one_scan():
    checker = small_checker()
    text = "本文件为机密。出售天价月饼，认真布署，中国共产当，中国共产党，席近平总书记强调。"
    assert seen(checker.check(text), text) == [
        ("secret_marking", "block", "本文件为机密"),
        ("prohibited", "block", "天价月饼"),
        ("severe_typo", "warn", "布署"),
        ("severe_typo", "block", "中国共产当"),
        ("severe_typo", "block", "席近平"),
    ]


def test_a_typo_pair_across_a_word_edge_or_in_traditional_writing_is_not_reported():
    checker = small_checker(typos=small_typos(names=(), pairs={"自已": "自己", "帐号": "账号"}))
    assert checker.check("他自已去") == [Finding("severe_typo", "warn", 1, 3, "自已", "错别字：“自已”应为“自己”")]
    assert checker.check("各自已经完成") == []  # 各自|已经
    assert seen(checker.check("请输入帐号")) == [("severe_typo", "warn", "帐号")]
    assert checker.check("請輸入帳號") == []  # 帳號 is right in traditional writing


def test_a_secret_anchor_in_prose_is_not_a_marking():
    checker = small_checker()
    assert checker.check("各单位要加强机密文件管理，严防泄密。") == []


def test_a_correct_name_is_not_a_near_miss_of_another():
    typos = small_typos(names=(("中国共产党", False), ("中国共产主义青年团", False)), pairs={})
    checker = small_checker(typos=typos)
    assert checker.check("中国共产党领导中国共产主义青年团") == []
    assert seen(checker.check("中国共产主义青年湍")) == [("severe_typo", "block", "中国共产主义青年湍")]


# -- the near-miss region: every anchor that starts in the hit is verified -----------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中国共产当", [("severe_typo", "block", "中国共产当")]),
        ("加强中国共产当的领导", [("severe_typo", "block", "中国共产当")]),
        ("中国共铲党", [("severe_typo", "block", "中国共铲党")]),
        ("中国公产党", [("severe_typo", "block", "中国公产党")]),
        ("中过共产党", [("severe_typo", "block", "中过共产党")]),
        ("中国产共党", [("severe_typo", "block", "中国产共党")]),  # two neighbours swapped
        ("中国共产党", []),
        ("中国是共产党", []),
        ("中国共产当和中国共铲党", [("severe_typo", "block", "中国共产当"), ("severe_typo", "block", "中国共铲党")]),
    ],
)
def test_near_misses_of_a_short_name(text, expected):
    assert seen(small_checker().check(text), text) == expected


@pytest.mark.parametrize(
    "text, match",
    [
        ("全国人民代表大会常务委圆会", "全国人民代表大会常务委圆会"),  # one replacement in the second half
        ("全国人民代表大会常务委员会", None),
        ("全国人民代表大会常务委员汇", "全国人民代表大会常务委员汇"),
        ("全国人名代表大会常务委员会", "全国人名代表大会常务委员会"),  # one in the first half
        ("全国人名代表大汇常务委员会", "全国人名代表大汇常务委员会"),  # one in each half
        ("全国仁名代表大会常务委员会", "全国仁名代表大会常务委员会"),  # two in the first half
        ("召开全国人民代表大会常务伟圆汇会议", None),  # three replacements: not a near miss
        ("召开全国人民代表大会常务委圆会会议", "全国人民代表大会常务委圆会"),
        ("召开全国人名代表大会常务委员会会议", "全国人名代表大会常务委员会"),
        # two in the second half, after the correct name 全国人民代表大会 that starts this one
        ("全国人民代表大会常务伟圆会召开会议", "全国人民代表大会常务伟圆会"),
        ("全国人民代表大会召开第十四届会议", None),
    ],
)
def test_near_misses_of_a_long_name_are_found_from_either_half(platform, text, match):
    found = [f for f in platform.check(text) if f.category == "severe_typo"]
    assert [f.match for f in found] == ([match] if match else [])
    for f in found:
        assert text[f.start : f.end] == f.match
        assert f.message == f"“{f.match}”疑为“全国人民代表大会常务委员会”的错误写法（严重表述错误）"


def test_two_replacements_in_the_second_half_of_a_long_name(platform):
    # the first half 中国人民武 is the anchor; 擦 for 察 (c/ch), 不 for 部
    text = "中国人民武装警擦不队"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "中国人民武装警擦不队")]
    # here the first half is itself a correct name (中国人民政治协商会议), which hid the anchor before
    text = "中国人民政治协商会议全国伟圆会"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "中国人民政治协商会议全国伟圆会")]


def test_a_long_name_that_ends_with_a_correct_name_is_checked_before_it(platform):
    # 新时代中国特色社会主义思想 is a correct name and the end of 习近平新时代中国特色社会主义思想: its hit hid the
    # longer name's anchor, so two replacements in 习近平 (too many for the three-character name alone) went unseen.
    text = "会议强调，要认真学习习斤瓶新时代中国特色社会主义思想。"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "习斤瓶")]
    assert platform.check("会议强调，要认真学习习近平新时代中国特色社会主义思想。") == []


def test_a_correct_name_that_is_also_the_anchor_of_a_longer_name(platform):
    # 中共中央 is a name, and the first half of 中共中央政治局常委: its hit is verified for the longer name too
    text = "中共中央正治居常委"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "中共中央正治居常委")]
    assert platform.check("中共中央政治局常委") == []


def letters_typo(start, match, right):
    return Finding("severe_typo", "block", start, start + len(match), match, f"“{match}”疑为“{right}”的错误写法（严重表述错误）")


def letters_checker(names):
    # Made-up names in Latin letters with made-up look-alikes (a/x, b/y, c/z, d/w), so that the anchors are
    # easy to see: a name of 3 to 6 letters is anchored by its one-letter variants and neighbour swaps, a
    # name of 7 or more also by its two halves.
    typos = TypoRules(
        names=[Name(text, False) for text in names], pairs={}, similar_groups=["ax", "by", "cz", "dw"], political_context=[]
    )
    return Checker(lexicon=Lexicon(), typo_rules=typos)


def test_an_anchor_starting_where_the_hit_ends_is_left_to_the_next_hit():
    # bbcc (second half of badbbbcc) is a hit; bad (bda swapped) starts where it ends, inside the correctly
    # written badbbbcc, which the scan reads next: no near miss of bda there.
    checker = letters_checker(["badbbbcc", "bda"])
    assert checker.check("bbccbadbbbcc") == []
    assert checker.check("bbccbadbbbccx") == []
    assert checker.check("xbadx") == [letters_typo(1, "bad", "bda")]  # elsewhere bad is a near miss of bda


def test_an_anchor_inside_the_hit_is_verified_after_one_that_starts_past_it():
    # hit bbcd (second half of cbabbcd, no window there); inside it starts dcbab (dcbba swapped), which ends
    # after cba (first half of cbabbcd) that starts past the hit: dcbab is still verified
    checker = letters_checker(["dcbba", "cbabbcd"])
    assert checker.check("bbcdcbab") == [letters_typo(3, "dcbab", "dcbba")]


@pytest.mark.parametrize(
    "name, text, start, match",
    [
        # hit dacb (second half of bbcdacb, its window would start 3 before the text); the window of bbcdacb
        # that its first half bbc anchors at 3 is verified on its own
        ("bbcdacb", "dacbbcwacb", 3, "bbcwacb"),
        ("bcddccb", "dccbcdwccb", 3, "bcdwccb"),
    ],
)
def test_each_window_of_a_name_is_verified_once_by_where_it_starts(name, text, start, match):
    assert letters_checker([name]).check(text) == [letters_typo(start, match, name)]


def test_an_anchor_shared_by_two_names_is_verified_for_both():
    # adaa is the second half of dbaadaa and of adbaadaa; dbaadaa's window at 7 was already verified (from
    # bda, its first half swapped), adbaadaa's window at 6 is verified all the same: abdaadaa, the earlier one
    checker = letters_checker(["dbaadaa", "badadca", "adbaadaa"])
    assert checker.check("badadcabdaadaa") == [letters_typo(6, "abdaadaa", "adbaadaa")]


def test_an_anchor_of_another_name_inside_the_hit():
    # hit cbcc (second half of bdccbcc); cczdc (cccdc with c→z) starts two letters into it
    checker = letters_checker(["bdccbcc", "cccdc"])
    assert checker.check("cbcczdc") == [letters_typo(2, "cczdc", "cccdc")]
    assert checker.check("xcbcczdc") == [letters_typo(3, "cczdc", "cccdc")]


def test_only_anchors_that_start_inside_the_hit_are_verified():
    # abac (baac swapped) at 3 is a near miss; the second abac lies inside the correct name bdbdabacb
    checker = letters_checker(["baac", "bdbdabacb"])
    assert checker.check("dbwabacbbdbdabacb") == [
        Finding("severe_typo", "block", 3, 7, "abac", "“abac”疑为“baac”的错误写法（严重表述错误）")
    ]


def test_overlapping_anchors_of_two_names_are_both_verified(platform):
    # 中华人民共和国国务院: the shared scan stops at the longest anchor, the region still tries the other name
    text = "中华人民共和国国务院办公厅"
    assert platform.check(text) == []
    text = "中华人民共合国国务院"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "中华人民共合国国务院")]
    text = "中华人民共和国国务阮"
    assert seen(platform.check(text), text) == [("severe_typo", "block", "中华人民共和国国务阮")]


def test_political_texts_on_the_platform_rules(platform):
    text = (
        "高举中国特色社会主义伟大旗帜，全面贯彻习近平新时代中国特色社会主义思想，坚持以马克思列宁主义、毛泽东思想、"
        "邓小平理论、“三个代表”重要思想、科学发展观为指导。全国人民代表大会常务委员会、中国人民政治协商会议全国委员会。"
    )
    assert platform.check(text) == []
    assert seen(platform.check("深入学习邓小萍理论")) == [("severe_typo", "block", "邓小萍")]
    assert seen(platform.check("席近平总书记强调")) == [("severe_typo", "block", "席近平")]
    assert platform.check("邓小萍同学获得三好学生称号。") == []


# -- check: allowed phrases, site rules, formats, titles ----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("纳税人可到税务机关代开发票", []),  # the term inside an allowed phrase
        ("代开发票业务", []),  # allowed phrase starting where the term starts
        ("申请代开发票", []),  # ... and ending where it ends
        ("专业代开发票，价格优惠", [("prohibited", "block", "代开发票")]),
    ],
)
def test_a_term_inside_an_allowed_phrase_is_not_reported(platform, text, expected):
    assert seen(platform.check(text), text) == expected


def test_an_allowed_phrase_holds_only_the_terms_inside_it():
    checker = small_checker("黑中介", allowed="黑中介投诉")
    assert checker.check("拨打黑中介投诉电话") == []
    assert seen(checker.check("拨打黑中介投诉电话。本店提供黑中介服务")) == [("prohibited", "block", "黑中介")]


@pytest.mark.parametrize(
    "allowed, text, expected",
    [
        ("代开发票窗口", "请到代开发票窗口办理，价格优惠", []),  # starts where the term starts
        ("申请代开发票", "网上申请代开发票，价格优惠", []),  # ends where it ends
        ("到代开发票窗", "请到代开发票窗口办理，价格优惠", []),  # holds it
        ("开发票窗口", "请到代开发票窗口办理，价格优惠", [("prohibited", "block", "代开发票")]),  # holds a part
        ("请到代开发", "请到代开发票窗口办理，价格优惠", [("prohibited", "block", "代开发票")]),
        ("窗口办理", "请到代开发票窗口办理，价格优惠", [("prohibited", "block", "代开发票")]),
        # one hit inside the phrase, the next one outside it
        ("代开发票窗口", "请到代开发票窗口办理。专业代开发票，价格优惠", [("prohibited", "block", "代开发票")]),
    ],
)
def test_a_sites_allowed_phrase_clears_the_platform_terms_inside_it(allowed, text, expected):
    # the platform scan finds 代开发票, the site's scan the allowed phrase: a term inside it is not reported
    checker = small_checker("代开发票")
    site = SiteRules(lexicon=Lexicon.from_text("", "", allowed)).compile(checker.lexicon.allowed)
    assert seen(checker.check(text, site), text) == expected


def test_site_rules_add_their_terms_and_the_platforms_allowed_phrases_still_hold():
    checker = small_checker(allowed="税务机关代开发票")
    site = SiteRules(lexicon=Lexicon.from_text("代开发票\n赌球", "集会")).compile(checker.lexicon.allowed)
    assert seen(checker.check("出售天价月饼，专业代开发票，欢迎来电", site)) == [
        ("prohibited", "block", "天价月饼"),
        ("prohibited", "block", "代开发票"),
    ]
    assert checker.check("可到税务机关代开发票", site) == []
    assert seen(checker.check("禁止集会", site)) == [("sensitive", "warn", "集会")]
    # site rules without terms of their own: the platform's are still applied
    assert seen(checker.check("出售天价月饼", SiteRules().compile(set()))) == [("prohibited", "block", "天价月饼")]


def test_a_sites_link_and_format_rules_replace_the_platforms():
    checker = small_checker()
    text = '<p style="font-family:仿宋">见 http://www.weibin.gov.cn/a.html 与 https://spam.example/x</p>'
    site = SiteRules(
        link_rules=checker.link_rules.for_site(["weibin.gov.cn"], require_https=True),
        format_rules=FormatRules(font="仿宋", title_max_length=5),
    )
    assert seen(checker.check(text, site), text) == [
        ("link", "block", "http://www.weibin.gov.cn/a.html"),
        ("prohibited", "block", "https://spam.example/x"),
        ("link", "block", "https://spam.example/x"),
    ]
    assert seen(checker.check(text), text) == [
        ("format", "warn", "font-family:仿宋"),
        ("prohibited", "block", "https://spam.example/x"),
        ("link", "block", "https://spam.example/x"),
    ]
    # empty link rules of a site (no lists) fall back to the platform's
    assert seen(checker.check(text, SiteRules(link_rules=None, format_rules=None)), text) == seen(checker.check(text))


def test_titles_are_checked_in_plain_text_only_when_given():
    checker = small_checker()
    title = "关于做好全区防汛抗旱和地质灾害防治工作的通知" * 3
    text = title + "\n各镇人民政府：现将有关事项通知如下。"
    assert checker.check(text) == []
    (finding,) = checker.check(text, title=title)
    assert (finding.category, finding.start, finding.end) == ("format", 0, len(title))
    assert finding.message == f"标题过长（{len(title)}字，上限50字），请精简"
    # a site's title length
    short = SiteRules(format_rules=FormatRules(font="宋体", title_max_length=5))
    assert [f.message for f in checker.check("防汛工作会议召开\n正文", short, title="防汛工作会议召开")] == [
        "标题过长（8字，上限5字），请精简"
    ]
    # HTML: <h1> is the title, and the given title too
    html = f"<h1>{title}</h1><p>正文</p>"
    assert [f.match for f in checker.check(html)] == [title]
    (finding,) = checker.check("<p>正文</p>", title=title)  # an HTML body with its title given apart
    assert (finding.category, finding.start, finding.end, finding.match) == ("format", 0, 0, "")
    assert finding.message == f"标题过长（{len(title)}字，上限50字），请精简"


def test_duplicate_titles_are_checked_when_the_site_or_its_titles_are_known():
    checker = small_checker()
    text = "渭滨区召开全区经济工作会议\n会议指出……"
    published = SiteRules(published_titles=["渭滨区召开全区经济工作会议"], title_days=30)
    (finding,) = checker.check(text, published)
    assert (finding.category, finding.severity, finding.match) == ("duplicate_title", "warn", "渭滨区召开全区经济工作会议")
    assert finding.message == "本站30天内已发布同名标题“渭滨区召开全区经济工作会议”，大标题不要重复"
    assert checker.check(text, SiteRules(published_titles=["另一个标题"])) == []
    assert checker.check(text, SiteRules()) == []
    (finding,) = checker.check("正文", published, title="渭滨区召开全区经济工作会议")
    assert (finding.start, finding.end, finding.match) == (0, 0, "")


def test_personal_information_is_checked():
    checker = small_checker()
    text = "联系人手机：13812345678"
    assert seen(checker.check(text), text) == [("personal_info", "block", "13812345678")]


# -- _tidy: in reading order, each problem once --------------------------------------------------------------


def F(category, start, end, match="", severity="block", message="m"):
    return Finding(category, severity, start, end, match, message)


def test_findings_are_sorted_by_place_then_category_then_longest_first():
    a = F("link", 0, 5)
    b = F("prohibited", 0, 2)
    c = F("secret_marking", 3, 4)
    d = F("format", 0, 9, severity="warn")
    e = F("format", 0, 9, severity="block")
    f = F("unknown", 0, 1)
    assert _tidy([a, c, d, b, e, f]) == [b, e, d, a, f, c]


def test_exact_repeats_are_dropped():
    a = F("personal_info", 3, 14, "13812345678")
    assert _tidy([a, a, F("personal_info", 3, 14, "13812345678")]) == [a]
    assert _tidy([]) == []


def test_overlapping_secret_markings_are_fused():
    first = F("secret_marking", 0, 2, "机密", message="密级标志“机密”")
    star = F("secret_marking", 1, 6, "密★10年", message="密级标志“密★10年”")
    fused = F("secret_marking", 0, 6, "机密★10年", message="密级标志“机密★10年”")
    assert _tidy([star, first]) == [fused]
    # one inside the other: the outer one stays
    inner = F("secret_marking", 1, 2, "密", message="x")
    assert _tidy([first, inner]) == [first]
    # touching but not overlapping: both
    after = F("secret_marking", 2, 4, "★1", message="y")
    assert _tidy([first, after]) == [first, after]
    # a finding of another category between them does not stop the fusion
    mark = F("secret_marking", 0, 3, "机密★", message="密级标志“机密★”")
    other = F("personal_info", 1, 2, "密")
    years = F("secret_marking", 2, 6, "★10年", message="密级标志“★10年”")
    assert _tidy([years, other, mark]) == [F("secret_marking", 0, 6, "机密★10年", message="密级标志“机密★10年”"), other]
    # two from the same place: the longer one stays
    assert _tidy([F("secret_marking", 0, 1, "机", message="x"), first]) == [first]


def test_a_fused_marking_replaces_the_quoted_marking_in_the_message_only():
    first = F("secret_marking", 0, 2, "机密", message="密级标志“机密”：机密信息不得上网")
    star = F("secret_marking", 1, 6, "密★10年", message="x")
    assert _tidy([first, star]) == [F("secret_marking", 0, 6, "机密★10年", message="密级标志“机密★10年”：机密信息不得上网")]


def test_a_secret_marking_fuses_with_the_latest_one_it_overlaps():
    a = F("secret_marking", 0, 4, "秘密文件", message="“秘密文件”")
    b = F("secret_marking", 2, 8, "文件★1年", message="“文件★1年”")
    c = F("secret_marking", 6, 10, "1年长期", message="“1年长期”")
    assert _tidy([a, b, c]) == [F("secret_marking", 0, 10, "秘密文件★1年长期", message="“秘密文件★1年长期”")]


def test_a_secret_marking_alone_or_first_is_kept():
    a = F("secret_marking", 5, 7, "机密")
    assert _tidy([a]) == [a]
    b = F("prohibited", 0, 2, "冰毒")
    assert _tidy([a, b]) == [b, a]


@pytest.mark.parametrize("category", ["prohibited", "sensitive", "severe_typo"])
def test_a_finding_inside_another_of_its_category_is_dropped(category):
    outer = F(category, 0, 4, "办理假证")
    inner = F(category, 2, 4, "假证")
    assert _tidy([inner, outer]) == [outer]
    same_start = F(category, 0, 2, "办理")
    assert _tidy([outer, same_start]) == [outer]
    # another category inside is kept
    other = F("personal_info", 2, 4, "假证")
    assert _tidy([outer, other]) == [outer, other]
    # side by side: both
    beside = F(category, 4, 6, "出售")
    assert _tidy([outer, beside]) == [outer, beside]
    assert _tidy([outer, inner, beside]) == [outer, beside]


def test_two_overlapping_near_misses_are_one():
    a = F("severe_typo", 0, 5, "中国共产当")
    b = F("severe_typo", 3, 8, "产当中央")
    assert _tidy([a, b]) == [a]
    # overlapping prohibited terms are both kept (only containment drops one)
    c = F("prohibited", 0, 4, "办理假证")
    d = F("prohibited", 2, 6, "假证出售")
    assert _tidy([c, d]) == [c, d]
    # touching near misses are two
    e = F("severe_typo", 5, 8, "当中央")
    assert _tidy([a, e]) == [a, e]


def test_nesting_is_looked_for_among_the_last_four_findings():
    outer = F("prohibited", 0, 20, "x" * 20)
    between = [F("personal_info", i, i + 1) for i in range(1, 5)]
    inner = F("prohibited", 10, 12, "yy")
    assert _tidy([outer, *between[:3], inner]) == [outer, *between[:3]]
    assert _tidy([outer, *between, inner]) == [outer, *between, inner]


# -- the shared platform checker ---------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


@pytest.fixture
def fake_platform(monkeypatch):
    """platform_checker with a fake clock, a fake data version and a cheap Checker."""
    clock = Clock()
    state = SimpleNamespace(version=(1, 1), version_reads=0, built=[], cleared=0)

    def data_version():
        state.version_reads += 1
        return state.version

    def build():
        state.built.append(object())
        return state.built[-1]

    from review.checks import base

    real_clear = base.read_yaml.cache_clear

    def cache_clear():
        state.cleared += 1
        real_clear()

    monkeypatch.setattr(checks, "time", clock)
    monkeypatch.setattr(checks, "data_version", data_version)
    monkeypatch.setattr(checks, "Checker", build)
    monkeypatch.setattr(base.read_yaml, "cache_clear", cache_clear)
    monkeypatch.setattr(checks, "_platform", {"checker": None, "version": None, "checked": 0.0})
    monkeypatch.setattr(checks, "VERSION_CHECK_SECONDS", 2.0)
    state.clock = clock
    return state


def test_platform_checker_is_built_once_and_reused(fake_platform):
    first = checks.platform_checker()
    assert fake_platform.built == [first] and fake_platform.cleared == 1
    assert checks._platform == {"checker": first, "version": (1, 1), "checked": 1000.0}
    # within two seconds the data version is not even read
    fake_platform.clock.now += 1.9
    assert checks.platform_checker() is first
    assert fake_platform.version_reads == 1
    # after two seconds it is read; unchanged, the checker stays
    fake_platform.clock.now += 0.1
    assert checks.platform_checker() is first
    assert fake_platform.version_reads == 2
    assert checks._platform["checked"] == 1002.0
    fake_platform.clock.now += 1.0
    assert checks.platform_checker() is first
    assert fake_platform.version_reads == 2  # checked again at 1002.0: not yet
    assert fake_platform.built == [first] and fake_platform.cleared == 1


def test_platform_checker_is_rebuilt_when_the_data_change(fake_platform, monkeypatch):
    first = checks.platform_checker()
    monkeypatch.setitem(checks._site_cache, 7, "compiled rules of site 7")
    fake_platform.version = (2, 1)
    assert checks.platform_checker() is first  # the clock has not moved: not looked at
    fake_platform.clock.now += 5
    second = checks.platform_checker()
    assert second is not first and fake_platform.built == [first, second]
    assert checks._platform == {"checker": second, "version": (2, 1), "checked": 1005.0}
    assert checks._site_cache == {}  # site rules were compiled against the old checker
    assert fake_platform.cleared == 2


class RecordingLock:
    """A stand-in for the module lock: records each time it is taken and can play another thread that built
    the checker while this one waited for the lock."""

    def __init__(self, on_enter=None):
        self.taken = 0
        self.on_enter = on_enter

    def __enter__(self):
        self.taken += 1
        if self.on_enter:
            self.on_enter()

    def __exit__(self, *exc):
        return False


def test_an_unchanged_version_does_not_take_the_lock(fake_platform, monkeypatch):
    lock = RecordingLock()
    monkeypatch.setattr(checks, "_lock", lock)
    first = checks.platform_checker()
    assert lock.taken == 1
    fake_platform.clock.now += 5
    assert checks.platform_checker() is first
    assert lock.taken == 1


def test_a_checker_built_by_another_thread_while_waiting_for_the_lock_is_used(fake_platform, monkeypatch):
    other = object()

    def other_thread_built_it():
        checks._platform["checker"] = other
        checks._platform["version"] = (1, 1)

    monkeypatch.setattr(checks, "_lock", RecordingLock(other_thread_built_it))
    assert checks.platform_checker() is other
    assert fake_platform.built == []


# -- sites ----------------------------------------------------------------------------------------------------


def test_resolve_site(monkeypatch):
    from sites import services

    wagtail_site = SimpleNamespace(root_page_id=3, pk=1)
    monkeypatch.setattr(services, "profile_by_code", lambda code: SimpleNamespace(site=(code, wagtail_site)))
    assert checks._resolve_site(None) is None
    assert checks._resolve_site(wagtail_site) is wagtail_site
    assert checks._resolve_site(SimpleNamespace(site=wagtail_site)) is wagtail_site  # a SiteProfile
    assert checks._resolve_site("weibin") == ("weibin", wagtail_site)
    other = SimpleNamespace(pk=2)
    assert checks._resolve_site(other) is other


def test_site_chain_is_cached_for_a_minute(monkeypatch):
    from sites import services

    clock = Clock()
    calls = []

    def chain(site):
        calls.append(site.pk)
        return [site.pk, 100 + len(calls)]

    monkeypatch.setattr(services, "site_and_ancestor_ids", chain)
    monkeypatch.setattr(checks, "time", clock)
    monkeypatch.setattr(checks, "CHAIN_CACHE_SECONDS", 60.0)
    site = SimpleNamespace(pk=5)
    assert checks._site_chain(site) == [5, 101]
    assert checks._chain_cache[5] == ([5, 101], 1000.0)
    clock.now += 59.9
    assert checks._site_chain(site) == [5, 101]
    clock.now += 0.1
    assert checks._site_chain(site) == [5, 102]
    assert checks._chain_cache[5] == ([5, 102], 1060.0)
    assert checks._site_chain(SimpleNamespace(pk=6)) == [6, 103]
    assert calls == [5, 5, 6]
    checks.reset_caches()
    assert checks._chain_cache == {} and checks._site_cache == {}


# -- the public functions -----------------------------------------------------------------------------------


def test_has_blocking_and_suggested_tier():
    block = F("prohibited", 0, 2, severity="block")
    warn = F("sensitive", 0, 2, severity="warn")
    assert has_blocking([warn, block]) and not has_blocking([warn]) and not has_blocking([])
    assert suggested_tier([block, warn]) == "sensitive"
    assert suggested_tier([block]) == "general"
    assert suggested_tier([]) == "general"


def test_check_text_and_extract_urls_on_the_platform_rules():
    text = "出售冰毒，详见 https://www.bjnews.com.cn/1 。"
    assert seen(check_text(text), text) == [
        ("prohibited", "block", "冰毒"),
        ("link", "warn", "https://www.bjnews.com.cn/1"),
    ]
    assert extract_urls(text) == [(8, 35, "https://www.bjnews.com.cn/1")]
    assert check_text("今天召开全区经济工作会议。") == []
    title = "关于做好全区防汛抗旱和地质灾害防治工作的通知" * 3
    assert [f.category for f in check_text(title + "\n正文", title=title)] == ["format"]


# -- site rules from the database --------------------------------------------------------------------------


@pytest.mark.django_db
def test_site_rules_from_the_lexicons_of_the_site_and_its_parents():
    from review.models import SiteLexicon

    from .factories import make_site

    city, _ = make_site("tcity")
    county, _ = make_site("tcounty", parent=city.profile)
    SiteLexicon.objects.create(
        site=city, prohibited_terms="黑中介", allowed_terms="黑中介举报", blocked_domains="spam-news.example",
        trusted_domains="bjnews.com.cn", require_https=True, body_font="黑体", max_title_length=10, duplicate_title_days=9,
    )
    SiteLexicon.objects.create(
        site=county, sensitive_terms="拆违", blocked_domains="bad.example", trusted_domains="county-news.example",
        body_font="仿宋", max_title_length=20, duplicate_title_days=30,
    )
    checker = small_checker()
    rules = checks.site_rules_for(county, checker)
    assert rules.site == county
    assert set(rules.lexicon.terms) == {"黑中介", "拆违"} and rules.lexicon.allowed == {"黑中介举报"}
    assert rules.link_rules.blocked == {"spam.example": "gambling", "spam-news.example": "listed", "bad.example": "listed"}
    assert rules.link_rules.trusted[-2:] == ("county-news.example", "bjnews.com.cn")  # the site's, then its parents'
    assert rules.link_rules.require_https is False  # the county's own setting, not the city's
    assert rules.format_rules == FormatRules(font="仿宋", title_max_length=20)
    assert rules.title_days == 30
    assert rules.automaton is not None
    assert checks._site_cache[county.pk] is rules
    assert checks.site_rules_for(county, checker) is rules  # unchanged rows: reused
    city_rules = checks.site_rules_for(city, checker)
    assert set(city_rules.lexicon.terms) == {"黑中介"}
    assert city_rules.link_rules.require_https is True
    assert city_rules.format_rules == FormatRules(font="黑体", title_max_length=10)
    assert city_rules.title_days == 9
    # an edit of the parent's row reaches the county
    row = SiteLexicon.objects.get(site=city)
    row.prohibited_terms = "黑中介\n假中介"
    row.save()
    changed = checks.site_rules_for(county, checker)
    assert changed is not rules and set(changed.lexicon.terms) == {"黑中介", "假中介", "拆违"}
    # another checker (the platform data changed): compiled again
    assert checks.site_rules_for(county, small_checker()) is not changed


@pytest.mark.django_db
def test_site_rules_of_a_site_without_a_lexicon_row():
    from .factories import make_site

    site, _ = make_site("tplain")
    checker = small_checker()
    rules = checks.site_rules_for(site, checker)
    assert rules.title_days == 365
    assert rules.format_rules == checker.format_rules
    assert rules.link_rules.require_https is False
    assert rules.link_rules.blocked == checker.link_rules.blocked
    assert rules.automaton is None
    assert rules.lexicon.terms == {}


@pytest.mark.django_db
def test_a_row_with_an_empty_font_keeps_the_platform_font():
    from review.models import SiteLexicon

    from .factories import make_site

    site, _ = make_site("tfont")
    SiteLexicon.objects.create(site=site, body_font="", max_title_length=12)
    rules = checks.site_rules_for(site, small_checker())
    assert rules.format_rules == FormatRules(font="宋体", title_max_length=12)


@pytest.mark.django_db
def test_check_text_with_a_site_given_as_site_profile_or_code():
    from review.models import SiteLexicon

    from .factories import make_site

    site, _ = make_site("tcode")
    SiteLexicon.objects.create(site=site, prohibited_terms="黑中介")
    text = "本店专业黑中介服务，价格优惠。"
    for given in (site, site.profile, "tcode"):
        assert seen(check_text(text, given), text) == [("prohibited", "block", "黑中介")]
    assert check_text(text) == []


@pytest.mark.django_db
def test_duplicate_titles_on_a_site_from_the_database():
    from .factories import make_site, publish_article

    site, column = make_site("tdup")
    item = publish_article(column, "渭滨区召开全区经济工作会议")
    html = "<h1>渭滨区召开全区经济工作会议</h1><p>会议指出……</p>"
    (finding,) = check_text(html, site)
    assert (finding.category, finding.match, finding.start) == ("duplicate_title", "渭滨区召开全区经济工作会议", 4)
    assert finding.message == "本站365天内已发布同名标题“渭滨区召开全区经济工作会议”，大标题不要重复"
    assert check_text(html, site, page_id=item.pk) == []  # the published page itself, edited
    assert check_text("<p>会议指出……</p>", site, title="渭滨区召开全区经济工作会议")[0].category == "duplicate_title"


@pytest.mark.parametrize(
    "names, text, found",
    [
        # abcd (a one-letter variant of xbcd) starts the correct name abcdbbbb: text inside a correct name is no
        # near miss, whether the name starts with it or ends with it (bbbb of ybbb)
        (["xbcd", "abcdbbbb"], "abcdbbbb", []),
        (["ybbb", "abcdbbbb"], "abcdbbbb", []),
        # nor when the correct name is also the anchor (first half) of a longer name
        (["xbcd", "abcdbbbb", "abcdbbbbdddddddd"], "abcdbbbb", []),
        # abcdb anchors both xbcdb (inside the correct name) and abcdbbbbcc (reaching past it): the second is
        # still verified after the first is passed over
        (["xbcdb", "abcdbbbb", "abcdbbbbcc"], "abcdbbbbzz", [letters_typo(0, "abcdbbbbzz", "abcdbbbbcc")]),
    ],
)
def test_text_inside_a_correct_name_is_passed_over_names_reaching_past_it_are_not(names, text, found):
    assert letters_checker(names).check(text) == found
