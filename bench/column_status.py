"""Column status of a whole 站群 on PostgreSQL: time and number of queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govsite_bench9 \\
        .venv/bin/python bench/column_status.py [--columns 5000] [--items 1000000] [--rounds 5]

The database must be migrated; the seed sites are loaded if missing. Columns are added under the seed sites'
home pages (one parent column with nine sub-columns at a time, categories and 更新周期 taken from the seeds'
vocabulary) until the 站群 holds --columns columns, and items under nine in ten of the new end-level columns
until it holds --items live items. Pages are written with COPY straight into Wagtail's tables (treebeard
paths computed here), each row copied from a template page made through the ORM, so every column not set here
keeps the value Wagtail gives it. A second run reuses what is there (to start again, drop and re-create the database).

The items are copied past Django's signals, so the per-page tallies column_status() reads (columns/tally.py)
are rebuilt after generating, as the migration backfills an existing database. Prints (never asserts): the scale
reached, whether the tallies match a recount of the items, the time of columns.services.column_status() for the
whole 站群 and for one site (best and median of --rounds) and the number of queries of each — which must not grow
with the number of columns —, the same status counted from every item (the way before the tallies) and whether
both answers agree, and what recounting one column's tally costs a publish.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from columns.models import ColumnPage, ColumnResponsibility  # noqa: E402
from columns import tally  # noqa: E402
from columns.services import column_status  # noqa: E402
from content.models import ArticlePage, ItemPage  # noqa: E402
from content.services import place_item  # noqa: E402
from sites.models import SiteProfile  # noqa: E402

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard MP_Node alphabet, steplen 4
STEPLEN = 4
AT = date(2026, 6, 30)
MIX = [  # (category, 更新周期) as the seeds write them
    ("news", "每日更新"), ("news", "两周至少1条"), ("news", "每周至少1条"), ("notice", "实时更新"),
    ("policy", "每月至少1条"), ("disclosure", "每季度至少1条"), ("disclosure", "每年至少更新一次"),
    ("overview", "变化时及时更新"), ("interaction", "按期答复"), ("disclosure", "每年1月31日前"),
    ("service", ""), ("other", "两月至少1条"),
]


def step(n):
    out = ""
    for _ in range(STEPLEN):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def row_of(table, pk_column, pk):
    with connection.cursor() as cur:
        cur.execute(f'SELECT * FROM "{table}" WHERE "{pk_column}" = %s', [pk])
        names = [c.name for c in cur.description]
        return dict(zip(names, cur.fetchone()))


def copy_rows(table, rows):
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    names = list(first)
    raw = connection.connection
    count = 0
    with raw.cursor() as cur:
        with cur.copy(f'COPY "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) FROM STDIN') as copy:
            for row in itertools.chain([first], rows):
                copy.write_row([row[n] for n in names])
                count += 1
    return count


def templates(home, run):
    """One real column and one real item, made through the ORM; their rows are the templates."""
    col = ColumnPage(title="基准模板栏目", slug=f"bench{run}-template", category="news", update_cycle="每日更新")
    home.add_child(instance=col)
    item = place_item(col, ArticlePage(title="基准模板信息", slug=f"bench{run}-template-item", body="<p>正文</p>"))
    return col, item


def generate(target_columns, target_items):
    profiles = list(SiteProfile.objects.select_related("site__root_page").order_by("id"))
    homes = [p.site.root_page for p in profiles]
    run = uuid.uuid4().hex[:6]  # slugs of this run, unique beside an earlier run's
    template_col, template_item = templates(homes[0], run)
    col_page = row_of("wagtailcore_page", "id", template_col.pk)
    col_row = row_of("columns_columnpage", "page_ptr_id", template_col.pk)
    item_page = row_of("wagtailcore_page", "id", template_item.pk)
    item_row = row_of("content_itempage", "page_ptr_id", template_item.pk)
    article_row = row_of("content_articlepage", "itempage_ptr_id", template_item.pk)
    for row in (col_page, item_page):
        for key, value in {"latest_revision_id": None, "live_revision_id": None, "locked": False, "locked_by_id": None,
                           "locked_at": None}.items():
            if key in row:
                row[key] = value

    existing = ColumnPage.objects.count()
    chunks = max(0, (target_columns - existing) // 10)
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM wagtailcore_page")
        next_id = itertools.count(cur.fetchone()[0] + 1)
    numchild = {h.pk: h.get_children().count() for h in homes}
    now = timezone.now()
    pages, columns, leaves = [], [], []
    rng = random.Random(9)
    for chunk in range(chunks):
        home = homes[chunk % len(homes)]
        numchild[home.pk] += 1
        parent_path = home.path + step(numchild[home.pk])
        parent_slug = f"bench{run}-{chunk}"
        parent_id = next(next_id)
        family = [(parent_id, parent_path, home.depth + 1, 9, parent_slug, f"{home.url_path}{parent_slug}/", "news", "")]
        for k in range(1, 10):
            slug = f"bench{run}-{chunk}-{k}"
            category, cycle = MIX[(chunk * 9 + k) % len(MIX)]
            family.append((next(next_id), parent_path + step(k), home.depth + 2, 0, slug, f"{home.url_path}{parent_slug}/{slug}/", category, cycle))
        for pk, path, depth, children, slug, url_path, category, cycle in family:
            title = f"基准栏目{slug}"
            pages.append({**col_page, "id": pk, "path": path, "depth": depth, "numchild": children, "title": title,
                          "draft_title": title, "slug": slug, "url_path": url_path, "translation_key": uuid.uuid4(),
                          "first_published_at": now, "last_published_at": now, "latest_revision_created_at": now})
            columns.append({**col_row, "page_ptr_id": pk, "category": category, "update_cycle": cycle,
                            "guarantee": "跳转链接" if pk % 97 == 0 else "直接发布"})
            if depth == home.depth + 2:
                leaves.append((pk, path, url_path, home))
    with transaction.atomic():
        copy_rows("wagtailcore_page", pages)
        copy_rows("columns_columnpage", columns)
        for home in homes:
            type(home).objects.filter(pk=home.pk).update(numchild=numchild[home.pk])
        orgs = {p.site.root_page.pk: list(p.departments.values_list("pk", flat=True)[:20]) for p in profiles}
        ColumnResponsibility.objects.bulk_create([
            ColumnResponsibility(column_id=pk, organization_id=rng.choice(orgs[home.pk]), person="张三", info_managers="李四", sort_order=0)
            for pk, _, _, home in leaves if orgs[home.pk]
        ], batch_size=2000)

    fed = [leaf for i, leaf in enumerate(leaves) if i % 10 != 0]  # one in ten stays blank
    have = ItemPage.objects.count()
    per_column = max(0, (target_items - have) // max(1, len(fed)))
    start = datetime(2024, 7, 1, tzinfo=timezone.get_default_timezone())
    span = int((datetime(2026, 7, 1, tzinfo=start.tzinfo) - start).total_seconds())

    def item_rows():
        for pk, path, url_path, _ in fed:
            for k in range(1, per_column + 1):
                yield pk, path + step(k), url_path, k, next(next_id)

    page_rows, item_rows_, article_rows = [], [], []
    total = 0
    with transaction.atomic():
        for n, (col_pk, path, url_path, k, pk) in enumerate(item_rows(), start=1):
            slug = f"i{pk}"
            when = start + timedelta(seconds=rng.randrange(span))
            page_rows.append({**item_page, "id": pk, "path": path, "depth": len(path) // STEPLEN, "numchild": 0,
                              "title": f"基准信息{pk}", "draft_title": f"基准信息{pk}", "slug": slug,
                              "url_path": f"{url_path}{slug}/", "translation_key": uuid.uuid4(),
                              "first_published_at": when, "last_published_at": when, "latest_revision_created_at": when})
            item_rows_.append({**item_row, "page_ptr_id": pk, "publish_date": when})
            article_rows.append({**article_row, "itempage_ptr_id": pk})
            if len(page_rows) >= 100_000:
                total += _flush(page_rows, item_rows_, article_rows)
                print(f"  {total:,} items written", flush=True)
        total += _flush(page_rows, item_rows_, article_rows)
        ColumnPage.objects.filter(pk__in=[leaf[0] for leaf in fed]).update(numchild=per_column)
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), (SELECT max(id) FROM wagtailcore_page))")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return total


def _flush(pages, items, articles):
    n = copy_rows("wagtailcore_page", pages)
    copy_rows("content_itempage", items)
    copy_rows("content_articlepage", articles)
    pages.clear(), items.clear(), articles.clear()
    return n


def backend_cpu():
    """CPU seconds used so far by this connection's PostgreSQL backend (server on this machine), or None."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(rounds, site=None):
    """Wall time, and CPU time (this process + its PostgreSQL backend) — the machine is shared, so the CPU time
    says what the work costs when it does not wait for a core. Parallel workers are off so the backend's CPU
    time is all of the server's work."""
    with connection.cursor() as cur:
        cur.execute("SET max_parallel_workers_per_gather = 0")
    times, cpus, queries, report = [], [], None, None
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            server0, t0, c0 = backend_cpu(), time.perf_counter(), time.process_time()
            report = column_status(site, at=AT)
            times.append(time.perf_counter() - t0)
            server1 = backend_cpu()
            if server0 is not None and server1 is not None:
                cpus.append(time.process_time() - c0 + server1 - server0)
        queries = len(captured.captured_queries) - 2  # the two backend_cpu() look-ups
    with connection.cursor() as cur:
        cur.execute("RESET max_parallel_workers_per_gather")
    cpu = f", CPU {min(cpus):.3f} s (best)" if cpus else ""
    return min(times), statistics.median(times), queries, report, cpu


