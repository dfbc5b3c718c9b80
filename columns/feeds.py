"""Columns fed by an import source (保障方式 数据接口 / 服务接口, 004 内容保障工作任务分解表): their items come from
the platform's import path, never from an editor's hand. The rule is asked by orgs.page_permissions (adding,
moving or copying items into the column; publishing there) and by content.publishing's gate (any direct
publication by a person, workflow approvals included); the import path (content.publishing.SYSTEM_LOAD) still
places and publishes items."""

import re

from django.utils.translation import gettext as _

from .cycles import normalise, vocabulary


def import_markers(guarantee):
    """The import kinds (数据接口, 服务接口) a 保障方式 text names; a cell may hold several lines (weibin:
    “链接\\n服务接口\\n数据接口”)."""
    markers = vocabulary()["import_guarantees"]["markers"]
    lines = [normalise(line) for line in re.split(r"[\n、，,/；;]+", str(guarantee or ""))]
    return [m for m in markers if any(line == m or line.endswith(m) for line in lines)]


def is_import_fed(column):
    """Is this column (a ColumnPage, or any page with `guarantee`) fed by an import source?"""
    return bool(import_markers(getattr(column, "guarantee", "")))


def feed_description(column):
    """Which source feeds the column, as the editor and the workbench show it."""
    kinds = "、".join(import_markers(getattr(column, "guarantee", "")))
    source = (getattr(column, "feed_source", "") or "").strip()
    if source:
        return _("本栏目由“%(source)s”通过%(kinds)s供稿。") % {"source": source, "kinds": kinds}
    return _("本栏目由%(kinds)s供稿（供稿来源未登记，请网站管理员在栏目设置中填写）。") % {"kinds": kinds}


def manual_posting_refusals(column):
    """Why nobody may post into `column` by hand: [] unless it is fed by an import source."""
    if column is None or not is_import_fed(column):
        return []
    return [feed_description(column) + _("信息员不能在此手工添加或发布信息，内容由导入接口自动更新。")]


def _column_at(path):
    """The column whose tree path is `path`, with only the fields the rule reads (one small query)."""
    from .models import ColumnPage

    return ColumnPage.objects.filter(path=path).only("guarantee", "feed_source").first()


def placement_refusals(user, parent):
    """orgs.page_permissions.PLACEMENT_GATE_HOOK: nothing goes under an import-fed column by hand."""
    from .models import ColumnPage

    if isinstance(parent, ColumnPage):
        return manual_posting_refusals(parent)
    if not parent.path or parent.content_type_id != _column_content_type_id():
        return []
    return manual_posting_refusals(_column_at(parent.path))


def item_refusals(page):
    """Why an item may not be published by a person: its column is fed by an import source."""
    from .models import ColumnPage

    if isinstance(page, ColumnPage) or not page.path or len(page.path) <= page.steplen:
        return []
    return manual_posting_refusals(_column_at(page.path[: -page.steplen]))


def _column_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    from .models import ColumnPage

    return ContentType.objects.get_for_model(ColumnPage).pk
