"""A citizen's visit in real headless chromium (Debian's package, driven by Playwright)."""


import pytest


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_visit_weibin_follow_a_column_and_read_footer_identity(seeded_live_server, browser_page, tmp_path):
    port = seeded_live_server.url.rsplit(":", 1)[1]
    page = browser_page
    page.goto(f"http://weibin.localhost:{port}/")
    assert page.locator("header .site-name").inner_text().endswith("宝鸡市渭滨区人民政府")
    page.get_by_role("navigation", name="主栏目").get_by_role("link", name="政务", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "政务"
    assert "当前位置" in page.locator(".breadcrumb").inner_text()
    footer = page.locator("footer").inner_text()
    assert "网站标识码：6103020001" in footer
    assert "陕ICP备05003021号" in footer and "陕公网安备61030202000021号" in footer
    assert "主办单位：宝鸡市渭滨区人民政府办公室" in footer and "承办单位：宝鸡市渭滨区大数据发展服务局" in footer
    assert page.locator("footer a.icp").get_attribute("href") == "https://beian.miit.gov.cn/"
    shot = tmp_path / "weibin-column.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
