"""Returns and exchanges listen to shipping: each new tracking event of a leg moves its
complaint (returns.on_leg_tracked); a complaint asking for the goods back starts its return
(returns.on_complaint_saved). Importing return_tasks registers their sweep with Huey."""

from django.db.models.signals import post_save

from niaga.shipping.signals import leg_tracked

from . import (
    exchanges,  # noqa: F401  (hands returns its steps)
    return_tasks,  # noqa: F401  (registers the periodic sweep)
    returns,
)
from .models import Complaint


def connect() -> None:
    leg_tracked.connect(returns.on_leg_tracked, dispatch_uid="aftersales.returns.on_leg_tracked")
    post_save.connect(
        returns.on_complaint_saved, sender=Complaint, dispatch_uid="aftersales.returns.on_complaint_saved"
    )
