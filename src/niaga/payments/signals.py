"""News payments has for outer apps (the fraud review connects to them in its AppConfig.ready()).

`payout_requested` is sent inside the request's transaction, so a receiver that holds the
payout (Payout.held) does so before anyone can approve it.
"""

from django.dispatch import Signal

payout_requested = Signal()  # payout=Payout
# Sent inside the refund's transaction before escrow is read: whatever was taken from the
# order's escrow at payment and must go back with the refund (PPh 22, niaga.tax) returns now.
# Also sent by money.take_back, once per order it reaches, when the gateway gives money back
# itself (a refund in its dashboard, a chargeback), under the take-back's key.
refunding = Signal()  # order=Order, amount=int | None (None: all escrow holds), key=str, reason=str
