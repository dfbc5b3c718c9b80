"""The 网页标签 (meta labels) of 政府网站发展指引 (国办发〔2017〕47号 附件, reference §1.6) for every page kind:
site labels on every page, column labels on column and item pages (and the home page as the 首页 column),
article labels on item pages. Crawlers of the national platform read them."""

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_CHARS = 120


def _text(html):
    return " ".join(strip_tags(str(html or "")).split())


def site_labels(profile):
    return [("SiteName", profile.full_name), ("SiteDomain", profile.english_domain), ("SiteIDCode", profile.site_code)]


def column_labels(column):
    """Column labels of a ColumnPage; the home page stands for the 首页 column."""
    if column is None:
        return []
    if not hasattr(column, "category"):
        return [("ColumnName", "首页"), ("ColumnDescription", "网站首页"), ("ColumnKeywords", "首页"), ("ColumnType", "首页")]
    return [
        ("ColumnName", column.title),
        ("ColumnDescription", column.description or column.title),
        ("ColumnKeywords", column.title),
        ("ColumnType", column.get_category_display()),
    ]


def item_labels(item, column, url, owner_name):
    """Article labels. PubDate is local time as YYYY-MM-DD HH:MM. Keywords: the item has no keyword field, so
    its column and (for a 政策文件) its 主题分类 and 发文机关; Author: the author, else the source, else the
    site's 主办单位 (the publisher is always known)."""
    when = timezone.localtime(item.publish_date) if item.publish_date else None
    keywords = [getattr(item, "topic", ""), column.title if column is not None else "", getattr(item, "issuer", "")]
    description = item.search_description or item.summary or Truncator(_text(item.body)).chars(DESCRIPTION_CHARS)
    return [
        ("ArticleTitle", item.title),
        ("PubDate", when.strftime("%Y-%m-%d %H:%M") if when else ""),
        ("ContentSource", item.source or owner_name),
        ("Keywords", ",".join(dict.fromkeys(k for k in keywords if k))),
        ("Author", item.author or item.source or owner_name),
        ("Description", description),
        ("Url", url or ""),
    ]


def page_labels(profile, page, canonical_url):
    """Every label a page carries, in the 发展指引's order."""
    from content.models import ItemPage

    labels = site_labels(profile) if profile else []
    if page is None:
        return labels
    specific = page.specific if type(page) is not page.specific_class else page
    if isinstance(specific, ItemPage):
        column = specific.get_parent().specific
        return labels + column_labels(column) + item_labels(specific, column, canonical_url, profile.owner.name if profile else "")
    if hasattr(specific, "category"):
        return labels + column_labels(specific)
    if page.depth == 2:
        return labels + column_labels(specific)
    return labels
