"""The review flow in real headless chromium (Debian's package, driven by Playwright): a 信息员 drafts an item,
confirms the check's warning and submits it; the sensitive text goes on weibin's 敏感 chain, whose 主要负责人 and then
the 区政府办's 处室负责人 approve it in the editor; the item is online with its 发布机构; the 审批表 PDF downloads and
pypdf finds every step's text."""

import io

import pytest
from pypdf import PdfReader

PASSWORD = "Lx-7qT!pw-2026-abc"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



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
    submit_and_wait(page, page.locator("form button[type=submit]").first)
    return page


def submit_and_wait(page, button):
    """Click a button that submits a form and wait until the answer has loaded: the server has then finished the
    request, so the test's own database reads never run beside it (on SQLite the live server shares the test's
    in-memory connection, and two statements at once fail with "SQL statements in progress")."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()


def footer_action(page, selector):
    """Click a button of the editor's footer action menu, opening its dropdown first when it is folded in."""
    button = page.locator(selector).first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle'], footer .w-dropdown__toggle").first.click()
    submit_and_wait(page, button)


def approve_in_editor(browser, base, username, item):
    """The reviewer opens the item in the editor and presses 审核通过 for the step awaiting them; returns the step's
    name once the workflow has moved past it."""
    from review.tests.chain_helpers import current_task

    task_state, task = current_task(item)
    assert task is not None, "no step awaits approval"
    reviewer = log_in(browser, base, username)
    reviewer.goto(f"{base}/admin/pages/{item.pk}/edit/")
    footer_action(reviewer, "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    for _ in range(20):
        task_state.refresh_from_db()
        if task_state.status != task_state.STATUS_IN_PROGRESS:
            break
        reviewer.wait_for_timeout(250)
    assert task_state.status == task_state.STATUS_APPROVED and task_state.finished_by.username == username, task.name
    return reviewer, task.name


def test_editor_submits_chain_approves_item_online_and_the_pdf_approval_form(seeded_live_server, browser):
    from wagtail.models import WorkflowState

    from columns.models import ColumnPage
    from content.models import ArticlePage
    from orgs.models import Role
    from sites.models import SiteProfile

    base = seeded_live_server.url
    port = base.rsplit(":", 1)[1]
    person("li_editor", "李信息员", Role.EDITOR, "区应急管理局")
    # weibin's 敏感 chain (seeds/weibin.yaml review_chains, 004 第十四条): 单位主要领导, then 区政府办's 处室负责人.
    person("wang_principal", "王局长", Role.PRINCIPAL, "区应急管理局")
    person("zhang_head", "张处长", Role.DIVISION_HEAD, "区政府办")
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
    submit_and_wait(editor, editor.locator("button[name='action-draft'], button:has-text('保存草稿')").first)
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

    # The 主要负责人 approves in the editor (still offline), then the 区政府办's 处室负责人: the last approval publishes.
    _reviewer, step = approve_in_editor(browser, base, "wang_principal", item)
    assert step == "单位主要领导审核签字" and not ArticlePage.objects.get(pk=item.pk).live
    reviewer, step = approve_in_editor(browser, base, "zhang_head", item)
    assert step == "区政府办公室审查同意"
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
    for expected in ("上网信息发布审批表", "区应急管理局妥善处置群体性事件", "李信息员", "张处长", "处长审核意见", "王局长", "主任批示", "宝鸡市渭滨区应急管理局"):
        assert expected in text, (expected, text)
    flat = "".join(text.split())  # the steps table wraps long labels inside its narrow cells
    for step_label in ("单位主要领导审核签字", "区政府办公室审查同意"):
        assert step_label in flat, (step_label, text)
