"""Bringing a site's history into a column (001 第十六条 整合迁移; 集约化): import_items.

A file is read and checked whole before anything is written; then every line is created (or, when the same key was
imported before, updated) and published through the one gate (content.publishing: the pre-publish checks run and a
`block` finding refuses the line) inside one transaction. Any bad line refuses the whole file."""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import escape

import nh3
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from .models import ArticlePage, ImportedItem, ItemPage
from .publishing import SYSTEM_LOAD, PublicationRefused, publication_path, publication_refusals

IMPORTED_ACTION = "govsite.imported"
FIELDS = {"title", "body", "publish_date", "source", "author", "old_url", "attachments"}
MAX_LENGTHS = {"title": 255, "source": 120, "author": 60, "old_url": 500}
# Rich text the editor itself could produce; anything else (scripts, styles, event handlers) is dropped.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead",
                "tbody", "tr", "th", "td", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL = re.compile(r"^(https?://[^\s<>\"]+|/[^\s<>\"]*)$")


class ImportError_(Exception):
    """A line that cannot be imported; the message is Chinese and names the line."""


@dataclass
class ImportLine:
    number: int
    title: str
    body: str
    publish_date: datetime
    source: str = ""
    author: str = ""
    old_url: str = ""
    attachments: list = field(default_factory=list)

    @property
    def key(self):
        return self.old_url or f"{self.title}|{self.publish_date.date().isoformat()}"


def _fail(number, message):
    raise ImportError_(_("第%(line)d行：%(message)s") % {"line": number, "message": message})


