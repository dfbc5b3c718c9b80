"""Per-page tallies of live items (ColumnTally), so column_status() reads one row per page holding items — about
as many as there are columns — instead of every item (issue 9: 5,000 columns and 1,000,000 items under 2 s).

A tally holds, for the live items directly under one page: the latest publish time, the number of items, the
number without a publish time, and the RECENT latest publish times (for rules of more than one item per period).
It answers a status at day `at` exactly when no item under the page is dated after `at` (the usual case: today);
pages with such an item are counted from the items themselves (status.compute falls back for them).

Kept in step inside the transaction that changes an item (publish, unpublish, save, copy, move, delete), with the
tally row locked before it is recounted, so two editors publishing in one column at once cannot lose an item and
a rolled-back change leaves no trace. `manage.py column_tally` rebuilds every tally (also run by the migration
that adds them) and `--check` compares them with a recount."""

from datetime import timezone as dt_timezone

from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

RECENT = 10  # publish times kept per page: rules asking for more items per period are counted from the items
STEPLEN = 4  # treebeard's path step in Wagtail's page tree
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width UTC: stamps compare as text


def stamp(moment):
    return moment.astimezone(dt_timezone.utc).strftime(STAMP)


def _aware(value):
    if isinstance(value, str):  # SQLite: naive UTC text
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt_timezone.utc)
    return value


