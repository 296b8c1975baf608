"""The names of the platform's accounts, in one place."""

WORLD_BUYERS = "world:buyers"  # money paid in through the gateway, or refunded back out
WORLD_SELLERS = "world:sellers"  # money paid out to sellers' bank accounts
# What a reversed settlement took that had already been passed on: the platform's loss.
REVERSAL_LOSSES = "world:reversal_losses"
SERVICE_FEES = "platform:service_fees"
# What the gateway keeps of each payment: money out to the world, a cost to the platform.
WORLD_GATEWAY = "world:gateway_fees"
GATEWAY_COSTS = "platform:costs:gateway_fees"
COMMISSION = "platform:commission"
# What the couriers charged for parcels booked through Niaga's courier account: money out.
WORLD_COURIERS = "world:couriers"
# The part of a courier's charge an order's escrow could not cover: the platform's cost.
SHIPPING_COSTS = "platform:costs:shipping"
# PPh 22 collected from sellers at payment (PMK 37/2025), owed to the tax office until deposited.
TAX_PPH22_PAYABLE = "tax:pph22:payable"
# PPN on the platform's services charged to sellers on top of a commission that excludes it.
TAX_PPN_PAYABLE = "tax:ppn:payable"
# PPh 22 deposited (disetor) to the state treasury for the tax office: money out of the platform.
WORLD_TAX_OFFICE = "world:tax_office"
# Every posting of PPh 22 between an order's escrow and tax-payable (collection and reversals)
# has a key starting with this; deposits do not touch escrow and have their own.
TAX_PPH22_KEY_PREFIX = "tax:pph22:"


def pph22_collect_key(order_id: int) -> str:
    return f"{TAX_PPH22_KEY_PREFIX}{order_id}:collect"


def pph22_reverse_key(order_id: int, cause: str) -> str:
    return f"{TAX_PPH22_KEY_PREFIX}{order_id}:reverse:{cause}"[:120]


def pph22_deposit_key(period: str, reference: str) -> str:
    """One deposit per month ("2026-03") and payment reference (kode billing or NTPN)."""
    return f"tax:deposit:pph22:{period}:{reference}"


def is_pph22_key(key: str) -> bool:
    return key.startswith(TAX_PPH22_KEY_PREFIX)


def escrow(store_id: int, order_id: int) -> str:
    return f"escrow:store:{store_id}:order:{order_id}"


def escrow_prefix(store_id: int) -> str:
    return f"escrow:store:{store_id}:"


def seller_available(store_id: int) -> str:
    return f"seller:{store_id}:available"


def payout_pending(store_id: int) -> str:
    return f"seller:{store_id}:payout_pending"


def buyer_saldo(user_id: int) -> str:
    return f"buyer:{user_id}:saldo"


def refunds_payable(order_id: int) -> str:
    """Money promised back to a buyer, waiting for the gateway to send it."""
    return f"refunds:payable:order:{order_id}"


def postage_fronted(store_id: int) -> str:
    """Return postage Niaga paid the courier for a seller whose available balance could not
    cover it: a cost to the platform (negative) until the seller's next income pays it back."""
    return f"platform:costs:postage:store:{store_id}"
