"""Brute force: an account is locked after ACCOUNT_LIMIT failed sign-ins from anywhere, an
address after ADDRESS_LIMIT failed sign-ins to any accounts, with back-off.

django-axes does the counting on every surface that calls `authenticate(request, ...)` (the
pages, `POST /api/v1/auth/login` and `/auth/token`, `/admin/`): its backend comes first in
AUTHENTICATION_BACKENDS and refuses even the right password while a lock holds. Failures are
rows in the database (axes' AccessAttempt, one per account, address and browser), so every
app server sees the same counts.

The window slides. Each failure pushes its row's expiry to "now + back-off"; a row counts
until it expires, so failures keep counting until a quiet period has passed, and a lock
ends when enough of them have. The back-off doubles for each further limit's worth of
failures: 15 minutes at the first lock, 30 at twice the limit, then 1 h, 2 h ... at most 24 h.
An address gets more tries than an account (ADDRESS_LIMIT), because a campus or a mobile
carrier puts many buyers behind one address.

The rate limits of core/throttle.py stay in front (sign-in posts per address, sized for a
class signing in at once behind one NAT, NIAGA_CLASS_SIZE):
a throttled post never reaches `authenticate`, so it is not counted twice, and it answers
`rate_limited`; a lock answers `locked`. Both are 429 with Retry-After.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from niaga import audit
from niaga.core.clientip import client_ip
from niaga.core.errors import DomainError

log = logging.getLogger(__name__)

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
BASE = timedelta(minutes=15)
LONGEST = timedelta(hours=24)
MESSAGE = "Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci sementara."


# --- What axes calls (settings.AXES_*) -------------------------------------------------


def username_of(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the lower-cased e-mail, whichever field a surface sends it in."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None and getattr(request, "method", "") == "POST":
        value = request.POST.get("login") or request.POST.get("email") or request.POST.get("username")
    key = str(value or "").strip().lower()[:255]
    if request is not None:
        request.niaga_login_key = key  # cool_off() reads it: axes hands that one the request only
    return key


def address_of(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address throttling and the audit trail use too."""
    return client_ip(request)


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a failure counts (and so a lock lasts) for this client now."""
    if request is None:
        return BASE
    by_account = failures(username=getattr(request, "niaga_login_key", None))
    by_address = failures(ip=getattr(request, "axes_ip_address", None) or client_ip(request))
    return back_off(max(by_account // ACCOUNT_LIMIT, by_address // ADDRESS_LIMIT))


def back_off(locks: int) -> timedelta:
    """BASE for up to the first lock, doubled for each further limit's worth, at most LONGEST."""
    return min(BASE * 2 ** min(max(locks - 1, 0), 10), LONGEST)


def response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After; JSON for the API, a page for people."""
    state = state_of(request, credentials)
    wait = state.wait
    answer: HttpResponse
    if request.path.startswith("/api/"):
        answer = JsonResponse(locked_body(wait), status=429)
    else:
        context = {"until": state.until, "minutes": math.ceil(wait / 60)}
        answer = render(request, "accounts/locked.html", context, status=429)
    answer["Retry-After"] = str(wait)
    return answer


class Locked(DomainError):
    """The API's answer to a sign-in while locked (the right password included)."""

    status = 429
    code = "locked"


def refusal(request, credentials: dict | None = None) -> Locked:
    """What the API raises when axes refused a sign-in: 429 `locked` with Retry-After."""
    wait = state_of(request, credentials).wait
    exc = Locked(locked_body(wait)["message"])
    exc.headers = {"Retry-After": str(wait)}
    return exc


def locked_body(wait: int) -> dict:
    minutes = math.ceil(wait / 60)
    return {
        "code": "locked",
        "message": f"{MESSAGE} Coba lagi dalam {minutes} menit, atau atur ulang kata sandi.",
        "fields": {},
    }


# --- Counting ------------------------------------------------------------------------


def _live(now: datetime):
    """Rows still counting: not expired (rows written without an expiry count for BASE)."""
    return Q(expiration__expires_at__gt=now) | Q(expiration__isnull=True, attempt_time__gt=now - BASE)


def _rows(*, username: str | None = None, ip: str | None = None, now: datetime | None = None):
    if username is None and ip is None:
        return AccessAttempt.objects.none()
    where = Q(username=username) if username is not None else Q(ip_address=ip)
    return AccessAttempt.objects.filter(where).filter(_live(now or timezone.now())).select_related("expiration")


def failures(*, username: str | None = None, ip: str | None = None, now: datetime | None = None) -> int:
    """Failures still counting for an account key or an address."""
    return sum(row.failures_since_start for row in _rows(username=username, ip=ip, now=now))


def _ends(rows, limit: int) -> datetime | None:
    """When enough of these rows have expired that fewer than `limit` failures count."""
    remaining = sum(row.failures_since_start for row in rows)
    if remaining < limit:
        return None
    for row in sorted(rows, key=_expiry):
        remaining -= row.failures_since_start
        if remaining < limit:
            return _expiry(row)
    return None


def _expiry(row) -> datetime:
    expiration = getattr(row, "expiration", None)
    return expiration.expires_at if expiration is not None else row.attempt_time + BASE