def _count(path):
    """(latest, count, undated, recent) of the live items directly under the page at `path`."""
    from content.models import ItemPage

    items = ItemPage.objects.filter(path__startswith=path, depth=len(path) // STEPLEN + 1, live=True)
    totals = items.order_by().aggregate(
        latest=Max("publish_date"), count=Count("pk"), undated=Count("pk", filter=Q(publish_date__isnull=True)),
    )
    recent = []
    if totals["count"]:
        recent = [stamp(d) for d in items.filter(publish_date__isnull=False).order_by("-publish_date")
                  .values_list("publish_date", flat=True)[:RECENT]]
    return totals["latest"], totals["count"], totals["undated"], recent


def refresh(path, *, create=True):
    """Recount the tally of the page at `path` (a parent of items). `create=False` only updates or removes an
    existing row: used while pages are being deleted, when the parent itself may be going too."""
    from wagtail.models import Page

    from .models import ColumnTally

    parent_id = Page.objects.filter(path=path).values_list("pk", flat=True).first()
    if parent_id is None:
        return
    with transaction.atomic():
        if create:
            ColumnTally.objects.bulk_create([ColumnTally(parent_id=parent_id)], ignore_conflicts=True)
        tally = ColumnTally.objects.select_for_update().filter(parent_id=parent_id).first()
        if tally is None:
            return
        latest, count, undated, recent = _count(path)  # after the lock: sees what a concurrent writer committed
        if not count:
            tally.delete()
            return
        tally.latest, tally.count, tally.undated, tally.recent = latest, count, undated, recent
        tally.save()


def item_state(page_id, lock=False):
    """(live, path, publish_date) of an item as stored, or None when it has no row yet; `lock` holds the item's
    rows until the transaction ends."""
    from content.models import ItemPage

    rows = ItemPage.objects.filter(pk=page_id)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("live", "path", "publish_date").first()


def apply_change(before, after):
    """Bring the tallies in step with one item going from `before` to `after` (each (live, path, publish_date) or
    None) without recounting the column: a publish in a column of 200,000 items recounted all of them, twice
    (issue 11: 0.7 s of a 1 s publish). Only the tallies the item leaves or joins change; a tally that is
    missing, or whose RECENT times lose one of theirs, is recounted as before."""
    old = (parent_path_of(before[1]), before[2]) if before and before[0] else None
    new = (parent_path_of(after[1]), after[2]) if after and after[0] else None
    if old == new:
        return
    if old and new and old[0] == new[0]:
        _adjust(old[0], removed=old[1], added=new[1])  # re-dated in place
        return
    if old:
        _adjust(old[0], removed=old[1])
    if new:
        _adjust(new[0], added=new[1])


_NONE = object()


def _adjust(path, removed=_NONE, added=_NONE):
    from wagtail.models import Page

    from .models import ColumnTally

    if not path:
        return
    parent_id = Page.objects.filter(path=path).values_list("pk", flat=True).first()
    if parent_id is None:
        return
    with transaction.atomic():
        tally = ColumnTally.objects.select_for_update().filter(parent_id=parent_id).first()
        if tally is None:  # the first item of this page (or a tally lost): count the items
            refresh(path)
            return
        recent = list(tally.recent)
        recount_recent = False
        if removed is not _NONE:
            tally.count -= 1
            if removed is None:
                tally.undated -= 1
            else:
                gone = stamp(removed)
                # A time at or above the oldest kept one may be among the kept ones: they are read again.
                recount_recent = gone in recent or (len(recent) >= RECENT and gone >= recent[-1])
        if added is not _NONE:
            tally.count += 1
            if added is None:
                tally.undated += 1
            elif not recount_recent:
                recent = sorted([*recent, stamp(added)], reverse=True)[:RECENT]
        if tally.count <= 0 or tally.undated < 0:
            refresh(path, create=False)  # out of step already (written past Django): recount
            return
        if recount_recent:
            from content.models import ItemPage

            items = ItemPage.objects.filter(path__startswith=path, depth=len(path) // STEPLEN + 1, live=True)
            recent = [stamp(d) for d in items.filter(publish_date__isnull=False).order_by("-publish_date")
                      .values_list("publish_date", flat=True)[:RECENT]]
        tally.recent = recent
        tally.latest = _aware(parse_datetime(recent[0])) if recent else None
        tally.save()


def parent_path_of(path):
    return path[:-STEPLEN] if path and len(path) > STEPLEN else None


def parent_path(page):
    return page.path[:-STEPLEN] if page.path and len(page.path) > STEPLEN else None


def recount_all(item_model=None):
    """{parent path: (latest, count, undated, recent)} for every page holding live items, counted from the items
    (two queries: a GROUP BY and the RECENT latest per page by a window function)."""
    from content.models import ItemPage

    ItemPage = item_model or ItemPage  # noqa: N806 - a migration passes its historical model
    ops = connection.ops
    item_table = ops.quote_name(ItemPage._meta.db_table)
    page_table = ops.quote_name(ItemPage._meta.get_parent_list()[-1]._meta.db_table)
    parent = f"SUBSTR(p.path, 1, LENGTH(p.path) - {STEPLEN})"
    join = f"FROM {item_table} i JOIN {page_table} p ON p.id = i.page_ptr_id WHERE p.live = %s"
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {parent}, MAX(i.publish_date), COUNT(*), SUM(CASE WHEN i.publish_date IS NULL THEN 1 ELSE 0 END) "
            f"{join} GROUP BY 1", [True])
        for path, latest, count, undated in cursor.fetchall():
            out[path] = (_aware(latest), int(count), int(undated or 0), [])
        cursor.execute(
            f"SELECT parent_path, publish_date FROM (SELECT {parent} AS parent_path, i.publish_date, "
            f"ROW_NUMBER() OVER (PARTITION BY {parent} ORDER BY i.publish_date DESC) AS rn "
            f"{join} AND i.publish_date IS NOT NULL) t WHERE rn <= %s ORDER BY parent_path, rn", [True, RECENT])
        for path, when in cursor.fetchall():
            out[path][3].append(stamp(_aware(when)))
    return out


def rebuild(model=None, item_model=None, page_model=None):
    """Replace every tally with a recount (the backfill of existing databases). Returns the number of tallies.
    A migration passes its historical ColumnTally, ItemPage and Page models."""
    from wagtail.models import Page

    from .models import ColumnTally

    model = model or ColumnTally
    Page = page_model or Page  # noqa: N806
    with transaction.atomic():
        counted = recount_all(item_model)
        ids = {}
        paths = list(counted)
        for start in range(0, len(paths), 500):
            ids.update(Page.objects.filter(path__in=paths[start:start + 500]).values_list("path", "pk"))
        model.objects.all().delete()
        model.objects.bulk_create([
            model(parent_id=ids[path], latest=latest, count=count, undated=undated, recent=recent)
            for path, (latest, count, undated, recent) in counted.items() if path in ids
        ], batch_size=2000)
    if connection.vendor == "postgresql":  # fresh statistics, or the planner may scan the page table to join them
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return len(ids)


def differences():
    """[(parent path, stored, recounted)] where a tally does not match a recount of the items."""
    from .models import ColumnTally

    counted = recount_all()
    stored = {
        path: (latest, count, undated, recent)
        for path, latest, count, undated, recent in ColumnTally.objects.values_list(
            "parent__path", "latest", "count", "undated", "recent")
    }
    return [(path, stored.get(path), counted.get(path)) for path in sorted(set(counted) | set(stored))
            if stored.get(path) != counted.get(path)]


def rows(under_roots, windows, window_start, end):
    """The status GROUP BY rows (parent_path, last, n, undated, w0 …) read from the tallies under `under_roots`
    (a Q on page paths, or None for the whole 站群), and the parent paths the tallies cannot answer at `end`
    (an item dated at or after it): those are to be counted from their items."""
    from .models import ColumnTally

    tallies = ColumnTally.objects.all()
    if under_roots is not None:
        tallies = tallies.filter(under_roots)
    starts = [stamp(window_start[p]) for p in windows]
    out, unanswered = [], []
    for path, latest, count, undated, recent in tallies.values_list("parent__path", "latest", "count", "undated", "recent"):
        if latest is not None and latest >= end:
            unanswered.append(path)
            continue
        row = {"parent_path": path, "last": latest, "n": count, "undated": undated}
        for i, start in enumerate(starts):
            row[f"w{i}"] = sum(1 for s in recent if s >= start)  # at most RECENT: enough for counts up to RECENT
        out.append(row)
    return out, unanswered
