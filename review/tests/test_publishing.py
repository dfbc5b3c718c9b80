"""The pre-publish checks in the editor: a blocking finding stops 发布, a draft still saves."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role

pytestmark = pytest.mark.django_db


def article_form(title, body, slug, action):
    data = nested_form_data({
        "title": title, "slug": slug, "publish_date": "2026-11-20 09:00", "source": "", "author": "", "summary": "",
        "body": rich_text(body), "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}, "attachments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    })
    data[action] = "1"
    return data


@pytest.fixture
def emergency_column(profiles):
    return ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).get(title="应急管理")


def test_publishing_an_item_with_an_id_number_is_refused_with_the_reason(client, make_person, emergency_column):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", emergency_column.pk))
    body = "<p>救助对象：王某，身份证号110101199003074514，已发放救助金。</p>"
    response = client.post(url, article_form("救助金发放公示", body, "aid", "action-publish"))
    html = response.content.decode()
    assert response.status_code == 200 and "身份证号码属于个人信息" in html and "110101********4514" in html
    assert not ArticlePage.objects.filter(slug="aid").exists()

    # The same text can be kept as a draft to be corrected, but not put online.
    client.post(url, article_form("救助金发放公示", body, "aid", "action-draft"))
    assert ArticlePage.objects.get(slug="aid").live is False


def test_secret_marked_title_is_refused_and_a_clean_item_waits_for_its_chain(client, make_person, emergency_column):
    # 002 第五条 未经审核的信息不得上网: even the 处室负责人 of the column's department does not publish an item
    # outside its chain (weibin 一般: 分管领导审核, 004 第十四条); a secret-marked title is refused all the same.
    editor = make_person(Role.EDITOR, "weibin", "区应急管理局")
    client.force_login(make_person(Role.DIVISION_HEAD, "weibin", "区应急管理局"))
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", emergency_column.pk))
    response = client.post(url, article_form("机密★10年 应急预案", "<p>预案全文</p>", "plan", "action-publish"))
    assert "密级标志" in response.content.decode() and not ArticlePage.objects.filter(slug="plan").exists()

    draft = emergency_column.add_child(instance=ArticlePage(title="草稿", slug="drill", owner=editor, live=False))
    draft.save_revision(user=editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    response = client.post(edit_url, article_form("渭滨区开展防汛应急演练", "<p>近日，区应急管理局组织开展防汛应急演练。</p>", "drill", "action-publish"))
    assert response.status_code == 200 and "须经审核（分管领导审核）通过后才能发布" in response.content.decode()
    assert not ArticlePage.objects.get(slug="drill").live
