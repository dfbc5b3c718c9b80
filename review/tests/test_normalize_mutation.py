"""review.checks.normalize: the views of one text (raw / view / norm), the offsets mapped back to the text as
given, sentences and word edges. Pure functions, no database (issue 14: each mutant runs these once)."""

import pytest

from review.checks.normalize import Document, crosses_word, fold, html_text, is_html, squeeze, traditional

# -- HTML: a real tag makes the text HTML; markup is blanked in place ----------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<p>正文</p>", True),
        ("<br/>", True),
        ('<a href="https://www.gov.cn/">中国政府网</a>', True),
        ("</div >", True),
        ("第一条 a < b 且 b > c", False),
        ("1<2", False),
        ("<1a>", False),
        ("< p>", False),
        ("", False),
    ],
)
def test_a_text_is_html_when_it_holds_a_real_tag(text, expected):
    assert is_html(text) is expected
    assert Document(text).html is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # block tags start with a newline (they end a sentence), inline tags are blanked to spaces
        ("<p>正文</p>", "\n  正文\n   "),
        ("<div>x</div>", "\n    x\n     "),
        ("<br>x", "\n   x"),
        ("<H2>x</H2>", "\n   x\n    "),
        ("<b>x</b>", "   x    "),
        ('<span class="a">x</span>', "                x       "),
        # entities are decoded in place, the rest of their length is blank
        ("代&#24320;发票", "代开       发票"),
        ("&#x5F00;", "开       "),
        ("a&amp;b", "a&    b"),
        ("&nbsp;x", "\xa0     x"),
        # an entity that decodes to two characters is one blank; an unknown name is left as it is
        ("&NotEqualTilde;", "               "),
        ("&zzz;", "&zzz;"),
        # scripts, styles and comments are not content, closed or not
        ('<script>var a="冰毒";</script>正文', " " * 28 + "正文"),
        ("<style>.x{}</style>正文", " " * 19 + "正文"),
        ("<!-- 六合彩 -->正文", " " * 12 + "正文"),
        ("正文<!-- 六合彩", "正文" + " " * 8),
        ("正文<script>冰毒", "正文" + " " * 10),
    ],
)
def test_markup_is_blanked_in_place_so_offsets_stay_put(text, expected):
    assert html_text(text) == expected
    assert len(html_text(text)) == len(text)


# -- fold: length-preserving NFKC letters and digits, lower case, traditional to simplified -------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＡＢＣ１２３", "abc123"),
        ("ABC xyz", "abc xyz"),
        ("出售Ｋ粉", "出售k粉"),
        ("①", "1"),
        ("…⑩㎡", "…⑩㎡"),  # several characters under NFKC: left alone
        ("长期代开发票", "长期代开发票"),
        ("長期代開發票", "长期代开发票"),
        ("臺灣", "台湾"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Only the lines from the first to the last traditional character go through OpenCC's phrase
        # conversion: 於 is a simplified-text character too (a surname), OpenCC would make 於是 into 于是.
        ("於是\n長期\n於是", "於是\n长期\n於是"),
        ("於是長期", "于是长期"),
        ("長期\n於是", "长期\n於是"),
        ("於是\n長期", "於是\n长期"),
        ("於\n長\n於\n長\n於", "於\n长\n于\n长\n於"),
        ("於是\n長期\n\n於是", "於是\n长期\n\n於是"),
        ("於是\n於是\n長期", "於是\n於是\n长期"),  # the line before the first one: the last newline before it
        ("長期\n於是\n於是", "长期\n於是\n於是"),  # the line after the last one: the first newline after it
        # OpenCC converts by phrase, not character by character: 乾隆 stays, 瞭解 becomes 了解
        ("乾隆時期", "乾隆时期"),
        ("瞭解情況", "了解情况"),
    ],
)
def test_fold_converts_only_the_lines_with_traditional_characters(text, expected):
    assert fold(text) == expected


