"""import_items (DESIGN §3): a site's history brought into a column, one transaction, idempotent, checked."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry

from columns.models import ColumnPage
from content.models import ArticlePage, ImportedItem
from orgs.models import Role
from search.models import SearchEntry
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db
COLUMN = "/xin-wen/jin-ri-wei-bin/"

GOOD = [
    {"title": "渭滨区召开2023年安全生产工作会议", "body": "3月2日，渭滨区召开2023年安全生产工作会议。\n会议部署全年工作。",
     "publish_date": "2023-03-02", "source": "区应急管理局", "author": "王明",
     "old_url": "http://www.weibin.gov.cn/art/2023/3/2/art_1_1.html"},
    {"title": "關於做好社會保險費徵收工作的通知", "publish_date": "2022-05-10T10:00:00",
     "body": '<p>各鎮街：</p><p onclick="x()">為做好社會保險費徵收工作<script>alert(1)</script>，現通知如下。</p>',
     "attachments": [{"title": "徵收計劃表.xlsx", "url": "/uploads/plan.xlsx"}]},
]


def write(tmp_path, items, name="items.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    return str(path)


def run(path, *, site="weibin", column=COLUMN, user=None):
    args = ["import_items", "--site", site, "--column", column, path]
    if user:
        args += ["--user", user.username]
    call_command(*args, verbosity=0)


def imported():
    column = ColumnPage.objects.get(slug="jin-ri-wei-bin")
    return ArticlePage.objects.child_of(column).filter(import_record__isnull=False)


@pytest.fixture
def admin(make_person):
    return make_person(Role.SITE_ADMIN, "weibin")


def test_good_file_creates_published_items_attributed_and_marked(tmp_path, admin, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(write(tmp_path, GOOD), user=admin)
    items = {p.title: p for p in imported()}
    assert set(items) == {GOOD[0]["title"], GOOD[1]["title"]}
    meeting = items[GOOD[0]["title"]]
    assert meeting.live and meeting.owner == admin and meeting.source == "区应急管理局" and meeting.author == "王明"
    assert timezone.localtime(meeting.publish_date).date().isoformat() == "2023-03-02"
    assert meeting.body == "<p>3月2日，渭滨区召开2023年安全生产工作会议。</p><p>会议部署全年工作。</p>"
    assert meeting.import_record.imported_by == admin
    assert PageLogEntry.objects.filter(page=meeting, action="govsite.imported", user=admin).exists()  # 导入 in its history
    notice = items[GOOD[1]["title"]]
    assert "<script>" not in notice.body and "onclick" not in notice.body and "alert" not in notice.body
    assert '<a href="/uploads/plan.xlsx">徵收計劃表.xlsx</a>' in notice.body
    page = client.get(notice.url_path[len("/weibin"):], HTTP_HOST="weibin.localhost")
    assert page.status_code == 200 and "為做好社會保險費徵收工作" in page.content.decode()
    # the index took the whole file in bulk: a simplified query finds the traditional item
    assert SearchEntry.objects.filter(page_id__in=[meeting.pk, notice.pk]).count() == 2
    found = client.get("/api/v1/search/?q=社会保险费征收", HTTP_HOST="weibin.localhost").json()
    assert [r["title"] for r in found["results"]] == [GOOD[1]["title"]]


def test_same_file_again_updates_instead_of_duplicating(tmp_path, admin):
    path = write(tmp_path, GOOD)
    run(path, user=admin)
    first = {p.title: p.pk for p in imported()}
    changed = [dict(GOOD[0], body="更正后的正文。"), GOOD[1]]
    run(write(tmp_path, changed, "again.jsonl"), user=admin)
    again = {p.title: p for p in imported()}
    assert {t: p.pk for t, p in again.items()} == first
    assert again[GOOD[0]["title"]].body == "<p>更正后的正文。</p>"
    assert ImportedItem.objects.count() == 2 and Redirect.objects.filter(is_permanent=True).count() == 1


def test_bad_line_imports_nothing_exit_2_with_line_number(tmp_path, admin):
    path = write(tmp_path, [GOOD[0], GOOD[1], '{"title": "缺正文"}'])
    with pytest.raises(CommandError) as error:
        run(path, user=admin)
    assert error.value.returncode == 2
    assert "第3行" in str(error.value) and "缺少正文" in str(error.value) and "没有导入任何信息" in str(error.value)
    assert not imported().exists() and not ImportedItem.objects.exists() and not Redirect.objects.exists()

    for bad, message in [("{not json", "第1行：不是有效的 JSON"),
                         (json.dumps({"title": "甲", "body": "乙", "publish_date": "2023-02-30"}), "不是有效日期"),
                         (json.dumps({"title": "甲", "body": "乙", "colour": "红"}), "不认识的字段：colour")]:
        with pytest.raises(CommandError, match=message):
            run(write(tmp_path, [bad], "bad.jsonl"), user=admin)
    assert not imported().exists()


@pytest.mark.parametrize("options, message", [
    ({"site": "nosuch"}, "没有代码为“nosuch”的网站"),
    ({"column": "/no/such/"}, "没有可放信息的栏目"),
])
def test_bad_site_or_column_exit_2(tmp_path, options, message):
    with pytest.raises(CommandError, match=message) as error:
        run(write(tmp_path, GOOD), **options)
    assert error.value.returncode == 2


def test_only_the_sites_administrator_imports(tmp_path, make_person):
    editor = make_person(Role.EDITOR, "weibin", "区政府办")
    other_admin = make_person(Role.SITE_ADMIN, "hebhb")
    for person in (editor, other_admin):
        with pytest.raises(CommandError, match="不是“宝鸡市渭滨区人民政府”的网站管理员") as error:
            run(write(tmp_path, GOOD), user=person)
        assert error.value.returncode == 2
    assert not imported().exists()


def test_block_finding_refuses_the_line_and_the_file(tmp_path, admin):
    secret = dict(GOOD[0], title="渭滨区工作会议纪要", body="机密★1年\n本文件仅供内部参阅。", old_url="http://www.weibin.gov.cn/old/9.html")
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, [GOOD[1], secret]), user=admin)
    assert error.value.returncode == 2
    assert "第2行" in str(error.value) and "未通过发布前检查" in str(error.value)
    assert not imported().exists() and not ImportedItem.objects.exists() and not Redirect.objects.exists()


def test_old_url_answers_with_a_permanent_redirect(tmp_path, admin, client):
    run(write(tmp_path, GOOD), user=admin)
    page = imported().get(title=GOOD[0]["title"])
    response = client.get("/art/2023/3/2/art_1_1.html", HTTP_HOST="weibin.localhost")
    assert response.status_code == 301
    assert response["Location"].endswith(page.url_path[len("/weibin"):])
    column_id = str(ColumnPage.objects.get(slug="jin-ri-wei-bin").pk)  # the column may also be given by id
    run(write(tmp_path, GOOD), column=column_id, user=admin)
    assert imported().count() == 2


def test_imported_items_are_whole_published_pages(tmp_path, admin):
    """New lines are written in bulk: the tree, revisions, history, tally and Wagtail's own index must be what
    one-by-one publishing leaves."""
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from columns import tally

    lines = [{"title": f"渭滨区第{n}次政务公开工作例会召开", "body": "会议听取了政务公开工作汇报。",
              "publish_date": f"2023-04-{n + 1:02d}"} for n in range(12)]
    run(write(tmp_path, lines), user=admin)
    items = list(imported())
    assert len(items) == 12
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depths and the column's numchild
    assert tally.differences() == []  # the column's item count and latest date (columns.tally)
    for item in items:
        assert item.live and not item.has_unpublished_changes and item.first_published_at and item.title_key
        assert list(item.revisions.all()) == [item.live_revision] and item.latest_revision == item.live_revision
        assert item.live_revision.as_object().title == item.title and item.live_revision.user == admin
        assert set(PageLogEntry.objects.filter(page=item).values_list("action", flat=True)) == {"wagtail.publish", "govsite.imported"}
    assert IndexEntry.objects.filter(object_id__in=[str(i.pk) for i in items]).count() == 12  # Wagtail's admin search
    column = ColumnPage.objects.get(slug="jin-ri-wei-bin")
    later = column.add_child(instance=ArticlePage(title="导入之后新增的信息", slug="after-import", body="<p>正文。</p>"))
    assert later.path > max(i.path for i in items) and Page.find_problems() == ([], [], [], [], [])


def test_public_sitemap_is_rebuilt_once_for_the_whole_file(tmp_path, admin, monkeypatch, django_capture_on_commit_callbacks):
    from portal import sitemaps

    rebuilds = []
    monkeypatch.setattr(sitemaps.rebuild_sitemaps, "delay", lambda site_id, parts: rebuilds.append((site_id, parts)))
    lines = [{"title": f"渭滨区第{n}期营商环境简报", "body": "优化营商环境工作进展。", "publish_date": f"2023-05-{n + 1:02d}"}
             for n in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        run(write(tmp_path, lines), user=admin)
    site_id = SiteProfile.objects.get(code="weibin").site_id
    assert [site for site, _parts in rebuilds] == [site_id]  # once, not once per item
    assert {p.pk // sitemaps.PART_IDS for p in imported()} <= set(rebuilds[0][1])  # the parts holding the new items
