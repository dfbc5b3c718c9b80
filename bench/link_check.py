"""Link checking of the demo 站群 scaled to --pages pages: govsite's check_links against LinkChecker, same site, one run.

    .venv/bin/python bench/link_check.py [--pages 10000] [--per-host 8] [--port 8174] [--skip-linkchecker]

The 站群 is written as static files from the seed files (seeds/*.yaml: every site, its column tree and column
titles), with --pages article pages spread over the end-level columns, each with an image and a PDF attachment
(Chinese file names, linked raw on some pages and percent-encoded on others). Broken links are planted at fixed
strides: missing Chinese-named attachments, broken images, pages that were removed, a removed page on another
host. nginx (port --port for the 站群, the next port for "another host") serves it from var/bench-link-check/; both are
stopped at the end.

Prints (never asserts): for each tool its wall time (process start to exit, Django start-up included for govsite),
pages crawled, URLs checked, broken URLs; each tool's broken set against the planted set and against the other's.
Target: the same set, govsite at least 5× faster.
"""

import argparse
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from inspection.urlnorm import canonical  # noqa: E402  (plain module: no Django set-up needed)

WORK = ROOT / "var" / "bench-link-check"
SITE_PORT, OTHER_PORT = 8174, 8175
SITE = f"http://127.0.0.1:{SITE_PORT}"
OTHER = f"http://localhost:{OTHER_PORT}"


def use_ports(site_port):
    global SITE_PORT, OTHER_PORT, SITE, OTHER
    SITE_PORT, OTHER_PORT = site_port, site_port + 1
    SITE, OTHER = f"http://127.0.0.1:{SITE_PORT}", f"http://localhost:{OTHER_PORT}"
PYTHON = sys.executable
LINKCHECKER = str(Path(sys.executable).with_name("linkchecker"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f8a8b40000000049454e44ae426082")


def leaves(columns, prefix):
    for index, column in enumerate(columns, 1):
        path = f"{prefix}c{index}/"
        children = column.get("children") or []
        if children:
            yield from leaves(children, path)
        else:
            yield path, column["title"]


def page(title, body):
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/static/site.css"></head><body><h1>{title}</h1>{body}</body></html>')


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def build(pages):
    """Write the 站群; return the set of planted broken URLs (canonical)."""
    shutil.rmtree(WORK / "www", ignore_errors=True)
    www, other = WORK / "www" / "site", WORK / "www" / "other"
    sites = [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "seeds").glob("*.yaml"))]
    columns = [(s["code"], s["full_name"], path, title) for s in sites for path, title in leaves(s["columns"], f"/{s['code']}/")]
    write(www / "static/site.css", "body{font-family:sans-serif}")
    write(other / "ok.html", page("其他网站", '<a href="/never-crawled.html">不应被抓取</a>'))
    broken = set()
    per_column = {}
    for n in range(pages):
        per_column.setdefault(columns[n % len(columns)], []).append(n)
    for (code, name, path, title), numbers in per_column.items():
        items = []
        for n in numbers:
            attachment = f"{path}files/附件{n}.pdf"
            write(www / attachment.lstrip("/"), PDF)
            href = attachment if n % 2 else quote(attachment)  # raw Chinese on odd pages, percent-encoded on even
            body = [f'<p>{name} · {title} 第{n}条</p><img src="/static/img{n % 50}.png" alt="图">',
                    f'<a href="{href}">附件{n}</a> <a href="./">返回栏目</a> <a href="/{code}/">首页</a>']
            if n % 97 == 5:
                missing = f"{path}files/缺失附件{n}.pdf"
                body.append(f'<a href="{missing}">缺失附件</a>')
                broken.add(canonical(SITE + missing))
            if n % 113 == 7:
                body.append(f'<img src="/static/missing{n}.png" alt="失效图片">')
                broken.add(canonical(f"{SITE}/static/missing{n}.png"))
            if n % 131 == 9:
                body.append(f'<a href="{OTHER}/gone{n}.html">外站已删除页面</a>')
                broken.add(canonical(f"{OTHER}/gone{n}.html"))
            if n % 151 == 11:
                body.append(f'<a href="{path}removed{n}.html">已删除的稿件</a>')
                broken.add(canonical(f"{SITE}{path}removed{n}.html"))
            write(www / f"{path.lstrip('/')}art{n}.html", page(f"{title} 第{n}条", "".join(body)))
            items.append(f'<li><a href="art{n}.html">{title} 第{n}条</a></li>')
        write(www / f"{path.lstrip('/')}index.html", page(title, f"<ul>{''.join(items)}</ul>"))
    for image in range(50):
        write(www / f"static/img{image}.png", PNG)
    for site in sites:
        links = "".join(f'<li><a href="{path}">{title}</a></li>' for code, _n, path, title in columns if code == site["code"])
        write(www / site["code"] / "index.html",
              page(site["full_name"], f'<ul>{links}</ul><a href="{OTHER}/ok.html">其他网站</a><a href="/">站群首页</a>'))
    write(www / "index.html", page("站群", "".join(f'<a href="/{s["code"]}/">{s["full_name"]}</a>' for s in sites)))
    return broken, len(columns)


