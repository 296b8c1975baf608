"""Events no service call names: sign-ins, sign-outs and failures (Django's auth signals, sent
by every sign-in surface: pages, allauth, the API, /admin/) and changes of a user's roles
(`is_staff`, `is_superuser`, groups, permissions: the user row's signals, whoever saves it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save

from . import services
from .context import current_request

ROLE_FLAGS = ("is_staff", "is_superuser")


def signed_in(sender, request, user, **kwargs) -> None:
    services.record("auth.login", actor=user, user=user, request=request)


def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.record("auth.logout", actor=user, user=user, request=request)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """The attempted e-mail, lower-cased, and the account it names if there is one. Django has
    already masked the password in `credentials`; nothing but the e-mail is kept."""
    typed = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    email = str(typed).strip().lower()[:254]
    owner = get_user_model().objects.filter(email__iexact=email).first() if email else None
    services.record("auth.login_failed", actor=None, user=owner, request=_anonymous(request), changes={"email": email})


def _anonymous(request):
    """A failed sign-in is nobody's act, even from a browser already signed in as someone."""
    return None if request is None else _AnonymousView(request)


class _AnonymousView:
    """The request's address and agent without its user (record() would take it as the actor)."""

    user = None

    def __init__(self, request):
        self.META = request.META


def roles_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and not set(update_fields) & set(ROLE_FLAGS)):
        return
    before = {flag: False for flag in ROLE_FLAGS}
    if instance.pk is not None and not instance._state.adding:
        stored = sender._base_manager.filter(pk=instance.pk).values(*ROLE_FLAGS).first()
        before = stored or before
    instance._audit_roles_before = before


def roles_after(sender, instance, created=False, raw=False, **kwargs) -> None:
    before = instance.__dict__.pop("_audit_roles_before", None)
    if raw or before is None:
        return
    changes = {
        flag: [before[flag], getattr(instance, flag)] for flag in ROLE_FLAGS if before[flag] != getattr(instance, flag)
    }
    if changes:
        _role_changed(instance, changes)


def _role_changed(user, changes: dict) -> None:
    request = current_request()
    actor = request.user if request is not None and request.user.is_authenticated else None
    services.record("role.changed", actor=actor, user=user, request=request, target=user, changes=changes)


def _names(model, pks) -> list[str]:
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def memberships_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Groups or permissions added to or taken from a user (from either side of the relation)."""
    User = get_user_model()
    field = "groups" if sender is User.groups.through else "user_permissions"
    if action == "pre_clear":  # the rows about to go: Django does not name them afterwards
        if reverse:
            members = User.objects.filter(**{field: instance}).values_list("pk", flat=True)
        else:
            members = getattr(instance, field).values_list("pk", flat=True)
        instance._audit_cleared = set(members)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = "added" if action == "post_add" else "removed"
    pks = instance.__dict__.pop("_audit_cleared", set()) if action == "post_clear" else set(pk_set or ())
    if not pks:
        return
    if not reverse:
        _role_changed(instance, {field: {verb: _names(model, pks)}})
        return
    what = {field: {verb: _names(type(instance), [instance.pk])}}
    for user in User.objects.filter(pk__in=pks):
        _role_changed(user, what)


def connect() -> None:
    User = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="audit.signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="audit.signed_out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit.sign_in_failed")
    pre_save.connect(roles_before, sender=User, dispatch_uid="audit.roles_before")
    post_save.connect(roles_after, sender=User, dispatch_uid="audit.roles_after")
    m2m_changed.connect(memberships_changed, sender=User.groups.through, dispatch_uid="audit.groups")
    m2m_changed.connect(memberships_changed, sender=User.user_permissions.through, dispatch_uid="audit.permissions")
