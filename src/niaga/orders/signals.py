from django.dispatch import Signal

# Sent inside the transaction that moved the order: receivers write their own rows there
# and put side effects (e-mail, gateway calls) behind transaction.on_commit.
# kwargs: order, event
order_status_changed = Signal()