def start_nginx():
    conf = WORK / "nginx.conf"
    conf.write_text(f"""worker_processes 1;
pid {WORK}/nginx.pid;
error_log {WORK}/error.log;
daemon on;
user root;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  types {{ text/html html; application/pdf pdf; image/png png; text/css css; }}
  charset utf-8;
  # LinkChecker throttles every host to one request per 0.1-0.6 s unless the server answers with this header; with
  # it (and maxrequestspersecond raised in its config) it runs at the speed of its threads: the fair comparison.
  add_header LinkChecker unthrottled always;
  server {{ listen 127.0.0.1:{SITE_PORT}; root {WORK}/www/site; }}
  server {{ listen 127.0.0.1:{OTHER_PORT}; root {WORK}/www/other; }}
}}
""")
    subprocess.run(["nginx", "-c", str(conf), "-p", str(WORK)], check=True)
    time.sleep(0.5)


def stop_nginx():
    pid_file = WORK / "nginx.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text()), signal.SIGQUIT)


def run_govsite(per_host):
    started = time.monotonic()
    done = subprocess.run([PYTHON, "manage.py", "check_links", SITE + "/", "--json", "--per-host", str(per_host)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        sys.exit(f"check_links failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    return seconds, report["pages"], report["checked"], {row["url"] for row in report["broken"]}


def run_linkchecker():
    config = WORK / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=10000\n")
    config.chmod(0o644)
    started = time.monotonic()
    done = subprocess.run([LINKCHECKER, "-f", str(config), "--check-extern", "--no-status", "-o", "csv", "--no-warnings", SITE + "/"],
                          capture_output=True, text=True, cwd="/tmp")
    seconds = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    broken = {canonical(row["url"]) for row in rows if row.get("valid") == "False"}
    stats = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if "links in" in line or "URLs" in line]
    return seconds, stats, broken


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--port", type=int, default=8174, help="the 站群's port; the other host listens on the next")
    parser.add_argument("--skip-linkchecker", action="store_true", help="time govsite alone (profiling runs)")
    args = parser.parse_args()
    use_ports(args.port)
    WORK.mkdir(parents=True, exist_ok=True)
    planted, column_count = build(args.pages)
    print(f"站群: {args.pages} article pages in {column_count} end-level columns of the seed sites; planted broken URLs: {len(planted)}")
    start_nginx()
    try:
        g_cpu = os.times()
        g_seconds, g_pages, g_checked, g_broken = run_govsite(args.per_host)
        g_cpu = os.times().children_user - g_cpu.children_user + os.times().children_system - g_cpu.children_system
        if args.skip_linkchecker:
            print(f"govsite check_links (--per-host {args.per_host}): {g_seconds:.1f} s wall, {g_cpu:.1f} s CPU, {g_pages} pages, "
                  f"{g_checked} URLs checked, {len(g_broken)} broken; missed {len(planted - g_broken)}, extra {len(g_broken - planted)}; "
                  f"load average {open('/proc/loadavg').read().split()[:3]}")
            return
        l_cpu = os.times()
        l_seconds, l_stats, l_broken = run_linkchecker()
        l_cpu = os.times().children_user - l_cpu.children_user + os.times().children_system - l_cpu.children_system
    finally:
        stop_nginx()
    print(f"load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"govsite check_links (--per-host {args.per_host}): {g_seconds:.1f} s wall, {g_cpu:.1f} s CPU, {g_pages} pages, {g_checked} URLs checked, {len(g_broken)} broken")
    print(f"linkchecker {LINKCHECKER} (10 threads, unthrottled, --check-extern): {l_seconds:.1f} s wall, {l_cpu:.1f} s CPU, {len(l_broken)} broken; {' | '.join(l_stats)}")
    print(f"speed-up: {l_seconds / g_seconds:.1f}x wall, {l_cpu / g_cpu:.1f}x CPU")
    print(f"govsite vs planted: missed {len(planted - g_broken)}, extra {len(g_broken - planted)}")
    print(f"linkchecker vs planted: missed {len(planted - l_broken)}, extra {len(l_broken - planted)}")
    print(f"only govsite: {sorted(g_broken - l_broken)[:10]} ({len(g_broken - l_broken)})")
    print(f"only linkchecker: {sorted(l_broken - g_broken)[:10]} ({len(l_broken - g_broken)})")


if __name__ == "__main__":
    main()
