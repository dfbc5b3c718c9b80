"""The review queue of a 网站管理员 on PostgreSQL: render time and number of queries (issue 8 part 10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_chains \\
        /work/main/.venv/bin/python bench/review_queue.py [--sites 50] [--pending 10000] [--rounds 40]

Migrates the database and loads the seed sites when they are missing, adds plain county sites until the 站群
holds --sites sites (each gets the platform's default review chains), then writes --pending items under review,
spread evenly over the sites, straight into Wagtail's tables (pages, items, workflow and task states in bulk,
treebeard paths computed here), each waiting at the first step of its site's 一般 chain. A second run reuses
what is there.

Prints (never asserts): the scale, p50/p95 of the render time of the 网站管理员's 审核进度 page (one site), of a
platform administrator's (every site), and of a reviewer's dashboard (待我审核 panel), with the number of queries
of each — which must not grow with the number of rows (no N+1)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings")
os.environ.setdefault("GOVSITE_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Revision, Site, TaskState, WorkflowState  # noqa: E402

from columns.models import ColumnPage  # noqa: E402
from content.models import ArticlePage  # noqa: E402
from orgs.models import Organization, Role  # noqa: E402
from orgs.services import assign_role, create_account  # noqa: E402
from portal.models import HomePage  # noqa: E402
from review.chains import chain_for, chain_tasks  # noqa: E402
from sites.models import SiteProfile  # noqa: E402

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard MP_Node alphabet, steplen 4
STEPLEN = 4


def step(n):
    out = ""
    for _ in range(STEPLEN):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def ensure_schema_and_seeds():
    call_command("migrate", verbosity=0)
    if not SiteProfile.objects.exists():
        from seeds import loader

        loader.load()


def ensure_sites(total):
    n = SiteProfile.objects.count()
    root = Page.get_first_root_node()
    while n < total:
        n += 1
        code = f"bench{n:03d}"
        name = f"基准测试{n:03d}区人民政府"
        org = Organization.objects.create(name=name, kind=Organization.Kind.GOVERNMENT)
        dept = Organization.objects.create(name=f"{name}办公室", kind=Organization.Kind.OFFICE, parent=org)
        home = root.add_child(instance=HomePage(title=name, slug=f"home-{code}"))
        site = Site.objects.create(hostname=f"{code}.localhost", port=80, root_page=home, site_name=name)
        profile = SiteProfile.objects.create(
            site=site, code=code, full_name=name, site_code=f"6199{n:02d}{n:04d}"[:10], icp=f"陕ICP备0599{n:04d}号",
            police_record=f"陕公网安备6199020299{n:04d}号", english_domain=f"www.{code}.gov.cn", level="county",
            kind="portal", supervisor=org, owner=dept, operator=dept,
        )
        profile.departments.add(dept)
        home.add_child(instance=ColumnPage(title="工作动态", slug="gzdt"))
        root = Page.get_first_root_node()


def bench_column(profile):
    column = ColumnPage.objects.descendant_of(profile.site.root_page).filter(numchild=0).order_by("path").first()
    return column


@transaction.atomic
def write_pending(total):
    """Pages, items, workflow and task states in bulk; each item waits at its site's first 一般 step."""
    have = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()
    if have >= total:
        return have
    profiles = list(SiteProfile.objects.select_related("site").order_by("pk"))
    editor, _ = create_account("bench_editor", password="Bench-Editor-2026!", must_change=False)
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    per_site = -(-(total - have) // len(profiles))
    left = total - have
    for profile in profiles:
        if left <= 0:
            break
        count = min(per_site, left)
        left -= count
        column = bench_column(profile)
        chain = chain_for(profile.site, "general", column)
        first_task = chain_tasks(chain.workflow)[0]
        start = column.numchild
        pages = [
            Page(
                path=column.path + step(start + i + 1), depth=column.depth + 1, numchild=0,
                title=f"基准测试待审信息{profile.code}-{start + i + 1}", draft_title=f"基准测试待审信息{profile.code}-{start + i + 1}",
                slug=f"bench-{start + i + 1}", content_type=article_type, live=False, has_unpublished_changes=True,
                url_path=f"{column.url_path}bench-{start + i + 1}/", owner=editor, locale_id=column.locale_id,
                latest_revision_created_at=now,
            )
            for i in range(count)
        ]
        Page.objects.bulk_create(pages, batch_size=2000)
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO content_itempage (page_ptr_id, publish_date, source, author, summary, body, is_example, review_tier, title_key)"
                " VALUES (%s, %s, '', '', '', %s, false, 'general', %s)",
                [(p.pk, now, "<p>基准测试正文。</p>", p.title) for p in pages],
            )
            cur.executemany("INSERT INTO content_articlepage (itempage_ptr_id) VALUES (%s)", [(p.pk,) for p in pages])
        Page.objects.filter(pk=column.pk).update(numchild=start + count)
        revisions = Revision.objects.bulk_create([
            Revision(content_type=article_type, base_content_type=page_type, object_id=str(p.pk), user=editor,
                     object_str=p.title, created_at=now, content={"pk": p.pk, "title": p.title, "body": "<p>基准测试正文。</p>"})
            for p in pages
        ], batch_size=2000)
        for p, r in zip(pages, revisions):
            p.latest_revision_id = r.pk
        Page.objects.bulk_update(pages, ["latest_revision"], batch_size=2000)
        states = WorkflowState.objects.bulk_create([
            WorkflowState(content_type=article_type, base_content_type=page_type, object_id=str(p.pk),
                          workflow=chain.workflow, status=WorkflowState.STATUS_IN_PROGRESS, requested_by=editor)
            for p in pages
        ], batch_size=2000)
        task_states = TaskState.objects.bulk_create([
            TaskState(workflow_state=s, task=first_task, status=TaskState.STATUS_IN_PROGRESS, revision=r,
                      content_type=ContentType.objects.get_for_model(TaskState))
            for s, r in zip(states, revisions)
        ], batch_size=2000)
        for s, ts in zip(states, task_states):
            s.current_task_state = ts
        WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=2000)
    return WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()


