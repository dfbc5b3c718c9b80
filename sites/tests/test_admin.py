"""站群网站 in the admin: platform admins edit every SiteProfile, a 网站管理员 their own only; identity
fields are checked with Chinese errors; 001 第十二条 domain warnings are shown, not refused; every change
(and every column created, moved or deleted) lands in the site's 备案记录 (001 第十七条)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from columns.models import ColumnPage
from orgs.models import Role
from sites.services import filing_history

pytestmark = pytest.mark.django_db


def edit_url(profile):
    return reverse("siteprofile:edit", args=(profile.pk,))


def filings_url(profile):
    return reverse("siteprofile:filings", args=(profile.pk,))


def edit_form(client, profile):
    response = client.get(edit_url(profile))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    if "party_gov_label" in data:
        data["party_gov_label"] = "on"  # what a browser sends for a checked box without a value attribute
    return data


def test_platform_admin_lists_every_site(client, profiles, make_person):
    client.force_login(make_person(Role.PLATFORM_ADMIN))
    html = client.get(reverse("siteprofile:index")).content.decode()
    assert "站群网站" in html
    for profile in profiles.values():
        assert profile.full_name in html
    assert client.get(edit_url(profiles["weibin"])).status_code == 200


def test_site_admin_sees_and_edits_only_own_site(client, profiles, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    html = client.get(reverse("siteprofile:index")).content.decode()
    assert "河北机构编制网" in html and filings_url(profiles["hebjgbz"]) in html  # 备案记录 from the listing
    assert "宝鸡市渭滨区人民政府" not in html and "河北省人民政府" not in html
    assert client.get(edit_url(profiles["hebjgbz"])).status_code == 200

    weibin = profiles["weibin"]
    response = client.get(edit_url(weibin))
    assert response.status_code == 403
    assert "您只能查看和编辑本人管理的网站的信息" in response.content.decode()
    response = client.post(edit_url(weibin), {"full_name": "被篡改", "contact_phone": "000"})
    assert response.status_code == 403
    weibin.refresh_from_db()
    assert weibin.full_name == "宝鸡市渭滨区人民政府" and weibin.contact_phone != "000"
    for url in (filings_url(weibin), reverse("siteprofile:history", args=(weibin.pk,))):
        assert client.get(url).status_code == 403


def test_editors_have_no_site_profile_admin(client, profiles, make_person):
    client.force_login(make_person(Role.EDITOR, "hebjgbz", "监督处"))
    response = client.get(reverse("siteprofile:index"), follow=True)
    assert "没有权限访问" in response.content.decode()
    assert client.get(edit_url(profiles["hebjgbz"])).status_code == 403


@pytest.mark.parametrize(
    "field,bad,message",
    [
        ("site_code", "13030000", "网站标识码格式不正确"),
        ("icp", "冀ICP15003849", "ICP备案号格式不正确"),
        ("police_record", "冀公网安备1303020200", "公安机关备案号格式不正确"),
    ],
)
def test_bad_identity_is_refused_in_chinese_and_nothing_saved(client, profiles, make_person, field, bad, message):
    profile = profiles["hebjgbz"]
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    data = edit_form(client, profile)
    data[field] = bad
    data["contact_phone"] = "0311-99999999"  # a valid change alongside: must not be saved either
    before = {f: getattr(profile, f) for f in ("site_code", "icp", "police_record", "contact_phone")}
    filings_before = filing_history(profile).count()
    response = client.post(edit_url(profile), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert {f: getattr(profile, f) for f in before} == before
    assert filing_history(profile).count() == filings_before


def test_domain_rule_is_a_warning_not_a_refusal(client, profiles, make_person):
    profile = profiles["hebhb"]  # 000 第二条 names www.hb12369.net beside www.hebhb.gov.cn
    client.force_login(make_person(Role.SITE_ADMIN, "hebhb"))
    assert "hb12369.net 不以 .gov.cn 结尾" in client.get(edit_url(profile)).content.decode()
    data = edit_form(client, profile)
    data["person_in_charge"] = "李明"
    response = client.post(edit_url(profile), data, follow=True)
    html = response.content.decode()
    assert "hb12369.net 不以 .gov.cn 结尾" in html
    profile.refresh_from_db()
    assert profile.person_in_charge == "李明"


def test_changing_the_phone_is_filed_with_who_and_old_and_new_value(client, profiles, make_person):
    profile = profiles["weibin"]
    admin = make_person(Role.SITE_ADMIN, "weibin", full_name="王明")
    client.force_login(admin)
    old_phone = profile.contact_phone
    data = edit_form(client, profile)
    data["contact_phone"] = "0917-3261234"
    assert client.post(edit_url(profile), data).status_code == 302

    entry = filing_history(profile).first()
    assert entry.user == admin
    assert entry.data["changes"] == {"contact_phone": [old_phone, "0917-3261234"]}
    html = client.get(filings_url(profile)).content.decode()
    assert "备案记录" in html and "联系电话" in html and "王明" in html
    assert old_phone in html and "0917-3261234" in html


# --- Column structure (栏目主体结构) --------------------------------------------------------------------------


def test_column_created_moved_and_deleted_are_filed(client, profiles, make_person):
    profile = profiles["hebjgbz"]
    home = profile.site.root_page
    admin = make_person(Role.SITE_ADMIN, "hebjgbz")
    client.force_login(admin)

    add_url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", home.pk))
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data["title"], data["slug"] = "编制资讯", "bianzhi-zixun"
    assert client.post(add_url, data).status_code == 302
    created = ColumnPage.objects.child_of(home).get(slug="bianzhi-zixun")

    target = ColumnPage.objects.child_of(home).get(title="资料中心")
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=(created.pk, target.pk)))
    assert response.status_code == 302

    response = client.post(reverse("wagtailadmin_pages:delete", args=(created.pk,)))
    assert response.status_code == 302
    assert not ColumnPage.objects.filter(pk=created.pk).exists()

    entries = [e.data for e in filing_history(profile) if e.data["subject"] == "column_structure"][:3]
    assert entries == [
        {"subject": "column_structure", "changes": {"deleted": ["资料中心 / 编制资讯", None]}},
        {"subject": "column_structure", "changes": {"moved": ["编制资讯", "资料中心 / 编制资讯"]}},
        {"subject": "column_structure", "changes": {"created": [None, "编制资讯"]}},
    ]
    html = client.get(filings_url(profile)).content.decode()
    for text in ("栏目主体结构", "新增栏目", "移动栏目", "删除栏目", "资料中心 / 编制资讯"):
        assert text in html


def test_filing_views_are_in_chinese(client, profiles, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "hebjgbz"))
    html = client.get(edit_url(profiles["hebjgbz"])).content.decode()
    for label in ("网站标识码", "ICP备案号", "公安机关备案号", "联系电话", "备案记录", "保存"):
        assert label in html


def test_renamed_site_keeps_its_collection_and_site_name(client, profiles, make_person):
    from sites.services import site_collection

    profile = profiles["sxit"]
    collection = site_collection(profile.site)
    client.force_login(make_person(Role.SITE_ADMIN, "sxit"))
    data = edit_form(client, profile)
    data["full_name"] = "陕西省工业和信息化厅（新）"
    assert client.post(edit_url(profile), data).status_code == 302
    profile.refresh_from_db()
    assert profile.site.site_name == "陕西省工业和信息化厅（新）"
    assert site_collection(profile.site).pk == collection.pk
    assert filing_history(profile).first().data["changes"]["full_name"] == ["陕西省工业和信息化厅", "陕西省工业和信息化厅（新）"]


def test_unit_choices_are_the_sites_own_governments_units(client, profiles, make_person):
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    html = client.get(reverse("siteprofile:edit", args=(profiles["weibin"].pk,))).content.decode()
    assert "宝鸡市渭滨区应急管理局" in html and "宝鸡市人民政府办公室信息科" not in html
    assert "河北省环境保护厅" not in html and "宝鸡市人民政府办公室" not in html
