"""The Wagtail admin is in 简体中文, including the strings Wagtail 7.4's own zh_Hans catalogues leave in English
(locale/zh_Hans/LC_MESSAGES/django.po and djangojs.po fill those gaps; LOCALE_PATHS takes precedence)."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Role

pytestmark = pytest.mark.django_db

KEYS = re.compile(r"^(Ctrl|Cmd|Alt|Shift|Option|Esc)\b")  # keyboard key names stay as they are


class _Visible(HTMLParser):
    """Text nodes outside <script>/<style>, plus the aria-label/title/placeholder a user meets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.lines = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.open.append(tag)
        self.lines += [v.strip() for k, v in attrs if k in ("aria-label", "title", "placeholder") and v and v.strip()]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.open:
            self.open.pop()

    def handle_data(self, data):
        if not self.open and data.split():
            self.lines.append(" ".join(data.split()))


def visible_lines(html):
    parser = _Visible()
    parser.feed(html)
    return parser.lines


@pytest.fixture
def admin_client(client, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    return client


def pages(profiles):
    root = profiles["weibin"].site.root_page
    column = ColumnPage.objects.descendant_of(root).first()
    return {
        "/admin/": (
            ["显示键盘快捷键", "切换小地图", "关闭模态对话框（例如本对话框）", "保存更改", "无格式粘贴", "文本格式", "插入或编辑链接", "删除线",
             "使用 Wagtail 需要 JavaScript，但它当前已被禁用。", "个页面"],
            ["Show keyboard shortcuts", "Toggle minimap", "Close modal dialogs", "Save changes", "Paste without formatting",
             "Text formatting", "Insert or edit a link", "Strike-through", "JavaScript is required", "editor guide", "Pages"],
        ),
        f"/admin/pages/{root.id}/": (
            ["更新日期", "编辑者", "有子页面", "页面类型", "选择谁可以查看此页面的已发布版本"],
            ["Date updated", "Edited by", "Has child pages", "Page type", "Choose who can view the live version"],
        ),
        f"/admin/pages/{column.id}/edit/": (
            ["检查", "内容指标", "字数", "阅读时间", "可读性", "自动保存已暂停", "查看最新版本", "选择此页面的上线和/或过期时间"],
            ["Checks", "Content metrics", "Words", "Reading time", "Readability", "Autosave is paused", "View latest version",
             "Choose when this page should go live"],
        ),
        "/admin/account/": (
            ["主题偏好", "后台主题", "对比度", "更高对比度", "界面密度", "紧凑", "启用 Wagtail 专用的自定义键盘快捷键。"],
            ["Theme preferences", "Admin theme", "Contrast", "More contrast", "Density", "Snug", "Enable custom keyboard shortcuts"],
        ),
        "/admin/images/": (
            ["网格布局", "列表布局", "使用次数：从高到低", "最早"],
            ["Grid layout", "List layout", "Usage count", "Oldest"],
        ),
        "/admin/documents/": (["切换小地图", "账号设置"], ["Toggle minimap", "Keyboard shortcuts are currently enabled"]),
    }


def test_admin_pages_show_the_formerly_english_strings_in_chinese(admin_client, profiles):
    for url, (chinese, english) in pages(profiles).items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        lines = visible_lines(response.content.decode())
        text = "\n".join(lines)
        for phrase in chinese:
            assert phrase in text, (url, phrase)
        for phrase in english:
            assert not re.search(rf"\b{re.escape(phrase)}\b", text), (url, phrase)
        # Nothing else visible is left in English (keyboard key names aside).
        leftovers = {
            line for line in lines
            if re.search(r"[A-Za-z]{2,}", line) and not re.search(r"[\u4e00-\u9fff]", line)
            and not KEYS.match(line)
        }
        assert not leftovers, (url, leftovers)


def test_admin_javascript_catalogue_has_the_missing_strings(admin_client):
    js = admin_client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", js, re.S).group(1))
    assert catalog["Split block"] == "拆分区块"
    assert catalog["Insert a block"] == "插入区块"
    assert catalog["%(num)s min"] == ["%(num)s 分钟"]
    assert catalog["Save"] == "保存"  # Wagtail's own zh_Hans entries are still there


def test_login_page_is_in_chinese(client):
    html = client.get("/admin/login/").content.decode()
    assert "登录政府网站集约化平台" in html and "用户名" in html
    assert re.search(r">\s*密码\s*<span class=\"w-required-mark\"", html)  # the password field's label
    assert "Password" not in html


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    "url, status, echoed",
    [
        ("/admin/api/main/pages/?bad=1", 400, "bad"),
        ("/admin/api/main/pages/?order=random&offset=3", 400, "offset"),
        ("/admin/api/main/pages/?child_of=999999", 400, ""),
        ("/admin/api/main/pages/?limit=100000", 400, "limit"),
        ("/admin/api/main/pages/?descendant_of=1&child_of=1", 400, "descendant_of child_of"),
        ("/admin/api/main/pages/?child_of=x", 400, "child_of"),
        ("/admin/api/main/pages/?order=nosuchfield", 400, "nosuchfield"),
        ("/admin/api/main/pages/?limit=-1", 400, "limit"),
        ("/admin/api/main/pages/?has_children=maybe", 400, "has_children true false"),
        ("/admin/api/main/pages/999999/", 404, ""),
        ("/admin/api/main/images/?bad=1", 400, "bad"),
        ("/admin/api/main/documents/999999/", 404, ""),
    ],
)
def test_admin_api_errors_are_in_chinese(admin_client, url, status, echoed):
    response = admin_client.get(url)
    assert response.status_code == status, url
    message = response.json()["message"]
    assert CJK.search(message), message
    # What is left in Latin letters is only what the caller typed.
    for word in re.findall(r"[A-Za-z_]{2,}", message):
        assert word in echoed.split() or word in url, (url, message)


