"""The duplicate-title check (003 第十五条: 大标题不要重复) on PostgreSQL at scale: before and after the stored key.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_approval \\
        .venv/bin/python bench/duplicate_title.py [--items 100000] [--rounds 20]

The database must be migrated; the seed sites are loaded if missing and items are generated with COPY by
bench/column_status.py's generator (spread over the seed sites, publish dates over two years). Their title keys
are recomputed in bulk (COPY bypasses the save that keeps them). Prints (never asserts), for the busiest site: the time
of the check as it was (content.services.titles_published_on: every title of the last 365 days, folded and
compared in Python) beside the one indexed query on ItemPage.title_key (content.services.title_taken_on), for a
title that exists and one that does not, with the number of queries of each.
"""

import argparse
import statistics
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from column_status import generate  # noqa: E402  (sets up Django on the same settings)
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from content.models import ItemPage  # noqa: E402
from content.services import title_taken_on, titles_published_on  # noqa: E402
from review.checks.titles import title_key  # noqa: E402
from sites.models import SiteProfile  # noqa: E402


def fill_title_keys():
    """Keys of rows written by COPY (they carry the template row's key) recomputed, in bulk."""
    batch = []
    for item in ItemPage.objects.only("pk", "title", "title_key").iterator(chunk_size=5000):
        key = title_key(item.title)[:255]
        if item.title_key != key:
            item.title_key = key
            batch.append(item)
        if len(batch) >= 5000:
            ItemPage.objects.bulk_update(batch, ["title_key"])
            batch = []
    if batch:
        ItemPage.objects.bulk_update(batch, ["title_key"])
    with connection.cursor() as cur:
        cur.execute("ANALYZE content_itempage")


def old_check(site, key):
    return next((t for t in titles_published_on(site, since_days=365) if title_key(t) == key), None)


def new_check(site, key):
    return title_taken_on(site, key, since_days=365)


def timed(fn, site, key, rounds):
    times = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            found = fn(site, key)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(captured.captured_queries), found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/bench_approval)")
    if not SiteProfile.objects.exists():
        from seeds import loader

        print("loading the seed sites …", flush=True)
        loader.load()
    if ItemPage.objects.count() < args.items * 0.99:
        t0 = time.perf_counter()
        print("generating …", flush=True)
        generate(args.columns, args.items)
        print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)
    fill_title_keys()

    profiles = list(SiteProfile.objects.select_related("site__root_page"))
    counts = {p.pk: ItemPage.objects.filter(path__startswith=p.site.root_page.path, live=True).count() for p in profiles}
    profile = max(profiles, key=lambda p: counts[p.pk])
    site = profile.site
    recent = ItemPage.objects.filter(path__startswith=site.root_page.path, live=True).order_by("-publish_date")
    existing = recent.values_list("title", flat=True).first()
    print(f"scale: {ItemPage.objects.count():,} items; site {profile.code}: {counts[profile.pk]:,} live items "
          f"(PostgreSQL {connection.pg_version // 10000}; machine shared with other work)")
    for label, title in (("existing title", existing), ("new title", "全区防汛工作会议召开暨部署会")):
        key = title_key(title)
        for name, fn in (("before (load titles of 365 days, compare in Python)", old_check), ("after (one indexed query on title_key)", new_check)):
            fn(site, key)  # warm
            p50, p95, queries, found = timed(fn, site, key, args.rounds)
            print(f"  {label:15} {name:52} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  {queries} queries  found={found is not None}")


if __name__ == "__main__":
    main()
