"""column_status() reads per-page item tallies (columns/tally.py) instead of every item: publishing, unpublishing,
moving, deleting and re-dating an item change what `manage.py column_status --json` prints (DESIGN.md §3)
exactly as a count of the items would; a rolled-back change leaves no trace; a database whose tallies are
missing or wrong is found by `column_tally --check` and put right by `column_tally`; a day in the past or an
item dated after the day asked for is still answered from the items themselves."""

import itertools
import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction

from columns.models import ColumnPage, ColumnTally
from columns.status import compute
from content.models import ArticlePage
from content.publishing import SYSTEM_LOAD, publication_path
from content.services import place_item
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db
_serial = itertools.count()
AT = date(2026, 6, 30)


def local(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


@pytest.fixture
def home(profiles):
    return profiles["weibin"].site.root_page


def new_column(parent, cycle="每月至少1条", category="other"):
    col = ColumnPage(title=f"统计测试栏目{next(_serial)}", slug=f"tally-{next(_serial)}", update_cycle=cycle, category=category)
    parent.add_child(instance=col)
    return col


def add_item(col, when):
    n = next(_serial)
    return place_item(col, ArticlePage(title=f"统计测试信息第{n}期", slug=f"tally-item-{n}", publish_date=when, body="<p>正文</p>"))


def command_json(at=AT, site="weibin"):
    out = StringIO()
    call_command("column_status", site=site, at=at.isoformat(), json=True, stdout=out)
    return json.loads(out.getvalue())


def entry(col, at=AT):
    return next(c for c in command_json(at)["columns"] if c["id"] == col.pk)


def counted_equals_tallied(at):
    """The whole 站群's status read from the tallies equals the one counted from every item."""
    profiles = list(SiteProfile.objects.select_related("site__root_page").order_by("id"))
    return compute(profiles, at, whole=True).as_dict() == compute(profiles, at, whole=True, use_tally=False).as_dict()


def check_exit():
    out, err = StringIO(), StringIO()
    try:
        call_command("column_tally", check=True, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue()


def test_publish_unpublish_move_delete_change_the_status_output(home):
    a, b = new_column(home), new_column(home)
    assert entry(a)["status"] == "空白栏目" and entry(a)["item_count"] == 0
    first = add_item(a, local(date(2026, 5, 1)))
    second = add_item(a, local(date(2026, 6, 20)))
    shown = entry(a)
    assert (shown["item_count"], shown["last_update"], shown["next_due"], shown["status"]) == (2, "2026-06-20", "2026-07-20", "正常")

    # Re-dating an item and publishing again moves the last update.
    second.publish_date = local(date(2026, 5, 10))
    with publication_path(SYSTEM_LOAD):
        second.save_revision().publish()
    assert entry(a)["last_update"] == "2026-05-10" and entry(a)["status"] == "已超期"

    second.unpublish()
    assert (entry(a)["item_count"], entry(a)["last_update"]) == (1, "2026-05-01")

    MovePageAction(first, target=b, pos="last-child").execute(skip_permission_checks=True)
    assert entry(a)["status"] == "空白栏目" and entry(a)["item_count"] == 0
    assert (entry(b)["item_count"], entry(b)["last_update"]) == (1, "2026-05-01")

    ColumnPage.objects.get(pk=b.pk).get_children().get(pk=first.pk).specific.delete()
    assert entry(b)["status"] == "空白栏目" and entry(b)["last_update"] is None
    assert check_exit()[0] == 0 and counted_equals_tallied(AT)


def test_parent_column_rolls_up_its_sub_columns(home):
    parent = new_column(home)
    child = new_column(parent)
    add_item(child, local(date(2026, 6, 1)))
    assert (entry(parent)["item_count"], entry(parent)["last_update"]) == (1, "2026-06-01")
    ColumnPage.objects.get(pk=child.pk).delete()  # the sub-column and its item go: the tally with them
    assert entry(parent)["status"] == "空白栏目"
    assert not ColumnTally.objects.filter(parent_id=child.pk).exists()


def test_rules_of_more_than_one_item_count_the_items_inside_the_period(home):
    """每月至少3条: the last item is recent, but only one falls within the month before AT."""
    col = new_column(home, cycle="每月至少3条")
    for day in (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 25)):
        add_item(col, local(day))
    assert entry(col)["status"] == "已超期" and entry(col)["next_due"] == "2026-07-25"
    add_item(col, local(date(2026, 6, 10)))
    add_item(col, local(date(2026, 6, 2)))
    assert entry(col)["status"] == "正常"


def test_a_rolled_back_publish_leaves_no_trace(home):
    col = new_column(home)
    add_item(col, local(date(2026, 6, 1)))
    with pytest.raises(RuntimeError), transaction.atomic():
        add_item(col, local(date(2026, 6, 25)))
        assert entry(col)["last_update"] == "2026-06-25"  # seen inside the transaction
        raise RuntimeError("rolled back")
    assert (entry(col)["item_count"], entry(col)["last_update"]) == (1, "2026-06-01")


def test_an_item_dated_after_the_day_asked_for_is_not_counted(home):
    col = new_column(home)
    add_item(col, local(date(2026, 6, 1)))
    add_item(col, local(date(2026, 7, 15)))  # after AT: its tally cannot answer for AT
    shown = entry(col)
    assert (shown["item_count"], shown["last_update"]) == (1, "2026-06-01")
    assert entry(col, date(2026, 7, 31))["item_count"] == 2


@pytest.mark.parametrize("at", [date(2025, 1, 15), date(2026, 6, 30), date(2030, 1, 1)])
def test_tallies_answer_as_counting_every_item_would(home, at):
    """The seeded 站群 with items added at scattered dates, on days before, among and after them; the last
    column holds more items than a tally keeps publish times of."""
    cols = [new_column(home, cycle=cycle) for cycle in ("每周至少1条", "两周至少2条", "实时更新", "每月至少3条")]
    for n, col in enumerate(cols):
        for k in range(n * 4 + 1):
            add_item(col, local(date(2025, 1, 1 + k)) if k % 2 else local(date(2026, 6, 1 + k)))
    assert counted_equals_tallied(at)


def test_backfill_command_puts_an_existing_database_right(home):
    col = new_column(home)
    add_item(col, local(date(2026, 6, 1)))
    ColumnTally.objects.all().delete()  # a database from before the tallies (or written past Django)
    assert entry(col)["status"] == "空白栏目"
    code, text = check_exit()
    assert code == 1 and "不一致" in text and "column_tally" in text
    out = StringIO()
    call_command("column_tally", stdout=out)
    assert "已重建" in out.getvalue()
    assert check_exit() == (0, "信息统计与信息一致。\n")
    assert (entry(col)["item_count"], entry(col)["last_update"], entry(col)["status"]) == (1, "2026-06-01", "即将到期")


def test_changes_in_a_column_of_more_items_than_a_tally_keeps_times_of(home):
    """Unpublishing the newest item, re-dating one of the kept times and one older than all of them, and moving
    one away: the tallies move item by item and still answer as counting every item would."""
    col, other = new_column(home), new_column(home)
    items = [add_item(col, local(date(2026, 6, 1 + k))) for k in range(14)]
    items[-1].unpublish()
    for item, day in ((items[10], date(2026, 3, 1)), (items[0], date(2026, 6, 29))):
        item.publish_date = local(day)
        with publication_path(SYSTEM_LOAD):
            item.save_revision().publish()
    MovePageAction(items[5], target=other, pos="last-child").execute(skip_permission_checks=True)
    assert (entry(col)["item_count"], entry(col)["last_update"]) == (12, "2026-06-29")
    assert (entry(other)["item_count"], entry(other)["last_update"]) == (1, "2026-06-06")
    assert check_exit()[0] == 0 and counted_equals_tallied(AT) and counted_equals_tallied(date(2026, 6, 12))


def test_a_publish_does_not_count_the_items_of_its_column(home):
    """A column of 200,000 items was recounted on every save of an item (0.7 s of a 1 s publish, issue 11): the
    tally moves by the one item instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    col = new_column(home)
    add_item(col, local(date(2026, 6, 1)))
    with CaptureQueriesContext(connection) as queries:
        add_item(col, local(date(2026, 6, 2)))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "content_itempage" in q["sql"]]
    assert counts == []
    assert (entry(col)["item_count"], entry(col)["last_update"]) == (2, "2026-06-02") and check_exit()[0] == 0