@dataclass(frozen=True)
class State:
    by_account: int
    by_address: int
    until: datetime | None  # None: not locked

    @property
    def locked(self) -> bool:
        return self.until is not None

    @property
    def wait(self) -> int:
        """Seconds until the lock ends (a minute if axes locked on a count this does not see)."""
        if self.until is None:
            return 60
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))


def state_of(request, credentials: dict | None = None) -> State:
    key = username_of(request, credentials)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    account_rows, address_rows = list(_rows(username=key)), list(_rows(ip=ip))
    ends = [t for t in (_ends(account_rows, ACCOUNT_LIMIT), _ends(address_rows, ADDRESS_LIMIT)) if t]
    return State(
        by_account=sum(r.failures_since_start for r in account_rows),
        by_address=sum(r.failures_since_start for r in address_rows),
        until=max(ends) if ends else None,
    )


def score(request, credentials: dict | None = None) -> int:
    """What the handler compares with AXES_FAILURE_LIMIT (= ACCOUNT_LIMIT): the account's own
    failures, or the address's scaled so ADDRESS_LIMIT of them reach the same limit."""
    state = state_of(request, credentials)
    return max(state.by_account, state.by_address * ACCOUNT_LIMIT // ADDRESS_LIMIT)


# --- What the operator sees and undoes ----------------------------------------------------


@dataclass(frozen=True)
class Lock:
    kind: str  # "account" or "address"
    key: str  # the e-mail, or the address
    failures: int
    until: datetime


def locks_now() -> list[Lock]:
    """Accounts and addresses locked now, the longest lock first."""
    now = timezone.now()
    rows = list(AccessAttempt.objects.filter(_live(now)).select_related("expiration"))
    found: list[Lock] = []
    for kind, attr, limit in (("account", "username", ACCOUNT_LIMIT), ("address", "ip_address", ADDRESS_LIMIT)):
        groups: dict[str, list] = {}
        for row in rows:
            groups.setdefault(getattr(row, attr) or "", []).append(row)
        for key, group in groups.items():
            until = _ends(group, limit)
            if until is not None and until > now:
                found.append(Lock(kind, key, sum(r.failures_since_start for r in group), until))
    return sorted(found, key=lambda lock: lock.until, reverse=True)


def unlock(*, kind: str, key: str, operator, request=None) -> int:
    """Forget the failures of an account (by e-mail) or an address; the audit trail says who did."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth import get_user_model

    if kind == "account":
        cleared = AxesProxyHandler.reset_attempts(username=key)
        owner = get_user_model().objects.filter(email=key).first()
    elif kind == "address":
        cleared = AxesProxyHandler.reset_attempts(ip_address=key)
        owner = None
    else:
        raise DomainError("Jenis kunci tidak dikenal.", code="invalid_lock")
    audit.record(
        "account.unlocked",
        actor=operator,
        user=owner,
        request=request,
        target=owner,
        changes={"kind": kind, "key": key if kind == "address" else "", "rows": cleared},
        note=f"{'akun' if kind == 'account' else 'alamat'} {key} dibuka",
    )
    return cleared


# --- When a lock begins ----------------------------------------------------------------


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """axes' user_locked_out, sent on each failure while locked: the owner is told, and the
    audit trail written, once, at the failure that begins the lock."""
    if request is None:
        return
    state = state_of(request, getattr(request, "axes_credentials", None))
    if state.by_account == ACCOUNT_LIMIT:
        from django.contrib.auth import get_user_model

        owner = get_user_model().objects.filter(email=username or "", is_active=True).first()
        if owner is not None:
            audit.record(
                "account.locked",
                user=owner,
                request=request,
                target=owner,
                changes={"failures": state.by_account, "until": state.until.isoformat() if state.until else ""},
            )
            _tell_owner(owner, state)
    if state.by_address == ADDRESS_LIMIT:
        audit.record(
            "account.locked",
            request=request,
            changes={"address": ip_address or "", "failures": state.by_address},
            note=f"alamat {ip_address} dikunci",
        )


def _tell_owner(owner, state: State) -> None:
    from django.urls import reverse

    context = {
        "name": (owner.full_name or "").split(" ")[0] or "Pelanggan Niaga",
        "site_url": settings.NIAGA_PUBLIC_URL,
        "subject": "Akun Anda dikunci sementara",
        "until": timezone.localtime(state.until) if state.until else None,
        "failures": state.by_account,
        "link": f"{settings.NIAGA_PUBLIC_URL}{reverse('account_reset_password')}",
    }
    message = EmailMultiAlternatives(
        "[Niaga] Akun Anda dikunci sementara",
        render_to_string("accounts/email/locked.txt", context),
        None,
        [owner.email],
    )
    message.attach_alternative(render_to_string("accounts/email/locked.html", context), "text/html")
    try:
        message.send()
    except Exception:  # a mail server that is down must not turn the lock into a 500
        log.exception("lockout e-mail to user %s not sent", owner.pk)


class Handler(AxesDatabaseHandler):
    """axes' database handler, with the two limits and the sliding window above."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        return score(request, credentials)
