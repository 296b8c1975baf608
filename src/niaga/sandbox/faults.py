"""The fault switchboard: misbehaviours of the real Midtrans, on demand, for tests and demos.

Kept in the database (one row) so that the web server, the job consumer and every test
server thread see the same switches. A switch applies to events that happen after it is set.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import Faults
from .protocol import ApiError

# name -> (type, lowest, highest); booleans have no range.
FIELDS: dict[str, tuple[type, int, int]] = {
    "charge_503": (int, 0, 1000),
    "duplicate_notifications": (int, 0, 10),
    "out_of_order": (bool, 0, 1),
    "delay_seconds": (int, 0, 86400),
    "reverse_settlement": (bool, 0, 1),
    "refund_414": (int, 0, 1000),
}
OFF = {
    "charge_503": 0,
    "duplicate_notifications": 0,
    "out_of_order": False,
    "delay_seconds": 0,
    "reverse_settlement": False,
    "refund_414": 0,
}


def current() -> Faults:
    faults = Faults.objects.filter(pk=1).first()
    return faults if faults is not None else Faults(pk=1)


def as_dict(faults: Faults | None = None) -> dict:
    faults = faults or current()
    return {name: getattr(faults, name) for name in FIELDS}


def validate(changes) -> dict:
    """Check a partial switchboard (JSON or form data already typed); 400 lists every problem."""
    if not isinstance(changes, dict):
        raise ApiError(413, "The request body must be a JSON object of fault switches.")
    errors = []
    clean = {}
    for name, value in changes.items():
        if name not in FIELDS:
            errors.append(f"{name} is not a fault; use {', '.join(FIELDS)}")
            continue
        kind, low, high = FIELDS[name]
        if kind is bool:
            if not isinstance(value, bool):
                errors.append(f"{name} must be true or false")
                continue
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors.append(f"{name} must be a whole number from {low} to {high}")
            continue
        clean[name] = value
    if errors:
        raise ApiError(400, "One or more parameters in the payload is invalid.", errors)
    return clean


def update(changes: dict) -> dict:
    """Set the given switches (the others keep their values); returns the whole board."""
    clean = validate(changes)
    with transaction.atomic():
        faults, _ = Faults.objects.select_for_update().get_or_create(pk=1)
        for name, value in clean.items():
            setattr(faults, name, value)
        faults.save()
    return as_dict(faults)


def clear() -> dict:
    return update(dict(OFF))


def take_charge_503() -> bool:
    """Use up one of the `charge_503` failures, if any are left."""
    return bool(Faults.objects.filter(pk=1, charge_503__gt=0).update(charge_503=F("charge_503") - 1))


def take_refund_414() -> bool:
    """Use up one of the `refund_414` refusals (merchant's insufficient funds), if any are left."""
    return bool(Faults.objects.filter(pk=1, refund_414__gt=0).update(refund_414=F("refund_414") - 1))
