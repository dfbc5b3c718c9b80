"""Public pages at nginx speed, and an uncached path that does not grow with the site (issue 11 part 4).

    .venv/bin/python bench/public_pages.py [--items 200000] [--seconds 10] [--connections 32]

Uses PostgreSQL database bench_speed and Redis database 5 (override with DATABASE_URL / REDIS_URL), ports
8150–8152 on 127.0.0.1 (or three from BENCH_PORT_BASE), and a temporary directory for nginx and the published files. On the first run it creates
the database, migrates, loads the seed sites, puts 100 articles on the hebhb site (a small site) and writes
--items articles in bulk (COPY, rows copied from a real article) into one column of weibin; later runs reuse them.

In one run it prints (never asserts):
1. wrk (2 threads, --connections, --seconds) against the same article bytes served four ways: nginx serving them
   as a static file; gunicorn (2 workers, gthread) answering from the Django page cache on Redis; nginx in front of
   gunicorn serving the statically published file (静态发布: written by Django on the first view, deleted on
   publish) — requests/s and the ratio of each to plain nginx;
2. uncached article render (page cache entry invalidated before each request, as after a publish), p50/p95, for an
   article of weibin (--items articles in another of its columns) and the same article on hebhb (100 articles);
   and fully cold (every cache emptied) p95;
3. /sitemap.xml and one part served, at --items articles (p50/p95), and the time to write the whole sitemap and one
   part (what a publish costs the background task);
4. publish to visible: an item published through content.services.place_item (checks included), then the column
   page fetched through the nginx front until the item is there (--publishes rounds);
5. the figures the issue asks for, side by side with their targets.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_speed")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")
WORK = Path(tempfile.mkdtemp(prefix="govsite-speed-"))
WORK.chmod(0o755)  # nginx's workers (not root) read the published files
os.environ["GOVSITE_PUBLIC_ROOT"] = str(WORK / "public")
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8150"))  # three ports from here (another range on a shared machine)
GUNICORN_PORT, STATIC_PORT, FRONT_PORT = PORT_BASE, PORT_BASE + 1, PORT_BASE + 2


def ensure_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


created = ensure_database()

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from column_status import backend_cpu, copy_rows, row_of, step  # noqa: E402  (the COPY helpers of the other bench)
from columns.models import ColumnPage  # noqa: E402
from content.models import ArticlePage, ItemPage  # noqa: E402
from content.services import place_item  # noqa: E402
from portal import cache as page_cache  # noqa: E402
from portal import sitemaps  # noqa: E402
from sites.models import SiteProfile  # noqa: E402

BODY = "".join(f"<p>第{i}段：为进一步做好防汛工作，保障人民群众生命财产安全，现将有关事项通知如下。</p>" for i in range(12))


def prepare(items):
    if created or not SiteProfile.objects.exists():
        print("migrating and loading the seed sites …", flush=True)
        call_command("migrate", verbosity=0)
        from seeds import loader

        loader.load()
    small = leaf_column("hebhb")
    if not ItemPage.objects.filter(slug__startswith="small-").exists():
        for k in range(100):
            place_item(small, ArticlePage(title=f"小网站信息{k}", slug=f"small-{k}", body=BODY))
    big = leaf_column("weibin")
    have = ItemPage.objects.child_of(big).count()
    if have < items:
        t0 = time.perf_counter()
        bulk_articles(big, items - have)
        call_command("column_tally", verbosity=0)  # rows written past Django: their column's tally is rebuilt
        print(f"wrote {items - have:,} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    probe_column = leaf_column("weibin", exclude=big)
    probe = ArticlePage.objects.child_of(probe_column).filter(slug="probe").first() or place_item(
        probe_column, ArticlePage(title="关于做好防汛工作的通知", slug="probe", body=BODY))
    twin = ArticlePage.objects.child_of(small).filter(slug="probe").first() or place_item(
        small, ArticlePage(title="关于做好防汛工作的通知", slug="probe", body=BODY))
    return big, probe, twin


def leaf_column(code, exclude=None):
    root = SiteProfile.objects.get(code=code).site.root_page
    qs = ColumnPage.objects.descendant_of(root).filter(depth=5).order_by("path")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    for column in qs:
        if not column.get_children().not_type(ItemPage).exists():
            return column
    raise SystemExit(f"no leaf column on {code}")


def bulk_articles(column, n):
    template = place_item(column, ArticlePage(title="模板信息", slug=f"template-{time.time_ns()}", body=BODY))
    page = row_of("wagtailcore_page", "id", template.pk)
    item = row_of("content_itempage", "page_ptr_id", template.pk)
    article = row_of("content_articlepage", "itempage_ptr_id", template.pk)
    for key in ("latest_revision_id", "live_revision_id"):
        page[key] = None
    column.refresh_from_db()
    start = column.numchild
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM wagtailcore_page")
        next_id = cur.fetchone()[0] + 1
    import uuid

    now = timezone.now()
    with transaction.atomic():
        for chunk in range(0, n, 50_000):
            pages, items_, articles = [], [], []
            for k in range(chunk, min(n, chunk + 50_000)):
                pk, slug = next_id + k, f"b{next_id + k}"
                when = now - timezone.timedelta(minutes=k)
                pages.append({**page, "id": pk, "path": column.path + step(start + k + 1), "numchild": 0,
                              "title": f"基准信息{pk}", "draft_title": f"基准信息{pk}", "slug": slug,
                              "url_path": f"{column.url_path}{slug}/", "translation_key": uuid.uuid4(),
                              "first_published_at": when, "last_published_at": when, "latest_revision_created_at": when})
                items_.append({**item, "page_ptr_id": pk, "publish_date": when})
                articles.append({**article, "itempage_ptr_id": pk})
            copy_rows("wagtailcore_page", pages)
            copy_rows("content_itempage", items_)
            copy_rows("content_articlepage", articles)
            print(f"  {min(n, chunk + 50_000):,} articles written", flush=True)
        ColumnPage.objects.filter(pk=column.pk).update(numchild=start + n)
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), (SELECT max(id) FROM wagtailcore_page))")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def host(code, port=None):
    return f"{code}.localhost" + (f":{port}" if port else "")


def url_of(page):
    return page.get_url_parts()[2]


def backend_cpu_precise():
    """CPU seconds of this connection's PostgreSQL backend from /proc/<pid>/schedstat (nanoseconds). The clock-tick
    count of /proc/<pid>/stat moves in 10 ms steps: a request using 2 ms of server CPU showed as 0 or 10 ms, and
    the p95 always carried a whole tick. Falls back to that count where schedstat is missing."""
    connection.ensure_connection()
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None or getattr(connection, "_bench_backend_conn", None) is not connection.connection:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        connection._bench_backend_pid, connection._bench_backend_conn = pid, connection.connection
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return backend_cpu()


def samples(client, path, code, before=None, rounds=200):
    """[wall ms], [CPU ms] of `rounds` requests. CPU time is this process + its PostgreSQL backend: the machine is
    shared and loaded, so the CPU time says what a request costs when it does not wait for a core."""
    times, cpus = [], []
    for _ in range(rounds):
        if before:
            before()
        server0, c0, t0 = backend_cpu_precise(), time.process_time(), time.perf_counter()
        response = client.get(path, HTTP_HOST=host(code))
        times.append((time.perf_counter() - t0) * 1000)
        server1 = backend_cpu_precise()
        if server0 is not None and server1 is not None:
            cpus.append((time.process_time() - c0 + server1 - server0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times, cpus


def summary_of(times, cpus):
    """(wall p50, wall p95, CPU p50, CPU p95)."""
    times, cpus = sorted(times), sorted(cpus)
    p95 = lambda values: values[int(len(values) * 0.95) - 1] if values else float("nan")  # noqa: E731
    return statistics.median(times), p95(times), statistics.median(cpus) if cpus else float("nan"), p95(cpus)


def timed(client, path, code, before=None, rounds=200):
    return summary_of(*samples(client, path, code, before, rounds))


def render_times(probe, twin, rounds=200, blocks=8):
    """The same article on the big and on the small site, measured in alternating blocks so that both see the same
    load (the machine is shared: one after the other, a load change alone moved their ratio by 0.2)."""
    client = Client()
    pages = (("weibin (big site)", probe, "weibin"), ("hebhb (100 articles)", twin, "hebhb"))
    collected = {name: ([], []) for name, _, _ in pages}
    for _ in range(blocks):
        for name, page, code in pages:
            bump = lambda p=page: page_cache.bump_pages([p.pk])  # noqa: E731 - as after a publish of the article
            if not collected[name][0]:
                samples(client, url_of(page), code, before=bump, rounds=20)  # warm up
            times, cpus = samples(client, url_of(page), code, before=bump, rounds=rounds // blocks)
            collected[name][0].extend(times)
            collected[name][1].extend(cpus)
    out = {}
    for name, page, code in pages:
        path = url_of(page)
        out[name] = summary_of(*collected[name])
        out[name + ", every cache emptied"] = timed(client, path, code, before=cache.clear, rounds=100)
        with_queries = Client()
        page_cache.bump_pages([page.pk])
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as q:
            with_queries.get(path, HTTP_HOST=host(code))
        out[name + ", queries"] = len(q.captured_queries)
    return out


def sitemap_times(big):
    site = big.get_site()
    t0 = time.perf_counter()
    sitemaps.build_site(site)
    whole = time.perf_counter() - t0
    part = big.get_children().last().pk // sitemaps.PART_IDS
    t0 = time.perf_counter()
    sitemaps.build_site(site, [part])
    one = time.perf_counter() - t0
    client = Client()
    index = timed(client, "/sitemap.xml", "weibin", rounds=100)
    part_time = timed(client, f"/sitemap-{part}.xml", "weibin", rounds=30)
    size = len(client.get(f"/sitemap-{part}.xml", HTTP_HOST=host("weibin")).content)
    urls = sum(client.get(f"/sitemap-{p}.xml", HTTP_HOST=host("weibin")).content.count(b"<loc>")
               for p in range(0, part + 1) if (sitemaps._part_file(site, p)).exists())
    return whole, one, index, part_time, size, urls


# --- servers ------------------------------------------------------------------------------------------------

NGINX = """
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {work}/t-body; proxy_temp_path {work}/t-proxy; fastcgi_temp_path {work}/t-fcgi;
  uwsgi_temp_path {work}/t-uwsgi; scgi_temp_path {work}/t-scgi;
  # Static publication: a GET or HEAD with no query and no session cookie may be answered from a published file.
  map "$request_method:$args:$cookie_sessionid" $published_root {{
    "~^(GET|HEAD)::$" {public}/pages;
    default {work}/nothing;
  }}
  map $http_host $published_host {{ "~^(?<h>[a-z0-9.-]+(:[0-9]+)?)$" $h; default invalid; }}
  upstream django {{ server 127.0.0.1:{gunicorn}; keepalive 32; }}
  server {{  # the same bytes as a plain static file
    listen 127.0.0.1:{static};
    root {work}/static;
    charset utf-8;
  }}
  server {{  # the site: published files first, Django for the rest
    listen 127.0.0.1:{front};
    charset utf-8;
    location ~ ^/sitemap(-[0-9]+)?\\.xml$ {{ root {public}/sitemaps/$host; try_files $uri @django; }}
    location / {{
      root $published_root/$published_host;
      try_files ${{uri}}index.html @django;
      add_header Cache-Control "public, max-age=0, must-revalidate";
    }}
    location @django {{
      proxy_pass http://django;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }}
  }}
}}
"""


def start_servers():
    (WORK / "static").mkdir(parents=True, exist_ok=True)
    conf = WORK / "nginx.conf"
    conf.write_text(NGINX.format(work=WORK, public=WORK / "public", gunicorn=GUNICORN_PORT, static=STATIC_PORT, front=FRONT_PORT))
    env = {**os.environ, "GOVSITE_DEBUG": "0"}
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "govsite.wsgi", "-b", f"127.0.0.1:{GUNICORN_PORT}", "-w", "2",
         "-k", "gthread", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=open(WORK / "gunicorn.log", "w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"],
                             stdout=open(WORK / "nginx.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{GUNICORN_PORT}/", headers={"Host": host("weibin")}, timeout=2)
            httpx.get(f"http://127.0.0.1:{STATIC_PORT}/", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    return gunicorn, nginx


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wrk(url, host_header, seconds, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", f"Host: {host_header}", url],
                         capture_output=True, text=True).stdout
    rate = next(float(line.split()[1]) for line in out.splitlines() if line.startswith("Requests/sec"))
    non2xx = next((line.strip() for line in out.splitlines() if "Non-2xx" in line), "")
    return rate, non2xx


def publish_to_visible(big, probe_column_host):
    column = big
    path = url_of(column)
    address = f"http://127.0.0.1:{FRONT_PORT}{path}"
    headers = {"Host": probe_column_host}
    httpx.get(address, headers=headers)  # published file now on disk
    assert "X-Page-Cache" not in httpx.get(address, headers=headers).headers  # served by nginx from the file
    title = f"即时发布测试{time.time_ns()}"
    t0 = time.perf_counter()
    place_item(column, ArticlePage(title=title, slug=f"now-{time.time_ns()}", body=BODY))
    published = time.perf_counter() - t0
    seen = []  # what answered while the item was not there yet: (ms after the call returned, where from)
    while True:
        response = httpx.get(address, headers=headers)
        if title in response.text:
            break
        seen.append((round((time.perf_counter() - t0 - published) * 1000), response.headers.get("X-Page-Cache", "file")))
        if time.perf_counter() - t0 > 10:
            return published, None
        time.sleep(0.005)
    visible = time.perf_counter() - t0
    if visible - published > 0.5:  # say what kept it: a stale file or entry would be a bug, a slow render is load
        kinds = {kind for _, kind in seen}
        print(f"   (slow: {len(seen)} answers without the item, from {sorted(kinds)}; last at {seen[-1][0] if seen else 0} ms)")
    return published, visible


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--publishes", type=int, default=5, help="publish-to-visible rounds")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database")
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (apt-get install wrk)")
    big, probe, twin = prepare(args.items)
    cache.clear()
    print(f"scale: {ItemPage.objects.count():,} items, {ItemPage.objects.child_of(big).count():,} in weibin {url_of(big)}; "
          f"PostgreSQL {connection.pg_version // 10000}", flush=True)

    gunicorn = nginx = None
    summary = {}
    try:
        gunicorn, nginx = start_servers()
        path = url_of(probe)
        weibin = host("weibin", FRONT_PORT)
        body = httpx.get(f"http://127.0.0.1:{GUNICORN_PORT}{path}", headers={"Host": weibin}).content
        static_file = WORK / "static" / path.lstrip("/") / "index.html"
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(body)
        cached = httpx.get(f"http://127.0.0.1:{GUNICORN_PORT}{path}", headers={"Host": weibin})
        front = httpx.get(f"http://127.0.0.1:{FRONT_PORT}{path}", headers={"Host": weibin})
        plain = httpx.get(f"http://127.0.0.1:{STATIC_PORT}{path}")
        same = {"gunicorn (cache)": cached.content == body, "nginx front": front.content == body, "nginx static": plain.content == body}
        if cached.headers.get("X-Page-Cache") != "hit" or not all(same.values()):
            print(f"   NOT the same bytes: {same}, statuses {cached.status_code} {front.status_code} {plain.status_code}, "
                  f"cache {cached.headers.get('X-Page-Cache')}", flush=True)
        print(f"\n1. the article {path} ({len(body):,} bytes), wrk -t2 -c{args.connections} -d{args.seconds}s:", flush=True)
        static_rate, _ = wrk(f"http://127.0.0.1:{STATIC_PORT}{path}", f"127.0.0.1:{STATIC_PORT}", args.seconds, args.connections)
        print(f"   nginx, static file:                         {static_rate:>10,.0f} req/s", flush=True)
        rates = {}
        for name, port in (("gunicorn, Django page cache (Redis)", GUNICORN_PORT), ("nginx front, statically published file", FRONT_PORT)):
            rate, non2xx = wrk(f"http://127.0.0.1:{port}{path}", weibin, args.seconds, args.connections)
            rates[name] = rate
            print(f"   {name + ':':<44}{rate:>10,.0f} req/s  ratio {rate / static_rate:.3f} {non2xx}", flush=True)

        summary["cached/published article vs nginx static (target >= 0.8)"] = (
            f"{rates['nginx front, statically published file'] / static_rate:.3f} (static publication), "
            f"{rates['gunicorn, Django page cache (Redis)'] / static_rate:.3f} (Django page cache)")

        print("\n2. uncached article render (in-process, page entry invalidated before each request):", flush=True)
        renders = render_times(probe, twin)
        big_name, small_name = "weibin (big site)", "hebhb (100 articles)"
        summary["uncached article render, CPU p95 (target <= 30 ms)"] = (
            f"{renders[big_name][3]:.1f} ms at {args.items:,} articles ({renders[big_name + ', queries']} queries); "
            f"wall p95 {renders[big_name][1]:.1f} ms")
        summary["same article, big site / 100-article site, CPU p95 (target <= 1.2x)"] = (
            f"{renders[big_name][3] / renders[small_name][3]:.2f}x ({renders[big_name][3]:.1f} / {renders[small_name][3]:.1f} ms; "
            f"p50 {renders[big_name][2] / renders[small_name][2]:.2f}x)")
        for name, value in renders.items():
            if name.endswith("queries"):
                print(f"   {name}: {value}")
            else:
                print(f"   {name}: wall p50 {value[0]:.1f} ms, p95 {value[1]:.1f} ms; CPU p50 {value[2]:.1f} ms, p95 {value[3]:.1f} ms")

        print("\n3. sitemaps of weibin:", flush=True)
        whole, one, index, part, size, urls = sitemap_times(big)
        print(f"   written whole (all parts + index): {whole * 1000:.0f} ms for {urls:,} URLs; one part + index: {one * 1000:.0f} ms")
        print(f"   /sitemap.xml served by Django: wall p50 {index[0]:.1f} ms, p95 {index[1]:.1f} ms, CPU p95 {index[3]:.1f} ms; "
              f"one part ({size:,} bytes): wall p95 {part[1]:.1f} ms, CPU p95 {part[3]:.1f} ms")
        rate, _ = wrk(f"http://127.0.0.1:{FRONT_PORT}/sitemap.xml", host("weibin", FRONT_PORT), 5, args.connections)
        print(f"   /sitemap.xml through the nginx front: {rate:,.0f} req/s")
        summary["/sitemap.xml at this size (target <= 50 ms)"] = (
            f"wall p95 {index[1]:.1f} ms served by Django (a file written on publish), {rate:,.0f} req/s through nginx")

        print("\n4. publish to visible (column page through the nginx front):", flush=True)
        published, visible = publish_to_visible(big, host("weibin", FRONT_PORT))
        print(f"   first publish of this process: call {published * 1000:.0f} ms, visible after "
              + (f"{visible * 1000:.0f} ms" if visible else "NOT in 10 s")
              + " (once per process: Wagtail's hook modules and the checker's word lists load; a server has them"
              " from its first admin request); not counted below", flush=True)
        visibles = []
        for _ in range(args.publishes):
            published, visible = publish_to_visible(big, host("weibin", FRONT_PORT))
            visibles.append(visible)
            print(f"   publish call {published * 1000:.0f} ms (pre-publish checks included); on the column page "
                  f"{visible * 1000:.0f} ms after the call began, {(visible - published) * 1000:.0f} ms after it returned" if visible
                  else f"   publish call {published * 1000:.0f} ms; NOT visible after 10 s")
        seen = sorted(v for v in visibles if v is not None)
        summary["publish to visible on the column page (target <= 1 s)"] = (
            (f"median {statistics.median(seen) * 1000:.0f} ms, worst {seen[-1] * 1000:.0f} ms of {len(visibles)}"
             if seen else "never") + ("" if len(seen) == len(visibles) else f"; {len(visibles) - len(seen)} NOT visible in 10 s"))
    finally:
        stop(nginx)
        stop(gunicorn)
        shutil.rmtree(WORK, ignore_errors=True)
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # this bench's own database number
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nload average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    if summary:
        print("\nissue 11 part 4, side by side (one run; CPU = this process + its PostgreSQL backend):")
        for name, value in summary.items():
            print(f"   {name + ':':<72} {value}")


if __name__ == "__main__":
    main()
