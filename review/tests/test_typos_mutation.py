"""severe_typo (国办秘函〔2019〕19号 单项否决: 严重表述错误; 003 第十六条: 内容表述是否规范、准确) at its edges:
which readings count as the same sound, which near misses of a canonical name are reported and where, what the
editor is told, and how the lexicon files are read. Found by mutation testing of review/checks/typos.py (issue 14)."""

import pytest

from review.checks import Checker, base
from review.checks.lexicon import Lexicon
from review.checks.normalize import Document
from review.checks.typos import (
    Name,
    TypoRules,
    _fuzzy_readings,
    _load_names,
    _load_pairs,
    _reading,
    _sound_index,
    _toneless,
    name_finding,
    pair_finding,
)


def name_message(match, right):
    return f"“{match}”疑为“{right}”的错误写法（严重表述错误）"


def pair_message(match, right):
    return f"错别字：“{match}”应为“{right}”"


def typos(checker, text):
    return [
        (f.severity, f.start, f.end, f.match, f.message)
        for f in checker.check(text)
        if f.category == "severe_typo"
    ]


def small_rules(names, similar_groups=(), political_context=(), pairs=None):
    return TypoRules(
        names=list(names), pairs=dict(pairs or {}), similar_groups=list(similar_groups),
        political_context=list(political_context),
    )


def checker_for(rules):
    # Only the typo rules: no prohibited terms from the platform lexicon.
    return Checker(lexicon=Lexicon(), typo_rules=rules)


@pytest.fixture(scope="module")
def platform():
    """The platform's names, 错别字 pairs and similar characters (review/lexicons/)."""
    return checker_for(TypoRules())


# -- readings: the sound an input method types ------------------------------------------------------------


@pytest.mark.parametrize(
    "reading, toneless",
    [("zhōng", "zhong"), ("xí", "xi"), ("jìn", "jin"), ("píng", "ping"), ("lǜ", "lv"), ("nǚ", "nv"), ("lüè", "lve"), ("lü", "lv")],
)
def test_a_reading_without_its_tone_marks(reading, toneless):
    assert _toneless(reading) == toneless


@pytest.mark.parametrize(
    "reading, confused",
    [
        # 平翘舌: z/zh, c/ch, s/sh, both ways; with 前后鼻音 on the result too
        ("zhang", {"zhang", "zang", "zhan", "zan"}),
        ("zang", {"zang", "zhang", "zan", "zhan"}),
        ("chen", {"chen", "cen", "cheng", "ceng"}),
        ("ci", {"ci", "chi"}),
        ("shi", {"shi", "si"}),
        ("si", {"si", "shi"}),
        # n/l, both ways
        ("nan", {"nan", "lan", "nang", "lang"}),
        ("lu", {"lu", "nu"}),
        ("la", {"la", "na"}),
        # a reading that is only "n" (嗯) has no n/l partner, only its nasal ending
        ("n", {"n", "ng"}),
        # 前后鼻音: in/ing, en/eng
        ("ming", {"ming", "min"}),
        ("xin", {"xin", "xing"}),
        ("ba", {"ba"}),
    ],
)
def test_fuzzy_readings_are_the_usual_input_method_confusions(reading, confused):
    assert _fuzzy_readings(reading) == confused


@pytest.mark.parametrize(
    "char, reading",
    [
        ("中", "zhong"),  # a common character: its default reading
        ("镕", "rong"),  # outside the 3,755 common characters (朱镕基): read from pypinyin directly
        ("伽", "ga"),  # uncommon with several readings (gā,jiā,qié): the first one
        ("a", None),  # no reading at all
        ("，", None),
    ],
)
def test_the_reading_of_a_character(char, reading):
    assert _reading(char) == reading


def test_an_uncommon_character_of_a_name_is_matched_by_its_sound():
    # 朱镕基: 镕 is no common character, but 荣 (rong) typed for it is a near miss.
    assert _reading("镕") in _sound_index()[1] and "荣" in TypoRules().similar("镕")


