"""Chinese error messages for the admin API (/admin/api/main/...). Wagtail's API raises its errors with English
text that no catalogue translates (wagtail/api/v2: BadRequestError and FieldsParameterParseError messages are
plain strings), and answers a missing object with Django's untranslated "No <model> matches the given query."
The echoed parameter names and values stay as the caller wrote them."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

# (pattern of Wagtail's English message, Chinese message); the groups are passed on.
MESSAGES = [
    (r"query parameter is not an operation or a recognised field: (.+)", "查询参数不是可用的操作或字段：{0}"),
    (r"unknown fields: (.+)", "未知字段：{0}"),
    (r"'(.+)' does not support nested fields", "字段“{0}”不支持嵌套字段"),
    (r"field filter error\. '(.*)' is not a valid value for (\S+) \(.*\)", "字段筛选有误：“{0}”不是 {1} 的有效值"),
    (r"field filter error\. null characters are not allowed for (\S+)", "字段筛选有误：{0} 不能包含空字符"),
    (r"random ordering cannot be combined with other fields", "随机排序不能与其他字段同时使用"),
    (r"random ordering with offset is not supported", "随机排序不支持 offset 参数"),
    (r"cannot order by '(.*)' \(unknown field\)", "不能按“{0}”排序（未知字段）"),
    (r"cannot order by '(.*)' \(invalid field\)", "不能按“{0}”排序（无效字段）"),
    (r"search is disabled", "搜索已停用"),
    (r"filtering by tag with a search query is not supported", "不支持在搜索时按标签筛选"),
    (r"cannot filter by '(.*)' while searching \(field is not indexed\)", "搜索时不能按“{0}”筛选（该字段未建索引）"),
    (r"cannot order by '(.*)' while searching \(field is not indexed\)", "搜索时不能按“{0}”排序（该字段未建索引）"),
    (r"(\w+) must be a positive integer", "{0} 必须是正整数"),
    (r"parent page doesn't exist", "父页面不存在"),
    (r"descendant page doesn't exist", "后代页面不存在"),
    (r"ancestor page doesn't exist", "祖先页面不存在"),
    (r"translation_of page doesn't exist", "translation_of 指定的页面不存在"),
    (r"filtering by descendant_of with child_of is not supported", "不支持同时按 descendant_of 和 child_of 筛选"),
    (r"limit cannot be higher than (\d+)", "limit 不能大于 {0}"),
    (r"Your query returned multiple sites\..*", "查询匹配到多个站点，请在 site 参数中加上端口号"),
    (r"type doesn't exist", "页面类型不存在"),
    (r"has_children must be 'true' or 'false'", "has_children 必须是 true 或 false"),
    (r"filtering by for_explorer without child_of is not supported", "按 for_explorer 筛选时须同时指定 child_of"),
    (r"fields error: (.+)", "fields 参数有误：{0}"),
    # FieldsParameterParseError, inside "fields error: ..."
    (r"unexpected char '(.)' at position (\d+)", "第 {1} 个字符处不应出现“{0}”"),
    (r"unexpected whitespace at position (\d+)", "第 {0} 个字符处不应出现空格"),
    (r"'(.+)' must be in the first position", "“{0}”必须写在最前面"),
    (r"'(.+)' cannot be negated", "“{0}”不能取反"),
    (r"negated fields with '_' doesn't make sense", "“_”之后不能再写取反的字段"),
    (r"additional fields with '\*' doesn't make sense", "“*”之后不能再写其他字段"),
    (r"unexpected end of input.*", "fields 参数意外结束，可能缺少右括号"),
]


def chinese_message(message):
    """The Chinese for one of Wagtail's API error messages; a message we do not know becomes a general one."""
    for pattern, chinese in MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            # "fields error: <parser message>" carries a second message inside.
            groups = [chinese_message(g) if pattern.startswith("fields error") else g for g in match.groups()]
            return chinese.format(*groups)
    return _("请求参数有误。")


class ChineseErrorsMixin:
    """Put before an admin API endpoint class: its 400 and 404 answers carry a Chinese `message`."""

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": chinese_message(str(exc))}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, Http404):
            name = self.model._meta.verbose_name if getattr(self, "model", None) else _("对象")
            return Response({"message": _("未找到该%(name)s。") % {"name": name}}, status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)


def with_chinese_errors(router):
    """Wrap every endpoint registered on the admin API router (pages, images, documents and any added later)."""
    for name, endpoint in list(router._endpoints.items()):
        if not issubclass(endpoint, ChineseErrorsMixin):
            router.register_endpoint(name, type(endpoint.__name__, (ChineseErrorsMixin, endpoint), {}))
