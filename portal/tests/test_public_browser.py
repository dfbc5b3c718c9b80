"""The public pages of every seed site in headless chromium: axe-core at 0 violations, no sideways scrolling at
375 px on any sitemap URL, 长辈版 and 字号 by keyboard and remembered by cookie, focus visible at 3:1,
screenshots at 375 and 1280 px under var/screenshots/."""

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from sites.models import SiteProfile

from .public_content import make_public_content

AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 from npm, test-only
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def sites(seeded_live_server):
    """Every seed site with one page of each kind, and the live server's port."""
    port = seeded_live_server.url.rsplit(":", 1)[1]
    profiles = list(SiteProfile.objects.select_related("site", "owner").order_by("id"))
    return port, [(profile, make_public_content(profile)) for profile in profiles]


def address(port, profile, page_or_path):
    path = page_or_path if isinstance(page_or_path, str) else page_or_path.get_url_parts()[2]
    return f"http://{profile.code}.localhost:{port}{path}"


def page_kinds(port, profile, pages):
    return {
        "home": address(port, profile, "/"), "column": address(port, profile, pages["news"]),
        "article": address(port, profile, pages["article"]), "policy": address(port, profile, pages["policy"]),
        "guide": address(port, profile, pages["guide"]), "sitemap": address(port, profile, "/sitemap/"),
        "404": address(port, profile, "/no-such-page/"),
    }


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_axe_finds_nothing_on_every_page_kind_of_every_seed_site_and_screenshots_are_kept(sites, browser):
    port, made = sites
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    for profile, pages in made:
        for kind, url in page_kinds(port, profile, pages).items():
            response = phone.goto(url)
            assert response.status == (404 if kind == "404" else 200), url
            violations = axe_violations(phone)
            if violations:
                problems.append((url, "375", violations))
            if sideways(phone) > 0:
                problems.append((url, "scrolls sideways at 375 px", sideways(phone)))
            phone.screenshot(path=str(SCREENSHOTS / f"{profile.code}-{kind}-375.png"), full_page=True)
            desk.goto(url)
            desk.screenshot(path=str(SCREENSHOTS / f"{profile.code}-{kind}-1280.png"), full_page=True)
        # 长辈版 changes colours and sizes: it must pass too.
        desk.context.add_cookies([{"name": "govsite_elder", "value": "1", "url": f"http://{profile.code}.localhost:{port}/"}])
        for kind in ("home", "article"):
            desk.goto(page_kinds(port, profile, pages)[kind])
            assert "elder" in desk.evaluate("document.documentElement.className")
            violations = axe_violations(desk)
            if violations:
                problems.append((desk.url, "长辈版", violations))
            desk.screenshot(path=str(SCREENSHOTS / f"{profile.code}-{kind}-elder-1280.png"), full_page=True)
    assert problems == []
    assert (SCREENSHOTS / "weibin-article-375.png").stat().st_size > 10_000


def sitemap_urls(port, profile):
    """Every <loc> of the site's sitemap.xml (and of the sitemaps an index names), on the live server's port."""
    import httpx

    host = f"{profile.code}.localhost:{port}"
    todo, urls = ["/sitemap.xml"], []
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    while todo:
        response = httpx.get(f"http://127.0.0.1:{port}{todo.pop()}", headers={"Host": host})
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        for loc in root.iter(f"{namespace}loc"):
            parts = urlsplit(loc.text.strip())
            if root.tag == f"{namespace}sitemapindex":
                todo.append(urlunsplit(("", "", parts.path, parts.query, "")))
            else:
                urls.append(urlunsplit((parts.scheme, host, parts.path, parts.query, "")))
    return urls


def test_no_url_of_any_sitemap_scrolls_sideways_at_375_px(sites, browser):
    port, made = sites
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    wide, visited = [], 0
    for profile, _pages in made:
        urls = sitemap_urls(port, profile)
        assert len(urls) > 5, profile.code
        for url in urls:
            response = phone.goto(url, wait_until="domcontentloaded")
            assert response.status == 200, url
            visited += 1
            overflow = sideways(phone)
            if overflow > 0:
                wide.append((url, overflow))
    assert wide == [] and visited > 500


def test_elder_mode_and_font_size_by_keyboard_on_every_seed_site_remembered_by_cookie(sites, browser):
    port, made = sites
    for profile, pages in made:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        url = address(port, profile, pages["article"])
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "16px"
        for _ in range(6):  # keyboard only: Tab to the 长辈版 switch
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.hasAttribute('data-elder-toggle')"):
                break
        else:
            pytest.fail(f"{profile.code}: 长辈版 switch not reachable by Tab")
        page.keyboard.press("Enter")
        assert "elder" in page.evaluate("document.documentElement.className")
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"
        toggle = page.locator("[data-elder-toggle]")
        assert toggle.get_attribute("aria-pressed") == "true" and toggle.inner_text() == "退出长辈版"
        assert {"name": "govsite_elder", "value": "1"}.items() <= next(c for c in context.cookies() if c["name"] == "govsite_elder").items()

        page.locator('[data-font="large"]').focus()
        page.keyboard.press("Enter")
        assert page.evaluate("getComputedStyle(document.querySelector('.item-body')).fontSize") == "26px"
        page.reload()  # both choices survive a new page load (from the cookies, same HTML)
        assert page.evaluate("document.documentElement.classList.contains('elder')")
        assert page.evaluate("getComputedStyle(document.querySelector('.item-body')).fontSize") == "26px"
        assert page.locator('[data-font="large"]').get_attribute("aria-pressed") == "true"

        page.locator("[data-elder-toggle]").focus()
        page.keyboard.press("Enter")  # back to the standard version
        page.locator('[data-font="small"]').click()
        assert page.evaluate("getComputedStyle(document.querySelector('.item-body')).fontSize") == "15px"
        page.locator('[data-font="medium"]').click()
        assert page.evaluate("getComputedStyle(document.querySelector('.item-body')).fontSize") == "17px"
        assert not any(c["name"] in ("govsite_elder", "govsite_font") for c in context.cookies())
        context.close()


FOCUS_CONTRAST = """() => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const opaque = c => { const m = c.match(/[\\d.]+/g); return m && (m.length < 4 || Number(m[3]) > 0); };
  const el = document.activeElement; const style = getComputedStyle(el);
  let bg = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor; if (opaque(c)) { bg = c; break; } }
  const a = lum(style.outlineColor), b = lum(bg);
  return {tag: el.tagName, text: el.textContent.trim().slice(0, 20), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


def test_keyboard_focus_is_visible_at_3_to_1_on_every_focusable_element_of_the_home_and_article(sites, browser):
    port, made = sites
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    weak = []
    for profile, pages in made[:3] + made[-1:]:
        for url in (address(port, profile, "/"), address(port, profile, pages["article"])):
            page.goto(url)
            for _ in range(40):
                page.keyboard.press("Tab")
                focus = page.evaluate(FOCUS_CONTRAST)
                if focus["tag"] == "BODY":
                    break  # past the last focusable element
                if focus["style"] == "none" or focus["width"] < 2 or focus["ratio"] < 3:
                    weak.append((url, focus))
    assert weak == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(sites, browser):
    port, made = sites
    page = browser.new_page(viewport={"width": 375, "height": 812})
    profile, pages = made[-1]
    page.goto(address(port, profile, pages["article"]))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
