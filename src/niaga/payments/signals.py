"""News payments has for outer apps (the fraud review connects to them in its AppConfig.ready()).

`payout_requested` is sent inside the request's transaction, so a receiver that holds the
payout (Payout.held) does so before anyone can approve it.
"""

from django.dispatch import Signal

payout_requested = Signal()  # payout=Payout
