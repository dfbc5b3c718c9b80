"""Bulk 录入 of 找错 reports exported from the national 我为政府网站找错 platform.

001 第三十五条: the 主管单位 enters or imports each report; the platform forwards it within 1 working day and holds
the 主办单位 to an answer within 3. A file is taken whole or not at all: every line is checked first, and one bad
line refuses the file with its line number. The same report (网站标识码 + 编号) imported twice is one case."""

import csv
import datetime
import io
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import lifecycle
from .models import MailboxKind

COLUMNS_FILE = Path(__file__).with_name("find_error_columns.yaml")
MAX_ROWS = 5000
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d",
                "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")


class ImportRefused(Exception):
    """The file is refused as a whole; `errors` are the Chinese messages, each naming its line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@cache
def column_spec():
    return yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))["fields"]


def read_rows(name, data):
    """(line number, {header: text}) for each line of an .xlsx or .csv file (UTF-8 or GB18030)."""
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.lower().endswith(".csv"):
        return _csv_rows(data)
    raise ImportRefused([_("只能导入 .xlsx 或 .csv 文件。")])


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise ImportRefused([_("无法读取该 Excel 文件，请确认是 .xlsx 格式且未损坏。")]) from None
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    return [(number, dict(zip(headers, values))) for number, values in enumerate(rows, start=2)
            if any(v not in (None, "") for v in values)]


def _csv_rows(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused([_("无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV。")])
    reader = csv.reader(io.StringIO(text))
    headers = [h.strip() for h in next(reader, [])]
    return [(number, dict(zip(headers, values))) for number, values in enumerate(reader, start=2)
            if any(v.strip() for v in values)]


def _header_map(headers):
    found, missing = {}, []
    for field, spec in column_spec().items():
        header = next((h for h in spec["headers"] if h in headers), None)
        if header:
            found[field] = header
        elif spec["required"]:
            missing.append(spec["headers"][0])
    return found, missing


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into Excel (an 编号) comes back as 123.0
    return str(value).strip()


def _when(value):
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(9))
    else:
        for fmt in TIME_FORMATS:
            try:
                moment = datetime.datetime.strptime(_text(value), fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse(rows, mailboxes):
    """Check every line against the user's 找错 mailboxes ({网站标识码: mailbox}): (reports, errors)."""
    if not rows:
        return [], [_("文件中没有找错记录。")]
    if len(rows) > MAX_ROWS:
        return [], [_("一次最多导入 %(n)d 条，请分批导入。") % {"n": MAX_ROWS}]
    columns, missing = _header_map(rows[0][1].keys())
    if missing:
        return [], [_("缺少必需的列：%(c)s。") % {"c": "、".join(missing)}]
    reports, errors, seen = [], [], {}
    for number, row in rows:
        value = {field: row.get(header) for field, header in columns.items()}
        text = {field: _text(v) for field, v in value.items()}
        problems = [_("“%(c)s”为空") % {"c": columns[f]} for f, spec in column_spec().items()
                    if spec["required"] and f in columns and not text[f]]
        mailbox = mailboxes.get(text.get("site_code", ""))
        if text.get("site_code") and mailbox is None:
            problems.append(_("网站标识码 %(c)s 不是您可以录入的网站") % {"c": text["site_code"]})
        received_at = _when(value.get("received_at")) if text.get("received_at") else None
        if text.get("received_at") and received_at is None:
            problems.append(_("留言时间“%(t)s”无法识别，应写为 2026-11-30 09:30") % {"t": text["received_at"]})
        elif received_at and received_at > timezone.now():
            problems.append(_("留言时间晚于现在"))
        if text.get("email"):
            try:
                validate_email(text["email"])
            except ValidationError:
                problems.append(_("电子邮箱“%(e)s”格式不正确") % {"e": text["email"]})
        for field, limit in (("external_id", 30), ("phone", 30), ("writer_name", 40)):
            if len(text.get(field, "")) > limit:
                problems.append(_("“%(c)s”超过 %(n)d 个字") % {"c": columns[field], "n": limit})
        key = (text.get("site_code"), text.get("external_id"))
        if all(key) and key in seen:
            problems.append(_("与第 %(n)d 行是同一条找错（编号相同）") % {"n": seen[key]})
        seen.setdefault(key, number)
        if problems:
            errors.append(_("第 %(n)d 行：%(p)s。") % {"n": number, "p": "；".join(problems)})
            continue
        reports.append({**text, "line": number, "mailbox": mailbox, "received_at": received_at})
    return reports, errors


def _title(report):
    kind = report.get("problem_type") or _("网站问题")
    return (_("找错：%(k)s") % {"k": kind})[:100]


def _content(report):
    page = report.get("page_url")
    return report["content"] + (("\n" + _("问题页面：%(u)s") % {"u": page}) if page else "")


def import_find_error_reports(name, data, mailboxes, *, user=None, ip=None):
    """Import a file of 找错 reports into the 找错 mailboxes given ({网站标识码: mailbox}); all or nothing.
    Returns (created, already_there) counts; raises ImportRefused with line-numbered Chinese errors."""
    reports, errors = parse(read_rows(name, data), mailboxes)
    if errors:
        raise ImportRefused(errors)
    created = existing = 0
    with transaction.atomic():
        for report in reports:
            mailbox = report["mailbox"]
            _case, new = lifecycle.submit(
                mailbox, title=_title(report), content=_content(report), writer_name=report.get("writer_name", ""),
                phone=report.get("phone", ""), email=report.get("email", ""), received_at=report["received_at"],
                external_id=report["external_id"], user=user, ip=ip,
                # One case per report: the national platform's number is unique within a site.
                submission_key=f"zc:{mailbox.site_id}:{report['external_id']}",
            )
            created, existing = created + new, existing + (not new)
    return created, existing


def find_error_mailboxes(mailboxes):
    """{网站标识码: 找错 mailbox} of the given mailboxes."""
    boxes = mailboxes.filter(kind=MailboxKind.FIND_ERROR).select_related("site__profile")
    return {box.site.profile.site_code: box for box in boxes}
