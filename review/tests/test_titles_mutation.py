"""duplicate_title (003 第十五条: 大标题不要重复) at its edges: which title a text has, where it sits, what the
editor is told. Found by mutation testing of review/checks/titles.py (issue 14)."""

import pytest

from review.checks import titles
from review.checks.titles import extract_title, title_key

PUBLISHED = ["关于开展2026年度网站普查工作的通知"]


def dup(raw, is_html=False, **kwargs):
    kwargs.setdefault("published", PUBLISHED)
    return [
        (f.category, f.severity, f.start, f.end, f.match, f.message)
        for f in titles.findings(raw, is_html, None, **kwargs)
    ]


def message(days=365, title=PUBLISHED[0]):
    return f"本站{days}天内已发布同名标题“{title}”，大标题不要重复"


def test_a_plain_text_first_line_is_its_title_after_leading_blank_lines():
    raw = "\n  关于开展2026年度网站普查工作的通知  \n正文。"
    start = raw.index("关于")
    end = start + len(PUBLISHED[0])
    assert dup(raw) == [("duplicate_title", "warn", start, end, PUBLISHED[0], message())]
    raw = PUBLISHED[0] + "\n各有关单位\n现将有关事项通知如下。"  # the first line, not all but the last
    assert dup(raw) == [("duplicate_title", "warn", 0, len(PUBLISHED[0]), PUBLISHED[0], message())]


def test_the_window_of_days_is_named_in_the_message():
    assert dup(PUBLISHED[0], since_days=30)[0][5] == message(days=30)


def test_titles_match_through_spacing_punctuation_and_traditional_forms():
    published = ["关于開展2026年度網站普查工作的通知！"]
    raw = "关于开展 2026 年度网站普查工作的通知"
    assert dup(raw, published=published) == [
        ("duplicate_title", "warn", 0, len(raw), raw, message(title=published[0]))
    ]


def test_a_title_published_nowhere_gives_nothing():
    assert dup("关于开展2026年度网站普查工作的补充通知") == []
    assert dup(PUBLISHED[0], published=[]) == []


@pytest.mark.parametrize("tag", ["title", "h1", "TITLE", "H1"])
def test_html_title_or_h1_with_attributes_and_padding_is_found_at_its_text(tag):
    raw = f'<html><{tag} class="t">\n  {PUBLISHED[0]}  </{tag}><p>正文</p></html>'
    start = raw.index("关于")
    assert extract_title(raw, True) == (PUBLISHED[0], start, start + len(PUBLISHED[0]))
    assert dup(raw, True) == [
        ("duplicate_title", "warn", start, start + len(PUBLISHED[0]), PUBLISHED[0], message())
    ]


def test_html_without_a_title_tag_or_with_an_empty_one_has_no_title():
    assert extract_title(f"<p>{PUBLISHED[0]}</p>", True) is None
    assert extract_title(f"<title>  </title><h1>{PUBLISHED[0]}</h1>", True) is None
    assert extract_title(f"<title>{PUBLISHED[0]}</h1>", True) is None
    assert dup(f"<p>{PUBLISHED[0]}</p>", True) == []


def test_html_title_markup_inside_is_text_only():
    raw = "<h1>关于开展<b></b>2026年度网站普查工作的通知</h1>"
    match = "关于开展<b></b>2026年度网站普查工作的通知"
    assert dup(raw, True) == [("duplicate_title", "warn", 4, 4 + len(match), match, message())]


@pytest.mark.parametrize("line", ["通知公告", "通" * 80])
def test_a_first_line_of_four_to_eighty_characters_is_a_title(line):
    assert extract_title(line + "\n正文", False) == (line, 0, len(line))


@pytest.mark.parametrize("line", ["通知公", "通" * 81, ""])
def test_a_shorter_or_longer_first_line_is_no_title(line):
    assert extract_title(line + "\n正文", False) is None


@pytest.mark.parametrize("end", ["。", "！", "？", "；", "!", "?", ";", "，", ",", "：", ":"])
def test_a_first_line_ending_as_a_sentence_is_no_title(end):
    assert extract_title("本站发布通知" + end + "\n正文", False) is None
    assert dup(PUBLISHED[0] + end, published=[PUBLISHED[0] + end]) == []


def test_a_title_given_by_the_editor_is_found_in_the_text_or_marked_at_the_start():
    raw = "正文开头。\n关于开展2026年度网站普查工作的通知\n"
    start = raw.index("关于")
    assert dup(raw, title=PUBLISHED[0]) == [
        ("duplicate_title", "warn", start, start + len(PUBLISHED[0]), PUBLISHED[0], message())
    ]
    assert dup("正文。", title=PUBLISHED[0]) == [("duplicate_title", "warn", 0, 0, "", message())]


def test_a_title_of_punctuation_only_matches_nothing():
    assert title_key(None) == ""
    assert title_key("！！——") == ""
    assert dup("正文。", title="——", published=["——"]) == []


def test_without_a_site_and_without_titles_nothing_is_looked_up():
    assert titles.findings(PUBLISHED[0], False, None) == []


def test_the_first_place_of_a_title_given_twice_is_marked():
    raw = f"{PUBLISHED[0]}\n正文\n{PUBLISHED[0]}"
    assert dup(raw, title=PUBLISHED[0])[0][2:4] == (0, len(PUBLISHED[0]))


# -- the site's published titles, looked up in the database -------------------------------------------------


@pytest.fixture
def published_item(db):
    from columns.models import ColumnPage
    from content.models import ArticlePage
    from content.services import place_item
    from sites.models import SiteProfile

    site = SiteProfile.objects.get(code="hebjgbz").site
    column = ColumnPage.objects.descendant_of(site.root_page).filter(title="工作动态").first()
    item = place_item(column, ArticlePage(title=PUBLISHED[0], slug="census"))
    return site, item


def test_a_title_published_on_the_site_is_found_but_not_the_page_itself(published_item):
    site, item = published_item
    raw = PUBLISHED[0] + "\n正文"
    assert [(f.category, f.message) for f in titles.findings(raw, False, site)] == [("duplicate_title", message())]
    assert titles.findings(raw, False, site, page_id=item.pk) == []
    assert titles.findings(raw, False, site, page_id=item.pk + 1000)[0].message == message()


def test_only_titles_published_within_the_window_count(published_item):
    site, item = published_item
    item.publish_date = item.publish_date.replace(year=item.publish_date.year - 2)
    item.save()
    raw = PUBLISHED[0] + "\n正文"
    assert titles.findings(raw, False, site) == []
    assert titles.findings(raw, False, site, since_days=800)[0].message == message(days=800)


def test_a_heading_longer_than_a_stored_title_key_is_compared_on_what_is_stored(db):
    # A title is at most 255 characters (Wagtail), and so is its stored key; an HTML heading may run longer and is
    # compared on its first 255 characters, the part a stored key can hold.
    from columns.models import ColumnPage
    from content.models import ArticlePage
    from content.services import place_item
    from sites.models import SiteProfile

    site = SiteProfile.objects.get(code="hebjgbz").site
    column = ColumnPage.objects.descendant_of(site.root_page).filter(title="工作动态").first()
    long_title = ("关于开展2026年度网站普查工作的通知" * 15)[:255]
    place_item(column, ArticlePage(title=long_title, slug="census-long"))
    raw = f"<h1>{long_title}补充说明</h1><p>正文。</p>"
    assert [(f.match, f.message) for f in titles.findings(raw, True, site)] == [
        (long_title + "补充说明", message(title=long_title))
    ]
