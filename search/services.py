"""What views, the API and other apps call."""

from contextlib import contextmanager

from django.core.paginator import Paginator
from wagtail.models import Page, Site

from .engine import SearchResults, get_engine
from .models import SearchEntry


def run_search(form):
    """SearchResults for a valid SearchForm (empty for an empty query)."""
    query = form.search_query()
    if not query.text.strip():
        return SearchResults(count=0, entries=[])
    return get_engine().search(query)


def result_url(entry, request_site, sites=None):
    """A result's address: relative on the asking site, the other site's own root URL otherwise (scope=all)."""
    if entry.site_id == request_site.pk:
        return entry.url_path
    site = (sites or {}).get(entry.site_id) or Site.objects.get(pk=entry.site_id)
    return site.root_url.rstrip("/") + entry.url_path


def site_names(site_ids):
    from sites.models import SiteProfile

    names = dict(SiteProfile.objects.filter(site_id__in=site_ids).values_list("site_id", "full_name"))
    return {pk: names.get(pk) or site.site_name or site.hostname for pk, site in Site.objects.in_bulk(site_ids).items()}


def filter_choices(site):
    """Columns of the site (for the column filter) and the page types the index holds."""
    from columns.models import ColumnPage

    columns = (Page.objects.descendant_of(site.root_page).type(ColumnPage).live().public()
               .order_by("path").values_list("pk", "title", "depth"))
    types = SearchEntry.objects.order_by().values_list("page_type", "type_label").distinct()
    return list(columns), sorted(set(types))


def paginator_for(results, per_page, number):
    """A paginator over a count the engine already knows (no second query): only the ranked results can be paged
    through, however many more matched."""
    paginator = Paginator(range(results.count if results.pageable is None else results.pageable), per_page)
    return paginator.get_page(number)


@contextmanager
def bulk_indexing():
    """Index the pages published inside the block once, in bulk, after the transaction commits (import_items)."""
    from django.db import transaction

    from .indexing import index_pages
    from .signals import deferred_indexing

    with deferred_indexing() as touched:
        yield
    if touched:
        ids = sorted(touched)
        transaction.on_commit(lambda: index_pages(Page.objects.filter(pk__in=ids)))
