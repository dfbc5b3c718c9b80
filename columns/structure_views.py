"""Admin views of columns.structure: 关闭栏目 (asking where its items go), 合并栏目, 重新开放栏目. Only a 网站管理员
of the column's site reaches them (columns.structure checks again, and Wagtail's actions ask the policy point)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.permissions import can_restructure_columns

from .filing import column_path
from .models import ColumnPage
from .structure import StructureError, _items, close_column, merge_columns, reopen_column, valid_destinations

MOVE, OFFLINE = "move", "offline"


class DestinationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return column_path(obj)


class CloseForm(forms.Form):
    items = forms.ChoiceField(
        label=gettext_lazy("本栏目的信息"), widget=forms.RadioSelect,
        choices=[(MOVE, gettext_lazy("转入另一个栏目")), (OFFLINE, gettext_lazy("随栏目一并下线（保留在本栏目中，重新开放后可再发布）"))],
    )
    destination = DestinationField(label=gettext_lazy("转入栏目"), queryset=ColumnPage.objects.none(), required=False)

    def __init__(self, *args, column, merge=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge = merge
        self.fields["destination"].queryset = valid_destinations(column)
        if merge:
            del self.fields["items"]
            self.fields["destination"].required = True
            self.fields["destination"].label = _("并入栏目")

    def clean(self):
        data = super().clean()
        if not self.merge and data.get("items") == MOVE and not data.get("destination"):
            self.add_error("destination", _("请选择信息转入的栏目。"))
        return data


def _column_for(request, pk):
    column = get_object_or_404(ColumnPage, pk=pk)
    if not can_restructure_columns(request.user, column.site_id_for_rules()):
        raise PermissionDenied
    return column


def close_view(request, pk, merge=False):
    column = _column_for(request, pk)
    items = _items(column)
    form = CloseForm(request.POST or None, column=column, merge=merge)
    if request.method == "POST" and form.is_valid():
        destination = form.cleaned_data.get("destination")
        try:
            if merge:
                moved = merge_columns(column, destination, user=request.user)
            else:
                moved = close_column(column, user=request.user, items_to=destination if form.cleaned_data["items"] == MOVE else None)
        except StructureError as exc:
            messages.error(request, str(exc))
        else:
            if merge:
                messages.success(request, _("栏目“%(title)s”已并入“%(to)s”，%(n)s 条信息已转入；变更已记入备案记录。") % {
                    "title": column.title, "to": destination.title, "n": moved})
            elif moved:
                messages.success(request, _("栏目“%(title)s”已关闭，%(n)s 条信息已转入“%(to)s”；变更已记入备案记录。") % {
                    "title": column.title, "n": moved, "to": destination.title})
            else:
                messages.success(request, _("栏目“%(title)s”已关闭；变更已记入备案记录。") % {"title": column.title})
            return redirect("wagtailadmin_explore", column.get_parent().pk)
    title = _("合并栏目") if merge else _("关闭栏目")
    return TemplateResponse(request, "columns/admin/structure_form.html", {
        "page_title": title, "header_icon": "folder-inverse", "column": column, "path": column_path(column),
        "item_count": len(items), "form": form, "merge": merge,
    })


def merge_view(request, pk):
    return close_view(request, pk, merge=True)


def reopen_view(request, pk):
    column = _column_for(request, pk)
    if request.method == "POST":
        try:
            reopen_column(column, user=request.user)
        except StructureError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("栏目“%(title)s”已重新开放；变更已记入备案记录。其中的信息须逐条重新发布（经发布前检查和审核）。") % {"title": column.title})
            return redirect("wagtailadmin_explore", column.pk)
    return TemplateResponse(request, "columns/admin/structure_form.html", {
        "page_title": _("重新开放栏目"), "header_icon": "folder-open-inverse", "column": column,
        "path": column_path(column), "reopen": True,
    })
