"""secret_marking (000 第七条: 涉密信息不上网，上网信息不涉密; 002 第十条) at its edges: each form a marking takes
(GB/T 9704 7.2.2) is blocked at its exact span, prose about secrecy is not. Found by mutation testing of
review/checks/secret.py (issue 14)."""

import pytest

from review.checks import check_text


def secret(text):
    out = []
    for f in check_text(text):
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
def test_each_form_of_a_marking_is_blocked_at_its_span(text, match):
    assert secret(text) == [match]


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
def test_prose_about_secrecy_is_not_a_marking(text):
    assert secret(text) == []


def test_a_stamp_and_a_keeping_phrase_apart_on_one_line_are_both_marked():
    assert secret("内部资料·妥善保管\n") == ["内部资料", "妥善保管"]


def test_a_long_line_around_a_level_is_prose():
    line = "秘密" + "，" * 39
    assert secret(line) == []
    assert secret("秘密" + "，" * 38) == ["秘密"]