def compare_counted(rounds, report):
    """The same status counted from every item instead of the tallies (what column_status() did before): its
    time, and whether the two answers are the same column for column."""
    from columns.status import compute

    profiles = list(SiteProfile.objects.select_related("site__root_page").order_by("id"))
    with connection.cursor() as cur:
        cur.execute("SET max_parallel_workers_per_gather = 0")
    times, cpus, counted = [], [], None
    for _ in range(rounds):
        server0, t0, c0 = backend_cpu(), time.perf_counter(), time.process_time()
        counted = compute(profiles, at=AT, whole=True, use_tally=False)
        times.append(time.perf_counter() - t0)
        server1 = backend_cpu()
        if server0 is not None and server1 is not None:
            cpus.append(time.process_time() - c0 + server1 - server0)
    with connection.cursor() as cur:
        cur.execute("RESET max_parallel_workers_per_gather")
    cpu = f", CPU {min(cpus):.3f} s (best)" if cpus else ""
    same = counted.as_dict() == report.as_dict()
    print(f"  counted from every item instead (before): wall best {min(times):.3f} s, median "
          f"{statistics.median(times):.3f} s{cpu}; same answer for all {len(report.columns):,} columns: {same}")


def measure_refresh(rounds):
    """What keeping a tally costs a publish: recounting the tally of a column holding the most items."""
    from wagtail.models import Page

    biggest = ColumnPage.objects.order_by("-numchild").first()
    n = ItemPage.objects.filter(path__startswith=biggest.path, depth=biggest.depth + 1).count()
    times = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            t0 = time.perf_counter()
            tally.refresh(Page.objects.get(pk=biggest.pk).path)
            times.append(time.perf_counter() - t0)
    print(f"  tally recount on a publish, column of {n:,} items: best {min(times) * 1000:.1f} ms, median "
          f"{statistics.median(times) * 1000:.1f} ms, {len(captured.captured_queries)} queries")


