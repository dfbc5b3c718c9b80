"""The database engine: SQLite FTS5 or PostgreSQL tsvector with a GIN index, over the segmented text of
SearchEntry (migration 0002 creates the FTS5 table, 0004 the narrow PostgreSQL table search_match). Ranking: the
database's text rank (title weighted above body) times a recency factor; a query whose words are not all found
falls back to any of them."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..models import SearchEntry, SuggestTerm
from ..snippets import decorate
from ..text import match_groups, pinyin_key, suggestion_terms
from . import SearchEngine, SearchResults

# Recency: a new item's score is multiplied by up to 1 + RECENCY_BOOST, fading over about RECENCY_DAYS.
RECENCY_BOOST = 0.2
RECENCY_DAYS = 365.0
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0  # SQLite bm25 column weights; PostgreSQL weights A/B below
# Bounded work per query (issue 12: p95 ≤ 100 ms at 200,000 items): at most CANDIDATES matches are ranked (per
# candidate set), so at most CANDIDATES results can be paged through; counting stops above COUNT_CAP.
# Both can be set in settings (GOVSITE_SEARCH_CANDIDATES, GOVSITE_SEARCH_COUNT_CAP).
CANDIDATES = 200
COUNT_CAP = 10_000


def _limits():
    return (getattr(settings, "GOVSITE_SEARCH_CANDIDATES", CANDIDATES),
            getattr(settings, "GOVSITE_SEARCH_COUNT_CAP", COUNT_CAP))


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


@contextmanager
def _bitmap_scans_only(cursor):
    """PostgreSQL misjudges how many rows a tsquery matches and what testing a row's vector costs. It may walk a
    plain index (site, date) testing every row's vector, or scan search_match sequentially, where each vector is
    read out of line (seconds at 200,000 items: measured 0.5 s for 社保 on a seq scan of the title vectors); GIN
    bitmap scans, ANDed with the filters' indexes, are what these queries need. The settings hold for this
    connection only while the engine's queries run, and are put back as they were."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan'), "
                   "set_config('enable_indexscan', 'off', false), set_config('enable_seqscan', 'off', false)")
    before = cursor.fetchone()[:2]
    try:
        yield
    finally:
        try:
            cursor.execute("SELECT set_config('enable_indexscan', %s, false), set_config('enable_seqscan', %s, false)", before)
        except DatabaseError:  # the transaction failed: PostgreSQL undoes the settings with it
            pass


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
        """(count, capped, page ids) for one MATCH expression. Only a bounded set of candidates is ranked, so a
        query costs about the same on 300 items and on 200,000: on SQLite the best CANDIDATES by bm25 (title
        weighted) inside the MATCH query; on PostgreSQL the newest CANDIDATES matches plus the newest CANDIDATES
        title matches, ranked by ts_rank. The count stops at COUNT_CAP ("超过 N 条")."""
        where, params = self._filters(query)
        candidates_limit, count_cap = _limits()
        if connection.vendor == "sqlite":
            count, ids = self._sqlite(match, where, params, query, candidates_limit, count_cap)
        else:
            count, ids = self._postgresql(match, where, params, query, candidates_limit)
        return min(count, count_cap), count > count_cap, ids

    def _score(self, age):
        return f"c.rank * (1 + {RECENCY_BOOST} / (1 + COALESCE({age}, 3650) / {RECENCY_DAYS}))"

    def _sqlite(self, match, where, params, query, candidates_limit, count_cap):
        source = "search_fts JOIN search_searchentry e ON e.page_id = search_fts.rowid"
        clause = " AND ".join(["search_fts MATCH %s"] + where)
        score = self._score("MAX(julianday(%s) - julianday(c.publish_date), 0)")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {clause} LIMIT {int(count_cap) + 1}) m",
                           [match] + params)
            count = cursor.fetchone()[0]
            if not count or query.offset >= candidates_limit:
                return count, []
            cursor.execute(
                f"SELECT c.page_id, {score} AS score FROM ("
                f"SELECT e.page_id, e.publish_date, -bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank "
                f"FROM {source} WHERE {clause} ORDER BY rank DESC LIMIT {int(candidates_limit)}) c "
                "ORDER BY score DESC, c.publish_date DESC LIMIT %s OFFSET %s",
                [_db_datetime(timezone.now()), match] + params + [query.limit, query.offset],
            )
            return count, [row[0] for row in cursor.fetchall()]

    def _postgresql(self, match, where, params, query, candidates_limit):
        # The narrow table search_match (migration 0004) answers the match: GIN bitmap scans (with the filters'
        # columns beside them), no recheck, a few dozen bytes of heap per match. One pass gives the count and the
        # newest CANDIDATES matches; a second GIN scan gives the newest CANDIDATES title matches; only the
        # candidates' whole vectors are read, by ts_rank.
        clause = " AND ".join(["e.vector @@ %s::tsquery"] + where)
        title_clause = " AND ".join(["e.title_vector @@ %s::tsquery"] + where)
        newest = f"ORDER BY publish_date DESC NULLS LAST LIMIT {int(candidates_limit)}"
        with connection.cursor() as cursor:
            with _bitmap_scans_only(cursor):
                cursor.execute(
                    f"WITH m AS MATERIALIZED (SELECT e.page_id, e.publish_date FROM search_match e WHERE {clause}) "
                    f"SELECT (SELECT COUNT(*) FROM m), ARRAY((SELECT page_id FROM m {newest}) "
                    f"UNION (SELECT e.page_id FROM search_match e WHERE {title_clause} {newest}))",
                    [match] + params + [match] + params,
                )
                count, candidates = cursor.fetchone()
            if not count or query.offset >= candidates_limit:
                return count, []
            score = self._score("GREATEST(EXTRACT(EPOCH FROM (%s - c.publish_date)) / 86400.0, 0)")
            cursor.execute(
                f"SELECT c.page_id, {score} AS score FROM (SELECT e.page_id, e.publish_date, "
                "ts_rank(e.vector, %s::tsquery) AS rank FROM search_match e WHERE e.page_id = ANY(%s)) c "
                "ORDER BY score DESC, c.publish_date DESC LIMIT %s OFFSET %s",
                # The two candidate sets together may hold up to twice CANDIDATES: list no further than SQLite does.
                [_db_datetime(timezone.now()), match, list(candidates), min(query.limit, candidates_limit - query.offset),
                 query.offset],
            )
            return count, [row[0] for row in cursor.fetchall()]

    def _search_once(self, text, query):
        groups = match_groups(text)
        if not groups:
            return 0, False, []
        build = _sqlite_match if connection.vendor == "sqlite" else _pg_match
        found = self._run(build(groups, "AND" if connection.vendor == "sqlite" else "&"), query)
        if not found[0] and len(groups) > 1:
            found = self._run(build(groups, "OR" if connection.vendor == "sqlite" else "|"), query)
        return found

    def search(self, query):
        text, suggestions = query.text, []
        count, capped, ids = self._search_once(text, query)
        if not count:
            suggestions = self.suggest(text)
            for suggestion in suggestions[:1]:
                count, capped, ids = self._search_once(suggestion, query)
                text = suggestion if count else query.text
        rows = SearchEntry.objects.in_bulk(ids)
        entries = [decorate(rows[i], text) for i in ids if i in rows]
        return SearchResults(count=count, entries=entries, query=text, suggestions=suggestions, capped=capped,
                             pageable=min(count, _limits()[0]))

    def suggest(self, text, limit=5):
        key = pinyin_key(text)
        if len(key) < 2:
            return []
        terms = list(SuggestTerm.objects.filter(pinyin=key).exclude(term=text).values_list("term", flat=True)[:limit])
        if not terms and len(key) >= 4:
            terms = list(SuggestTerm.objects.filter(pinyin__startswith=key).values_list("term", flat=True)[:limit])
        return sorted(terms, key=len)
