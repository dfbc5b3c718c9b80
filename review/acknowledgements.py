"""Acknowledging `warn` findings (issue 8 part 4): the person submitting an item confirms each warning of the
pre-publish checks (review.checks.check_text) — and a late publication (003 第十七条) — before it goes to review
or online; each confirmation is stored with name and time.

The editor shows the findings inline in the item's form (content.forms.ItemPageForm's `acknowledged_warnings`
field, filled through the ITEM_FORM hooks below): each with the text around it and the match marked."""

import hashlib
import html
import re
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.signals import request_started
from django.dispatch import receiver

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from content.forms import ITEM_FORM_CLEAN_HOOK, ITEM_FORM_INIT_HOOK, SUBMITTING_ACTIONS

from .approval_timeliness import days_late, latest_publication_date
from .checks import WARN, category_label, check_text
from .models import WarningAcknowledgement
from .normalise import normalise_body

TIMELINESS = "timeliness"
# What the item form found in this request, for the after-save hooks (Wagtail reloads the page after publishing,
# so attributes on the form's instance do not reach them): (confirmed warnings, normalisation notes).
_form_outcome = ContextVar("govsite_item_form_outcome", default=None)


@receiver(request_started)
def _forget_form_outcome(sender, **kwargs):
    _form_outcome.set(None)
_TAGS = re.compile(r"<[^<>]*>")
CONTEXT_CHARS = 24


@dataclass(frozen=True)
class Warning:
    category: str
    match: str
    message: str
    field: str  # "title" or "body"
    before: str
    after: str

    @property
    def fingerprint(self):
        return hashlib.sha1(f"{self.category}\0{self.match}\0{self.message}".encode()).hexdigest()

    @property
    def category_label(self):
        return _("发布时效") if self.category == TIMELINESS else category_label(self.category)

    def label(self):
        where = _("标题") if self.field == "title" else _("正文")
        return format_html(
            '<span class="govsite-finding"><b>{}</b>（{}）：…{}<mark>{}</mark>{}… — {}</span>',
            self.category_label, where, self.before, self.match, self.after, self.message,
        )


def _plain(fragment):
    return html.unescape(_TAGS.sub("", fragment))


def warnings_for(title, body, site, *, page=None, work_ended_on=None, publishing_on=None):
    """Every warning a submitter must confirm for this title and body on this site, once each, in text order."""
    found, seen = [], set()
    page_id = page.pk if page is not None and page.pk else None
    for field, text, findings in (
        ("title", title or "", check_text(title or "", site)),
        ("body", body or "", check_text(body or "", site, title=title, page_id=page_id)),
    ):
        for f in findings:
            if f.severity != WARN:
                continue
            w = Warning(
                f.category, f.match, f.message, field,
                _plain(text[max(0, f.start - CONTEXT_CHARS * 3):f.start])[-CONTEXT_CHARS:],
                _plain(text[f.end:f.end + CONTEXT_CHARS * 3])[:CONTEXT_CHARS],
            )
            if w.fingerprint not in seen:
                seen.add(w.fingerprint)
                found.append(w)
    if work_ended_on:
        probe = type("Probe", (), {"work_ended_on": work_ended_on, "first_published_at": None})()
        late = days_late(probe, on=publishing_on or timezone.localdate(), site=site)
        if late:
            deadline = latest_publication_date(work_ended_on, site)
            message = _("工作结束于{ended}，本站规定应在{deadline}前发布，现已超过{late}天，发布后计入超期统计（003 第十七条）").format(
                ended=work_ended_on, deadline=deadline, late=late
            )
            found.append(Warning(TIMELINESS, str(work_ended_on), message, "body", "", ""))
    return found


def acknowledged_fingerprints(page, user):
    if page is None or not page.pk or user is None:
        return set()
    return set(WarningAcknowledgement.objects.filter(page=page, user=user).values_list("fingerprint", flat=True))


