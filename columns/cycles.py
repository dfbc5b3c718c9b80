"""更新周期 as rules: the written texts of the seeds and the admin become a period + minimum count, a yearly
deadline or an event-driven kind. The vocabulary is data (columns/cycles.yaml); this module only reads it.

An unknown text raises CycleError with a Chinese message: never treated as "no rule".
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

VOCABULARY = Path(__file__).with_name("cycles.yaml")

PERIODIC = "periodic"
DEADLINE = "deadline"
NATIONAL = "national"
NONE = "none"


class CycleError(ValueError):
    """A 更新周期 text the vocabulary does not know; the message is Chinese and names the text."""


@dataclass(frozen=True)
class Period:
    days: int = 0
    months: int = 0

    def after(self, day):
        """The date one period after `day` (months are calendar months, clamped to the month's last day)."""
        if self.months:
            day = add_months(day, self.months)
        return day + timedelta(days=self.days)

    def before(self, day):
        if self.months:
            day = add_months(day, -self.months)
        return day - timedelta(days=self.days)

    @property
    def approx_days(self):
        return self.days + round(self.months * 30.44)

    def __mul__(self, n):
        if n == 0.5:
            if self.months and self.months % 2 == 0:
                return Period(months=self.months // 2)
            return Period(days=(self.days + round(self.months * 30.44)) // 2)
        return Period(days=int(self.days * n), months=int(self.months * n))


@dataclass(frozen=True)
class Rule:
    """One column's update rule. `kind`: periodic (period + count), deadline (each year by month/day),
    an event kind (realtime, on_change, reply, inbox: no due date of its own), national (the 栏目类别 rule
    applied to a column without a written cycle) or none (nothing written, no national rule for the category)."""

    kind: str
    label: str
    source: str
    text: str = ""
    period: Period | None = None
    count: int = 1
    month: int | None = None
    day: int | None = None

    @property
    def has_due_date(self):
        return self.kind in (PERIODIC, NATIONAL, DEADLINE)

    @property
    def is_event(self):
        return self.kind not in (PERIODIC, NATIONAL, DEADLINE, NONE)

    def next_due(self, last_update):
        """The last day on which the next item may appear, given the day of the last update (None: no dated
        item, so no due date can be counted from it)."""
        if last_update is None:
            return None
        if self.kind in (PERIODIC, NATIONAL):
            return self.period.after(last_update)
        if self.kind == DEADLINE:
            # One item a year by the deadline; an item published in year Y is that year's (001 第三十六条).
            return _clamped(last_update.year + 1, self.month, self.day)
        return None

    def soon_days(self):
        if self.kind == DEADLINE:
            return _soon_for(365)
        return _soon_for(self.period.approx_days) if self.period else 0

    def as_dict(self):
        out = {"kind": self.kind, "label": self.label, "text": self.text, "source": self.source}
        if self.period:
            out["period"] = {"days": self.period.days, "months": self.period.months}
            out["count"] = self.count
        if self.kind == DEADLINE:
            out["month"], out["day"] = self.month, self.day
        return out


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _clamped(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=1)
def vocabulary():
    with VOCABULARY.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=256)
def _soon_for(days):
    for step in vocabulary()["soon"]:
        if days <= step["max_days"]:
            return step["days"]
    return 0


def normalise(text):
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\s+", "", text)
    return text.rstrip("。.；;")


@lru_cache(maxsize=1)
def _frequency_pattern():
    freq = vocabulary()["frequency"]
    numerals = sorted(freq["numerals"], key=len, reverse=True)
    units = sorted(freq["units"], key=len, reverse=True)
    number = "(?:\\d+|" + "|".join(map(re.escape, numerals)) + ")"
    measure = "(?:" + "|".join(map(re.escape, freq["measures"])) + ")"
    return re.compile(
        f"^(?P<every>每隔|每)?(?P<n>{number})?个?(?P<unit>{'|'.join(map(re.escape, units))})内?"
        f"(?:至少|不少于)?(?:更新|发布)?(?:(?P<count>{number}){measure})?(?:以上)?(?:更新|发布)?$"
    )


def _number(token):
    if token is None:
        return None
    if token.isdigit():
        return int(token)
    return vocabulary()["frequency"]["numerals"][token]


def parse(text):
    """The rule a written 更新周期 stands for. Empty text → None (the caller applies the national rule).
    Unknown text → CycleError."""
    raw = str(text or "").strip()
    norm = normalise(raw)
    if not norm:
        return None
    vocab = vocabulary()
    event = vocab["events"].get(norm)
    if event:
        return Rule(kind=event["kind"], label=_(event["label"]), source=event["source"], text=raw)
    for deadline in vocab["deadlines"]:
        match = re.match(deadline["pattern"], norm)
        if match:
            month, day = int(match["month"]), int(match["day"])
            if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
                label = _(deadline["label"]).format(month=month, day=day)
                return Rule(kind=DEADLINE, label=label, source=deadline["source"], text=raw, month=month, day=day)
    match = _frequency_pattern().match(norm)
    if match and (match["every"] or match["n"]):
        n = _number(match["n"])
        n = 1 if n is None else n
        count = _number(match["count"])
        count = 1 if count is None else count
        unit = Period(**vocab["frequency"]["units"][match["unit"]])
        if count >= 1 and count == int(count) and n > 0:
            period = unit * n
            return Rule(
                kind=PERIODIC, label=_period_label(period, int(count)), source=vocab["frequency"]["source"],
                text=raw, period=period, count=int(count),
            )
    raise CycleError(
        _("无法识别的更新周期“%(text)s”。请写成如“每日更新”“每周至少1条”“两周至少1条”“每月至少1条”“每季度至少1条”"
          "“每年至少更新一次”“每年1月31日前”，或“实时更新”“变化时及时更新”“按期答复”“及时查收”。") % {"text": raw}
    )


def _period_label(period, count):
    if period.months and not period.days:
        if period.months % 12 == 0:
            span = _("每年") if period.months == 12 else _("每%(n)s年") % {"n": period.months // 12}
        elif period.months % 3 == 0:
            span = _("每季度") if period.months == 3 else _("每%(n)s个月") % {"n": period.months}
        else:
            span = _("每月") if period.months == 1 else _("每%(n)s个月") % {"n": period.months}
    elif period.days % 7 == 0 and not period.months:
        span = _("每周") if period.days == 7 else _("每%(n)s周") % {"n": period.days // 7}
    else:
        span = _("每日") if period.days == 1 else _("每%(n)s天") % {"n": period.days}
    return _("%(span)s至少%(count)s条") % {"span": span, "count": count}


def national_rule(category):
    """The national rule of a 栏目类别, or None for categories the 检查指标 set no period for."""
    spec = vocabulary()["national"].get(str(category))
    if not spec:
        return None
    return Rule(kind=NATIONAL, label=_(spec["label"]), source=spec["source"], period=Period(**spec["period"]))


def stricter(seed_rule, national):
    """The stricter of a seed rule and the national rule: the shorter period wins; an event-driven or
    deadline seed rule yields to the national period, which still bounds how long the column may stand still."""
    if national is None:
        return seed_rule
    if seed_rule is None:
        return national
    if seed_rule.kind == PERIODIC and seed_rule.period.approx_days <= national.period.approx_days:
        return seed_rule
    return national


@dataclass(frozen=True)
class Effective:
    """What a column is held to: the rule, the written rule it came from, and the error of an unreadable text."""

    rule: Rule
    written: Rule | None
    error: str = ""


def effective_rule(update_cycle, category):
    """The rule that applies to a column: stricter of its written 更新周期 and its category's national rule.
    An unreadable text keeps its error (shown and reported) and falls back to the national rule meanwhile."""
    national = national_rule(category)
    error = ""
    try:
        written = parse(update_cycle)
    except CycleError as exc:
        written, error = None, str(exc)
    rule = stricter(written, national)
    if rule is None:
        rule = Rule(kind=NONE, label=_("未规定更新周期"), source=_("栏目未填写更新周期，且本类别无国家更新时限"))
    return Effective(rule=rule, written=written, error=error)


def validate_cycle(text):
    """Django validator form of parse() (raises ValidationError with the Chinese message)."""
    from django.core.exceptions import ValidationError

    try:
        parse(text)
    except CycleError as exc:
        raise ValidationError(str(exc), code="unknown_cycle") from None


@lru_cache(maxsize=1024)  # asked once per column of a 站群 status: a few dozen distinct texts
def is_link_guarantee(guarantee):
    """保障方式 跳转链接 / 链接至…: the column is only a link (004 内容保障工作任务分解表)."""
    text = normalise(guarantee)
    spec = vocabulary()["link_guarantees"]
    return bool(text) and (text in spec["exact"] or text.startswith(tuple(spec["prefixes"])))
