"""Identity (issue 7 part 5): 网站标识码, ICP备案号, 公安机关备案号 and domains are unique across the 站群, and the
标识码 starts with the 行政区划代码 of the site's government (reference/national-rules.md §5)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orgs.models import Organization, Role
from orgs.services import government_of
from sites.identity import identity_clashes, normalize_police_record, site_code_region_error, validate_division_code
from sites.models import SiteProfile
from sites.services import filing_history
from sites.tests.test_admin import edit_form, edit_url

def public_footer(client, code):
    html = client.get("/", HTTP_HOST=f"{code}.localhost").content.decode()
    return html[html.index('<footer class="site-footer"'):html.index("</footer>")]


# --- Reproduction 9, as weibin's 网站管理员 would hit it ---------------------------------------------------------

HEBHB_VALUES = [
    ("site_code", "1300000012", "网站标识码 1300000012 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
    ("icp", "冀ICP备05002012号", "ICP备案号 冀ICP备05002012号 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
    # the same record written another way (space, no 号) is the same record
    ("police_record", "冀公网安备 13010202000112", "公安机关备案号 冀公网安备13010202000112号 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
    ("english_domain", "WWW.hebhb.gov.cn", "英文域名 www.hebhb.gov.cn 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
    ("extra_english_domains", "www.hb12369.net", "其他英文域名 www.hb12369.net 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
    ("chinese_domain", "河北省环境保护厅.政务", "中文域名 河北省环境保护厅.政务 已由“河北省环境保护厅”使用，站群内各网站不得重复。"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("field,value,message", HEBHB_VALUES, ids=[v[0] for v in HEBHB_VALUES])
def test_weibin_admin_cannot_take_hebhb_identity(client, profiles, make_person, field, value, message):
    weibin = profiles["weibin"]
    before = {f: getattr(weibin, f) for f in (*[v[0] for v in HEBHB_VALUES], "contact_phone")}
    filings_before = filing_history(weibin).count()
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    data = edit_form(client, weibin)
    data[field] = value
    data["contact_phone"] = "0917-3000001"  # a valid change alongside: refused with the rest

    response = client.post(edit_url(weibin), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    weibin.refresh_from_db()
    assert {f: getattr(weibin, f) for f in before} == before
    assert filing_history(weibin).count() == filings_before
    footer = public_footer(client, "weibin")
    assert '网站标识码：<span class="site-code">6103020001</span>' in footer
    assert "sitecode=6103020001" in footer  # the 找错 link
    for hebhb_value in ("1300000012", "冀ICP备05002012号", "13010202000112", "hebhb", "hb12369", "河北省环境保护厅"):
        assert hebhb_value not in footer


@pytest.mark.django_db
def test_the_site_code_must_carry_the_region_of_the_sites_government(client, profiles, make_person):
    weibin = profiles["weibin"]
    client.force_login(make_person(Role.SITE_ADMIN, "weibin"))
    data = edit_form(client, weibin)
    data["site_code"] = "6103000099"  # 宝鸡市's region, not 渭滨区's
    html = client.post(edit_url(weibin), data).content.decode()
    assert "网站标识码 6103000099 的前6位 610300 与本网站所属的宝鸡市渭滨区人民政府的行政区划代码 610302 不一致。" in html
    weibin.refresh_from_db()
    assert weibin.site_code == "6103020001"

    data["site_code"] = "6103020099"
    assert client.post(edit_url(weibin), data).status_code == 302
    weibin.refresh_from_db()
    assert weibin.site_code == "6103020099"
    assert "site_code" not in weibin.example_fields and "icp" in weibin.example_fields  # entered, no longer 示例
    assert filing_history(weibin).first().data["changes"] == {"site_code": ["6103020001", "6103020099"]}
    assert '网站标识码：<span class="site-code">6103020099</span>' in public_footer(client, "weibin")


@pytest.mark.django_db
def test_a_department_site_takes_the_region_of_the_government_it_belongs_to(client, profiles, make_person):
    hebhb = profiles["hebhb"]  # 主办单位 河北省环境保护厅, under 河北省人民政府 (130000)
    client.force_login(make_person(Role.SITE_ADMIN, "hebhb"))
    data = edit_form(client, hebhb)
    data["site_code"] = "bm04000001"
    html = client.post(edit_url(hebhb), data).content.decode()
    assert "网站标识码 bm04000001 是国务院部门网站的编码（bm 开头）；本网站属于河北省人民政府，标识码应以其行政区划代码 130000 开头。" in html
    data["site_code"] = "1300000099"
    assert client.post(edit_url(hebhb), data).status_code == 302
    hebhb.refresh_from_db()
    assert hebhb.site_code == "1300000099"


@pytest.mark.django_db
def test_extra_domains_are_entered_one_a_line_and_checked(client, profiles, make_person):
    hebhb = profiles["hebhb"]
    client.force_login(make_person(Role.SITE_ADMIN, "hebhb"))
    data = edit_form(client, hebhb)
    assert data["extra_english_domains"].strip() == "www.hb12369.net"
    data["extra_english_domains"] = "www.hb12369.net\nhuanbao.hebei.gov.cn"
    assert client.post(edit_url(hebhb), data).status_code == 302
    hebhb.refresh_from_db()
    assert hebhb.extra_english_domains == ["www.hb12369.net", "huanbao.hebei.gov.cn"]

    data["extra_english_domains"] = "www.hebei.gov.cn"  # 河北省人民政府's
    html = client.post(edit_url(hebhb), data).content.decode()
    assert "其他英文域名 www.hebei.gov.cn 已由“河北省人民政府”使用" in html
    data["extra_english_domains"] = "not a domain"
    html = client.post(edit_url(hebhb), data).content.decode()
    assert "not a domain：域名格式不正确" in html
    hebhb.refresh_from_db()
    assert hebhb.extra_english_domains == ["www.hb12369.net", "huanbao.hebei.gov.cn"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["site_code", "icp", "police_record", "english_domain", "chinese_domain"])
def test_the_database_refuses_a_second_holder_on_every_other_path(profiles, field):
    weibin = profiles["weibin"]
    setattr(weibin, field, getattr(profiles["hebhb"], field))
    with pytest.raises(IntegrityError), transaction.atomic():
        weibin.save()


@pytest.mark.django_db
def test_sites_without_a_chinese_domain_do_not_clash(profiles):
    for code in ("weibin", "baoji"):
        SiteProfile.objects.filter(code=code).update(chinese_domain="")
    assert SiteProfile.objects.filter(chinese_domain="").count() == 2


@pytest.mark.django_db
def test_governments_carry_the_division_codes_of_the_seed_files_and_every_site_code_fits():
    codes = dict(Organization.objects.filter(kind=Organization.Kind.GOVERNMENT).values_list("name", "division_code"))
    assert codes == {"河北省人民政府": "130000", "陕西省人民政府": "610000", "宝鸡市人民政府": "610300", "宝鸡市渭滨区人民政府": "610302"}
    for profile in SiteProfile.objects.select_related("owner"):
        assert profile.site_code[:6] == government_of(profile.owner).division_code, profile.code


# --- The rules themselves ---------------------------------------------------------------------------------------


def values(**given):
    base = {"site_code": "", "icp": "", "police_record": "", "english_domain": "", "extra_english_domains": [], "chinese_domain": ""}
    return {**base, **given}


def test_clashes_name_the_holder_field_by_field():
    others = [
        ("甲网站", values(site_code="6103020001", icp="陕ICP备05003021号", english_domain="www.a.gov.cn")),
        ("乙网站", values(police_record="陕公网安备61030202000021号", extra_english_domains=["www.b.gov.cn"], chinese_domain="乙.政务")),
    ]
    mine = values(
        site_code="6103020001", icp="陕ICP备05003021号-1", police_record="陕公网安备 61030202000021",
        english_domain="WWW.B.gov.cn", extra_english_domains=["WWW.A.GOV.CN", "www.c.gov.cn"], chinese_domain="乙.政务",
    )
    assert identity_clashes(mine, others) == {
        "site_code": ["网站标识码 6103020001 已由“甲网站”使用，站群内各网站不得重复。"],
        "police_record": ["公安机关备案号 陕公网安备 61030202000021 已由“乙网站”使用，站群内各网站不得重复。"],
        "english_domain": ["英文域名 WWW.B.gov.cn 已由“乙网站”使用，站群内各网站不得重复。"],
        "extra_english_domains": ["其他英文域名 WWW.A.GOV.CN 已由“甲网站”使用，站群内各网站不得重复。"],
        "chinese_domain": ["中文域名 乙.政务 已由“乙网站”使用，站群内各网站不得重复。"],
    }
    # -1 is another website of the same 主体: a different ICP record.
    assert "icp" not in identity_clashes(mine, others)


def test_no_clash_among_distinct_or_empty_values_and_the_first_holder_is_named():
    others = [("甲", values(site_code="1300000001")), ("乙", values(site_code="1300000001"))]
    assert identity_clashes(values(site_code="1300000001"), others)["site_code"] == [
        "网站标识码 1300000001 已由“甲”使用，站群内各网站不得重复。"
    ]
    assert identity_clashes(values(site_code="1300000002", chinese_domain=""), [("甲", values(site_code="1300000001"))]) == {}
    assert identity_clashes(values(extra_english_domains=[""]), [("甲", values())]) == {}  # empty values never clash


def test_a_domain_given_twice_by_one_site_is_refused():
    mine = values(english_domain="www.a.gov.cn", extra_english_domains=["www.a.gov.cn"])
    assert identity_clashes(mine, []) == {"extra_english_domains": ["其他英文域名 www.a.gov.cn 填写了两次。"]}


def test_region_rule():
    assert site_code_region_error("6103020001", "610302", "渭滨区") is None
    assert site_code_region_error("6103020001", "", "渭滨区") is None  # no code on record: nothing to compare
    assert site_code_region_error("6103000001", "610302", "渭滨区") == (
        "网站标识码 6103000001 的前6位 610300 与本网站所属的渭滨区的行政区划代码 610302 不一致。"
    )
    assert site_code_region_error("1610302000", "610302", "渭滨区") is not None
    assert "bm 开头" in site_code_region_error("bm61030200", "610302", "渭滨区")


def test_division_codes_are_six_digits():
    validate_division_code("610302")
    for bad in ("61030", "6103021", "61030a", ""):
        with pytest.raises(ValidationError, match="行政区划代码格式不正确：应为6位数字"):
            validate_division_code(bad)


def test_police_records_have_one_spelling():
    assert normalize_police_record("冀公网安备 13030202002230") == "冀公网安备13030202002230号"
    assert normalize_police_record(" 冀公网安备13030202002230号 ") == "冀公网安备13030202002230号"
    assert normalize_police_record("not a record") == "not a record"


def test_values_are_compared_without_surrounding_blanks_or_case_and_missing_ones_never_clash():
    others = [("甲", values(
        site_code="6103020001", icp="陕ICP备05003021号", police_record="陕公网安备61030202000021号",
        english_domain="www.a.gov.cn", extra_english_domains=["www.b.gov.cn"], chinese_domain="甲区人民政府.政务",
    ))]
    mine = values(
        site_code=" 6103020001 ", icp=" 陕ICP备05003021号\t", police_record=" 陕公网安备61030202000021号 ",
        english_domain=" WWW.B.GOV.CN ", extra_english_domains=[" Www.A.gov.cn"], chinese_domain=" 甲区人民政府.政务 ",
    )
    assert identity_clashes(mine, others) == {
        "site_code": ["网站标识码 6103020001 已由“甲”使用，站群内各网站不得重复。"],
        "icp": ["ICP备案号 陕ICP备05003021号 已由“甲”使用，站群内各网站不得重复。"],
        "police_record": ["公安机关备案号 陕公网安备61030202000021号 已由“甲”使用，站群内各网站不得重复。"],
        "english_domain": ["英文域名 WWW.B.GOV.CN 已由“甲”使用，站群内各网站不得重复。"],
        "extra_english_domains": ["其他英文域名 Www.A.gov.cn 已由“甲”使用，站群内各网站不得重复。"],
        "chinese_domain": ["中文域名 甲区人民政府.政务 已由“甲”使用，站群内各网站不得重复。"],
    }
    # a police record whose number cannot be read is compared as written, blanks aside
    assert identity_clashes(values(police_record=" 备案中 "), [("甲", values(police_record="备案中"))]) == {
        "police_record": ["公安机关备案号 备案中 已由“甲”使用，站群内各网站不得重复。"],
    }
    # one domain is one domain, in whichever field a site gives it
    assert identity_clashes(values(chinese_domain="WWW.A.gov.cn"), others) == {
        "chinese_domain": ["中文域名 WWW.A.gov.cn 已由“甲”使用，站群内各网站不得重复。"],
    }
    # values a site does not have (missing, None, blank) are nobody's
    assert identity_clashes({}, [("甲", {}), ("乙", values())]) == {}
    nothing = dict.fromkeys(["site_code", "icp", "police_record", "english_domain", "chinese_domain"])
    assert identity_clashes({**nothing, "extra_english_domains": [None, " "]}, [("甲", {**nothing, "extra_english_domains": [None]})]) == {}
