from niaga.accounts.models import User

from .models import ConsentKind, ConsentSource
from .services import record_consent


def consent_at_signup(sender, *, user: User, request=None, choices: dict | None = None, **kwargs) -> None:
    """What the person ticked at sign-up is their first consent record, a "no" included."""
    for kind in ConsentKind.values:
        if choices is not None and kind in choices:
            record_consent(user, kind, bool(choices[kind]), request, source=ConsentSource.SIGNUP)