def test_u_umlaut_syllables_do_not_sound_like_u_syllables():
    # 绿 lǜ / 路 lù, 女 nǚ / 努 nǔ: different readings, so neither is offered for the other.
    assert (_reading("绿"), _reading("路"), _reading("女")) == ("lv", "lu", "nv")
    rules = small_rules([])
    assert "路" not in rules.similar("绿") and "绿" not in rules.similar("路")
    assert "吕" in rules.similar("绿") and "努" not in rules.similar("女")


# -- similar characters -----------------------------------------------------------------------------------


def test_similar_characters_are_same_sound_and_same_shape_but_not_the_character_itself():
    rules = small_rules([], similar_groups=["己已巳"])
    similar = rules.similar("己")
    assert {"已", "巳"} <= similar  # similar_chars.txt group
    assert {"几", "机", "记"} <= similar  # same toneless reading ji
    assert "己" not in similar
    assert "京" not in similar  # jing: a fuzzy reading only


def test_fuzzy_similarity_adds_the_confused_readings_only_when_asked():
    rules = small_rules([])
    assert "星" not in rules.similar("信")  # xing for xin: not without fuzzy
    assert {"星", "行", "新"} <= rules.similar("信", fuzzy=True)
    # shuang → suang does not exist among the common characters; shuan does
    assert {"霜", "爽", "拴", "酸"} <= rules.similar("双", fuzzy=True)


def test_a_character_without_a_reading_is_similar_by_shape_only():
    rules = small_rules([], similar_groups=["0o"])
    assert rules.similar("o", fuzzy=True) == frozenset("0")
    assert rules.similar("0") == frozenset("o")
    assert rules.similar("x", fuzzy=True) == frozenset()


def test_similar_characters_are_computed_once_per_character_and_fuzziness():
    rules = small_rules([])
    first = rules.similar("信")
    assert rules.similar("信") is first
    assert rules.similar("信", fuzzy=True) is rules.similar("信", fuzzy=True)
    assert rules.similar("信", fuzzy=True) != first


@pytest.mark.parametrize("length, allowed", [(3, 1), (6, 1), (7, 2), (8, 2), (15, 2)])
def test_names_of_seven_characters_or_more_may_have_two_replacements(length, allowed):
    assert TypoRules.allowed_replacements(length) == allowed


# -- automaton patterns -----------------------------------------------------------------------------------


def test_patterns_of_a_name_are_the_name_its_one_character_variants_and_its_swaps():
    rules = small_rules([Name("un", False), Name("wto", False), Name("wwf", False)], similar_groups=["o0"])
    near = ("near", (1, 0))
    assert sorted(rules.patterns()) == sorted(
        [
            ("un", ("canon", 0)),  # two characters: the name alone
            ("wto", ("canon", 1)),
            ("wt0", near),
            ("two", near),
            ("wot", near),
            ("wwf", ("canon", 2)),
            ("wfw", ("near", (2, 0))),  # equal neighbours are not swapped
        ]
    )


def test_patterns_of_a_long_name_add_its_halves_and_the_variants_of_its_first_half():
    rules = small_rules([Name("olympic", False)], similar_groups=["o0", "l1"])
    near = ("near", (0, 0))
    assert sorted(rules.patterns()) == sorted(
        [
            ("olympic", ("canon", 0)),
            ("0lympic", near),
            ("o1ympic", near),
            ("loympic", near),
            ("oylmpic", near),
            ("olmypic", near),
            ("olypmic", near),
            ("olymipc", near),
            ("olympci", near),
            ("oly", near),  # first half
            ("mpic", ("near", (0, 3))),  # second half: the window starts three characters before
            ("0ly", near),
            ("o1y", near),
        ]
    )


def test_pairs_are_patterns_with_their_right_form():
    rules = small_rules([], pairs={"布署": "部署"})
    assert rules.patterns() == [("布署", ("pair", "部署"))]


