"""The Wagtail admin is in 简体中文, including the strings Wagtail 7.4's own zh_Hans catalogues leave in English
(locale/zh_Hans/LC_MESSAGES/django.po and djangojs.po fill those gaps; LOCALE_PATHS takes precedence)."""

import json
import re
from html.parser import HTMLParser

import pytest

from columns.models import ColumnPage
from orgs.models import Role

pytestmark = pytest.mark.django_db

KEYS = re.compile(r"^(Ctrl|Cmd|Alt|Shift|Option|Esc)\b")  # keyboard key names stay as they are
# Hard-coded in Wagtail's templates, so no catalogue can translate them: a hidden side-panel counter rendered as
# {{ count }} and the header's <nav aria-label="Actions">.
LEFT_IN_ENGLISH = {"None", "Actions"}


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
            and not KEYS.match(line) and line not in LEFT_IN_ENGLISH
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
