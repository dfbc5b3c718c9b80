"""Body normalisation on save and the stored title key (issue 8 part 5; 003 第十五条)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role
from review.checks import check_text
from review.normalise import normalise_body

WORD_PASTE = (
    '<p style="color:#FF0000; font-family:\'微软雅黑\'; font-size:16px; line-height:2; text-align:center">'
    '<font color="red" face="楷体">全区防汛工作会议召开</font></p>'
    '<p style="text-indent:2em; mso-fareast-font-family:仿宋">会议强调，<span style="font-size:14pt">要压实责任</span>。</p>'
)


def test_site_styled_properties_are_removed_and_the_rest_is_kept():
    html, notes = normalise_body(WORD_PASTE)
    assert "color" not in html and "font-family" not in html and "font-size" not in html and "line-height" not in html
    assert "<font" not in html and "</font>" not in html and "mso-" not in html
    assert 'style="text-align: center"' in html and 'style="text-indent: 2em"' in html  # the author's layout stays
    assert "全区防汛工作会议召开" in html and "<span>要压实责任</span>" in html
    assert "文字颜色设置 2 处" in " ".join(notes) and "字号设置 2 处" in " ".join(notes)
    assert any("行间距" in note for note in notes) and all("003 第十五条" in note for note in notes)


def test_clean_html_is_left_alone():
    html = '<p>近日，<a href="https://www.gov.cn/">中国政府网</a>发布通知。</p>'
    assert normalise_body(html) == (html, [])


@pytest.mark.django_db
def test_every_save_of_an_item_normalises_and_keeps_the_title_key(profiles):
    column = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")
    item = place_item(column, ArticlePage(title="全区 防汛工作会议，召开！", slug="meeting", body=WORD_PASTE))
    stored = ArticlePage.objects.get(pk=item.pk)
    assert "color" not in stored.body and "<font" not in stored.body
    assert stored.title_key == "全区防汛工作会议召开"


@pytest.mark.django_db
def test_duplicate_title_is_one_indexed_query_on_the_stored_key(profiles):
    weibin = profiles["weibin"].site
    column = ColumnPage.objects.descendant_of(weibin.root_page).get(title="应急管理")
    place_item(column, ArticlePage(title="全区防汛工作会议召开", slug="first", body="<p>正文</p>"))
    with CaptureQueriesContext(connection) as queries:
        findings = check_text("全區防汛工作會議召開", weibin)  # traditional characters and full-width fold the same
    duplicates = [f for f in findings if f.category == "duplicate_title"]
    assert duplicates and "全区防汛工作会议召开" in duplicates[0].message
    title_queries = [q["sql"] for q in queries.captured_queries if "title_key" in q["sql"]]
    assert len(title_queries) == 1
    assert not [q for q in queries.captured_queries if "content_itempage" in q["sql"] and "title_key" not in q["sql"]]
    # Another site's title is not a duplicate (003 第十五条 speaks of one site).
    other = profiles["hebjgbz"].site
    assert not [f for f in check_text("全区防汛工作会议召开", other) if f.category == "duplicate_title"]


@pytest.fixture
def plain_html_editor(settings):
    """A site whose editor posts HTML as typed (a plain text area instead of Draftail, which itself drops pasted
    styles): the form's edit handler is rebuilt for it and again afterwards."""
    settings.WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "django.forms.Textarea"}}
    ArticlePage.get_edit_handler.cache_clear()
    yield
    ArticlePage.get_edit_handler.cache_clear()


@pytest.mark.django_db
def test_the_editor_is_told_what_was_normalised(client, make_person, profiles, plain_html_editor):
    column = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")
    client.force_login(make_person(Role.EDITOR, "weibin", "区应急管理局"))
    add = reverse("wagtailadmin_pages:add", args=("content", "articlepage", column.pk))
    data = nested_form_data({
        "title": "防汛演练", "slug": "drill", "publish_date": "2026-11-20 09:00", "source": "", "author": "", "summary": "",
        "body": '<p style="color:red;line-height:30px">防汛演练顺利完成。</p>',
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })
    data["action-draft"] = "1"
    response = client.post(add, data, follow=True)
    shown = response.content.decode()
    assert "已去除正文中粘贴带入的文字颜色设置 1 处" in shown and "行间距设置 1 处" in shown
    body = ArticlePage.objects.get(slug="drill").get_latest_revision().content["body"]
    assert "防汛演练顺利完成" in body and "color" not in body and "line-height" not in body
