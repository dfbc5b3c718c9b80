"""The one search interface. Views, the API, commands and benches call get_engine(); the database engine is the
one that runs here (SQLite FTS5 or PostgreSQL tsvector + GIN). An OpenSearch/Elasticsearch engine with a Chinese
analyzer implements the same class and is chosen with the GOVSITE_SEARCH_ENGINE setting (a dotted path)."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class SearchQuery:
    text: str
    site_ids: list | None = None  # None: the whole 站群 (scope=all)
    column: object = None  # a Page: that column and everything below it
    page_type: str = ""  # a page model name: articlepage, policydocumentpage …
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    offset: int = 0
    limit: int = 10


@dataclass
class SearchResults:
    count: int
    entries: list  # SearchEntry rows, best first, with .snippet and .title_html set
    query: str = ""  # the query these results answer (the suggestion's when the original found nothing)
    suggestions: list = field(default_factory=list)
    capped: bool = False  # more than `count` matches: the engine stopped counting ("超过 N 条")
    pageable: int | None = None  # how many of them can be paged through (the ranked ones); None: all `count`


class SearchEngine:
    def write(self, entries, page_ids):
        """Replace whatever the index holds for page_ids by entries (SearchEntry objects, not saved)."""
        raise NotImplementedError

    def clear(self):
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, text, limit=5):
        """Words that sound like `text` (pinyin), for a query that found nothing."""
        raise NotImplementedError


_engine = None


def get_engine():
    global _engine
    path = getattr(settings, "GOVSITE_SEARCH_ENGINE", "search.engine.database.DatabaseEngine")
    if _engine is None or f"{type(_engine).__module__}.{type(_engine).__name__}" != path:
        _engine = import_string(path)()
    return _engine
