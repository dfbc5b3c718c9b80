"""What goes into the index, and keeping it in step with the pages.

Only live, public pages are indexed: a draft, an unpublished page, or a page under a privacy restriction (its own or
an ancestor's) is never found. What a page contributes is what its model declares in Wagtail's `search_fields`, so a
page type another app adds (办事指南 …) is searchable without this app knowing it."""

from django.db import transaction
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from .engine import get_engine
from .models import SearchEntry
from .text import index_terms, plain_text

BATCH = 500
MIN_DEPTH = 3  # below a site's home page: home pages are the sites themselves, not results


class _Tree:
    """Sites, privacy restrictions and column titles, read once for a batch of pages."""

    def __init__(self):
        self.sites = sorted(Site.objects.select_related("root_page"), key=lambda s: -len(s.root_page.path))
        self.restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        self._columns = {}

    def site_of(self, page):
        return next((s for s in self.sites if page.path.startswith(s.root_page.path)), None)

    def is_public(self, page):
        return not any(page.path.startswith(path) for path in self.restricted)

    def column_of(self, page, site):
        """The nearest ancestor below the home page: an item's column (a column's parent column)."""
        parent_path = page.path[: -Page.steplen]
        if len(parent_path) <= len(site.root_page.path):
            return None
        if parent_path not in self._columns:
            self._columns[parent_path] = Page.objects.filter(path=parent_path).values_list("pk", "title").first()
        return self._columns[parent_path]


def _searchable_text(page):
    title, body = page.title, []
    for field in page.search_fields:
        if isinstance(field, index.SearchField) and field.field_name not in ("title",):
            value = getattr(page, field.field_name, "")
            value = value() if callable(value) else value
            if value:
                body.append(plain_text(value))
    return title, "\n".join(body)


def _entry(page, tree):
    """The SearchEntry of a live, public page, or None when it must not be found."""
    site = tree.site_of(page)
    if not page.live or page.expired or page.depth < MIN_DEPTH or site is None or not tree.is_public(page):
        return None
    title, body = _searchable_text(page)
    column = tree.column_of(page, site)
    url_path = page.url_path[len(site.root_page.url_path) - 1:]
    return SearchEntry(
        page_id=page.pk, site_id=site.pk, page_path=page.path,
        column_id=column[0] if column else None, column_title=column[1] if column else "",
        page_type=page._meta.model_name, type_label=str(page._meta.verbose_name), title=title,
        url_path=url_path, body=body, publish_date=getattr(page, "publish_date", None) or page.first_published_at,
        title_terms=" ".join(index_terms(title)), body_terms=" ".join(index_terms(body)),
    )


def index_pages(pages, *, progress=None):
    """Write the entries of `pages` (any Page queryset or list) in bulk; pages that are no longer live and
    public leave the index. Returns the number indexed."""
    tree = _Tree()
    indexed = 0
    batch_ids, batch = [], []

    def flush():
        nonlocal indexed
        get_engine().write(batch, batch_ids)
        indexed += len(batch)
        if progress:
            progress.update(len(batch_ids))
        batch_ids.clear()
        batch.clear()

    for page in _specific_pages(pages):
        batch_ids.append(page.pk)
        entry = _entry(page, tree)
        if entry:
            batch.append(entry)
        if len(batch_ids) >= BATCH:
            flush()
    if batch_ids:
        flush()
    return indexed


def _specific_pages(pages):
    if hasattr(pages, "specific"):
        ids = list(pages.values_list("pk", flat=True))
    else:
        ids = [p.pk for p in pages]
    for start in range(0, len(ids), BATCH):
        yield from Page.objects.filter(pk__in=ids[start:start + BATCH]).specific().iterator()


def reindex_subtree(page_id):
    """A page and everything below it, after it was published, unpublished, moved or (un)restricted."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        get_engine().write([], [page_id])
        return 0
    return index_pages(Page.objects.filter(path__startswith=page.path))


def rebuild(progress=None):
    """Everything again (search_reindex)."""
    pages = Page.objects.filter(depth__gte=MIN_DEPTH, live=True)
    with transaction.atomic():
        get_engine().clear()
        return index_pages(pages, progress=progress)
