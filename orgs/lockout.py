"""Login failures: lockout of one (username, address) pair, and a higher per-address throttle that slows.

Behind one office NAT every colleague shares an address, so a lockout keyed on the address alone lets one
person (or one stranger typing made-up usernames) shut out the whole office (issue 7, reproduction 8).
django-axes locks the *pair* (settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]); this module
adds what the pair lock cannot see, many usernames tried from one address, and answers that with a wait of
some seconds (HTTP 429), never with a lockout of anyone's account. The numbers are settings read from the
environment (GOVSITE_LOGIN_FAILURE_LIMIT, GOVSITE_LOCKOUT_HOURS, GOVSITE_ADDRESS_THROTTLE_FAILURES,
GOVSITE_ADDRESS_THROTTLE_SECONDS)."""

import ipaddress
import math
from datetime import timedelta

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

# The views that take a password. Wagtail's admin login is the only one mounted (govsite/urls.py).
LOGIN_URL_NAMES = {"wagtailadmin_login"}


def client_address(request):
    """The client's address as our own proxies saw it (django-axes' AXES_CLIENT_IP_CALLABLE). With
    GOVSITE_PROXY_COUNT = n proxies in front, each appending to X-Forwarded-For, the client is the n-th entry
    from the right; entries further left were written by the client and are not believed. A request that did
    not pass through all n proxies (fewer entries) is taken at REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.GOVSITE_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


# --- The (username, address) pair --------------------------------------------------------------------------


def cool_off():
    return get_cool_off() or timedelta(0)


def locked_addresses(username, now=None):
    """The addresses from which this username is locked out now, with the time each lock ends, oldest first.
    A pair is locked when its failures reach AXES_FAILURE_LIMIT within the cool-off time (django-axes)."""
    now = now or timezone.now()
    rows = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("last")
    )
    return [
        {"ip_address": row["ip_address"], "until": row["last"] + cool_off()}
        for row in rows
        if row["failures"] >= settings.AXES_FAILURE_LIMIT
    ]


def unlock(username):
    """Clear every failure record of this username on every address (the 网站管理员's 解锁)."""
    from axes.utils import reset

    return reset(username=username)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the page for a locked pair says which account, from which address,
    until when, and who can lift it; it does not pretend the account is locked everywhere."""
    username = get_client_username(request, credentials) or ""
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    locks = [lock for lock in locked_addresses(username) if lock["ip_address"] == ip_address]
    return render(request, "orgs/locked_out.html", {
        "username": username,
        "ip_address": ip_address,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off().total_seconds() // 60),
        "until": locks[0]["until"] if locks else timezone.now() + cool_off(),
    }, status=429)


# --- The address -------------------------------------------------------------------------------------------


def address_wait_seconds(ip_address, now=None):
    """Seconds this address must wait before its next login attempt, or 0. An address may fail
    GOVSITE_ADDRESS_THROTTLE_FAILURES times within GOVSITE_ADDRESS_THROTTLE_SECONDS (a sliding window);
    the wait ends when the oldest of those failures leaves the window. Every failure counts, whatever
    username was typed (django-axes' failure log, one row per failure)."""
    limit = settings.GOVSITE_ADDRESS_THROTTLE_FAILURES
    window = timedelta(seconds=settings.GOVSITE_ADDRESS_THROTTLE_SECONDS)
    if not ip_address or limit <= 0:
        return 0
    now = now or timezone.now()
    recent = list(
        AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gt=now - window)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))


class AddressThrottleMiddleware:
    """Answers a login attempt from a throttled address with 429 and the seconds to wait, before any
    password is checked (so the attempt is neither counted against anyone's account nor logs anyone in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(request.resolver_match, "url_name", None) not in LOGIN_URL_NAMES:
            return None
        ip_address = get_client_ip_address(request)
        seconds = address_wait_seconds(ip_address)
        if not seconds:
            return None
        response = render(request, "orgs/throttled.html", {
            "ip_address": ip_address, "seconds": seconds,
            "failures": settings.GOVSITE_ADDRESS_THROTTLE_FAILURES,
            "minutes": max(1, settings.GOVSITE_ADDRESS_THROTTLE_SECONDS // 60),
        }, status=429)
        response["Retry-After"] = str(seconds)
        return response