def test_fuzzy_variants_from_four_characters_on_and_for_the_first_half_of_a_long_name():
    rules = small_rules([Name("习近平", True), Name("四个自信", False), Name("中华人民共和国", False)])
    patterns = dict(rules.patterns())
    assert patterns["习进平"] == ("near", (0, 0))  # same reading jin
    assert "习京平" not in patterns  # jing: a three-character name is not matched fuzzily
    assert patterns["四个自星"] == ("near", (1, 0))  # xing for xin
    assert patterns["中华仍"] == ("near", (2, 0))  # reng for ren, in the first half


# -- near misses as the editor sees them --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, match, right",
    [
        # 中 and 人 both replaced: only the intact second half 民共和国 anchors the window three characters back
        ("钟华仁民共和国", 0, "钟华仁民共和国", "中华人民共和国"),
        ("我爱钟华仁民共和国", 2, "钟华仁民共和国", "中华人民共和国"),
        # one replacement in each half, the first a fuzzy reading (reng for ren)
        ("中华仍民共合国", 0, "中华仍民共合国", "中华人民共和国"),
        # a four-character formulation is matched with fuzzy readings (xing for xin)
        ("坚定四个自星", 2, "四个自星", "四个自信"),
        # 总 (zong) mistyped right after the person's name: the whole titled form is reported
        ("学习习近平综书记重要讲话", 2, "习近平综书记", "习近平总书记"),
        # the person's name inside a titled form: only the name is reported
        ("认真学习席近平总书记讲话", 4, "席近平", "习近平"),
        ("国务院总理李墙", 5, "李墙", "李强"),
        ("会见国务院总理李墙", 7, "李墙", "李强"),
        # 朱镕基: an uncommon character mistyped by its sound
        ("朱荣基总理", 0, "朱荣基", "朱镕基"),
    ],
)
def test_near_misses_of_canonical_names_block_with_the_right_form(platform, text, start, match, right):
    assert typos(platform, text) == [("block", start, start + len(match), match, name_message(match, right))]


def test_a_longer_person_name_in_a_titled_form_wins_over_a_shorter_one():
    # 丁薛祥 and (say) a two-character 薛祥 both end 国务院副总理丁薛祥: the mistyped name is the longer one.
    rules = small_rules([Name("薛祥", True), Name("丁薛祥", True), Name("国务院副总理丁薛祥", False)])
    text = "会见国务院副总理丁薛翔"
    assert typos(checker_for(rules), text) == [("block", 8, 11, "丁薛翔", name_message("丁薛翔", "丁薛祥"))]


def test_a_window_that_is_itself_another_canonical_name_is_no_near_miss():
    # 监察委员会 and 检察委员会 are both real bodies and sound the same (jian).
    rules = small_rules([Name("监察委员会", False), Name("检察委员会", False)])
    assert typos(checker_for(rules), "检察委员会") == []
    assert typos(checker_for(rules), "监察委员会") == []
    doc = Document("检察委员会")
    assert rules.near_miss(doc, 0, 0, 0) is None


def test_near_miss_verifies_the_window_the_anchor_points_back_to():
    rules = small_rules([Name("中华人民共和国", False)])
    doc = Document("我爱钟华仁民共和国")
    # the anchor 民共和国 is at 5, three characters into the name: the window starts at 2
    assert rules.near_miss(doc, 5, 0, 3) == (2, 9, "中华人民共和国")


# -- person names need a political sentence -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        # 主席 here is 主 + the mistyped 席 of the name: the name's own characters are no political context
        ("天气很好。主席近平", []),
        # the context word after the name, in a sentence that is not the first
        ("天气很好。席近平强调", [("block", 5, 8, "席近平", name_message("席近平", "习近平"))]),
        ("天气很好。学习席近平", [("block", 7, 10, "席近平", name_message("席近平", "习近平"))]),
        ("主席说过。席近平同学", []),  # the context word is in another sentence
    ],
)
def test_a_mistyped_person_name_counts_only_with_a_political_word_beside_it(platform, text, found):
    assert typos(platform, text) == found


