from niaga.orders.models import Order


def labels_for(store, order_ids: list[int]):
    """The store's own orders that have an AWB, in the order asked; anyone else's are skipped."""
    orders = {
        o.pk: o
        for o in Order.objects.filter(store=store, pk__in=order_ids)
        .exclude(awb="")
        .select_related("store__owner")
        .prefetch_related("lines")
    }
    return [orders[i] for i in order_ids if i in orders]
