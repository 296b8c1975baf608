"""What inventory tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent after the transaction that changed stock commits, with variant_ids: set[int] and
# store_ids: set[int]. Purchasing listens for low-stock and sold-out alerts.
stock_changed = Signal()
