"""allauth's account signals, answered with Niaga's rules (connected in AccountsConfig.ready)."""

from . import services


def on_password_changed(sender, request, user, **kwargs):
    services.password_changed(request, user)


def on_password_reset(sender, request, user, **kwargs):
    services.password_reset(request, user)
