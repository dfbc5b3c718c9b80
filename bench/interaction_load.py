"""50 concurrent citizens submitting to 在线咨询 for 60 s against gunicorn on PostgreSQL.

    .venv/bin/python bench/interaction_load.py [--db bench_interaction] [--port 8131] [--workers 3]
        [--submitters 50] [--seconds 60] [--fresh]

Prepares the database (created, migrated and seeded when missing or with --fresh; reused when seeded), starts gunicorn on
127.0.0.1:PORT with that DATABASE_URL (and GOVSITE_PROXY_COUNT=1, so each simulated citizen has its own
address through X-Forwarded-For and the per-address rate limit applies per citizen), then runs the submitters:
each loads the form, reads the answer of the captcha it was shown (from the database, as a person reads the
picture), and posts it. Every tenth submission is posted twice (a double submit) and every twentieth first with
a wrong captcha. Prints (never asserts) requests, errors, p50/p95 of the form POSTs, accepted submissions, the
cases the database holds for this run, and whether the two are equal. Stops gunicorn at the end.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432/"
HOST = "hebhb.localhost"


def prepare(db, fresh):
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{db}"')
    if exists:
        with psycopg.connect(PG + db, autocommit=True) as conn:
            seeded = conn.execute("SELECT to_regclass('interaction_mailbox') IS NOT NULL").fetchone()[0] and \
                conn.execute("SELECT count(*) FROM interaction_mailbox").fetchone()[0]
        if seeded:
            return
    env = dict(os.environ, DATABASE_URL=PG + db)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "shell", "-c", "from seeds import loader; loader.load()"], cwd=ROOT, env=env, check=True)


def start_server(db, port, workers):
    env = dict(os.environ, DATABASE_URL=PG + db, GOVSITE_PROXY_COUNT="1", GOVSITE_DEBUG="0")
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "govsite.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(120):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/interaction/", headers={"Host": HOST}, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.errors = self.accepted = self.duplicates = self.rejected_captcha = self.limited = 0
        self.post_times = []
        self.keys = []

    def add(self, **counts):
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


def submitter(n, base, port, db, deadline, results, mailbox_id, run):
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Host": HOST}, timeout=30)
    database = psycopg.connect(PG + db, autocommit=True)
    i = 0
    try:
        while time.monotonic() < deadline:
            i += 1
            citizen = run * 1000 + i // 5  # a new citizen every five submissions, new ones on every run
            ip = f"10.{n % 250}.{citizen // 250 % 250}.{citizen % 250 + 1}"
            headers = {"X-Forwarded-For": ip}
            try:
                form = client.get("/interaction/write/", headers=headers)
                results.add(requests=1)
                if form.status_code != 200:
                    results.add(errors=1)
                    continue
                html = form.text
                key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
                answer = database.execute("SELECT response FROM captcha_captchastore WHERE hashkey = %s", (key,)).fetchone()[0]
                data = {
                    "csrfmiddlewaretoken": token, "mailbox": str(mailbox_id), "title": f"负载测试咨询 {n}-{i}",
                    "content": "请问建设项目环评审批的时限是多少个工作日？", "phone": "0311-87654321", "wants_public": "1",
                    "captcha_0": key, "captcha_1": answer, "submission_key": uuid.uuid4().hex,
                }
                if i % 20 == 0:  # a wrong captcha first: refused, nothing stored
                    bad = client.post("/interaction/write/", data={**data, "captcha_1": "wrong"}, headers={**headers, "Referer": base})
                    results.add(requests=1, rejected_captcha=int(bad.status_code == 400), errors=int(bad.status_code not in (400,)))
                    html = bad.text
                    data["captcha_0"] = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
                    data["captcha_1"] = database.execute("SELECT response FROM captcha_captchastore WHERE hashkey = %s", (data["captcha_0"],)).fetchone()[0]
                started = time.perf_counter()
                response = client.post("/interaction/write/", data=data, headers={**headers, "Referer": base})
                elapsed = time.perf_counter() - started
                results.add(requests=1)
                with results.lock:
                    results.post_times.append(elapsed)
                if response.status_code == 302:
                    results.add(accepted=1)
                    with results.lock:
                        results.keys.append(data["submission_key"])
                    if i % 10 == 0:  # double submit: same form again
                        again = client.post("/interaction/write/", data=data, headers={**headers, "Referer": base})
                        results.add(requests=1, duplicates=1, errors=int(again.status_code != 302))
                elif response.status_code == 429:
                    results.add(limited=1)
                else:
                    results.add(errors=1)
            except (httpx.HTTPError, AttributeError, TypeError):
                results.add(errors=1)
    finally:
        client.close()
        database.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="bench_interaction")
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--submitters", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    prepare(args.db, args.fresh)
    with psycopg.connect(PG + args.db, autocommit=True) as conn:
        mailbox_id = conn.execute(
            "SELECT m.id FROM interaction_mailbox m JOIN govsites_siteprofile p ON p.site_id = m.site_id "
            "WHERE p.code = 'hebhb' AND m.kind = 'consult'"
        ).fetchone()[0]
        before = conn.execute("SELECT count(*) FROM interaction_case").fetchone()[0]
    server = start_server(args.db, args.port, args.workers)
    base = f"http://{HOST}:{args.port}/interaction/write/"
    results = Results()
    run = random.randrange(60)
    try:
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=submitter, args=(n, base, args.port, args.db, deadline, results, mailbox_id, run))
                   for n in range(args.submitters)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    with psycopg.connect(PG + args.db, autocommit=True) as conn:
        after = conn.execute("SELECT count(*) FROM interaction_case").fetchone()[0]
        keyed = conn.execute("SELECT count(*) FROM interaction_case WHERE submission_key = ANY(%s)", (results.keys,)).fetchone()[0]
    times = sorted(results.post_times)
    p95 = times[int(0.95 * (len(times) - 1))] if times else float("nan")
    print(f"submitters {args.submitters}, {wall:.1f} s, gunicorn workers {args.workers}, PostgreSQL {args.db}")
    print(f"requests {results.requests} ({results.requests / wall:.1f}/s), errors {results.errors}")
    print(f"form POST p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms" if times else "no POSTs")
    print(f"accepted {results.accepted}, double submits {results.duplicates}, wrong captchas refused {results.rejected_captcha}, rate-limited {results.limited}")
    print(f"cases in DB for this run {after - before} (by submission key {keyed}); equal to accepted: {after - before == results.accepted == keyed}")


if __name__ == "__main__":
    main()
