"""The database engine: SQLite FTS5 or PostgreSQL tsvector with a GIN index, over the segmented text of
SearchEntry (migration 0002 creates either). Ranking: the database's text rank (title weighted above body) times a
recency factor; a query whose words are not all found falls back to any of them."""

from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchEntry, SuggestTerm
from ..snippets import decorate
from ..text import match_groups, pinyin_key, suggestion_terms
from . import SearchEngine, SearchResults

# Recency: a new item's score is multiplied by up to 1 + RECENCY_BOOST, fading over about RECENCY_DAYS.
RECENCY_BOOST = 0.2
RECENCY_DAYS = 365.0
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0  # SQLite bm25 column weights; PostgreSQL weights A/B below


def _sqlite_match(groups, joiner):
    def option(tokens):
        quoted = [f'"{t}"' for t in tokens]
        return quoted[0] if len(quoted) == 1 else "(" + " AND ".join(quoted) + ")"
    return f" {joiner} ".join("(" + " OR ".join(option(o) for o in options) + ")" for options in groups)


def _pg_match(groups, joiner):
    def option(tokens):
        quoted = [f"'{t}'" for t in tokens]
        return quoted[0] if len(quoted) == 1 else "(" + " & ".join(quoted) + ")"
    return f" {joiner} ".join("(" + " | ".join(option(o) for o in options) + ")" for options in groups)


def _db_datetime(value):
    """A datetime as the database stores it (raw SQL gets no conversion: SQLite compares UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


class DatabaseEngine(SearchEngine):
    def write(self, entries, page_ids):
        with transaction.atomic():
            SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()
            SearchEntry.objects.bulk_create(entries)
            terms = {t for e in entries for t in suggestion_terms(e.title)}
            SuggestTerm.objects.bulk_create([SuggestTerm(term=t, pinyin=pinyin_key(t)) for t in terms], ignore_conflicts=True)

    def clear(self):
        SearchEntry.objects.all().delete()
        SuggestTerm.objects.all().delete()

    def _filters(self, query):
        where, params = [], []
        if query.site_ids is not None:
            where.append(f"e.site_id IN ({', '.join(['%s'] * len(query.site_ids)) or 'NULL'})")
            params += list(query.site_ids)
        if query.column is not None:
            where.append("e.page_path LIKE %s AND e.page_id <> %s")
            params += [query.column.path + "%", query.column.pk]
        if query.page_type:
            where.append("e.page_type = %s")
            params.append(query.page_type)
        tz = timezone.get_current_timezone()
        if query.date_from:
            where.append("e.publish_date >= %s")
            params.append(_db_datetime(timezone.make_aware(datetime.combine(query.date_from, time.min), tz)))
        if query.date_to:
            where.append("e.publish_date < %s")
            params.append(_db_datetime(timezone.make_aware(datetime.combine(query.date_to + timedelta(days=1), time.min), tz)))
        return where, params

    def _run(self, match, query):
        where, params = self._filters(query)
        now = _db_datetime(timezone.now())
        if connection.vendor == "sqlite":
            source = "search_fts JOIN search_searchentry e ON e.page_id = search_fts.rowid"
            condition = ["search_fts MATCH %s"]
            age = "MAX(julianday(%s) - julianday(e.publish_date), 0)"
            rank = f"-bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
            rank_params = []
        else:
            source = "search_searchentry e"
            condition = ["e.search_vector @@ %s::tsquery"]
            age = "GREATEST(EXTRACT(EPOCH FROM (%s - e.publish_date)) / 86400.0, 0)"
            rank = "ts_rank(e.search_vector, %s::tsquery)"
            rank_params = [match]
        clause = " AND ".join(condition + where)
        score = f"{rank} * (1 + {RECENCY_BOOST} / (1 + COALESCE({age}, 3650) / {RECENCY_DAYS}))"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {source} WHERE {clause}", [match] + params)
            count = cursor.fetchone()[0]
            if not count:
                return 0, []
            cursor.execute(
                f"SELECT e.page_id, {score} AS score FROM {source} WHERE {clause} "
                "ORDER BY score DESC, e.publish_date DESC LIMIT %s OFFSET %s",
                rank_params + [now] + [match] + params + [query.limit, query.offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return count, ids

    def _search_once(self, text, query):
        groups = match_groups(text)
        if not groups:
            return 0, []
        build = _sqlite_match if connection.vendor == "sqlite" else _pg_match
        count, ids = self._run(build(groups, "AND" if connection.vendor == "sqlite" else "&"), query)
        if not count and len(groups) > 1:
            count, ids = self._run(build(groups, "OR" if connection.vendor == "sqlite" else "|"), query)
        return count, ids

    def search(self, query):
        text, suggestions = query.text, []
        count, ids = self._search_once(text, query)
        if not count:
            suggestions = self.suggest(text)
            for suggestion in suggestions[:1]:
                count, ids = self._search_once(suggestion, query)
                text = suggestion if count else query.text
        rows = SearchEntry.objects.in_bulk(ids)
        entries = [decorate(rows[i], text) for i in ids if i in rows]
        return SearchResults(count=count, entries=entries, query=text, suggestions=suggestions)

    def suggest(self, text, limit=5):
        key = pinyin_key(text)
        if len(key) < 2:
            return []
        terms = list(SuggestTerm.objects.filter(pinyin=key).exclude(term=text).values_list("term", flat=True)[:limit])
        if not terms and len(key) >= 4:
            terms = list(SuggestTerm.objects.filter(pinyin__startswith=key).values_list("term", flat=True)[:limit])
        return sorted(terms, key=len)
