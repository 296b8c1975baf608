"""Human-readable, unguessable identifiers."""

import secrets
import string

_DIGITS = string.digits
_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def random_digits(n: int) -> str:
    return "".join(secrets.choice(_DIGITS) for _ in range(n))


def random_code(n: int) -> str:
    return "".join(secrets.choice(_CODE) for _ in range(n))
