"""check_text as the publishing flow, inspection and message screening see it: categories, severities,
offsets that slice back to the match in the text as given, Chinese messages."""

import shutil

import pytest

from review import checks
from review.checks import check_text, has_blocking, suggested_tier
from review.checks.personal import uscc_valid


def found(text, **kwargs):
    findings = check_text(text, **kwargs)
    for f in findings:
        assert text[f.start : f.end] == f.match, f
        assert f.severity in ("block", "warn") and f.message
    return [(f.category, f.severity, f.match) for f in findings]


# -- normalisation: the lexicon sees through spacing, symbols, markup, traditional and full-width forms ----


@pytest.mark.parametrize(
    "text, match",
    [
        ("专业代 开 发 票请联系", "代 开 发 票"),
        ("专业代　开　发　票", "代　开　发　票"),  # ideographic spaces
        ("长期代開發票", "代開發票"),
        ("代-开-发-票", "代-开-发-票"),
        ("代·开·发·票", "代·开·发·票"),
        ("代\u200b开发\u200d票", "代\u200b开发\u200d票"),
        ("代，开，发，票", "代，开，发，票"),
        ("<p>代<span>开</span>发票</p>", "代<span>开</span>发票"),
        ("<p>代&#24320;发票</p>", "代&#24320;发票"),
        ("出售ｋ粉", "ｋ粉"),
        ("出售K 粉", "K 粉"),
    ],
)
def test_prohibited_terms_are_found_through_obfuscation_with_exact_offsets(text, match):
    assert found(text) == [("prohibited", "block", match)]


def test_punctuation_between_words_does_not_join_them():
    # Sentence punctuation is kept: 发展彩票 is not 六合彩 and 安全、稳定、发展 joins nothing.
    assert found("加强安全、稳定、发展工作，推动公益彩票健康发展。") == []
    assert found("政府网站发布信息，票据由财务统一管理；代开展工作。") == []


def test_markup_is_not_content():
    html = '<p title="代开发票"><script>var a="冰毒";</script><style>.x{}</style><!-- 六合彩 -->正文</p>'
    assert found(html) == []


# -- prohibited vs reporting ------------------------------------------------------------------------------


def test_reporting_and_warning_sentences_are_not_blocked_but_ads_are():
    assert found("公安机关破获网络赌博案件3起。") == []
    assert found("谨防刷单返利诈骗。") == []
    assert found("网络赌博平台，稳赚不赔，欢迎来电咨询。")[0] == ("prohibited", "block", "网络赌博")
    # A reporting word in another sentence does not clear an advertisement.
    assert found("严厉打击违法犯罪。出售冰毒，货到付款。") == [("prohibited", "block", "冰毒")]


def test_word_boundaries():
    assert found("平台独立运营，香港独特魅力，支援交通建设。") == []
    assert found("坚决反对台独分裂行径") == [("sensitive", "warn", "台独")]


def test_sensitive_raises_the_tier_without_blocking():
    findings = check_text("某镇发生一起群体性事件。")
    assert not has_blocking(findings)
    assert suggested_tier(findings) == "sensitive"
    assert suggested_tier(check_text("今天召开全区经济工作会议。")) == "general"


# -- personal information -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, match, masked",
    [
        ("身份证号：130102198001010029", "130102198001010029", "130102********0029"),
        ("手机：13812345678", "13812345678", "138****5678"),
        ("银行卡号：6222021234567890128", "6222021234567890128", "6222 **** **** 0128"),
        ("护照号码：E12345678", "E12345678", "E1****678"),
    ],
)
def test_personal_information_is_blocked_with_the_masked_form_offered(text, match, masked):
    (finding,) = check_text(text)
    assert (finding.category, finding.severity, finding.match) == ("personal_info", "block", match)
    assert masked in finding.message


def test_uscc_check_character():
    assert uscc_valid("91130100MA07ABCD1J")
    assert not uscc_valid("91130100MA07ABCD1K")
    assert not uscc_valid("91130100MA07ABCD1")  # 17 characters
    assert not uscc_valid("91130100MA07ABCDIJ")  # I is not a GB 32100 character
    assert found("统一社会信用代码：91130100MA07ABCD1J，身份证号：130102********0029") == []


def test_a_valid_credit_code_near_its_label_is_not_a_person_but_an_id_number_there_is():
    # 130102198001010096 holds both check characters (GB 32100 and GB 11643): next to 信用代码 it is the code.
    assert found("信用代码（已核验）：130102198001010096") == []
    # The word 信用代码 does not hide a 身份证号 whose check character is not GB 32100's.
    assert found("统一社会信用代码及法人身份证号：130102198001010029") == [
        ("personal_info", "block", "130102198001010029")
    ]


# -- severe typos -------------------------------------------------------------------------------------------


def test_canonical_names_block_and_common_typos_warn():
    assert found("中国共产当") == [("severe_typo", "block", "中国共产当")]
    assert found("认真布署") == [("severe_typo", "warn", "布署")]
    message = check_text("中国共产当")[0].message
    assert "中国共产党" in message


def test_correct_political_text_has_no_findings():
    text = (
        "高举中国特色社会主义伟大旗帜，全面贯彻习近平新时代中国特色社会主义思想，深刻领悟“两个确立”的决定性意义，"
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”，坚持以马克思列宁主义、毛泽东思想、邓小平理论、"
        "“三个代表”重要思想、科学发展观为指导，在以习近平同志为核心的党中央坚强领导下，全面建设社会主义现代化国家。"
        "全国人民代表大会常务委员会、中国人民政治协商会议全国委员会、中央军事委员会、最高人民法院、最高人民检察院。"
    )
    assert found(text) == []


def test_person_names_need_a_political_sentence():
    assert found("邓小萍同学获得三好学生称号。") == []
    assert found("深入学习邓小萍理论") == [("severe_typo", "block", "邓小萍")]  # the name, not the formulation
    assert found("席近平总书记强调") == [("severe_typo", "block", "席近平")]


# -- the automaton: built once per lexicon version, reused --------------------------------------------------


def test_platform_automaton_is_reused_and_rebuilt_when_a_data_file_changes(tmp_path, monkeypatch):
    from review.checks import base

    lexicons = tmp_path / "lexicons"
    shutil.copytree(base.LEXICON_DIR, lexicons)
    monkeypatch.setattr(base, "LEXICON_DIR", lexicons)
    monkeypatch.setattr(checks, "VERSION_CHECK_SECONDS", 0.0)
    monkeypatch.setitem(checks._platform, "checker", None)
    base.read_yaml.cache_clear()
    try:
        first = checks.platform_checker()
        assert checks.platform_checker() is first
        assert found("出售天价月饼") == []
        path = lexicons / "prohibited" / "illegal_ads.txt"
        path.write_text(path.read_text(encoding="utf-8") + "天价月饼\n", encoding="utf-8")
        import os

        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        assert found("出售天价月饼") == [("prohibited", "block", "天价月饼")]
        assert checks.platform_checker() is not first
    finally:
        checks._platform["checker"] = None
        base.read_yaml.cache_clear()


def test_a_text_that_says_it_is_secret_is_blocked_but_prose_about_secrets_is_not():
    # 002 第十条: 涉及国家秘密的信息不得上网发布 — the text states its own 密级.
    assert found("本文件为机密，仅供内部传阅。") == [("secret_marking", "block", "本文件为机密")]
    assert found("此件为秘密，阅后收回。") == [("secret_marking", "block", "此件为秘密")]
    assert found("各单位要加强机密文件管理，严防泄密。") == []
