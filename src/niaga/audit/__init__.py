"""The audit trail: append-only records of sensitive actions.

Every app writes through `niaga.audit.record` (imported lazily: apps are loaded first).
"""


def record(action, **kwargs):
    from .services import record as _record

    return _record(action, **kwargs)