def test_fold_keeps_offsets_exact_if_phrase_conversion_ever_changed_a_length(monkeypatch):
    # OpenCC's t2s has never been seen to change a length; if it did, the character table is used instead.
    from review.checks import normalize

    fold("長")  # the character tables are built (and cached) with the real OpenCC

    class Stretching:
        def convert(self, text):
            return text + "!"

    monkeypatch.setattr(normalize, "_opencc", lambda: Stretching())
    assert fold("於是\n長期發票\n於是") == "於是\n长期发票\n於是"


def test_traditional_characters_are_those_a_simplified_text_never_uses():
    assert traditional("長期代開發票")
    assert not traditional("长期代开发票")
    assert not traditional("於是")  # 於 is in GB 2312


@pytest.mark.parametrize(
    "text, expected",
    [
        (" 代 开 发 票 ", "代开发票"),
        ("代-开-发-票", "代开发票"),
        ("K 粉", "k粉"),
        ("代，开，发，票", "代开发票"),
        ("安全、稳定、发展", "安全、稳定、发展"),
        ("長期", "长期"),
    ],
)
def test_squeeze_folds_and_drops_inserted_separators(text, expected):
    assert squeeze(text) == expected


# -- Document: norm without the separators, and the way back to the text as given ------------------------------


def test_a_plain_text_without_separators_is_its_own_norm():
    doc = Document("出售冰毒")
    assert (doc.raw, doc.view, doc.norm, doc.html) == ("出售冰毒", "出售冰毒", "出售冰毒", False)
    assert [doc.to_raw(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert doc.span_to_raw(2, 4) == (2, 4)
    assert doc.span_to_raw(3, 3) == (3, 3)


def test_separators_are_removed_from_norm_and_offsets_map_back():
    doc = Document("代 开 发 票。出售冰毒")
    assert doc.view == "代 开 发 票。出售冰毒"
    assert doc.norm == "代开发票。出售冰毒"
    assert [doc.to_raw(i) for i in range(len(doc.norm) + 1)] == [0, 2, 4, 6, 7, 8, 9, 10, 11, 12]
    # a span runs from its first to its last character in the text as given
    assert doc.span_to_raw(0, 4) == (0, 7)
    assert doc.span_to_raw(1, 3) == (2, 5)
    assert doc.span_to_raw(0, 1) == (0, 1)
    assert doc.span_to_raw(5, 9) == (8, 12)
    # an empty span stays empty, at the place of its start
    assert doc.span_to_raw(2, 2) == (4, 4)
    assert doc.span_to_raw(3, 1) == (6, 6)


def test_several_separator_runs_and_a_separator_at_the_end():
    doc = Document("ab代**开--发票x")
    assert doc.norm == "ab代开发票x"
    assert [doc.to_raw(i) for i in range(len(doc.norm))] == [0, 1, 2, 5, 8, 9, 10]
    assert doc.span_to_raw(2, 6) == (2, 10)
    raw = "出售k 粉"
    doc = Document(raw)
    assert doc.norm == "出售k粉"
    start, end = doc.span_to_raw(2, 4)
    assert raw[start:end] == "k 粉"


def test_html_document_views():
    raw = "<p>代<span>开</span>发票</p>"
    doc = Document(raw)
    assert doc.html
    assert doc.view == "\n  代      开       发票\n   "
    assert doc.norm == "\n  代开发票\n   "
    start, end = doc.span_to_raw(3, 7)
    assert raw[start:end] == "代<span>开</span>发票"
    # "<" alone does not make a text HTML
    doc = Document("1<2 且 3>2")
    assert not doc.html and doc.view == "1<2 且 3>2"


def test_traditional_and_full_width_text_is_folded_in_view_and_norm():
    doc = Document("長期代開發票ＡＢ")
    assert doc.view == doc.norm == "长期代开发票ab"
    assert doc.raw == "長期代開發票ＡＢ"


# -- sentences: 。！？；and newlines end them -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("甲乙丙", (0, 3), ("甲乙丙", 0, 3)),
        ("甲乙。丙丁", (0, 2), ("甲乙", 0, 2)),  # a span right before the end
        ("甲乙。丙丁", (1, 2), ("甲乙", 0, 2)),  # one character right before the end
        ("甲乙。丙丁", (3, 5), ("丙丁", 3, 5)),  # a span right after the end
        ("甲乙。丙丁", (3, 4), ("丙丁", 3, 5)),
        ("甲乙。丙丁", (4, 5), ("丙丁", 3, 5)),
        ("甲乙。丙丁！戊己", (3, 4), ("丙丁", 3, 5)),
        ("甲乙。丙丁！戊己", (4, 5), ("丙丁", 3, 5)),
        ("甲乙。丙丁！戊己", (6, 8), ("戊己", 6, 8)),
        ("甲乙？丙丁；戊己\n庚", (3, 5), ("丙丁", 3, 5)),
        ("甲乙？丙丁；戊己\n庚", (6, 8), ("戊己", 6, 8)),
        ("甲乙？丙丁；戊己\n庚", (9, 10), ("庚", 9, 10)),
        ("甲乙!丙丁;戊己?庚", (3, 5), ("丙丁", 3, 5)),
        # a span over a sentence end gets both sentences: the sentence always holds the span
        ("甲。乙丙", (0, 2), ("甲。乙丙", 0, 4)),
        ("甲乙。丙。丁", (1, 4), ("甲乙。丙", 0, 4)),
        ("甲乙。丙。丁", (2, 5), ("甲乙。丙。丁", 0, 6)),
    ],
)
def test_sentence_holding_a_span(text, span, expected):
    doc = Document(text)
    assert doc.sentence(*span) == expected
    # asked again (the sentence ends are kept): the same answer
    assert doc.sentence(*span) == expected


