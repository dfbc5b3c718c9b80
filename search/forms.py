from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

PER_PAGE = 10


class SearchForm(forms.Form):
    """The parameters of /search/ and GET /api/v1/search/ (DESIGN §3): q, scope, column, type, from, to, page."""

    q = forms.CharField(label=_("搜索词"), max_length=100, required=False)
    scope = forms.ChoiceField(label=_("范围"), choices=[("site", _("本站")), ("all", _("全部网站"))], required=False)
    column = forms.CharField(label=_("栏目"), required=False)
    type = forms.CharField(label=_("类型"), max_length=60, required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, error_messages={"invalid": _("起始日期格式应为 YYYY-MM-DD。")})
    date_to = forms.DateField(label=_("截止日期"), required=False, error_messages={"invalid": _("截止日期格式应为 YYYY-MM-DD。")})
    page = forms.IntegerField(label=_("页码"), min_value=1, max_value=1000, required=False,
                              error_messages={"invalid": _("页码须为正整数。"), "min_value": _("页码须为正整数。"),
                                              "max_value": _("页码不能超过1000。")})

    def __init__(self, data, *, site):
        data = data.copy()
        # from/to are Python keywords: the form fields carry a prefix, the URL keeps the contract's names.
        for outside, inside in (("from", "date_from"), ("to", "date_to")):
            if outside in data:
                data[inside] = data.pop(outside)[0] if hasattr(data, "getlist") else data.pop(outside)
        super().__init__(data)
        self.site = site

    def clean_column(self):
        value = (self.cleaned_data.get("column") or "").strip()
        if not value:
            return None
        pages = Page.objects.all() if self.data.get("scope") == "all" else Page.objects.descendant_of(self.site.root_page)
        if value.isdigit():
            column = pages.filter(pk=int(value)).first()
        else:
            path = "/" + value.strip("/") + "/"
            column = pages.filter(url_path=self.site.root_page.url_path + path.lstrip("/")).first()
        if column is None:
            raise forms.ValidationError(_("没有找到栏目“%(column)s”。"), params={"column": value})
        return column

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return cleaned

    def search_query(self):
        from .engine import SearchQuery

        data = self.cleaned_data
        page = data.get("page") or 1
        return SearchQuery(
            text=data.get("q") or "",
            site_ids=None if data.get("scope") == "all" else [self.site.pk],
            column=data.get("column"), page_type=data.get("type") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            offset=(page - 1) * PER_PAGE, limit=PER_PAGE,
        )
