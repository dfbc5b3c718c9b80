"""review.checks.base and review.checks.lexicon: the Finding record and its labels, the data files
(read_lines, data_version), the lexicon (term lines, site lists, merging, patterns) and the term findings
with their context rules. Pure functions, no database (issue 14: each mutant runs these once)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from review.checks import base
from review.checks.base import (
    BLOCK,
    CATEGORIES,
    LEXICON_DIR,
    PROHIBITED,
    SENSITIVE,
    WARN,
    Finding,
    category_label,
    data_path,
    data_version,
    read_lines,
    severity_label,
)
from review.checks.lexicon import GAP_CHARS, ContextRules, Lexicon, Term, _alternation, parse_term_line, term_finding
from review.checks.normalize import Document

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# -- the Finding record and its labels --------------------------------------------------------------------------


def test_a_finding_as_a_dict_and_whether_it_blocks():
    finding = Finding(PROHIBITED, BLOCK, 2, 4, "冰毒", "违禁内容（毒品）：“冰毒”，不得发布")
    assert finding.as_dict() == {
        "category": "prohibited",
        "severity": "block",
        "start": 2,
        "end": 4,
        "match": "冰毒",
        "message": "违禁内容（毒品）：“冰毒”，不得发布",
    }
    assert finding.blocking
    assert not Finding(SENSITIVE, WARN, 0, 2, "台独", "…").blocking


@pytest.mark.parametrize(
    "category, label",
    [
        ("secret_marking", "密级标志"),
        ("prohibited", "违禁内容"),
        ("sensitive", "敏感内容"),
        ("personal_info", "个人信息"),
        ("severe_typo", "严重错误"),
        ("format", "格式"),
        ("duplicate_title", "标题重复"),
        ("link", "链接"),
        ("something_new", "something_new"),  # a category without a label is shown as it is
    ],
)
def test_category_labels(category, label):
    assert category_label(category) == label


def test_every_category_has_a_chinese_label():
    assert all(category_label(category) != category for category in CATEGORIES)


@pytest.mark.parametrize("severity, label", [("block", "禁止发布"), ("warn", "提醒")])
def test_severity_labels(severity, label):
    assert severity_label(severity) == label


def test_labels_on_first_use_look_up_the_django_settings(monkeypatch):
    # `_` finds the settings on its first call (bench and plain scripts call it without Django set up).
    monkeypatch.setattr(base, "_settings", None)
    assert category_label(PROHIBITED) == "违禁内容"
    assert base._settings is not None
    assert severity_label(BLOCK) == "禁止发布"


# -- data files ---------------------------------------------------------------------------------------------------


def test_data_paths_are_under_review_lexicons():
    assert LEXICON_DIR == PROJECT_ROOT / "review" / "lexicons"
    assert data_path("prohibited", "drugs.txt") == LEXICON_DIR / "prohibited" / "drugs.txt"


def test_read_lines_drops_blank_lines_and_comments(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text(
        "# 赌博类词语\n"
        "\n"
        "网络赌博\n"
        "   # 缩进的注释\n"
        "  六合彩  \n"
        "冰毒 # 毒品 # 第二个井号\n"
        "代开…发票\tunless: 税务 # 合法业务\n"
        "   \n",
        encoding="utf-8",
    )
    assert read_lines(path) == ["网络赌博", "六合彩", "冰毒", "代开…发票\tunless: 税务"]
    assert read_lines(str(path)) == ["网络赌博", "六合彩", "冰毒", "代开…发票\tunless: 税务"]


def test_read_lines_reads_utf8_whatever_the_locale(tmp_path):
    # The data files are UTF-8; a server whose locale is not (LC_ALL=C without UTF-8 mode) still reads them.
    path = tmp_path / "terms.txt"
    path.write_text("冰毒\n", encoding="utf-8")
    script = (
        "import sys; from review.checks.base import read_lines; "
        "sys.stdout.write('ok' if read_lines(sys.argv[1]) == ['\\u51b0\\u6bd2'] else 'wrong')"
    )
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONPATH=str(PROJECT_ROOT))
    result = subprocess.run(
        [sys.executable, "-X", "utf8=0", "-c", script, str(path)], cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=60
    )
    assert result.stdout == b"ok", result.stderr.decode("utf-8", "replace")[-2000:]


def test_data_version_changes_with_any_file_under_the_lexicon_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(base, "LEXICON_DIR", tmp_path)
    assert data_version() == (0, 0)
    (tmp_path / "prohibited").mkdir()
    assert data_version() == (0, 0)  # folders do not count
    first = tmp_path / "allowed.txt"
    first.write_text("禁毒宣传\n", encoding="utf-8")
    os.utime(first, ns=(5_000_000_000, 5_000_000_000))
    assert data_version() == (5_000_000_000, 1)
    second = tmp_path / "prohibited" / "drugs.txt"
    second.write_text("冰毒\n", encoding="utf-8")
    os.utime(second, ns=(3_000_000_000, 3_000_000_000))
    assert data_version() == (5_000_000_000, 2)  # the newest file, and how many there are
    os.utime(second, ns=(9_000_000_000, 9_000_000_000))
    assert data_version() == (9_000_000_000, 2)
    third = tmp_path / "prohibited" / "gambling.txt"
    third.write_text("六合彩\n", encoding="utf-8")
    os.utime(third, ns=(1_000_000_000, 1_000_000_000))
    assert data_version() == (9_000_000_000, 3)
    second.unlink()
    assert data_version() == (5_000_000_000, 2)


# -- term lines ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("冰毒", Term("冰毒", PROHIBITED, "drugs")),
        ("Ｋ 粉", Term("k粉", PROHIBITED, "drugs")),  # folded and squeezed like the text
        ("代开发票\tunless: 税务 纳税人", Term("代开发票", PROHIBITED, "drugs", ("税务", "纳税人"))),
        ("代开发票\tunless:  税务  納稅人 ", Term("代开发票", PROHIBITED, "drugs", ("税务", "纳税人"))),
        ("代开…发票", Term("代开", PROHIBITED, "drugs", (), "发票")),
        ("代开…發 票\tunless: 税务", Term("代开", PROHIBITED, "drugs", ("税务",), "发票")),
        ("冰毒\t毒品", Term("冰毒", PROHIBITED, "drugs")),  # a tail that is not `unless:` is ignored
        ("…发票", None),
        ("  ", None),
        ("", None),
    ],
)
def test_parse_term_line(line, expected):
    assert parse_term_line(line, PROHIBITED, "drugs") == expected


# -- the lexicon ---------------------------------------------------------------------------------------------------


def test_a_term_listed_as_prohibited_anywhere_stays_prohibited():
    sensitive = Term("上访", SENSITIVE, "public_order")
    prohibited = Term("上访", PROHIBITED, "site")
    other = Term("上访", PROHIBITED, "fraud")
    assert Lexicon([sensitive, prohibited]).terms == {"上访": prohibited}
    assert Lexicon([prohibited, sensitive]).terms == {"上访": prohibited}
    assert Lexicon([prohibited, other]).terms == {"上访": prohibited}  # the first listing wins
    assert Lexicon([sensitive, Term("上访", SENSITIVE, "site")]).terms == {"上访": sensitive}


def test_gapped_terms_are_kept_apart_by_their_first_part():
    a = Term("代开", PROHIBITED, "fake_documents", (), "发票")
    b = Term("代开", PROHIBITED, "fake_documents", (), "证件")
    plain = Term("代开", SENSITIVE, "site")
    lexicon = Lexicon([a, b, plain], ["税务机关代开发票", ""])
    assert lexicon.gapped == {"代开": [a, b]}
    assert lexicon.terms == {"代开": plain}
    assert lexicon.allowed == {"税务机关代开发票"}
    assert lexicon.all_terms() == [plain, a, b]
    assert lexicon.patterns() == [
        ("代开", ("term", plain)),
        ("代开", ("term", a)),
        ("代开", ("term", b)),
        ("税务机关代开发票", ("allow", "税务机关代开发票")),
    ]


def test_an_empty_lexicon():
    lexicon = Lexicon()
    assert (lexicon.terms, lexicon.gapped, lexicon.allowed, lexicon.all_terms(), lexicon.patterns()) == ({}, {}, set(), [], [])


def test_the_platform_lexicon_reads_the_data_files():
    lexicon = Lexicon.platform()
    assert lexicon.terms["冰毒"] == Term("冰毒", PROHIBITED, "drugs")
    assert lexicon.terms["群体性事件"] == Term("群体性事件", SENSITIVE, "public_order")
    assert lexicon.terms["代开发票"].unless[:2] == ("税务", "纳税人")
    assert Term("代开", PROHIBITED, "fake_documents", lexicon.terms["代开发票"].unless, "发票") in lexicon.gapped["代开"]
    assert {"税务机关代开发票", "禁毒宣传", "反邪教"} <= lexicon.allowed
    kinds = {term.kind for term in lexicon.all_terms()}
    assert {"drugs", "gambling", "fake_documents", "fraud", "pornography", "illegal_ads"} <= kinds
    assert {"public_order", "emergencies"} <= kinds
    assert {term.category for term in lexicon.all_terms()} == {PROHIBITED, SENSITIVE}
    assert not any(text.startswith("#") for text in lexicon.terms)
    extra = Term("天价月饼", PROHIBITED, "illegal_ads")
    assert Lexicon.platform([extra]).terms["天价月饼"] == extra
    assert "天价月饼" not in lexicon.terms


def test_a_sites_lists_as_typed_in_the_admin():
    lexicon = Lexicon.from_text(
        "# 本站禁用\n赌球\n代 售\t unless: 门票 # 演出门票可以\n\n",
        "集体上访 # 信访\n",
        "足球彩票 # 合法\n\n# 说明\n",
    )
    assert lexicon.terms == {
        "赌球": Term("赌球", PROHIBITED, "site"),
        "代售": Term("代售", PROHIBITED, "site", ("门票",)),
        "集体上访": Term("集体上访", SENSITIVE, "site"),
    }
    assert lexicon.allowed == {"足球彩票"}


@pytest.mark.parametrize(
    "kwargs, terms, allowed",
    [
        ({}, {}, set()),
        ({"prohibited": "赌球"}, {"赌球": Term("赌球", PROHIBITED, "site")}, set()),
        ({"sensitive": "上访"}, {"上访": Term("上访", SENSITIVE, "site")}, set()),
        ({"allowed": "足球彩票"}, {}, {"足球彩票"}),
        ({"prohibited": None, "sensitive": None, "allowed": None}, {}, set()),
        ({"prohibited": "a # b # c"}, {"a": Term("a", PROHIBITED, "site")}, set()),
        ({"prohibited": "#赌球"}, {}, set()),
    ],
)
def test_a_sites_lists_default_to_empty(kwargs, terms, allowed):
    lexicon = Lexicon.from_text(**kwargs)
    assert (lexicon.terms, lexicon.gapped, lexicon.allowed) == (terms, {}, allowed)


def test_a_sites_lexicon_merged_with_its_parents():
    parent = Lexicon.from_text("赌球\n出售…门票", "上访", "足球彩票")
    child = Lexicon.from_text("", "赌球\n集会", "体育彩票")
    merged = parent.merged(child)
    assert merged.terms == {
        "赌球": Term("赌球", PROHIBITED, "site"),
        "上访": Term("上访", SENSITIVE, "site"),
        "集会": Term("集会", SENSITIVE, "site"),
    }
    assert merged.gapped == {"出售": [Term("出售", PROHIBITED, "site", (), "门票")]}
    assert merged.allowed == {"足球彩票", "体育彩票"}
    # merging does not change either side
    assert set(parent.terms) == {"赌球", "上访"} and child.allowed == {"体育彩票"}


# -- context words ---------------------------------------------------------------------------------------------------


def test_alternation_prefers_the_longest_word():
    regex = _alternation(["打击", "打击整治", "", "  ", "ＱＱＱ", "打击"])
    assert regex.pattern == "打击整治|qqq|打击"
    assert regex.search("开展打击整治行动").group(0) == "打击整治"
    assert regex.search("加qqq联系").group(0) == "qqq"


@pytest.mark.parametrize(
    "rest, reported",
    [
        ("公安机关破获网络\x00案件", True),
        ("谨防刷单返利\x00", True),
        ("严厉打击\x00，价格优惠", False),  # a report that also advertises is an advertisement
        ("出售\x00，货到付款", False),
        ("出售\x00", False),
    ],
)
def test_a_sentence_that_reports_and_does_not_advertise(rest, reported):
    assert ContextRules().reported(rest) is reported


# -- term findings -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context():
    return ContextRules()


def finding_for(text, term, context, at=None):
    doc = Document(text)
    start = doc.norm.find(term.text) if at is None else at
    assert start >= 0
    return term_finding(doc, context, term, start, start + len(term.text))


DRUG = Term("冰毒", PROHIBITED, "drugs")
UNREST = Term("群体性事件", SENSITIVE, "public_order")


def test_a_prohibited_term_blocks_with_its_kind(context):
    assert finding_for("出售冰毒，货到付款。", DRUG, context) == Finding(
        PROHIBITED, BLOCK, 2, 4, "冰毒", "违禁内容（毒品）：“冰毒”，不得发布"
    )


def test_a_sensitive_term_warns_and_asks_for_the_higher_review(context):
    assert finding_for("某镇发生一起群体性事件。", UNREST, context) == Finding(
        SENSITIVE, WARN, 6, 11, "群体性事件", "敏感内容（社会稳定与国家安全）：“群体性事件”，请按敏感信息提级审核"
    )


def test_a_sensitive_term_is_reported_even_in_a_reporting_sentence(context):
    # the reporting words clear only prohibited terms: a crackdown on 群体性事件 is still 敏感
    finding = finding_for("依法打击群体性事件中的违法行为。", UNREST, context)
    assert (finding.category, finding.match) == (SENSITIVE, "群体性事件")


@pytest.mark.parametrize(
    "kind, label",
    [("site", "本站词库"), ("gambling", "赌博"), ("listed", "禁止链接名单"), ("new_kind", "new_kind")],
)
def test_the_message_names_the_kind(context, kind, label):
    finding = finding_for("出售冰毒", Term("冰毒", PROHIBITED, kind), context)
    assert finding.message == f"违禁内容（{label}）：“冰毒”，不得发布"


def test_the_match_and_offsets_are_those_of_the_text_as_given(context):
    text = "<p>出售冰 * 毒，货到付款</p>"
    finding = finding_for(text, DRUG, context)
    assert (finding.start, finding.end, finding.match) == (5, 10, "冰 * 毒")
    assert text[finding.start : finding.end] == finding.match
    assert finding.message == "违禁内容（毒品）：“冰 * 毒”，不得发布"


def test_a_term_across_a_word_edge_is_not_reported(context):
    independence = Term("台独", SENSITIVE, "public_order")
    assert finding_for("平台独立运营", independence, context) is None
    assert finding_for("坚决反对台独分裂行径", independence, context).match == "台独"


@pytest.mark.parametrize(
    "text, reported",
    [
        ("公安机关破获网络冰毒案件3起。", False),
        ("谨防冰毒危害。", False),
        ("严厉打击违法犯罪。出售冰毒，货到付款。", True),  # the reporting word is in another sentence
        ("出售冰毒，货到付款。严厉打击违法犯罪。", True),
        ("打击冰毒？出售冰毒，价格优惠。", True),
        ("严厉打击冰毒，价格优惠。", True),  # reported and advertised: an advertisement
        ("冰毒", True),
    ],
)
def test_prohibited_terms_in_reporting_sentences(context, text, reported):
    finding = finding_for(text, DRUG, context, at=text.rfind("冰毒"))
    assert (finding is not None) is reported


INVOICE = Term("代开发票", PROHIBITED, "fake_documents", ("税务", "纳税人"))


@pytest.mark.parametrize(
    "text, reported",
    [
        ("专业代开发票，欢迎来电。", True),
        ("纳税人可到税务机关申请代开发票。", False),
        ("可以代开发票。纳税人请到办税大厅。", True),  # the unless word in another sentence
        ("纳税人请到办税大厅；可以代开发票", True),
        ("请注意。代开发票请找纳税人服务", False),  # the term in the second sentence, the word after it
    ],
)
def test_unless_words_in_the_sentence_clear_a_term(context, text, reported):
    assert (finding_for(text, INVOICE, context) is not None) is reported


def test_an_unless_word_that_is_part_of_the_term_itself_does_not_clear_it(context):
    term = Term("税务代理", PROHIBITED, "fraud", ("税务",))
    assert finding_for("专业税务代理，欢迎来电", term, context).match == "税务代理"
    assert finding_for("税务局：专业税务代理，欢迎来电", term, context) is None
    assert finding_for("欢迎来电。专业税务代理", term, context).match == "税务代理"  # in the second sentence
    # the text around the term is joined with a stop: 代 + 理 at its two sides do not make 代理
    joined = Term("冰毒", PROHIBITED, "drugs", ("代理",))
    assert finding_for("代冰毒理", joined, context).match == "冰毒"


GAPPED = Term("代开", PROHIBITED, "fake_documents", ("税务",), "发票")


@pytest.mark.parametrize(
    "text, match",
    [
        # 代|开发|票: the first part crosses a word edge (the plain term 代开发票 finds this one)
        ("专业代开发票，欢迎来电", None),
        ("专业代开各种发票，欢迎来电", "代开各种发票"),
        ("专业代开增值税专用发票", "代开增值税专用发票"),  # six characters between the parts
        ("专业代开增值税专用普通发票", None),  # seven are too many
        ("专业代开，各种发票", None),  # punctuation between the parts
        ("专业代开各种(发票", None),
        ("专业代开 各种 发票", "代开 各种 发票"),  # separators are not in norm
        ("专业代开", None),
        ("代开各种发票。代开发票", "代开各种发票"),
        ("可以代开发票，请到税务局", None),  # the unless word, as for a plain term
        ("发票丢失？代开各种发票", "代开各种发票"),  # the second part is looked for after the first
        ("代开各种发票和发票", "代开各种发票"),  # the nearest second part
        ("我代开", None),
    ],
)
def test_a_gapped_term_finds_its_second_part_within_six_characters(context, text, match):
    assert GAP_CHARS == 6
    finding = finding_for(text, GAPPED, context)
    assert (finding.match if finding else None) == match
    if finding:
        assert text[finding.start : finding.end] == match
        assert finding.message == f"违禁内容（假发票、假证件）：“{match}”，不得发布"


def test_a_gapped_term_near_the_end_of_the_text(context):
    term = Term("出售", PROHIBITED, "illegal_ads", (), "枪支")
    assert finding_for("出售仿真枪支", term, context).match == "出售仿真枪支"
    assert finding_for("出售仿真枪", term, context) is None
    assert finding_for("出售枪支", term, context).match == "出售枪支"
    assert finding_for("出售枪", term, context) is None
    # the second part runs across a word edge: 仿真枪|支架 holds no 枪支
    assert finding_for("出售仿真枪支架", term, context) is None
