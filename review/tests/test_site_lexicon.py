"""Per-site lexicons (SiteLexicon, a Wagtail snippet): inherited, versioned, applied by check_text and --site."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from review import checks
from review.checks import check_text
from review.models import SiteLexicon

from .factories import make_site, publish_article

pytestmark = pytest.mark.django_db


def categories(findings):
    return [(f.category, f.severity, f.match) for f in findings]


def test_site_terms_apply_to_the_site_and_the_sites_below_it():
    city, _ = make_site("tcity")
    county, _ = make_site("tcounty", parent=city.profile)
    other, _ = make_site("tother")
    SiteLexicon.objects.create(site=city, prohibited_terms="黑中介\n")
    text = "警惕！某黑中介以招工名义收取押金，请勿上当。本店专业黑中介服务，价格优惠。"
    assert categories(check_text("本店专业黑中介服务，价格优惠。", county)) == [("prohibited", "block", "黑中介")]
    assert categories(check_text("本店专业黑中介服务，价格优惠。", city)) == [("prohibited", "block", "黑中介")]
    assert check_text("本店专业黑中介服务，价格优惠。", other) == []
    assert check_text("本店专业黑中介服务，价格优惠。") == []
    # The platform's reporting context applies to site terms too.
    assert [f.match for f in check_text(text, county)] == ["黑中介"]


def test_editing_a_lexicon_rebuilds_the_automaton_and_otherwise_reuses_it():
    site, _ = make_site("tcounty")
    row = SiteLexicon.objects.create(site=site, sensitive_terms="拆违\n")
    assert row.version == 1
    assert categories(check_text("开展拆违行动", site)) == [("sensitive", "warn", "拆违")]
    compiled = checks._site_cache[site.pk]
    check_text("开展拆违行动", site)
    assert checks._site_cache[site.pk] is compiled  # same version: reused
    row.sensitive_terms = "拆违\n控违\n"
    row.save()
    assert row.version == 2
    assert categories(check_text("开展控违行动", site)) == [("sensitive", "warn", "控违")]
    assert checks._site_cache[site.pk] is not compiled


def test_site_allowed_phrases_and_unless_words():
    site, _ = make_site("ttax")
    SiteLexicon.objects.create(site=site, allowed_terms="代开发票窗口\n", prohibited_terms="代办\tunless: 政务服务 帮办\n")
    assert check_text("请到代开发票窗口办理，价格优惠", site) == []
    assert categories(check_text("专业代开发票，价格优惠", site)) == [("prohibited", "block", "代开发票")]
    assert check_text("政务服务中心提供代办服务", site) == []
    assert categories(check_text("各类执照代办", site)) == [("prohibited", "block", "代办")]


def test_site_link_rules_blocked_domains_https_and_font():
    site, _ = make_site("tcounty")
    SiteLexicon.objects.create(
        site=site, blocked_domains="spam-news.example\n", trusted_domains="bjnews.com.cn", require_https=True, body_font="仿宋"
    )
    text = '<p style="font-family:仿宋_GB2312">见 http://www.weibin.gov.cn/a.html 与 https://m.spam-news.example/x 和 https://www.bjnews.com.cn/1</p>'
    found = categories(check_text(text, site))
    assert found == [
        ("link", "warn", "http://www.weibin.gov.cn/a.html"),
        ("link", "block", "https://m.spam-news.example/x"),
    ]
    # Without the site: 宋体 is the font, spam-news is not listed, bjnews is a commercial site, http is fine.
    assert categories(check_text(text)) == [
        ("format", "warn", "font-family:仿宋_GB2312"),
        ("link", "warn", "https://www.bjnews.com.cn/1"),
    ]


def test_duplicate_title_against_published_items_within_the_window():
    site, column = make_site("tcounty")
    publish_article(column, "关于做好2024年汛期安全防范工作的通知", days_ago=3)
    old = publish_article(column, "渭滨区召开全区经济工作会议", days_ago=400)
    text = "关于做好2024年汛期安全防范工作的通知\n各镇人民政府：现将有关事项通知如下。"
    (finding,) = check_text(text, site)
    assert (finding.category, finding.severity, finding.match) == ("duplicate_title", "warn", "关于做好2024年汛期安全防范工作的通知")
    assert text[finding.start : finding.end] == finding.match
    # Older than the window (365 days by default): not a duplicate; a longer window finds it.
    assert check_text("渭滨区召开全区经济工作会议\n会议指出……", site) == []
    SiteLexicon.objects.create(site=site, duplicate_title_days=500)
    assert [f.category for f in check_text("渭滨区召开全区经济工作会议\n会议指出……", site)] == ["duplicate_title"]
    # Editing the published page itself is not a duplicate of itself.
    assert check_text("渭滨区召开全区经济工作会议\n会议指出……", site, page_id=old.pk) == []
    # Explicit title, other site: no finding.
    other, _ = make_site("tother")
    assert check_text("正文", other, title="关于做好2024年汛期安全防范工作的通知") == []


def test_command_with_site_code(tmp_path):
    site, column = make_site("tcounty")
    publish_article(column, "关于做好2024年汛期安全防范工作的通知")
    SiteLexicon.objects.create(site=site, prohibited_terms="黑中介")
    path = tmp_path / "a.txt"
    path.write_text("关于做好2024年汛期安全防范工作的通知\n本店专业黑中介服务。", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("check_content", str(path), "--json", "--site", "tcounty", stdout=out)
    assert exc.value.code == 1
    assert [(f["category"], f["match"]) for f in json.loads(out.getvalue())] == [
        ("duplicate_title", "关于做好2024年汛期安全防范工作的通知"),
        ("prohibited", "黑中介"),
    ]


def test_lexicon_is_a_snippet_in_the_admin(admin_client):
    site, _ = make_site("tcounty")
    row = SiteLexicon.objects.create(site=site, prohibited_terms="黑中介")
    listing = admin_client.get(reverse("wagtailsnippets_review_sitelexicon:list"))
    assert listing.status_code == 200
    edit_url = reverse("wagtailsnippets_review_sitelexicon:edit", args=[row.pk])
    page = admin_client.get(edit_url)
    assert page.status_code == 200 and "违禁词" in page.content.decode()
    response = admin_client.post(
        edit_url,
        {
            "site": site.pk, "prohibited_terms": "黑中介\n假中介", "sensitive_terms": "", "allowed_terms": "",
            "blocked_domains": "", "trusted_domains": "", "body_font": "宋体", "max_title_length": 50,
            "duplicate_title_days": 365,
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.version == 2
    assert [f.match for f in check_text("专业假中介，价格优惠", site)] == ["假中介"]


def test_site_admin_keeps_only_their_own_sites_lexicon(client, profiles, make_person):
    from orgs.models import Role

    weibin, baoji = profiles["weibin"].site, profiles["baoji"].site
    SiteLexicon.objects.create(site=baoji, prohibited_terms="宝鸡专用词\n")
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    listing = client.get(reverse("wagtailsnippets_review_sitelexicon:list")).content.decode()
    assert "宝鸡市人民政府" not in listing
    form = client.get(reverse("wagtailsnippets_review_sitelexicon:add")).content.decode()
    assert "宝鸡市渭滨区人民政府" in form and "宝鸡市人民政府<" not in form
    response = client.post(reverse("wagtailsnippets_review_sitelexicon:add"), {
        "site": weibin.pk, "prohibited_terms": "渭滨专用词", "sensitive_terms": "", "allowed_terms": "",
        "blocked_domains": "", "trusted_domains": "", "body_font": "宋体", "max_title_length": 50, "duplicate_title_days": 365,
    })
    assert response.status_code == 302
    assert SiteLexicon.objects.get(site=weibin).prohibited_terms == "渭滨专用词"