def test_no_political_context_means_no_person_name_is_reported():
    rules = small_rules([Name("习近平", True)])
    assert typos(checker_for(rules), "席近平强调") == []
    rules = small_rules([Name("习近平", True)], political_context=["强调"])
    assert typos(checker_for(rules), "席近平强调") == [("block", 0, 3, "席近平", name_message("席近平", "习近平"))]


# -- the findings ---------------------------------------------------------------------------------------------


def test_name_finding_names_the_text_as_written_and_the_right_form():
    doc = Document("学习中国共 产当章程")
    finding = name_finding(doc, (2, 7, "中国共产党"))
    assert (finding.category, finding.severity, finding.start, finding.end, finding.match, finding.message) == (
        "severe_typo", "block", 2, 8, "中国共 产当", name_message("中国共 产当", "中国共产党"),
    )


def test_pair_finding_warns_with_the_right_form():
    doc = Document("认真布署工作")
    finding = pair_finding(doc, (2, 4), "部署")
    assert (finding.category, finding.severity, finding.start, finding.end, finding.match, finding.message) == (
        "severe_typo", "warn", 2, 4, "布署", pair_message("布署", "部署"),
    )


def test_a_common_typo_warns_unless_written_in_traditional_characters(platform):
    assert typos(platform, "认真布署") == [("warn", 2, 4, "布署", pair_message("布署", "部署"))]
    assert typos(platform, "请输入帳號") == []  # 帳號 is right in traditional writing


# -- the lexicon files -------------------------------------------------------------------------------------------


def test_the_platform_lexicon_files_are_read():
    rules = TypoRules()
    assert {"中国共产党", "中华人民共和国", "习近平总书记"} <= rules.name_set
    assert Name("习近平", True) in rules.names and Name("中国共产党", False) in rules.names
    assert {"总书记", "主席", "学习"} <= set(rules.political_context)
    assert rules.pairs["布署"] == "部署"
    assert {"已", "巳"} <= rules.similar("己") and "末" in rules.similar("未")


@pytest.fixture
def lexicon_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "LEXICON_DIR", tmp_path)
    (tmp_path / "similar_chars.txt").write_text("# 形近字\n己已巳\n", encoding="utf-8")
    (tmp_path / "typo_pairs.txt").write_text("# wrong right\n布署 部署\n以经 已经 常见\n", encoding="utf-8")
    (tmp_path / "canonical_names.txt").write_text(
        "# names\n"
        "中国 共产党\n"  # spaced out: squeezed
        "习近平\tperson\n"
        "political_context:总书记 讲话:重要 主席\n"  # no space after the first colon; a word holding a colon
        "邓小平理论\n",  # a name after the context line
        encoding="utf-8",
    )
    return tmp_path


def test_canonical_names_file_names_person_flags_and_the_political_context(lexicon_dir):
    names, context = _load_names()
    assert names == [Name("中国共产党", False), Name("习近平", True), Name("邓小平理论", False)]
    assert context == ["总书记", "讲话:重要", "主席"]


def test_typo_pairs_file_wrong_and_right_with_a_note_after_them(lexicon_dir):
    assert _load_pairs() == {"布署": "部署", "以经": "已经"}


def test_rules_built_from_the_files(lexicon_dir):
    rules = TypoRules()
    assert rules.name_set == {"中国共产党", "习近平", "邓小平理论"}
    assert rules.political_context == ("总书记", "讲话:重要", "主席")
    assert rules.pairs == {"布署": "部署", "以经": "已经"}
    assert "已" in rules.similar("己")
    checker = checker_for(rules)
    assert typos(checker, "席近平总书记") == [("block", 0, 3, "席近平", name_message("席近平", "习近平"))]
    assert typos(checker, "以经完成") == [("warn", 0, 2, "以经", pair_message("以经", "已经"))]
