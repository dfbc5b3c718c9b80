"""Identity formats of a government site (reference/national-rules.md §5) and 001 第十二条 domain rules."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕甘陇青宁新"

# 网站标识码: 6-digit 行政区划代码 + 4-digit sequence, or bm + 8 digits for 国务院部门 sites.
SITE_CODE_RE = re.compile(r"^(?:\d{10}|bm\d{8})\Z", re.ASCII)  # ASCII digits only, no trailing newline
ICP_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]ICP备\d{{6,10}}号(?:-\d+)?\Z", re.ASCII)
POLICE_RECORD_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]公网安备\s*([0-9]{{14}})号?\Z")  # any blank, ASCII digits
HOSTNAME_RE = re.compile(r"^(?=.{1,253}\Z)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")


def validate_site_code(value):
    if not SITE_CODE_RE.match(value or ""):
        raise ValidationError(
            _("网站标识码格式不正确：应为10位，即6位行政区划代码加4位顺序号（如 1303000020），国务院部门网站为 bm 加8位数字。"),
            code="site_code",
        )


def validate_icp(value):
    if not ICP_RE.match(value or ""):
        raise ValidationError(
            _("ICP备案号格式不正确：应为“省份简称ICP备6至10位数字号”，可带“-序号”，如 冀ICP备15003849号-1。"),
            code="icp",
        )


def validate_police_record(value):
    if not POLICE_RECORD_RE.match(value or ""):
        raise ValidationError(
            _("公安机关备案号格式不正确：应为“省份简称公网安备14位数字号”，如 冀公网安备13030202002230号。"),
            code="police_record",
        )


def validate_hostname(value):
    if value and not HOSTNAME_RE.match(value):
        raise ValidationError(_("域名格式不正确：只能包含小写字母、数字、连字符和点，如 www.weibin.gov.cn。"), code="hostname")


def police_record_number(value):
    match = POLICE_RECORD_RE.match(value or "")
    return match.group(1) if match else ""


def domain_warnings(*, english, chinese, kind, parent_english=""):
    """001 第十二条: .gov.cn English domains and .政务 Chinese domains only; a portal uses www.□□□.gov.cn,
    a department a sub-domain of its portal. Shown as warnings: seed sites predate the rule (hb12369.net)."""
    warnings = []
    for domain in filter(None, english):
        if not domain.endswith(".gov.cn"):
            warnings.append(_("英文域名 %(d)s 不以 .gov.cn 结尾，不符合《河北省政府网站管理办法》第十二条。") % {"d": domain})
        elif kind == "portal" and not re.match(r"^www\.[a-z0-9-]+\.gov\.cn$", domain):
            warnings.append(_("政府门户网站域名 %(d)s 应为 www.□□□.gov.cn 结构（第十二条）。") % {"d": domain})
        elif kind == "department" and parent_english:
            parent_zone = parent_english.removeprefix("www.")
            if not domain.endswith("." + parent_zone):
                warnings.append(
                    _("部门网站域名 %(d)s 不是本级政府门户网站域名 %(p)s 的下级域名（第十二条）。")
                    % {"d": domain, "p": parent_zone}
                )
    if chinese and not chinese.endswith(".政务"):
        warnings.append(_("中文域名 %(d)s 不以 .政务 结尾（国办函〔2018〕55号）。") % {"d": chinese})
    if not chinese:
        warnings.append(_("尚未登记中文域名。"))
    return warnings


DIVISION_CODE_RE = re.compile(r"^\d{6}\Z", re.ASCII)


def validate_division_code(value):
    if not DIVISION_CODE_RE.match(value or ""):
        raise ValidationError(_("行政区划代码格式不正确：应为6位数字，如 610302。"), code="division_code")


def normalize_police_record(value):
    """One spelling per 公安机关备案号: “冀公网安备 13030202002230” and “冀公网安备13030202002230号” are one record."""
    value = (value or "").strip()
    number = police_record_number(value)
    return f"{value[0]}公网安备{number}号" if number else value


def site_code_region_error(site_code, division_code, government_name):
    """Reference §5: a local site's 网站标识码 starts with the 6-digit 行政区划代码 of the government the site
    belongs to (the 主办单位's 人民政府). None when it does, or when that government has no code on record."""
    if not division_code:
        return None
    if site_code.startswith("bm"):
        return _(
            "网站标识码 %(code)s 是国务院部门网站的编码（bm 开头）；本网站属于%(gov)s，标识码应以其行政区划代码 %(division)s 开头。"
        ) % {"code": site_code, "gov": government_name, "division": division_code}
    if site_code[:6] != division_code:
        return _(
            "网站标识码 %(code)s 的前6位 %(prefix)s 与本网站所属的%(gov)s的行政区划代码 %(division)s 不一致。"
        ) % {"code": site_code, "prefix": site_code[:6], "gov": government_name, "division": division_code}
    return None


# The identity values no two sites of the 站群 may share (001 第十条 and 第十二条: each site files its own 标识码,
# ICP and 公安备案; a domain points at one site). Labels name the value in messages.
UNIQUE_IDENTITY_LABELS = {
    "site_code": gettext_lazy("网站标识码"),
    "icp": gettext_lazy("ICP备案号"),
    "police_record": gettext_lazy("公安机关备案号"),
    "english_domain": gettext_lazy("英文域名"),
    "extra_english_domains": gettext_lazy("其他英文域名"),
    "chinese_domain": gettext_lazy("中文域名"),
}


def _identity_keys(values):
    """(field, value as written, comparison key) for every unique value a site holds."""
    yield "site_code", values.get("site_code") or "", ("site_code", (values.get("site_code") or "").strip())
    yield "icp", values.get("icp") or "", ("icp", (values.get("icp") or "").strip())
    police = values.get("police_record") or ""
    yield "police_record", police, ("police_record", police_record_number(police.strip()) or police.strip())
    yield "english_domain", values.get("english_domain") or "", ("domain", (values.get("english_domain") or "").strip().lower())
    for domain in values.get("extra_english_domains") or []:
        yield "extra_english_domains", domain, ("domain", (domain or "").strip().lower())
    chinese = values.get("chinese_domain") or ""
    yield "chinese_domain", chinese, ("domain", chinese.strip().lower())


def identity_clashes(values, others):
    """{field: [Chinese message, …]} for each identity value of one site that another site already holds.
    `values` maps the UNIQUE_IDENTITY_LABELS fields to this site's values; `others` is (site name, values) pairs
    of every other site of the 站群. An English domain may not repeat across english_domain and the extra ones."""
    holders = {}
    for name, other in others:
        for _field, _value, key in _identity_keys(other):
            if key[1]:
                holders.setdefault(key, name)
    clashes, own = {}, set()
    for field, value, key in _identity_keys(values):
        if not key[1]:
            continue
        if key in holders:
            message = _("%(label)s %(value)s 已由“%(site)s”使用，站群内各网站不得重复。") % {
                "label": UNIQUE_IDENTITY_LABELS[field], "value": value.strip(), "site": holders[key],
            }
            clashes.setdefault(field, []).append(message)
        elif key in own:
            message = _("%(label)s %(value)s 填写了两次。") % {"label": UNIQUE_IDENTITY_LABELS[field], "value": value.strip()}
            clashes.setdefault(field, []).append(message)
        own.add(key)
    return clashes
