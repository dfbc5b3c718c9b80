from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Site

from .forms import PER_PAGE, SearchForm
from .services import filter_choices, paginator_for, result_url, run_search, site_names


def _site(request):
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


def search_page(request):
    """/search/?q= on every site: the header box posts here."""
    site = _site(request)
    form = SearchForm(request.GET, site=site)
    results = run_search(form) if form.is_valid() else None
    columns, types = filter_choices(site)
    context = {"form": form, "results": results, "columns": columns, "types": types,
               "q": request.GET.get("q", ""), "query_string": request.GET.copy()}
    if results is not None:
        names = site_names({e.site_id for e in results.entries})
        for entry in results.entries:
            entry.url = result_url(entry, site)
            entry.site_name = names.get(entry.site_id, "")
        context["page_obj"] = paginator_for(results, PER_PAGE, form.cleaned_data.get("page") or 1)
    return render(request, "search/results.html", context, status=200 if results is not None else 400)


_RESULT_FIELDS = {
    "title": serializers.CharField(help_text="标题"),
    "url": serializers.CharField(help_text="地址（本站为相对路径，其他网站为完整地址）"),
    "site": serializers.CharField(help_text="网站全称"),
    "column": serializers.CharField(help_text="所在栏目"),
    "publish_date": serializers.DateTimeField(allow_null=True, help_text="发布时间"),
    "snippet": serializers.CharField(help_text="摘要片段，命中词以 <mark> 标出（HTML）"),
}


class SearchAPIView(APIView):
    """GET /api/v1/search/: the same engine as /search/."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="search",
        summary="全文搜索 / full-text search",
        description="在本站（scope=site）或整个站群（scope=all）中搜索已发布的公开信息。支持繁简互查、同义词和拼音提示。",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="搜索词", required=True),
            OpenApiParameter("scope", OpenApiTypes.STR, enum=["site", "all"], description="site：本站（默认）；all：整个站群"),
            OpenApiParameter("column", OpenApiTypes.STR, description="栏目 id 或栏目在本站的路径，如 /xin-wen/；含下级栏目"),
            OpenApiParameter("type", OpenApiTypes.STR, description="页面类型，如 articlepage、policydocumentpage"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="发布日期不早于（YYYY-MM-DD）"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="发布日期不晚于（YYYY-MM-DD，含当天）"),
            OpenApiParameter("page", OpenApiTypes.INT, description="页码，每页10条"),
        ],
        responses={
            200: inline_serializer("SearchResponse", {
                "count": serializers.IntegerField(help_text="命中总数；超过 10000 条时计到 10000 为止（“超过 10000 条”），可翻页的为按相关程度排在前 200 条"),
                "results": inline_serializer("SearchResult", _RESULT_FIELDS, many=True),
                "suggestions": serializers.ListField(child=serializers.CharField(), help_text="无结果时按拼音给出的提示词"),
                "query": serializers.CharField(help_text="结果所对应的搜索词（原词无结果而采用提示词时为提示词）"),
            }),
            400: inline_serializer("SearchError", {"errors": serializers.DictField(help_text="各参数的中文错误说明")}),
        },
    )
    def get(self, request):
        site = _site(request)
        form = SearchForm(request.query_params, site=site)
        if not form.is_valid():
            errors = {("from" if k == "date_from" else "to" if k == "date_to" else k): [str(m) for m in v]
                      for k, v in form.errors.items()}
            return Response({"errors": errors}, status=400)
        if not (form.cleaned_data.get("q") or "").strip():
            return Response({"errors": {"q": [_("请输入搜索词。")]}}, status=400)
        results = run_search(form)
        names = site_names({e.site_id for e in results.entries})
        return Response({
            "count": results.count,
            "results": [{
                "title": e.title,
                "url": request.build_absolute_uri(u) if (u := result_url(e, site)).startswith("/") else u,
                "site": names.get(e.site_id, ""),
                "column": e.column_title,
                "publish_date": e.publish_date.isoformat() if e.publish_date else None,
                "snippet": str(e.snippet),
            } for e in results.entries],
            "suggestions": results.suggestions,
            "query": results.query,
        })
