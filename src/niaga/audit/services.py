from __future__ import annotations

from typing import Any

from niaga.core.clientip import client_ip

from .models import Event


def record(
    action: str,
    *,
    actor=None,
    user=None,
    request=None,
    target=None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Event:
    """Write one event. `actor` defaults to the request's signed-in user, `user` to the actor.

    `target` is a model instance (its label and pk are kept, not a foreign key: the record
    outlives what it names). Secrets never go in `changes`: name what changed, not its value.
    """
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    ip, agent = "", ""
    if request is not None:
        ip = client_ip(request)
        agent = request.META.get("HTTP_USER_AGENT", "")[:255]
    return Event.objects.create(
        action=action,
        actor=actor,
        user=user if user is not None else actor,
        ip=ip,
        user_agent=agent,
        target_type=target._meta.label_lower[:40] if target is not None else "",
        target_id=str(target.pk)[:40] if target is not None else "",
        changes=changes or {},
        note=note[:255],
    )
