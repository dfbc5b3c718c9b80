"""secret_marking (000 第七条: 涉密信息不上网，上网信息不涉密; 002 第十条) at its edges: each form a marking takes
(GB/T 9704 7.2.2) is blocked at its exact span, prose about secrecy is not. Found by mutation testing of
review/checks/secret.py (issue 14)."""

import pytest

from review.checks import Checker, check_text
from review.checks.secret import SecretRules


@pytest.fixture(scope="module")
def platform():
    return Checker()


@pytest.fixture
def checker(platform):
    """The platform rules with the secret-marking rules built for each test, not check_text's copy built once per
    process: mutation testing forks after that copy exists, so only rules built here run a mutated
    SecretRules.__init__ (and mutmut maps a function only to the tests during which it ran)."""
    platform.secret = SecretRules()
    return platform


def secret(checker, text):
    out = []
    for f in checker.check(text):
        assert text[f.start : f.end] == f.match
        if f.category == "secret_marking":
            assert f.severity == "block"
            assert f.message == f"密级标志或不公开标注“{f.match}”：涉密信息不得上网，上网信息不得涉密"
            out.append(f.match)
    return out


@pytest.mark.parametrize(
    "text, match",
    [
        # GB/T 9704 7.2.2: 密级★保密期限
        ("秘密★1年\n关于开展检查的通知", "秘密★1年"),
        ("正文前 机密★10年 正文", "机密★10年"),
        ("绝密★长期", "绝密★长期"),
        ("抄送各处。秘密 ☆ 6个月", "秘密 ☆ 6个月"),
        ("机密＊三个月，", "机密＊三个月"),
        ("标注机密（★5年）的文件", "机密（★5年）"),
        ("标注机密(★)的文件", "机密(★)"),
        ("见秘密★。", "秘密★"),
        # a level alone on its line, beside the 紧急程度
        ("机密\n关于开展检查的通知", "机密"),
        ("特急　机密\n关于开展检查的通知", "机密"),
        ("关于开展检查的通知\n——绝密——", "绝密"),
        # said of the document itself
        ("本文件为机密，仅供传阅。", "本文件为机密"),
        ("此件属于绝密；", "此件属于绝密"),
        ("该件系秘密", "该件系秘密"),
        ("本通知是 “机密", "本通知是 “机密"),
        # 密级 fields
        ("密级：机密\n", "密级：机密"),
        ("密级 秘密★1年\n", "密级 秘密★1年"),
        ("密级: “绝密”", "密级: “绝密"),
        ("本件密级为秘密。", "本件密级为秘密"),
        ("此件 密级属 机密", "此件 密级属 机密"),
        # 国家秘密 said of the document, or alone
        ("本文件含有国家秘密，不得上网。", "本文件含有国家秘密"),
        ("此件内容涉及国家秘密", "此件内容涉及国家秘密"),
        ("国家秘密\n正文", "国家秘密"),
        # stamps
        ("内部资料，注意保存", "内部资料，注意保存"),
        ("内部资料 请勿外传。", "内部资料 请勿外传"),
        ("内部文件（严禁转发）", "内部文件（严禁转发）"),
        ("本刊为【内部资料】", "内部资料"),
        ("内部参考\n第3期", "内部参考"),
        ("本资料为内部资料", "本资料为内部资料"),
        # not-for-the-public fields and notes
        ("公开属性：不予公开", "不予公开"),
        ("公开方式 不公开", "不公开"),
        ("（此件不公开）", "此件不公开"),
        ("本信息不予公开。", "本信息不予公开"),
        ("【不公开】", "不公开"),
        ("不予公开\n", "不予公开"),
        # keeping stamps
        ("注意保密\n正文", "注意保密"),
        ("正文（请勿外传）", "请勿外传"),
        ("阅后收回", "阅后收回"),
    ],
)
def test_a_marking_in_each_of_its_forms_is_blocked_at_its_span(checker, text, match):
    assert secret(checker, text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        "揭开大自然的秘密。",
        "各单位要加强机密文件管理，严防泄密。",
        "坚持涉密不上网、上网不涉密，防止泄露国家秘密。",
        "机密文件\n正文",
        "这份报告涉及的机密数据已经删除，今后各单位务必按规定做好保密工作，防止泄露。机密",
        "定密工作要确定密级。",
        "文件的密级为机密，",
        "编印内部资料汇编工作已完成。",
        "经研究，决定不予公开。",
        "请大家注意保密工作。",
        "秘密（★1年",
        "本次会议不公开发言。",
        "各处内部参考资料要齐全。",
    ],
)
def test_prose_about_secrecy_is_no_marking(checker, text):
    assert secret(checker, text) == []