def _publish_date(number, value):
    if value in (None, ""):
        return timezone.now()
    if not isinstance(value, str):
        _fail(number, _("publish_date 应为日期字符串，如 2024-03-01 或 2024-03-01T09:30:00。"))
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:  # the right shape, an impossible date (2023-02-30)
        moment = day = None
    if moment is None:
        if day is None:
            _fail(number, _("publish_date“%(value)s”不是有效日期，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS。") % {"value": value})
        moment = datetime.combine(day, time(9, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    if moment > timezone.now():
        _fail(number, _("publish_date“%(value)s”晚于今天，导入的是已经发布过的历史信息。") % {"value": value})
    return moment


def _attachments(number, value):
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        _fail(number, _("attachments 应为列表，每项为 {\"title\", \"url\"} 或网址。"))
    found = []
    for item in value:
        title, url = (item.get("title") or "", item.get("url") or "") if isinstance(item, dict) else ("", item)
        if not isinstance(url, str) or not URL.match(url):
            _fail(number, _("附件地址“%(url)s”无效，应为 http(s) 网址或以 / 开头的路径。") % {"url": url})
        found.append((str(title).strip() or url.rsplit("/", 1)[-1], url))
    return found


def parse_line(number, raw):
    """One JSONL line as an ImportLine, or ImportError_ with a Chinese reason naming the line."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        _fail(number, _("不是有效的 JSON（第%(col)d列附近）。") % {"col": error.colno})
    if not isinstance(data, dict):
        _fail(number, _("每行应为一个 JSON 对象。"))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        _fail(number, _("不认识的字段：%(fields)s（可用字段：%(allowed)s）。") % {
            "fields": "、".join(unknown), "allowed": "、".join(sorted(FIELDS))})
    for name in ("title", "body", "source", "author", "old_url"):
        if data.get(name) is not None and not isinstance(data[name], str):
            _fail(number, _("字段 %(name)s 应为字符串。") % {"name": name})
    title = (data.get("title") or "").strip()
    if not title:
        _fail(number, _("缺少标题（title）。"))
    if not (data.get("body") or "").strip():
        _fail(number, _("缺少正文（body）。"))
    for name, limit in MAX_LENGTHS.items():
        if len((data.get(name) or "").strip()) > limit:
            _fail(number, _("字段 %(name)s 超过 %(limit)d 个字符。") % {"name": name, "limit": limit})
    old_url = (data.get("old_url") or "").strip()
    if old_url and not URL.match(old_url):
        _fail(number, _("原网址“%(url)s”无效，应为 http(s) 网址或以 / 开头的路径。") % {"url": old_url})
    return ImportLine(
        number=number, title=title, body=data["body"], publish_date=_publish_date(number, data.get("publish_date")),
        source=(data.get("source") or "").strip(), author=(data.get("author") or "").strip(), old_url=old_url,
        attachments=_attachments(number, data.get("attachments")),
    )


def parse_file(lines):
    """Every non-blank line parsed, or the first bad line's error; keys repeated within the file are refused."""
    parsed, seen = [], {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        line = parse_line(number, raw)
        if line.key in seen:
            _fail(number, _("与第%(other)d行重复（同一原网址，或同一标题和发布日期）。") % {"other": seen[line.key]})
        seen[line.key] = number
        parsed.append(line)
    if not parsed:
        raise ImportError_(_("文件中没有任何信息。"))
    return parsed


def body_html(line):
    """HTML sanitised to what the rich-text editor allows; plain text becomes paragraphs. Attachments are listed
    as links below."""
    body = line.body.strip()
    if re.search(r"<[a-zA-Z/][^>]*>", body):
        html = nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"})
    else:
        html = "".join(f"<p>{escape(p.strip())}</p>" for p in re.split(r"\n+", body) if p.strip())
    if line.attachments:
        links = "".join(f'<li><a href="{escape(url)}">{escape(title)}</a></li>' for title, url in line.attachments)
        html += f"<p>{escape(_('附件：'))}</p><ul>{links}</ul>"
    return html


def _slug(column, line, taken):
    from pypinyin import Style, lazy_pinyin  # 0.5 s to import: not for every process that only names IMPORTED_ACTION

    initials = "".join(lazy_pinyin(line.title[:12], style=Style.FIRST_LETTER, errors="ignore")).lower()
    base = f"{line.publish_date:%Y%m%d}-{re.sub(r'[^a-z0-9]', '', initials) or 'item'}"[:60]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def resolve_column(site, value):
    """A column of `site` given by id or by its URL path on the site (/xin-wen/jin-ri-wei-bin/)."""
    pages = Page.objects.descendant_of(site.root_page)
    if str(value).isdigit():
        column = pages.filter(pk=int(value)).first()
    else:
        column = pages.filter(url_path=site.root_page.url_path + str(value).strip("/") + "/").first()
    column = column.specific if column else None
    if column is None or not any(issubclass(m, ItemPage) for m in type(column).allowed_subpage_models()):
        return None
    return column


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    pages: list = field(default_factory=list)


def import_items(site, column, lines, *, user=None, source_file="", progress=None):
    """Create or update and publish every line under `column`, in one transaction. Raises ImportError_ (nothing
    stored) for the first line the pre-publish checks refuse.

    The pre-publish checks run on every line, in file order, before anything of that line is written. A line seen
    before (same key) is updated and published one by one through Wagtail and the publishing gate. New lines are
    written in bulk (_NewItems): page rows with their treebeard paths, one revision each, published as Wagtail's
    publish action leaves a page (page_published and published sent, 发布 and 导入 in the history); what Wagtail's
    save handlers would do per save is done once per batch (Wagtail's search index, the reference index, this
    platform's search index) or once per file (the column's tally)."""
    summary = ImportSummary()
    now = timezone.now()
    with transaction.atomic():
        records = {r.key: r for r in ImportedItem.objects.filter(site=site, key__in=[l.key for l in lines])
                   .select_related("page")}
        redirects = {r.old_path: r for r in Redirect.objects.filter(
            site=site, old_path__in=[Redirect.normalise_path(l.old_url) for l in lines if l.old_url])}
        new_records, new_redirects = [], {}

        def imported(line, page, record):
            if record:
                record.imported_by, record.source_file, record.imported_at = user, source_file, now
                summary.updated += 1
            else:
                new_records.append(ImportedItem(page=page, site=site, key=line.key, old_url=line.old_url,
                                                imported_by=user, source_file=source_file))
                summary.created += 1
            if line.old_url:
                path = Redirect.normalise_path(line.old_url)
                redirect = redirects.get(path) or new_redirects.setdefault(path, Redirect(site=site, old_path=path))
                redirect.redirect_page, redirect.redirect_link, redirect.is_permanent = page, "", True
            summary.pages.append(page)

        new_items = _NewItems(site, column, user, source_file)
        with disable_reference_index_auto_update():
            for line in lines:
                record = records.get(line.key)
                try:
                    if record:
                        page = _update(record.page.specific, line, user)
                        log(instance=page, action=IMPORTED_ACTION, user=user, data={"file": source_file, "line": line.number})
                        imported(line, page, record)
                    else:
                        new_items.add(line)
                except PublicationRefused as refused:
                    _fail(line.number, _("未通过发布前检查，不能导入：%(reasons)s") % {"reasons": "；".join(m for _f, m in refused.reasons)})
                if len(new_items) >= _NewItems.BATCH:
                    for new_line, page in new_items.write():
                        imported(new_line, page, None)
                if progress:
                    progress.update(1)
            for new_line, page in new_items.write():
                imported(new_line, page, None)
        new_items.finish()
        ImportedItem.objects.bulk_update(records.values(), ["imported_by", "source_file", "imported_at"], batch_size=500)
        ImportedItem.objects.bulk_create(new_records, batch_size=500)
        Redirect.objects.bulk_update(redirects.values(), ["redirect_page", "redirect_link", "is_permanent"], batch_size=500)
        Redirect.objects.bulk_create(new_redirects.values(), batch_size=500)
        for page in summary.pages:
            ReferenceIndex.create_or_update_for_object(page)
    return summary


class _NewItems:
    """New lines as published items, written in batches.

    add() builds the page in memory, normalised and validated as a save would (pre_save handlers, full_clean),
    and runs the publishing gate's checks on it (PublicationRefused for a block finding). write() stores the
    batch: page rows with treebeard paths after the column's last child, one revision each, live as Wagtail's
    publish action leaves a page; then per page the 发布 and 导入 history entries (their own save handlers run)
    and the page_published / published signals; then Wagtail's search index for the batch in bulk. finish() does
    once what the page save handlers would have done per save: the column's tally (columns.tally)."""

    BATCH = 500

    def __init__(self, site, column, user, source_file):
        self.site, self.column, self.user, self.source_file = site, column, user, source_file
        self.taken = set(Page.objects.child_of(column).values_list("slug", flat=True))
        last = Page.objects.filter(path__startswith=column.path, depth=column.depth + 1).order_by("-path").first()
        self.next_step = Page._str2int(last.path[-Page.steplen:]) + 1 if last else 1
        self.pending, self.written = [], []
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.base_content_type = ContentType.objects.get_for_model(Page)
        self.set_relations = [f.name for f in ArticlePage._meta.concrete_fields if f.is_relation]

    def __len__(self):
        return len(self.pending)

    def add(self, line):
        page = ArticlePage(slug=_slug(self.column, line, self.taken), owner=self.user)
        _fill(page, line)
        page.path = self.column.path + Page._int2str(self.next_step).rjust(Page.steplen, "0")
        self.next_step += 1
        page.depth, page.numchild = self.column.depth + 1, 0
        page.url_path = f"{self.column.url_path}{page.slug}/"
        page.locale_id, page.draft_title, page.content_type = self.column.locale_id, page.title, self.content_type
        page._cached_parent_obj = self.column  # treebeard's get_parent for the validation below: no query
        pre_save.send(sender=ArticlePage, instance=page, raw=False, using=router.db_for_write(ArticlePage), update_fields=None)
        # path and slug are free by construction; the foreign keys were set here from rows just read
        page.full_clean(exclude=self.set_relations, validate_unique=False, validate_constraints=False)
        with publication_path(SYSTEM_LOAD):  # as _publish: no review chain for migrated content, the checks run
            reasons = publication_refusals(page, user=self.user, site=self.site)
        if reasons:
            raise PublicationRefused(reasons)
        self.pending.append((line, page))

    def write(self):
        batch, self.pending = self.pending, []
        if not batch:
            return []
        now = timezone.now()
        pages = [page for _line, page in batch]
        for page in pages:
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        # serialised before the pages have ids: a new page has no child rows (attachments, comments) to read
        contents = [page.serializable_data() for page in pages]
        rows = [Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields if not f.primary_key})
                for p in pages]
        Page.objects.bulk_create(rows)
        for page, row, content in zip(pages, rows, contents):
            page.pk = page.id = page.page_ptr_id = page.itempage_ptr_id = content["pk"] = row.pk
            page._state.adding = False
        for model in (ItemPage, ArticlePage):
            model._base_manager._insert(pages, fields=model._meta.local_concrete_fields, using=router.db_for_write(model))
        revisions = Revision.objects.bulk_create([
            Revision(content_type=self.content_type, base_content_type=self.base_content_type, object_id=str(page.pk),
                     user=self.user, content=content, object_str=str(page), created_at=now)
            for page, content in zip(pages, contents)])
        for page, row, revision in zip(pages, rows, revisions):
            page.latest_revision = page.live_revision = row.latest_revision = row.live_revision = revision
        Page.objects.bulk_update(rows, ["latest_revision", "live_revision"])
        Page.objects.filter(pk=self.column.pk).update(numchild=F("numchild") + len(pages))
        self.column.numchild += len(pages)
        for line, page in batch:
            revision = page.live_revision
            log(instance=page, action="wagtail.publish", user=self.user, revision=revision, content_changed=True)
            log(instance=page, action=IMPORTED_ACTION, user=self.user, data={"file": self.source_file, "line": line.number})
            page_published.send(sender=ArticlePage, instance=page, revision=revision)
            published.send(sender=ArticlePage, instance=page, revision=revision)
        for backend in get_search_backends(with_auto_update=True):  # Wagtail's own index (admin search), in bulk
            backend.add_bulk(ArticlePage, pages)
        self.written += pages
        return batch

    def finish(self):
        if self.written:
            from columns import tally  # the items' column is a ColumnPage (ItemPage.parent_page_types)

            tally.refresh(self.column.path)


def _fill(page, line):
    page.title, page.body, page.publish_date = line.title, body_html(line), line.publish_date
    page.source, page.author = line.source, line.author


def _update(page, line, user):
    _fill(page, line)
    return _publish(page, user)


def _publish(page, user, clean=True):
    # Migrated content was published on the old site already: no review chain (SYSTEM_LOAD), but the
    # pre-publish checks of this platform run and a block finding refuses it (content.publishing).
    with publication_path(SYSTEM_LOAD):
        revision = page.save_revision(user=user, log_action=False, clean=clean)
        revision.publish(user=user)
    return page