def test_sentences_of_one_document_asked_one_after_the_other():
    doc = Document("严厉打击违法犯罪。出售冰毒，货到付款。")
    assert doc.sentence(11, 13) == ("出售冰毒，货到付款", 9, 18)
    assert doc.sentence(0, 2) == ("严厉打击违法犯罪", 0, 8)
    assert doc.sentence(9, 18) == ("出售冰毒，货到付款", 9, 18)


def test_sentences_are_read_on_norm():
    doc = Document("打 击。出 售 冰 毒")
    assert doc.norm == "打击。出售冰毒"
    assert doc.sentence(5, 7) == ("出售冰毒", 3, 7)


# -- word edges (jieba) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "norm, span, expected",
    [
        ("平台独立运营", (1, 3), True),  # 平台|独立 is not 台独
        ("支援交通建设", (1, 3), True),  # 支援|交通 is not 援交
        ("各自已经完成", (1, 3), True),  # 各自|已经 is not 自已
        ("坚决反对台独分裂行径", (4, 6), False),
        ("台独分裂", (0, 2), False),  # at the start of the text
        ("反对台独", (2, 4), False),  # at the end of the text
        ("平台独立", (1, 3), True),
        ("台独", (0, 2), False),
        ("中华人民共和国成立", (2, 4), False),  # 人民 inside the one word 中华人民共和国
        ("中华人民共和国成立", (0, 7), False),
        ("中华人民共和国成立", (6, 8), True),  # 国成: 国 belongs to the longer word
        ("中华人民共和国成立", (0, 2), False),  # the start of a longer word
        ("中华人民共和国成立", (5, 7), False),  # the end of a longer word
        ("重要会议", (1, 4), True),  # 重要|会议: the word at the very start of the text counts
        # jieba without its HMM: unknown runs stay single characters (with it, 起施 would become one word)
        ("日起施行", (1, 4), False),
        # six characters either side are segmented (with seven, 中华人民共和国政府 would swallow 政府)
        ("中华人民共和国政府信息公开条例", (7, 11), False),
    ],
)
def test_crosses_word(norm, span, expected):
    assert crosses_word(norm, *span) is expected


def test_crosses_word_reads_only_a_margin_around_the_span():
    # 香港独特: 港独 crosses 香港|独特 both with the default margin and with the whole text in view
    text = "我们在这里看到香港独特魅力"
    start = text.index("港独")
    assert crosses_word(text, start, start + 2)
    assert crosses_word(text, start, start + 2, margin=len(text))
    # with no margin the span alone is segmented: nothing crosses it
    assert not crosses_word(text, start, start + 2, margin=0)