def test_admin_api_messages_nested_in_fields_errors_are_translated_too():
    from portal.admin_api import chinese_message

    assert chinese_message("fields error: unexpected char '(' at position 7") == "fields 参数有误：第 7 个字符处不应出现“(”"
    assert chinese_message("something Wagtail adds later") == "请求参数有误。"


def test_admin_api_method_error_is_in_chinese(admin_client):
    # Django REST framework's own messages come from its zh_Hans catalogue.
    response = admin_client.post("/admin/api/main/pages/")
    assert response.status_code == 405
    assert response.json()["detail"] == "方法 “POST” 不被允许。"


def test_password_validator_messages_are_in_chinese(client, make_person):
    client.force_login(make_person(Role.EDITOR, "weibin", password="Old-pass-12345"))
    cases = {
        "Ab1!": "密码太短，至少须包含 10 个字符。",
        "password123": "这个密码太常见了。",
        "3141592653589793": "密码只包含数字。",
    }
    for password, message in cases.items():
        response = client.post(
            reverse("orgs_password_change"),
            {"old_password": "Old-pass-12345", "new_password1": password, "new_password2": password},
        )
        assert response.status_code == 200
        html = response.content.decode()
        errors = " ".join(
            " ".join(visible_lines(block)) for block in re.findall(r'<div class="w-field__errors"[^>]*>(.*?)</div>', html, re.S)
        )
        assert message in errors, (password, errors)
        assert not re.search(r"[A-Za-z]{2,}", errors), errors


def test_relative_times_are_in_chinese(admin_client, profiles, make_person):
    # The status panel of a page in review says when it was sent, through django.contrib.humanize's naturaltime.
    column = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).first()
    item = place_item(column, ArticlePage(title="刚提交的稿件", slug="just-sent"))
    Workflow.objects.get(name="默认审核流程").start(item, make_person(Role.EDITOR, "weibin", "区应急管理局"))
    html = admin_client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert re.search(r"\d+秒之前|现在", html)
    assert not re.search(r"\b(seconds?|minutes?) ago\b|\bjust now\b|\bnow\b", html)