def compare_item_queries(rounds):
    """The item GROUP BY alone, interleaved round by round so both see the same load: the ordered merge that
    column_status() runs for the whole 站群 (columns.status.whole_group_by) against the plain ORM join it ran
    before (the planner hashes a million rows for it)."""
    from django.db.models import Count, Max, Q
    from django.db.models.functions import Length, Substr

    from columns.status import STEPLEN as STEP
    from columns.status import _day_start, whole_group_by

    end = _day_start(AT + timedelta(days=1))

    def orm():
        return list(
            ItemPage.objects.filter(live=True).filter(Q(publish_date__lt=end) | Q(publish_date__isnull=True))
            .annotate(parent_path=Substr("path", 1, Length("path") - STEP)).order_by().values("parent_path")
            .annotate(last=Max("publish_date"), n=Count("pk"), undated=Count("pk", filter=Q(publish_date__isnull=True)))
        )

    def merged():
        return whole_group_by([], {}, end)

    with connection.cursor() as cur:
        cur.execute("SET max_parallel_workers_per_gather = 0")
    results = {"ordered merge (past dates)": [], "ORM hash join (earlier)": []}
    for _ in range(rounds):
        for name, run in (("ordered merge (past dates)", merged), ("ORM hash join (earlier)", orm)):
            server0, t0 = backend_cpu(), time.perf_counter()
            rows = run()
            wall = time.perf_counter() - t0
            server1 = backend_cpu()
            results[name].append((wall, (server1 - server0) if server0 is not None and server1 is not None else float("nan"), len(rows)))
    with connection.cursor() as cur:
        cur.execute("RESET max_parallel_workers_per_gather")
    for name, runs in results.items():
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        print(f"  item GROUP BY, {name}: wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
              f"server CPU best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s; {runs[0][2]:,} groups")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=5000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/govsite_bench9)")
    if not SiteProfile.objects.exists():
        from seeds import loader

        print("loading the seed sites …", flush=True)
        loader.load()
    if ColumnPage.objects.count() < args.columns - 10 or ItemPage.objects.count() < args.items * 0.99:
        t0 = time.perf_counter()
        print("generating …", flush=True)
        generate(args.columns, args.items)
        print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)
        t0, c0 = time.perf_counter(), time.process_time()
        n = tally.rebuild()  # the rows were copied past Django's signals: the backfill, as on an existing database
        print(f"tallies rebuilt: {n:,} pages in {time.perf_counter() - t0:.1f} s wall (this process's CPU "
              f"{time.process_time() - c0:.1f} s)", flush=True)

    n_columns, n_items = ColumnPage.objects.count(), ItemPage.objects.count()
    n_sites = SiteProfile.objects.count()
    print(f"scale: {n_sites} sites, {n_columns:,} columns, {n_items:,} items (PostgreSQL {connection.pg_version // 10000})")
    t0 = time.perf_counter()
    wrong = tally.differences()
    print(f"tallies checked against a recount of every item in {time.perf_counter() - t0:.1f} s: "
          f"{len(wrong)} pages differ{' — run manage.py column_tally' if wrong else ''}")
    measure(1)  # warm the cache once
    best, median, queries, report, cpu = measure(args.rounds)
    counts = {}
    for c in report.columns:
        counts[c.status] = counts.get(c.status, 0) + 1
    print(f"whole 站群 at {AT}: wall best {best:.3f} s, median {median:.3f} s{cpu}, {queries} queries, "
          f"{len(report.columns):,} columns: {counts}")
    vetoed = sum(1 for s in report.sites if s.vetoes)
    print(f"  sites vetoed under 单项否决4: {vetoed} of {len(report.sites)}")
    with CaptureQueriesContext(connection) as captured:
        column_status(at=AT)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    print(f"  slowest query: {float(slowest['time']):.3f} s of the whole: {slowest['sql'][:60]}…")
    compare_counted(args.rounds, report)
    compare_item_queries(args.rounds)
    measure_refresh(args.rounds)
    code = SiteProfile.objects.order_by("id").values_list("code", flat=True).first()
    best, median, queries, report, cpu = measure(args.rounds, site=code)
    print(f"one site ({code}, {len(report.columns):,} columns): wall best {best:.3f} s, median {median:.3f} s{cpu}, {queries} queries")
    print("load average of this machine (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