def missing_acknowledgements(item, user, *, title=None, body=None, site=None, work_ended_on=None, confirming=()):
    """The warnings of `item` (as it stands, or with the given title/body) that `user` has not acknowledged;
    `confirming`: fingerprints the person is confirming in this very request. Empty means they may submit."""
    site = site or item.get_site()
    warnings = warnings_for(
        item.title if title is None else title, getattr(item, "body", "") if body is None else body, site, page=item,
        work_ended_on=getattr(item, "work_ended_on", None) if work_ended_on is None else work_ended_on,
    )
    done = acknowledged_fingerprints(item, user) | set(confirming)
    return [w for w in warnings if w.fingerprint not in done]


def acknowledge(item, user, warnings):
    """Store the person's confirmation of each warning (name and time), once per warning."""
    site = item.get_site()
    name = user.get_full_name() or user.get_username()
    with transaction.atomic():
        for w in warnings:
            WarningAcknowledgement.objects.get_or_create(
                page=item, user=user, fingerprint=w.fingerprint,
                defaults={"site": site, "user_name": name, "category": w.category, "match": w.match[:255], "message": w.message},
            )


def acknowledgements_of(item):
    return WarningAcknowledgement.objects.filter(page=item).order_by("acknowledged_at", "pk")


# --- The editor: the item form's `acknowledged_warnings` field ---------------------------------------------------


def _form_site(form):
    instance = form.instance
    return (instance.get_site() if instance.pk else None) or form.parent_page.get_site()


def _choices(warnings, done):
    choices = []
    for w in warnings:
        label = w.label()
        if w.fingerprint in done:
            label = format_html("{}　<em>{}</em>", label, _("（已确认）"))
        choices.append((w.fingerprint, label))
    return choices


@hooks.register(ITEM_FORM_INIT_HOOK)
def show_warnings_in_form(form):
    """The item as last saved: its warnings inline, those this person already confirmed ticked."""
    field = form.fields.get("acknowledged_warnings")
    if field is None or form.is_bound:
        return
    instance = form.instance
    site = _form_site(form)
    warnings = warnings_for(instance.title, getattr(instance, "body", ""), site, page=instance, work_ended_on=instance.work_ended_on)
    done = acknowledged_fingerprints(instance, form.for_user)
    field.choices = _choices(warnings, done)
    form.initial["acknowledged_warnings"] = [w.fingerprint for w in warnings if w.fingerprint in done]


@hooks.register(ITEM_FORM_CLEAN_HOOK)
def normalise_and_require_acknowledgements(form, action, cleaned):
    """On every save: the body normalised (003 第十五条), the editor told what changed. On submit or publish:
    every warning confirmed by the person doing it, else the form says which are left."""
    notes = []
    if "body" in cleaned:
        cleaned["body"], notes = normalise_body(cleaned["body"])
    _form_outcome.set(([], notes))
    field = form.fields.get("acknowledged_warnings")
    if field is None:
        return
    site = _form_site(form)
    warnings = warnings_for(
        cleaned.get("title") or "", cleaned.get("body") or "", site, page=form.instance,
        work_ended_on=cleaned.get("work_ended_on"),
    )
    done = acknowledged_fingerprints(form.instance, form.for_user)
    confirming = set(cleaned.get("acknowledged_warnings") or ())
    field.choices = _choices(warnings, done)
    _form_outcome.set(([w for w in warnings if w.fingerprint in confirming and w.fingerprint not in done], notes))
    if action not in SUBMITTING_ACTIONS:
        return
    missing = [w for w in warnings if w.fingerprint not in done | confirming]
    if missing:
        form.add_error(
            "acknowledged_warnings",
            _("提交前须逐条确认以下提醒（共{n}条未确认）：{items}").format(
                n=len(missing), items="；".join(f"{w.category_label}“{w.match}”" for w in missing)
            ),
        )


def take_form_outcome():
    """(warnings confirmed, normalisation notes) of the item form cleaned in this request, once."""
    outcome = _form_outcome.get() or ([], [])
    _form_outcome.set(None)
    return outcome


def record_confirmed(request, page, confirmed):
    """After the editor saved: store the confirmations ticked in this request (after_create/edit_page)."""
    if confirmed and request.user.is_authenticated:
        acknowledge(page, request.user, confirmed)