def test_a_stamp_and_a_keeping_phrase_apart_on_one_line_are_two_markings(checker):
    assert secret(checker, "内部资料·妥善保管\n") == ["内部资料", "妥善保管"]


def test_a_level_on_a_line_of_more_than_40_characters_is_prose(checker):
    line = "秘密" + "，" * 39
    assert secret(checker, line) == []
    assert secret(checker, "秘密" + "，" * 38) == ["秘密"]
    # the line break before the line is not part of it
    assert secret(checker, "\n秘密" + "，" * 38) == ["秘密"]
    # the 40 characters are the line's own, wherever it stands in the text
    title = "关于做好二〇二六年度全省政府网站和政务新媒体内容保障与安全管理工作的通知（征求意见稿）"
    assert len(title) > 40
    assert secret(checker, title + "\n机密\n正文") == ["机密"]


@pytest.mark.parametrize(
    "text, match",
    [
        # the line is the one the word stands on, not the first or the last of the text
        ("标题\n第一段\n机密\n正文", "机密"),
        ("通知标题\n内部参考\n第3期", "内部参考"),
        ("通知标题\n注意保密\n正文", "注意保密"),
        # keeping phrases after a stamp: full-width and other blanks between them
        ("内部资料\u3000请勿外传。", "内部资料\u3000请勿外传"),
        ("内部资料\t不得外传。", "内部资料\t不得外传"),
        # brackets with blanks, tabs, &nbsp; or markup between them and the word (the view blanks markup)
        ("本刊为【  内部资料  】，请注意。", "内部资料"),
        ("本刊为【\t内部资料\t】，请注意。", "内部资料"),
        ("<p>本刊为【<strong>内部资料</strong>】，请注意。</p>", "内部资料"),
        ("<p>本刊为【&nbsp;内部资料&nbsp;】，请注意。</p>", "内部资料"),
        ("<p>正文（<em>请勿外传</em>）</p>", "请勿外传"),
        ("（此件<b>不公开</b>）", "此件<b>不公开"),
        ("【内部资料】第3期", "内部资料"),
        # a 公开属性 field with markup between it and its value
        ('<p>公开属性：<span style="color:red">不予公开</span></p>', "不予公开"),
        ('<p>公开方式：<span class="value">不公开</span>，其余正文</p>', "不公开"),
        ("公开属性" + " " * 7 + "：不予公开", "不予公开"),
        # 不公开 in brackets inside a sentence, or alone on a line followed by others
        ("会议纪要【不公开】，其余正文照常。", "不公开"),
        ("不予公开\n关于开展检查的通知", "不予公开"),
        # 本件/此件 reaches 16 characters back in its clause: blanks between it and the level count
        ("本文件为" + " " * 12 + "机密", "本文件为" + " " * 12 + "机密"),
    ],
)
def test_a_marking_anywhere_in_a_longer_text_is_blocked_at_its_span(checker, text, match):
    assert secret(checker, text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        # a level with prose before it on its line, whatever lines follow
        "严防泄露机密\n正文",
        # a level with prose after it on its line, after an earlier line
        "通知\n机密文件管理办法",
        # 本件 more than 16 characters back is no longer said of the level
        "本文件为" + " " * 13 + "机密",
        # a bracket on one side only
        "（内部资料汇编",
        "内部资料）汇编",
        "请查阅相关内部资料",
        "【注意】内部资料请查阅",
        "目录（内部资料",
        "内部资料）见附件（",
        # the field must stand right before the value, blanks aside
        "公开属性：见下。不予公开",
        # 密级 named of the document without a level after it
        "本文件密级已解除，可以公开。",
    ],
)
def test_prose_in_a_longer_text_is_not_a_marking(checker, text):
    assert secret(checker, text) == []


def test_check_text_blocks_the_marking_too():
    """The per-process rules of check_text (what the editor runs) give the same finding."""
    [finding] = [f for f in check_text("密级：机密\n正文") if f.category == "secret_marking"]
    assert (finding.start, finding.end, finding.severity) == (0, 5, "block")


def test_every_kind_of_anchor_word_is_found_by_freshly_built_rules():
    """The words the shared scan looks for (SecretRules.anchors), built here: each kind leads to its marking."""
    checker = Checker()
    texts = {
        "机密★10年": "机密★10年",
        "密级：秘密": "密级：秘密",
        "本文件含有国家秘密。": "本文件含有国家秘密",
        "内部资料，注意保存": "内部资料，注意保存",
        "正文（请勿外传）": "请勿外传",
        "公开属性：不公开": "不公开",
    }
    for text, match in texts.items():
        assert secret(checker, text) == [match], text
