"""Every column's update status at a date, for one site or the whole 站群, in a fixed handful of queries.

Queries, whatever the number of columns: the site profiles, the live columns, their 责任部门, and the per-page
tallies of live items (columns/tally.py: latest publish date, count, the latest few publish dates for rules that
ask for more than one item) — one row per page holding items, not one per item. Pages holding an item dated after
the day asked for are counted from their items (one more query; all items when there are many such pages, e.g. a
date in the past). Sub-columns roll up into their parents in Python, as a parent column's page lists what its
sub-columns hold (content.services.items_in_column).

Rules (sources in columns/cycles.yaml):
- an item counts from its 发布时间 (publish_date), on the Asia/Shanghai calendar; an item without one counts as
  not updated (2015 普查: 未注明信息发布时间的视为不更新);
- due date = the last update + the rule's period: the last day on which the next item may appear. After it the
  column is 已超期; within the rule's warning days before it, 即将到期;
- 空白栏目: no live item at all by that date (检查指标 单项否决4(3));
- 仅链接: a column with a 跳转链接 address or a 保障方式 跳转链接/链接至… (004 内容保障工作任务分解表).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Count, Max, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tally
from .cycles import PERIODIC, effective_rule, is_link_guarantee, national_rule, vocabulary

OK = "正常"
SOON = "即将到期"
OVERDUE = "已超期"
BLANK = "空白栏目"
LINK = "仅链接"
STATUSES = (OK, SOON, OVERDUE, BLANK, LINK)

STEPLEN = 4  # treebeard's path step in Wagtail's page tree
FALLBACK_LIMIT = 200  # pages a tally cannot answer that are counted one by one; more, and all items are counted


@dataclass
class ColumnStatus:
    site_code: str
    column_id: int
    title: str
    url_path: str
    path: str
    depth: int
    is_leaf: bool
    category: str
    guarantee: str
    update_cycle: str
    link_url: str
    rule: object
    written_rule: object
    cycle_error: str
    last_update: date | None
    item_count: int
    undated_count: int
    next_due: date | None
    status: str
    nationally_stale: bool
    departments: list = field(default_factory=list)
    maintained_by_all: bool = False
    departments_text: str = ""
    feed_source: str = ""

    def responsible_names(self):
        if self.departments_text:
            return self.departments_text
        if self.maintained_by_all:
            return _("各部门")
        return "、".join(d["name"] for d in self.departments)

    def info_managers(self):
        return "、".join(d["info_managers"] for d in self.departments if d["info_managers"])

    def as_dict(self):
        return {
            "site": self.site_code,
            "id": self.column_id,
            "title": self.title,
            "path": self.url_path,
            "category": self.category,
            "is_leaf": self.is_leaf,
            "guarantee": self.guarantee,
            "update_cycle": self.update_cycle,
            "rule": self.rule.as_dict(),
            "cycle_error": self.cycle_error or None,
            "last_update": self.last_update.isoformat() if self.last_update else None,
            "item_count": self.item_count,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "status": self.status,
            "departments": self.departments,
            "maintained_by_all": self.maintained_by_all,
            "responsible": self.responsible_names(),
        }


@dataclass
class SiteSummary:
    """Per-site counts and the 单项否决4 (栏目不更新) verdict of 国办秘函〔2019〕19号."""

    code: str
    name: str
    counts: dict
    stale: int
    overdue: int
    blank: int
    cycle_errors: int
    vetoes: list

    def as_dict(self):
        return {
            "site": self.code, "name": self.name, "counts": self.counts, "stale": self.stale, "overdue": self.overdue,
            "blank": self.blank, "cycle_errors": self.cycle_errors, "vetoes": self.vetoes,
        }


@dataclass
class StatusReport:
    at: date
    columns: list
    sites: list

    def as_dict(self):
        return {
            "at": self.at.isoformat(),
            "sites": [s.as_dict() for s in self.sites],
            "columns": [c.as_dict() for c in self.columns],
        }


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _local_date(value):
    return timezone.localtime(value, timezone.get_default_timezone()).date() if value else None


def _ancestor_paths(path, top_depth):
    """Paths of the ancestors of `path` down to depth `top_depth`, nearest first."""
    for end in range(len(path) - STEPLEN, top_depth * STEPLEN - 1, -STEPLEN):
        yield path[:end]


def whole_group_by(windows, window_start, end):
    """The item GROUP BY of the whole 站群 (no site filter), as rows shaped like the ORM query's: used when the
    tallies cannot answer (a date in the past, or a rule asking for more items than a tally keeps).

    Both tables are read whole here, so each side is read in primary-key order and the two are merged: on
    PostgreSQL (bench/column_status.py, 5,000 columns and 1,000,000 items) that costs about a fifth less CPU than
    the hash join the planner picks for the plain join, and never spills a million-row hash to temporary files.
    Raw SQL because the ORM cannot order the two sides of an inheritance join; it runs on SQLite too."""
    from django.db import connection
    from django.utils.dateparse import parse_datetime

    from content.models import ItemPage

    ops = connection.ops
    item_table, page_table = ItemPage._meta.db_table, ItemPage._meta.get_parent_list()[-1]._meta.db_table
    windows_sql = "".join(
        f", SUM(CASE WHEN i.publish_date >= %s THEN 1 ELSE 0 END) AS w{n}" for n in range(len(windows))
    )
    sql = (
        f"SELECT SUBSTR(p.path, 1, LENGTH(p.path) - {STEPLEN}) AS parent_path, MAX(i.publish_date) AS last, COUNT(*) AS n, "
        f"SUM(CASE WHEN i.publish_date IS NULL THEN 1 ELSE 0 END) AS undated{windows_sql} "
        f"FROM (SELECT page_ptr_id, publish_date FROM {ops.quote_name(item_table)} "
        f"      WHERE publish_date < %s OR publish_date IS NULL ORDER BY page_ptr_id) i "
        f"JOIN (SELECT id, path FROM {ops.quote_name(page_table)} WHERE live = %s ORDER BY id) p ON p.id = i.page_ptr_id "
        f"GROUP BY 1"
    )
    params = [ops.adapt_datetimefield_value(window_start[w]) for w in windows]
    params += [ops.adapt_datetimefield_value(end), True]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    for row in rows:
        last = row["last"]
        if isinstance(last, str):  # SQLite: naive UTC text
            last = parse_datetime(last)
        if last is not None and timezone.is_naive(last):
            last = timezone.make_aware(last, dt_timezone.utc)
        row["last"] = last
        row["undated"] = int(row["undated"] or 0)
    return rows


def tracked(columns, at):
    """The columns (rows in tree order) whose status is watched at `at`: a 专题专栏 is not before its start date
    nor after its end date, and neither are the columns below it (001 第七条)."""
    off = set()  # paths of 专题 columns outside their dates
    kept = []
    for c in columns:
        starts, ends = c["special_starts_on"], c["special_ends_on"]
        if (starts and at < starts) or (ends and at > ends) or any(c["path"].startswith(p) for p in off):
            off.add(c["path"])
            continue
        kept.append(c)
    return kept


def compute(profiles, at=None, *, whole=False, use_tally=True):
    """The status of every live column of the given sites (SiteProfile objects) at the end of day `at`
    (default: today, Asia/Shanghai). `whole`: the profiles are the whole 站群, so items need no site filter.
    `use_tally=False` counts every item instead of reading the per-page tallies (columns/tally.py): the same
    answer, for checking them."""
    from content.models import ItemPage

    from .models import ColumnPage, ColumnResponsibility

    at = at or timezone.localdate()
    profiles = list(profiles)
    roots = {p.site.root_page.path: p for p in profiles}
    if not roots:
        return StatusReport(at=at, columns=[], sites=[])
    under_roots = Q()
    for root_path in roots:
        under_roots |= Q(path__startswith=root_path)

    columns = list(
        ColumnPage.objects.filter(under_roots, live=True).order_by("path").values(
            "id", "path", "depth", "title", "url_path", "category", "guarantee", "update_cycle", "link_url",
            "maintained_by_all", "departments_text", "special_starts_on", "special_ends_on", "feed_source",
        )
    )
    columns = tracked(columns, at)
    column_under = Q()
    for root_path in roots:
        column_under |= Q(column__path__startswith=root_path)
    departments = {}
    for r in (
        ColumnResponsibility.objects.filter(column_under, column__live=True)
        .order_by("column_id", "sort_order", "id")
        .values("column_id", "organization_id", "organization__name", "organization__short_name", "person", "info_managers")
    ):
        departments.setdefault(r["column_id"], []).append({
            "id": r["organization_id"],
            "name": r["organization__short_name"] or r["organization__name"],
            "full_name": r["organization__name"],
            "person": r["person"],
            "info_managers": r["info_managers"],
        })

    # Rules first: they decide which extra windows the item query has to count.
    memo = {}  # (text, category) → Effective: a few dozen distinct pairs however many columns there are
    for c in columns:
        key = (c["update_cycle"], c["category"])
        if key not in memo:
            memo[key] = effective_rule(*key)
    rules = {c["id"]: memo[(c["update_cycle"], c["category"])] for c in columns}
    nationals = {category: national_rule(category) for category in {c["category"] for c in columns}}
    windows = sorted({
        e.rule.period for e in rules.values() if e.rule.kind == PERIODIC and e.rule.count > 1
    }, key=lambda p: (p.months, p.days))
    window_start = {p: _day_start(p.before(at)) for p in windows}

    end = _day_start(at + timedelta(days=1))
    aggregates = {
        "last": Max("publish_date"),
        "n": Count("pk"),
        "undated": Count("pk", filter=Q(publish_date__isnull=True)),
    }
    for i, period in enumerate(windows):
        aggregates[f"w{i}"] = Count("pk", filter=Q(publish_date__gte=window_start[period]))

    def counted(scope):
        """The GROUP BY over the live items themselves within `scope` (a Q on item paths)."""
        return list(
            ItemPage.objects.filter(scope, live=True)
            .filter(Q(publish_date__lt=end) | Q(publish_date__isnull=True))
            .annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN))
            .order_by()
            .values("parent_path")
            .annotate(**aggregates)
        )

    def all_counted():
        return whole_group_by(windows, window_start, end) if whole else counted(under_roots)

    many = any(e.rule.kind == PERIODIC and e.rule.count > tally.RECENT for e in rules.values())
    if not use_tally or many:  # a rule asking for more items per period than a tally keeps
        rows = all_counted()
    else:
        tally_under = None
        if not whole:
            tally_under = Q()
            for root_path in roots:
                tally_under |= Q(parent__path__startswith=root_path)
        rows, unanswered = tally.rows(tally_under, windows, window_start, end)
        if len(unanswered) > FALLBACK_LIMIT:  # e.g. a date in the past: most pages hold later items
            rows = all_counted()
        elif unanswered:  # pages holding an item dated after `at`: counted from their items
            scope = Q()
            for path in unanswered:
                scope |= Q(path__startswith=path, depth=len(path) // STEPLEN + 1)
            rows += counted(scope)

    column_paths = {c["path"] for c in columns}
    parent_paths = {c["path"][:-STEPLEN] for c in columns}
    top_depth = min(len(p) for p in roots) // STEPLEN + 1  # first-level columns' depth
    totals = {}  # column path → [last, n, undated, w0, w1 …] over its subtree

    def add(path, row):
        current = totals.get(path)
        if current is None:
            totals[path] = [row["last"], row["n"], row["undated"]] + [row[f"w{i}"] for i in range(len(windows))]
            return
        if row["last"] and (current[0] is None or row["last"] > current[0]):
            current[0] = row["last"]
        for i, key in enumerate(["n", "undated"] + [f"w{j}" for j in range(len(windows))], start=1):
            current[i] += row[key]

    for row in rows:
        path = row["parent_path"]
        if path in column_paths:
            add(path, row)
        for ancestor in _ancestor_paths(path, top_depth):
            if ancestor in column_paths:
                add(ancestor, row)

    root_lengths = sorted({len(p) for p in roots})

    def site_of(path):
        for length in root_lengths:
            profile = roots.get(path[:length])
            if profile is not None:
                return profile
        return None

    out = []
    for c in columns:
        profile = site_of(c["path"])
        total = totals.get(c["path"]) or [None, 0, 0] + [0] * len(windows)
        last_dt, n, undated = total[0], total[1], total[2]
        effective = rules[c["id"]]
        rule = effective.rule
        last_update = _local_date(last_dt)
        due = None
        stale = False
        if c["link_url"] or is_link_guarantee(c["guarantee"]):
            status = LINK
        elif n == 0:
            status = BLANK
        else:
            due = rule.next_due(last_update)
            national = nationals[c["category"]]
            if national is not None:
                national_due = national.next_due(last_update)
                stale = national_due is None or at > national_due
            if rule.has_due_date and last_update is None:
                status = OVERDUE  # only items without a publish time: not updated
            elif due is None:
                status = OK
            elif at > due:
                status = OVERDUE
            elif rule.kind == PERIODIC and rule.count > 1 and total[3 + windows.index(rule.period)] < rule.count:
                status = OVERDUE
            elif (due - at).days <= rule.soon_days():
                status = SOON
            else:
                status = OK
        out.append(ColumnStatus(
            site_code=profile.code, column_id=c["id"], title=c["title"], path=c["path"],
            url_path=c["url_path"][len(profile.site.root_page.url_path) - 1:],
            depth=c["depth"], is_leaf=c["path"] not in parent_paths, category=c["category"],
            guarantee=c["guarantee"], update_cycle=c["update_cycle"], link_url=c["link_url"], rule=rule,
            written_rule=effective.written, cycle_error=effective.error, last_update=last_update, item_count=n,
            undated_count=undated, next_due=due, status=status, nationally_stale=stale,
            departments=departments.get(c["id"], []), maintained_by_all=c["maintained_by_all"],
            departments_text=c["departments_text"], feed_source=c["feed_source"],
        ))
    return StatusReport(at=at, columns=out, sites=[summarise(p, [c for c in out if c.site_code == p.code]) for p in profiles])


def summarise(profile, statuses):
    """Counts per status and the 单项否决4 counts of one site. End-level columns only: a parent column shows
    what its sub-columns hold, so counting it too would count one gap twice."""
    veto = vocabulary()["veto"]
    leaves = [s for s in statuses if s.is_leaf]
    counts = {name: sum(1 for s in leaves if s.status == name) for name in STATUSES}
    stale = sum(1 for s in leaves if s.nationally_stale)
    overdue = counts[OVERDUE]
    blank = counts[BLANK]
    vetoes = []
    for key, value in (("stale", stale), ("overdue", overdue), ("blank", blank)):
        spec = veto[key]
        if value >= spec["threshold"]:
            vetoes.append({
                "rule": key, "count": value, "threshold": spec["threshold"], "label": _(spec["label"]),
                "source": spec["source"],
            })
    return SiteSummary(
        code=profile.code, name=profile.full_name, counts=counts, stale=stale, overdue=overdue, blank=blank,
        cycle_errors=sum(1 for s in statuses if s.cycle_error), vetoes=vetoes,
    )
