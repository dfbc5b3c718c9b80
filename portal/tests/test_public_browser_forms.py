"""The public pages that are not Wagtail pages, in headless chromium at 375 px: axe-core at 0 violations and no
sideways scrolling on 站内搜索 (with results and with none) and on 政民互动 (the mailboxes, a mailbox's public
list, the 写信 form sent with a validation error, a published case), on a province portal and a county portal."""

import pytest

from orgs.models import Role

from .public_content import LONG_TITLE, make_public_content
from .test_public_browser import axe_violations, sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITES = ("hebei", "weibin")  # 河北省人民政府 (province), 宝鸡市渭滨区人民政府 (county)


def published_case(profile, admin):
    """A letter sent, accepted, answered and made public through the interaction app's own services."""
    from interaction import lifecycle
    from interaction.forms import PUBLIC_KINDS
    from interaction.models import Mailbox

    box = Mailbox.objects.filter(site=profile.site, kind__in=PUBLIC_KINDS).order_by("pk").first()
    case, _created = lifecycle.submit(
        box, title="关于小区门前道路积水的咨询", content="雨后道路积水严重，请问何时整修？", phone="13812345678",
        writer_name="王五", wants_public=True,
    )
    lifecycle.accept(case, admin)
    lifecycle.apply_external_result(case, reply="已安排整修，预计本月完成。", department=profile.owner.name)
    lifecycle.publish(case, admin)
    return box, case


@pytest.fixture
def pages(seeded_live_server, make_person):
    from sites.models import SiteProfile

    port = seeded_live_server.url.rsplit(":", 1)[1]
    made = {}
    for code in SITES:
        profile = SiteProfile.objects.select_related("site", "owner").get(code=code)
        make_public_content(profile)
        box, case = published_case(profile, make_person(Role.SITE_ADMIN, code))
        base = f"http://{code}.localhost:{port}"
        made[code] = {
            "search": f"{base}/search/?q=内容保障", "search-none": f"{base}/search/?q=量子纠缠望远镜",
            "interaction": f"{base}/interaction/", "list": f"{base}/interaction/{box.kind}/",
            "detail": f"{base}/interaction/{box.kind}/{case.pk}/", "write": f"{base}/interaction/write/",
        }
    return made


def test_axe_finds_nothing_on_search_and_interaction_pages_at_375_px(pages, browser):  # noqa: F811
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    problems = []

    def check(url, label):
        violations = axe_violations(phone)
        if violations:
            problems.append((url, label, violations))
        if sideways(phone) > 0:
            problems.append((url, label, "scrolls sideways at 375 px", sideways(phone)))

    for code, urls in pages.items():
        for kind in ("search", "search-none", "interaction", "list", "detail"):
            response = phone.goto(urls[kind])
            assert response.status == 200, urls[kind]
            check(urls[kind], kind)
        # What a citizen sees: results with the item's title, a clear "nothing found", the published answer.
        phone.goto(urls["search"])
        assert LONG_TITLE[:10] in phone.locator("main").inner_text()
        phone.goto(urls["detail"])
        assert "已安排整修" in phone.locator("main").inner_text()

        phone.goto(urls["write"])
        with phone.expect_navigation():
            phone.get_by_role("button", name="提交").click()  # nothing filled in
        assert phone.locator(".error").count() >= 2, code  # 标题, 内容 … each says what is missing
        check(urls["write"], "write with errors")
    assert problems == []