def person(username, role, site=None, organization=None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user, _ = create_account(username, password="Bench-Person-2026!", must_change=False)
        assign_role(user, role, site=site, organization=organization)
    return user


def measure(user, url, rounds):
    client = Client()
    client.force_login(user)
    response = client.get(url)  # warm caches (templates, site roots) once
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return statistics.median(times), p95, len(queries), response, statistics.median(cpu), sql_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--pending", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("需要 PostgreSQL：设置 DATABASE_URL=postgres://…/bench_chains", file=sys.stderr)
        raise SystemExit(2)
    t0 = time.perf_counter()
    ensure_schema_and_seeds()
    ensure_sites(args.sites)
    pending = write_pending(args.pending)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics after the bulk load (autovacuum would do it in production)
    print(f"站点 {SiteProfile.objects.count()} 个，审核中的信息 {pending} 条（准备用时 {time.perf_counter() - t0:.1f} s）")

    profile = SiteProfile.objects.select_related("site").get(code="bench020") if SiteProfile.objects.filter(code="bench020").exists() else SiteProfile.objects.select_related("site").last()
    site_pending = TaskState.objects.filter(status="in_progress", task__in=[t.pk for t in chain_tasks(chain_for(profile.site, "general").workflow)]).count()
    site_admin = person(f"bench_admin_{profile.code}", Role.SITE_ADMIN, profile.site)
    platform = person("bench_platform", Role.PLATFORM_ADMIN)
    reviewer = person(f"bench_head_{profile.code}", Role.DIVISION_HEAD, profile.site, profile.departments.first())

    print(f"负载（/proc/loadavg）：{Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"{'页面':<34}{'行数':>8}{'p50 ms':>10}{'p95 ms':>10}{'查询数':>8}{'本进程CPU ms':>14}{'SQL ms':>10}")
    for label, user, url, rows in (
        (f"网站管理员·审核进度（{profile.code}，第1页）", site_admin, "/admin/review/pipeline/", site_pending),
        (f"网站管理员·审核进度（{profile.code}，第2页）", site_admin, "/admin/review/pipeline/?p=2", site_pending),
        ("平台管理员·审核进度（全部站点，第1页）", platform, "/admin/review/pipeline/", pending),
        (f"处室负责人·首页待我审核（{profile.code}）", reviewer, "/admin/", site_pending),
    ):
        p50, p95, count, _response, cpu, sql_ms = measure(user, url, args.rounds)
        print(f"{label:<34}{rows:>8}{p50:>10.1f}{p95:>10.1f}{count:>8}{cpu:>14.1f}{sql_ms:>10.1f}")
    print(f"负载（/proc/loadavg）：{Path('/proc/loadavg').read_text().split()[:3]}")
    print("目标：p95 < 200 ms（PostgreSQL）；查询数不随行数增长。本进程CPU 为中位数（不含数据库进程），SQL ms 为一次请求的查询耗时合计。")


if __name__ == "__main__":
    main()
