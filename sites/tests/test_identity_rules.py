"""The identity formats and 001 第十二条 domain rules, value by value, with the messages a site admin reads
(each validator's edge: lengths one short and one long, every allowed form, the exact Chinese message)."""

import pytest
from django.core.exceptions import ValidationError

from sites.identity import (
    domain_warnings,
    police_record_number,
    validate_hostname,
    validate_icp,
    validate_police_record,
    validate_site_code,
)

SITE_CODE_MESSAGE = "网站标识码格式不正确：应为10位，即6位行政区划代码加4位顺序号（如 1303000020），国务院部门网站为 bm 加8位数字。"
ICP_MESSAGE = "ICP备案号格式不正确：应为“省份简称ICP备6至10位数字号”，可带“-序号”，如 冀ICP备15003849号-1。"
POLICE_MESSAGE = "公安机关备案号格式不正确：应为“省份简称公网安备14位数字号”，如 冀公网安备13030202002230号。"
HOSTNAME_MESSAGE = "域名格式不正确：只能包含小写字母、数字、连字符和点，如 www.weibin.gov.cn。"


def refusal(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    (message,) = caught.value.messages
    return caught.value.code, message


@pytest.mark.parametrize("value", ["1303000020", "6103020001", "bm12345678"])
def test_site_code_accepts_ten_digits_or_bm_and_eight(value):
    validate_site_code(value)


@pytest.mark.parametrize("value", ["130300002", "13030000201", "bm1234567", "bm123456789", "BM12345678", "130300002a", "", None])
def test_site_code_refuses_other_forms_with_its_message(value):
    assert refusal(validate_site_code, value) == ("site_code", SITE_CODE_MESSAGE)


@pytest.mark.parametrize("value", ["冀ICP备15003849号-1", "冀ICP备15003849号", "陕ICP备123456号", "京ICP备1234567890号-12"])
def test_icp_accepts_province_six_to_ten_digits_and_a_sequence(value):
    validate_icp(value)


@pytest.mark.parametrize(
    "value", ["冀ICP备12345号", "冀ICP备12345678901号", "ICP备15003849号", "港ICP备15003849号", "冀ICP备15003849", "冀ICP备15003849号-", "", None]
)
def test_icp_refuses_other_forms_with_its_message(value):
    assert refusal(validate_icp, value) == ("icp", ICP_MESSAGE)


@pytest.mark.parametrize(
    "value, number",
    [("冀公网安备13030202002230号", "13030202002230"), ("陕公网安备 61030202000123号", "61030202000123"), ("冀公网安备13030202002230", "13030202002230")],
)
def test_police_record_accepts_province_and_fourteen_digits(value, number):
    validate_police_record(value)
    assert police_record_number(value) == number


@pytest.mark.parametrize("value", ["冀公网安备1303020200223号", "冀公网安备130302020022301号", "公网安备13030202002230号", "", None])
def test_police_record_refuses_other_forms_with_its_message(value):
    assert refusal(validate_police_record, value) == ("police_record", POLICE_MESSAGE)
    assert police_record_number(value) == ""


@pytest.mark.parametrize("value", ["www.weibin.gov.cn", "hb12369.net", "a-b.c1.gov.cn", "", None])
def test_hostname_accepts_lowercase_dotted_names_and_nothing(value):
    validate_hostname(value)


@pytest.mark.parametrize("value", ["WWW.weibin.gov.cn", "www.wei_bin.gov.cn", "-a.gov.cn", "a-.gov.cn", "localhost", "www.weibin.gov.c", "a" * 64 + ".cn"])
def test_hostname_refuses_other_forms_with_its_message(value):
    assert refusal(validate_hostname, value) == ("hostname", HOSTNAME_MESSAGE)


def test_domains_of_a_portal_that_follows_the_rule_warn_of_nothing():
    assert domain_warnings(english=["www.weibin.gov.cn", ""], chinese="渭滨区人民政府.政务", kind="portal") == []


def test_domain_warnings_name_each_broken_rule():
    assert domain_warnings(english=["hb12369.net"], chinese="", kind="department") == [
        "英文域名 hb12369.net 不以 .gov.cn 结尾，不符合《河北省政府网站管理办法》第十二条。",
        "尚未登记中文域名。",
    ]
    assert domain_warnings(english=["weibin.gov.cn"], chinese="渭滨.中国", kind="portal") == [
        "政府门户网站域名 weibin.gov.cn 应为 www.□□□.gov.cn 结构（第十二条）。",
        "中文域名 渭滨.中国 不以 .政务 结尾（国办函〔2018〕55号）。",
    ]
    # A department site's domain lies under its portal's zone (www. taken off).
    assert domain_warnings(
        english=["hbepb.hebei.gov.cn"], chinese="河北省环境保护厅.政务", kind="department", parent_english="www.hebei.gov.cn"
    ) == []
    assert domain_warnings(
        english=["hbepb.gov.cn"], chinese="河北省环境保护厅.政务", kind="department", parent_english="www.hebei.gov.cn"
    ) == ["部门网站域名 hbepb.gov.cn 不是本级政府门户网站域名 hebei.gov.cn 的下级域名（第十二条）。"]
    # Without a known portal domain a department's .gov.cn domain is not judged.
    assert domain_warnings(english=["hbepb.gov.cn"], chinese="河北省环境保护厅.政务", kind="department") == []
    # A portal-shaped check does not apply to a department, nor the department one to a portal.
    assert domain_warnings(english=["www.hebei.gov.cn"], chinese="河北.政务", kind="portal", parent_english="www.gov.cn") == []


@pytest.mark.parametrize("value", ["", None, "61030", "6103021", "61030a", "６１０３０２"])
def test_a_division_code_is_six_ascii_digits(value):
    from sites.identity import validate_division_code

    with pytest.raises(ValidationError) as refused:
        validate_division_code(value)
    assert refused.value.code == "division_code"
    assert refused.value.messages == ["行政区划代码格式不正确：应为6位数字，如 610302。"]


def test_a_valid_division_code_passes():
    from sites.identity import validate_division_code

    validate_division_code("610302")


def test_a_ministry_code_on_a_local_site_names_the_government_and_its_code():
    # Reference §5: bm codes belong to 国务院部门 sites; a local site's code starts with its 行政区划代码.
    from sites.identity import site_code_region_error

    assert site_code_region_error("bm01000001", "610302", "宝鸡市渭滨区人民政府") == (
        "网站标识码 bm01000001 是国务院部门网站的编码（bm 开头）；本网站属于宝鸡市渭滨区人民政府，"
        "标识码应以其行政区划代码 610302 开头。"
    )


def test_a_police_record_keeps_its_own_spelling_when_no_number_is_read():
    from sites.identity import normalize_police_record

    assert normalize_police_record(None) == "" and normalize_police_record("  ") == ""
    assert normalize_police_record(" 冀公网安备 13030202002230 ") == "冀公网安备13030202002230号"


def test_identity_numbers_are_ascii_digits_with_nothing_after_them():
    # A full-width digit or a trailing line break would pass a Unicode `\d…$` and be stored as a different value.
    from sites.identity import validate_hostname, validate_icp, validate_police_record, validate_site_code

    for validate, good, bad in [
        (validate_site_code, "6103020001", ["6103020001\n", "６１０３０２0001"]),
        (validate_icp, "陕ICP备05001935号-1", ["陕ICP备05001935号-1\n", "陕ICP备０５001935号"]),
        (validate_police_record, "陕公网安备 61030202000123号", ["陕公网安备 61030202000123号\n", "陕公网安备 ６1030202000123号"]),
        (validate_hostname, "www.weibin.gov.cn", ["www.weibin.gov.cn\n"]),
    ]:
        validate(good)
        for value in bad:
            with pytest.raises(ValidationError):
                validate(value)
    validate_police_record("陕公网安备\u300061030202000123号")  # a full-width blank is still a blank
