"""Signals shipping sends for the apps above it.

`leg_tracked(sender=Leg, leg=..., status=..., event=...)`: a new tracking event of an
after-sales leg (a return or a replacement), sent once per event, inside the transaction
that stores it — a receiver that fails undoes the event, and the next poll brings it again.
The after-sales app connects to it in its AppConfig.ready() to move its complaint on.
"""

from django.dispatch import Signal

leg_tracked = Signal()
