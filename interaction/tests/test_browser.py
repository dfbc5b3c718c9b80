"""A citizen and the staff in real headless chromium: wrong captcha then right, routing and answer, 查询码."""


import pytest


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _captcha_answer(page):
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").get_attribute("value")
    return CaptchaStore.objects.get(hashkey=key).response


def _login(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Zx9#kLm2$pQw")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def test_citizen_writes_staff_route_and_answer_citizen_reads_by_code(seeded_live_server, browser, make_person):
    from interaction.models import Case
    from orgs.models import Role

    port = seeded_live_server.url.rsplit(":", 1)[1]
    base = f"http://hebhb.localhost:{port}"
    for role, dept, name in ((Role.SITE_ADMIN, None, "web_admin"), (Role.EDITOR, "环评处", "hpc_editor"), (Role.DIVISION_HEAD, "环评处", "hpc_head")):
        make_person(role, "hebhb", dept, username=name, password="Zx9#kLm2$pQw")

    citizen = browser.new_page(java_script_enabled=False)  # the form needs no JavaScript
    citizen.goto(f"{base}/interaction/write/?type=consult")
    assert "我为政府网站找错" in citizen.locator("footer").inner_text()
    citizen.get_by_label("标题").fill("建设项目环评审批需要多久？")
    citizen.get_by_label("内容").fill("我公司拟新建一条生产线，请问环评审批的时限是多少个工作日？")
    citizen.get_by_label("联系电话").fill("13912345678")
    citizen.get_by_label("验证码").fill("wrong")
    citizen.get_by_role("button", name="提交").click()
    assert "验证码错误，请重新输入。" in citizen.locator("main").inner_text()
    assert citizen.get_by_label("内容").input_value() == "我公司拟新建一条生产线，请问环评审批的时限是多少个工作日？"
    assert citizen.get_by_label("联系电话").input_value() == "13912345678"
    citizen.get_by_label("验证码").fill(_captcha_answer(citizen))
    citizen.get_by_role("button", name="提交").click()
    code = citizen.locator("#tracking-code").inner_text()
    assert Case.objects.get().tracking_code == code

    admin = _login(browser, base, "web_admin")
    admin.goto(f"{base}/admin/interaction/")
    admin.get_by_role("link", name="建设项目环评审批需要多久？").click()
    admin.get_by_role("button", name="受理", exact=True).click()
    admin.locator("select[name=target]").select_option(label="河北省环境保护厅 · 河北省环境保护厅环评处")
    admin.get_by_role("button", name="转办", exact=True).click()
    assert "办理中" in admin.locator(".status").inner_text()
    case_url = admin.url

    editor = _login(browser, base, "hpc_editor")
    editor.goto(case_url)
    editor.locator("textarea[name=reply]").fill("建设项目环评报告书审批时限为60日，报告表为30日。")
    editor.get_by_role("button", name="提交负责人审核").click()

    head = _login(browser, base, "hpc_head")
    head.goto(case_url)
    head.get_by_role("button", name="审核通过").click()
    assert "已答复" in head.locator(".status").inner_text()

    citizen.goto(f"{base}/interaction/query/")
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_role("button", name="查询").click()
    assert "报告书审批时限为60日" in citizen.locator(".reply").inner_text()
    assert "河北省环境保护厅环评处" in citizen.locator("main").inner_text()
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    assert "您的评价：满意" in citizen.locator("main").inner_text()
    assert Case.objects.get().rating == "satisfied"
