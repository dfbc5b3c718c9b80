"""The review flow in real headless chromium (Debian's package, driven by Playwright): a 信息员 drafts an item,
confirms the check's warning and submits it; the 处室负责人 approves it in the attached workflow; the item is online
with its 发布机构; the 审批表 PDF downloads and pypdf finds its text."""

import io
import os
import shutil

import pytest
from pypdf import PdfReader

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
PASSWORD = "Lx-7qT!pw-2026-abc"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def person(username, full_name, role, dept=None):
    from orgs.services import assign_role, create_account
    from sites.models import SiteProfile

    profile = SiteProfile.objects.get(code="weibin")
    user, _ = create_account(username, password=PASSWORD, full_name=full_name, must_change=False)
    organization = profile.departments.get(short_name=dept) if dept else None
    assign_role(user, role, site=profile.site, organization=organization)
    return user


def log_in(browser, base, username):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def footer_action(page, selector):
    """Click a button of the editor's footer action menu, opening its dropdown first when it is folded in."""
    button = page.locator(selector).first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    button.click()
    page.wait_for_load_state()


def test_editor_submits_head_approves_item_online_and_the_pdf_approval_form(seeded_live_server, browser):
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowState

    from columns.models import ColumnPage
    from content.models import ArticlePage
    from orgs.models import Role
    from sites.models import SiteProfile

    base = seeded_live_server.url
    port = base.rsplit(":", 1)[1]
    person("li_editor", "李信息员", Role.EDITOR, "区应急管理局")
    head = person("zhang_head", "张处长", Role.DIVISION_HEAD, "区应急管理局")
    Group.objects.get(name="审核员（默认）").user_set.add(head)  # the seeded 默认审核流程's reviewer group
    person("wang_admin", "王管理员", Role.SITE_ADMIN)
    column = ColumnPage.objects.descendant_of(SiteProfile.objects.get(code="weibin").site.root_page).get(title="应急管理")

    # The 信息员 drafts in the editor.
    editor = log_in(browser, base, "li_editor")
    editor.goto(f"{base}/admin/pages/add/content/articlepage/{column.pk}/")
    editor.fill("#id_title", "区应急管理局妥善处置群体性事件")
    editor.fill("#id_source", "渭滨区应急管理局")
    editor.locator(".public-DraftEditor-content").first.click()
    editor.keyboard.type("近日，区应急管理局妥善处置一起群体性事件，现场秩序平稳。")
    editor.locator("#tab-label-u63a8u8350").click()  # 推荐 (promote): the slug
    editor.fill("#id_slug", "incident")
    editor.locator("button[name='action-draft'], button:has-text('保存草稿')").first.click()
    editor.wait_for_load_state()
    errors = [t for t in editor.locator(".error-message, .w-field__errors, .help-critical, .messages").all_inner_texts() if t.strip()]
    item = ArticlePage.objects.filter(title="区应急管理局妥善处置群体性事件").first()
    assert item is not None, errors

    # The check's warning is shown inline; submitting without confirming it is refused, confirming lets it through.
    assert editor.locator("mark", has_text="群体性事件").count() >= 1
    footer_action(editor, "button[name='action-submit']")
    assert "提交前须逐条确认以下提醒" in editor.content()
    assert not WorkflowState.objects.filter(object_id=str(item.pk)).exists()
    editor.locator("input[name='acknowledged_warnings']").first.check()
    footer_action(editor, "button[name='action-submit']")
    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The 处室负责人 approves in the editor; the chain's last approval publishes.
    reviewer = log_in(browser, base, "zhang_head")
    reviewer.goto(f"{base}/admin/pages/{item.pk}/edit/")
    footer_action(reviewer, "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    reviewer.wait_for_timeout(500)
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.live

    public = reviewer.context.new_page()
    public.goto(f"http://weibin.localhost:{port}{item.get_url_parts()[2]}")
    info = public.locator(".item-info").inner_text()
    assert "发布机构：宝鸡市渭滨区应急管理局" in info and "来源：渭滨区应急管理局" in info

    # The 网站管理员 downloads the 审批表 as PDF from the list.
    admin = log_in(browser, base, "wang_admin")
    admin.goto(f"{base}/admin/review/approvals/?site=weibin")
    assert "区应急管理局妥善处置群体性事件" in admin.locator("table.listing").inner_text()
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name="PDF").first.click()
    data = open(download_info.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in ("上网信息发布审批表", "区应急管理局妥善处置群体性事件", "李信息员", "张处长", "处长审核意见", "宝鸡市渭滨区应急管理局"):
        assert expected in text, (expected, text)
