"""Search at scale on PostgreSQL: index time, search p95, publish-to-found, import_items rate.

    python bench/search.py [--articles 200000] [--import-lines 10000] [--queries 200] [--reuse]

--reuse keeps the database of an earlier run when it already holds the articles (migrates it; no generation, no
reindex), so a change to the engine can be measured again without the half hour of generating and indexing.

Uses its own database bench_search on postgres://postgres@127.0.0.1:5432/ (dropped and created again; override with
BENCH_DATABASE_URL). The articles are generated and written in bulk (COPY), not one by one; then the index is
rebuilt in bulk as search_reindex does. Targets (issue 12): search p95 ≤ 100 ms, publish-to-found ≤ 1 s."""

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_search")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.pop("REDIS_URL", None)  # index updates in-process, as the embedded default

PLACES = ["河北省", "石家庄市", "保定市", "陕西省", "宝鸡市", "渭滨区", "金台区", "陈仓区", "凤翔区", "岐山县"]
AGENCIES = ["人力资源和社会保障局", "住房和城乡建设局", "生态环境局", "市场监督管理局", "教育局", "卫生健康委员会",
            "农业农村局", "应急管理局", "民政局", "自然资源局", "交通运输局", "水利局", "工业和信息化局", "医疗保障局"]
SUBJECTS = ["社会保险", "住房公积金", "大气污染防治", "安全生产", "乡村振兴", "营商环境", "义务教育", "医疗保障",
            "最低生活保障", "防汛抗旱", "秸秆禁烧", "食品安全", "消防安全", "不动产登记", "垃圾分类", "老旧小区改造",
            "河长制", "耕地保护", "政务公开", "一网通办", "创业担保贷款", "疫苗接种", "工业互联网", "中小企业"]
KINDS = ["关于做好{s}工作的通知", "{p}{s}管理办法", "《{p}{s}管理办法》政策解读", "{s}办事指南", "{p}召开{s}工作推进会",
         "{p}{a}部署{s}专项行动", "{p}{s}工作取得阶段性成效"]
SENTENCES = ["为进一步做好{s}工作，现就有关事项通知如下。", "{p}{a}召开专题会议，研究部署{s}重点任务。",
             "会议要求各单位压实责任，确保各项任务落地见效。", "各镇街要对照年度目标，细化措施，明确完成时限。",
             "群众可通过政务服务网在线办理，也可到政务服务大厅窗口办理。", "办理时限为5个工作日，不收取任何费用。",
             "下一步，将持续深化{s}工作，不断提升群众获得感和满意度。", "咨询电话：0917-32{n:05d}。"]
QUERIES = ["社保", "公积金提取", "大气污染", "安全生产检查", "乡村振兴", "营商环境", "义务教育招生", "医保",
           "低保标准", "防汛", "秸秆禁烧", "食品安全抽检", "消防安全", "不动产登记", "垃圾分类", "老旧小区",
           "河长制", "耕地保护", "政务公开", "一网通办", "创业贷款", "疫苗接种", "工业互联网平台", "中小企业",
           "人社局", "住建局", "环保", "市场监管局", "宝鸡市社会保险", "渭滨区消防安全", "huanjing", "社會保險"]


def setup_database():
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed_sites", verbosity=0, stdout=open(os.devnull, "w"))


def article_text(rng, n):
    fields = {"s": rng.choice(SUBJECTS), "p": rng.choice(PLACES), "a": rng.choice(AGENCIES), "n": n}
    title = rng.choice(KINDS).format(**fields) + f"（第{n}期）"
    body = "".join(f"<p>{rng.choice(SENTENCES).format(**fields)}</p>" for _ in range(rng.randint(4, 9)))
    return title, body


