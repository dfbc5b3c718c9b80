"""The gate every path that puts an item online passes.

ItemPage.publish() is where Wagtail's editor, bulk publish, scheduled publishing, revert-and-publish, workflow
approval and management commands all end up (Revision.publish → page.publish). It asks every function
registered under PRE_PUBLISH_HOOK — review registers the one that runs the pre-publish checks and the review
chain — and refuses with their reasons. content imports none of those apps."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks

# fn(title=, body=, site=, page=, user=, direct=) -> [(field name or None, Chinese reason)]; `direct` is True when
# the person puts the item online themselves (not submitting it to, or approving it in, a review chain).
PRE_PUBLISH_HOOK = "check_item_before_publish"

# How a publication reached page.publish() when no person is asking for it directly.
WORKFLOW_APPROVAL = "workflow"  # the last step of a review chain approved it
SYSTEM_LOAD = "system"  # seed and demo loaders putting example content in place
# Log action of a publication the gate refused where no person saw the refusal (the scheduler).
REFUSED_ACTION = "govsite.publish_refused"
_publication_path = ContextVar("govsite_publication_path", default=None)
_scheduled_refusals = ContextVar("govsite_scheduled_refusals", default=None)


class PublicationRefused(Exception):
    """An item may not go online; `reasons` are (field, Chinese message) pairs. Not a PermissionDenied, which
    Wagtail's admin would turn into its generic "no permission" page and lose the reasons."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("；".join(message for _, message in self.reasons))


@contextmanager
def publication_path(path):
    token = _publication_path.set(path)
    try:
        yield
    finally:
        _publication_path.reset(token)


def current_publication_path():
    return _publication_path.get()


def publication_refusals(page, *, user=None, direct=True, title=None, body=None, site=None):
    """Every reason (from every registered app) why `page`, as it would go online, may not."""
    site = site or page.get_site()
    return [
        reason
        for check in hooks.get_hooks(PRE_PUBLISH_HOOK)
        for reason in check(
            title=page.title if title is None else title,
            body=_text_for_checks(page, body),
            site=site, page=page, user=user, direct=direct,
        )
    ]


def _text_for_checks(page, body):
    # A page type with several text fields (services.ServiceGuidePage) has all of them checked, not `body` alone.
    if hasattr(page, "text_for_checks"):
        return page.text_for_checks(body)
    return getattr(page, "body", "") if body is None else body


def refuse_unless_publishable(page, revision, user):
    """Raise PublicationRefused for a refused publication. During scheduled publishing (no person, the
    scheduler) a refused item is recorded and skipped instead, so the other scheduled items still go live."""
    candidate = revision.as_object() if revision is not None else page
    reasons = publication_refusals(candidate, user=user, site=page.get_site())
    if not reasons:
        return True
    collected = _scheduled_refusals.get()
    if collected is not None and user is None:
        collected.append((page, reasons))
        return False
    raise PublicationRefused(reasons)


@contextmanager
def collecting_scheduled_refusals():
    collected = []
    token = _scheduled_refusals.set(collected)
    try:
        yield collected
    finally:
        _scheduled_refusals.reset(token)


class PublicationRefusedMiddleware:
    """An admin action that would have put a refused item online (bulk publish, workflow approval, revert) ends
    here: its transaction has rolled back; the person sees each reason in Chinese on the page they came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublicationRefused) or not request.path.startswith("/admin/"):
            return None
        for _field, message in exception.reasons:
            messages.error(request, message)
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        return redirect(back if safe and back else "wagtailadmin_home")
