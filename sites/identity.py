"""Identity formats of a government site (reference/national-rules.md §5) and 001 第十二条 domain rules."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕甘陇青宁新"

# 网站标识码: 6-digit 行政区划代码 + 4-digit sequence, or bm + 8 digits for 国务院部门 sites.
SITE_CODE_RE = re.compile(r"^(?:\d{10}|bm\d{8})$")
ICP_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]ICP备\d{{6,10}}号(?:-\d+)?$")
POLICE_RECORD_RE = re.compile(rf"^[{PROVINCE_ABBREVIATIONS}]公网安备\s*(\d{{14}})号?$")
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


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