def generate_articles(count):
    """Wagtail pages written in bulk: the page rows by bulk_create, the item rows by COPY, spread over the leaf
    columns of every site (treebeard paths computed here, as Wagtail's add_child would)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from columns.models import ColumnPage
    from content.models import ArticlePage, ReviewTier
    from review.checks.titles import title_key

    rng = random.Random(7)
    columns = list(ColumnPage.objects.filter(numchild=0, live=True))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    per_column = {c.pk: 0 for c in columns}
    pages, extra = [], []
    for n in range(count):
        column = columns[n % len(columns)]
        per_column[column.pk] += 1
        title, body = article_text(rng, n)
        when = now - timedelta(days=rng.randint(1, 3650), minutes=rng.randint(0, 1440))
        slug = f"a{n}"
        pages.append(Page(
            title=title, draft_title=title, slug=slug, content_type=content_type, locale=locale,
            path=column.path + _step(per_column[column.pk]),
            depth=column.depth + 1, numchild=0, url_path=f"{column.url_path}{slug}/", live=True,
            first_published_at=when, last_published_at=when, translation_key=uuid.uuid4(),
        ))
        extra.append((when, body))
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=5000)
        ids = [p.pk for p in pages]
        with connection.cursor() as cursor:
            raw = cursor.connection
            # every NOT NULL column at the value a saved item would have (title_key: review's duplicate-title key)
            with raw.cursor().copy("COPY content_itempage (page_ptr_id, publish_date, source, author, summary, body, "
                                   "is_example, title_key, review_tier) FROM STDIN") as copy:
                for page, (when, body) in zip(pages, extra):
                    copy.write_row((page.pk, when, "", "", "", body, False, title_key(page.title)[:255], ReviewTier.GENERAL))
            with raw.cursor().copy("COPY content_articlepage (itempage_ptr_id) FROM STDIN") as copy:
                for pk in ids:
                    copy.write_row((pk,))
        for column in columns:
            Page.objects.filter(pk=column.pk).update(numchild=per_column[column.pk])
    return len(columns)


def _step(number):
    from wagtail.models import Page

    return Page._int2str(number).rjust(Page.steplen, "0")


def _watch(engine, query, title, seen, stop):
    """Search until the item titled `title` is among the results (on this thread's own database connection); note
    when. (Before it is indexed, the query's fallback to any of its words finds the earlier runs' items.)"""
    from django.db import connection

    try:
        while not stop.is_set():
            if any(entry.title == title for entry in engine.search(query).entries):
                seen.append(time.perf_counter())
                return
            time.sleep(0.02)
    finally:
        connection.close()


def _backend_cpu(stat):
    """User + system CPU seconds of the PostgreSQL backend serving this connection (same machine)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _has_articles(count):
    import psycopg

    try:
        with psycopg.connect(DATABASE_URL) as conn:
            return conn.execute("SELECT COUNT(*) FROM search_searchentry").fetchone()[0] >= count
    except psycopg.Error:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--import-lines", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database of an earlier run when it already holds the articles (no generation, no reindex)")
    args = parser.parse_args()
    reused = args.reuse and _has_articles(args.articles)
    if not reused:
        setup_database()
    else:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a schema change since the data were generated
    from django.core.management import call_command
    from django.db import connection, transaction

    from columns.models import ColumnPage
    from content.models import ArticlePage
    from content.publishing import publication_refusals
    from content.services import place_item
    from search.engine import SearchQuery, get_engine
    from search.indexing import rebuild
    from search.models import SearchEntry
    from sites.models import SiteProfile

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}; machine shared with other benchmarks; "
          f"load average {_loadavg()}")
    if reused:
        print(f"reusing {DATABASE_URL.rsplit('/', 1)[1]}: {SearchEntry.objects.count()} entries already indexed")
    else:
        seconds, columns = timed(lambda: generate_articles(args.articles))
        print(f"generated {args.articles} articles in {columns} columns (bulk): {seconds:.1f} s (load {_loadavg()})")
        cpu = time.process_time()
        seconds, indexed = timed(rebuild)
        print(f"index time (search_reindex, bulk): {seconds:.1f} s for {indexed} pages = {indexed / seconds:.0f} pages/s "
              f"(bench process CPU {time.process_time() - cpu:.1f} s; load {_loadavg()})")
    with connection.cursor() as cursor:
        # Rows written in bulk get their planner statistics as autovacuum would give them (it is off on this
        # server): without them the pre-publish duplicate-title query walked 40,000 pages of the site.
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("VACUUM ANALYZE search_match")  # the engine's narrow match table (search migration 0004)
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_backend_pid()")
        backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    engine = get_engine()
    weibin = SiteProfile.objects.get(code="weibin").site
    rng = random.Random(3)
    samples = {"site": [], "all": []}
    cpu = {"site": [0.0, 0.0], "all": [0.0, 0.0]}  # [bench process, PostgreSQL backend] CPU seconds
    counts = {}
    for i in range(args.queries):
        text = rng.choice(QUERIES)
        scope = "all" if i % 2 else "site"
        query = SearchQuery(text=text, site_ids=None if scope == "all" else [weibin.pk])
        client, server = time.process_time(), _backend_cpu(backend)
        seconds, results = timed(lambda: engine.search(query))
        cpu[scope][0] += time.process_time() - client
        cpu[scope][1] += _backend_cpu(backend) - server
        samples[scope].append(seconds * 1000)
        counts.setdefault(text, results.count)
    print("hits per query (as the user is told): " + ", ".join(f"{t} {c}" for t, c in sorted(counts.items())))
    print(f"load average after the queries: {_loadavg()}")
    for scope, values in samples.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        client, server = (1000 * c / len(values) for c in cpu[scope])
        print(f"search scope={scope}: {len(values)} queries, median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
              f"(target ≤ 100 ms); CPU per query (mean): bench process {client:.1f} ms + PostgreSQL backend {server:.1f} ms")

    column = ColumnPage.objects.descendant_of(weibin.root_page).get(slug="jin-ri-wei-bin")
    from django.urls import get_resolver

    # A serving process has its URLconf loaded and its pre-publish checkers built (review's lexicon automaton, about
    # 0.8 s once per process) before an editor's publication; the first publication of this fresh process would
    # otherwise measure that start-up.
    get_resolver().reverse_dict  # noqa: B018
    publication_refusals(ArticlePage(title="渭滨区基层治理工作简报", body="<p>简报。</p>"), site=weibin)
    delays = []
    run = int(time.time()) % 100_000  # a reused database keeps earlier runs' items: new titles, slugs and old URLs
    for i in range(5):
        # A visitor searching from another connection (a second thread, every 20 ms) sees the item the moment it is
        # in the index, which may be before the publishing process has finished its after-commit work (without
        # REDIS_URL that work, e.g. rebuilding the site's sitemap, runs in-process).
        title = f"渭滨区发布第{run}{i}批基层治理创新案例评选结果"
        seen, stop = [], threading.Event()
        watcher = threading.Thread(target=_watch, args=(engine, SearchQuery(text=f"第{run}{i}批基层治理创新案例",
                                                                            site_ids=[weibin.pk]), title, seen, stop))
        watcher.start()
        start = time.perf_counter()
        with transaction.atomic():
            place_item(column, ArticlePage(title=title, slug=f"found-{run}-{i}", body="<p>基层治理创新案例评选结果公布。</p>"))
            committing = time.perf_counter()
        returned = time.perf_counter()
        watcher.join(timeout=30)
        stop.set()
        found = seen[0] if seen else float("nan")
        delays.append((found - start, committing - start, returned - committing))
    print("publish-to-found (seen by a search on another connection): " + ", ".join(
        f"{a:.2f} s (publish transaction {p * 1000:.0f} ms, commit and after-commit work in the publishing process "
        f"{c * 1000:.0f} ms)" for a, p, c in delays) + f" (target ≤ 1 s; load {_loadavg()})")

    if not args.import_lines:
        print(f"index now holds {SearchEntry.objects.count()} entries")
        return
    rng = random.Random(11)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for n in range(args.import_lines):
            title, body = article_text(rng, 900_000 + n)
            handle.write(json.dumps({"title": title, "body": body, "publish_date": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                     "old_url": f"http://old.example.gov.cn/art/{run}/{n}.html", "source": "区政府办"}, ensure_ascii=False) + "\n")
    target = ColumnPage.objects.descendant_of(weibin.root_page).get(slug="ji-ceng-dong-tai")
    client, server = time.process_time(), _backend_cpu(backend)
    seconds, _ = timed(lambda: call_command("import_items", "--site", "weibin", "--column", str(target.pk), handle.name,
                                            verbosity=0, stdout=open(os.devnull, "w")))
    client, server = time.process_time() - client, _backend_cpu(backend) - server
    os.unlink(handle.name)
    print(f"import_items: {args.import_lines} lines in {seconds:.1f} s = {args.import_lines / seconds:.1f} items/s "
          f"(checks, publish, redirects and bulk indexing included); CPU {client:.0f} s bench process + {server:.0f} s "
          f"PostgreSQL backend = {1000 * (client + server) / args.import_lines:.0f} ms per item (load {_loadavg()})")
    print(f"index now holds {SearchEntry.objects.count()} entries")


if __name__ == "__main__":
    main()
