"""A citizen searches each site in real headless chromium: the header box, a result, the column and date filters."""

from datetime import datetime

import pytest
from django.utils import timezone

SITES = ["hebei", "hebhb", "hebjgbz", "shaanxi", "sxit", "baoji", "weibin"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def two_items_in_two_columns(code):
    """A recent item in one leaf column and an older one in another (autocommit: the index follows each)."""
    from columns.models import ColumnPage
    from content.models import ArticlePage
    from content.services import place_item
    from sites.models import SiteProfile

    site = SiteProfile.objects.get(code=code).site
    leaves = list(ColumnPage.objects.descendant_of(site.root_page).filter(numchild=0).order_by("path")[:2])
    recent = place_item(leaves[0], ArticlePage(title="关于做好汛期防汛抗旱工作的通知", slug="flood-1",
                                               body="<p>各单位要做好汛期防汛抗旱各项准备。</p>",
                                               publish_date=timezone.make_aware(datetime(2024, 6, 1, 9))))
    older = place_item(leaves[1], ArticlePage(title="防汛抗旱应急预案修订说明", slug="flood-2",
                                              body="<p>本次修订完善了防汛抗旱应急响应分级。</p>",
                                              publish_date=timezone.make_aware(datetime(2021, 3, 1, 9))))
    return leaves, recent, older


@pytest.mark.parametrize("code", SITES)
def test_search_from_header_open_result_and_filter(code, seeded_live_server, browser_page):
    leaves, recent, older = two_items_in_two_columns(code)
    port = seeded_live_server.url.rsplit(":", 1)[1]
    page = browser_page
    page.goto(f"http://{code}.localhost:{port}/")
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("防汛")
    box.press("Enter")
    page.wait_for_load_state()
    assert "共找到 2 条结果" in page.locator(".result-count").inner_text()
    assert page.locator(".search-results mark").first.inner_text() == "防汛"

    page.get_by_role("link", name="关于做好汛期防汛抗旱工作的通知").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "关于做好汛期防汛抗旱工作的通知"
    page.go_back()
    page.wait_for_load_state()

    page.select_option("#search-column", str(leaves[1].pk))
    page.get_by_role("button", name="搜索", exact=True).last.click()
    page.wait_for_load_state()
    assert page.locator(".search-results h2").all_inner_texts() == ["防汛抗旱应急预案修订说明"]

    page.select_option("#search-column", "")
    page.fill("#search-from", "2024-01-01")
    page.fill("#search-to", "2024-12-31")
    page.get_by_role("button", name="搜索", exact=True).last.click()
    page.wait_for_load_state()
    assert page.locator(".search-results h2").all_inner_texts() == ["关于做好汛期防汛抗旱工作的通知"]
