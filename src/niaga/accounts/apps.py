from django.apps import AppConfig
from django.db.models.signals import post_delete

from niaga.core import edge


def withdraw_from_edge(sender, instance, **kwargs):
    edge.withdraw_token(instance.digest)  # the edge forgets it; the app already refuses it


def end_tokens_on_reset(sender, request=None, user=None, **kwargs):
    """A password reset is a recovery: someone else may have had the password, and made
    tokens with it. A change made while signed in keeps them (the owner is in control; the
    token page lists them), as GitHub does."""
    from . import services

    if user is not None:
        services.revoke_all_tokens(user=user, request=request, reason="kata sandi diatur ulang")


class AccountsConfig(AppConfig):
    name = "niaga.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from allauth.account.signals import password_changed, password_reset

        from . import receivers
        from .failopen import guard_allauth_rate_limits

        guard_allauth_rate_limits()
        # Rate limits follow a token's account, not its address (a class on one campus NAT).
        from niaga.core import throttle

        from .selectors import token_owner

        throttle.token_owner = token_owner
        password_changed.connect(receivers.on_password_changed, dispatch_uid="niaga-password-changed")
        password_reset.connect(receivers.on_password_reset, dispatch_uid="niaga-password-reset")
        post_delete.connect(
            withdraw_from_edge, sender="accounts.ApiToken", weak=False, dispatch_uid="edge-withdraw-token"
        )
        # Adding, removing and regenerating second factors go into the audit trail.
        from allauth.mfa import signals as mfa_signals

        from . import mfa

        mfa_signals.authenticator_added.connect(mfa.on_authenticator_added, dispatch_uid="audit-mfa-added")
        mfa_signals.authenticator_removed.connect(mfa.on_authenticator_removed, dispatch_uid="audit-mfa-removed")
        mfa_signals.authenticator_reset.connect(mfa.on_authenticator_reset, dispatch_uid="audit-mfa-reset")
        # A lock tells the owner; a reset ends the tokens made with the old password.
        from axes.signals import user_locked_out

        from . import lockout

        user_locked_out.connect(lockout.on_locked_out, weak=False, dispatch_uid="niaga-account-locked")
        password_reset.connect(end_tokens_on_reset, weak=False, dispatch_uid="niaga-reset-ends-tokens")
