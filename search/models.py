from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One live, public page as the search engine sees it. The engine's own structure sits beside this table,
    created by migrations 0002 and 0004 for the database in use: an FTS5 table on SQLite; on PostgreSQL a narrow
    table, search_match, with the tsvectors and their GIN indexes. Both follow this table through triggers.
    Written only by search.indexing."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    page_path = models.CharField(max_length=255, db_index=True)  # treebeard path: column filters use its prefix
    column = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    column_title = models.CharField(max_length=255, blank=True)
    page_type = models.CharField(max_length=60, db_index=True)  # the page model's name: articlepage, …
    type_label = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=255)
    url_path = models.CharField(max_length=500)  # the page's path on its own site
    body = models.TextField(blank=True)  # plain text for snippets
    publish_date = models.DateTimeField(null=True, db_index=True)
    title_terms = models.TextField(blank=True)  # segmented, space-separated (search.text.index_terms)
    body_terms = models.TextField(blank=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")


class SuggestTerm(models.Model):
    """Words of indexed titles by their pinyin, for 您是不是要找 when a query finds nothing (huanjing → 环境)."""

    term = models.CharField(max_length=40, unique=True)
    pinyin = models.CharField(max_length=200, db_index=True)

    class Meta:
        verbose_name = _("拼音提示词")
        verbose_name_plural = _("拼音提示词")
