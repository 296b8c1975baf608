"""The payment methods a store can accept, by stable code.

Kept in core because stores (which choose them) and payments (which charge them) both
need the list, and stores must not depend on payments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PayMethod:
    code: str
    label: str
    family: str  # a key of FAMILY_LABELS
    bank: str = ""  # the VA's bank, the outlet chain, or the PayLater provider


METHODS: dict[str, PayMethod] = {
    m.code: m
    for m in (
        PayMethod("va_bca", "BCA Virtual Account", "bank_transfer", "bca"),
        PayMethod("va_bni", "BNI Virtual Account", "bank_transfer", "bni"),
        PayMethod("va_bri", "BRI Virtual Account", "bank_transfer", "bri"),
        PayMethod("va_cimb", "CIMB Niaga Virtual Account", "bank_transfer", "cimb"),
        PayMethod("va_permata", "Permata Virtual Account", "bank_transfer", "permata"),
        PayMethod("va_mandiri", "Mandiri Bill Payment", "bank_transfer", "mandiri"),
        PayMethod("gopay", "GoPay", "ewallet"),
        PayMethod("shopeepay", "ShopeePay", "ewallet"),
        PayMethod("qris", "QRIS (OVO, DANA, LinkAja, m-banking)", "qris"),
        PayMethod("indomaret", "Indomaret", "outlet", "indomaret"),
        PayMethod("alfamart", "Alfamart", "outlet", "alfamart"),
        PayMethod("card", "Kartu Kredit/Debit", "card"),
        PayMethod("akulaku", "Akulaku PayLater", "paylater", "akulaku"),
        PayMethod("kredivo", "Kredivo", "paylater", "kredivo"),
    )
}

# The buyer's Niaga saldo (refunds) pays a whole checkout when it covers it. It is the
# platform's, not a store's choice, so it is not among the methods a store ticks.
SALDO = PayMethod("saldo", "Saldo Niaga", "saldo")

FAMILY_LABELS = {
    "bank_transfer": "Virtual Account",
    "ewallet": "E-Wallet",
    "qris": "QRIS",
    "outlet": "Gerai Retail",
    "card": "Kartu Kredit/Debit",
    "paylater": "PayLater",
    "saldo": "Saldo Niaga",
}
INSTALLMENT_TERMS = (3, 6, 12)


def get(code: str) -> PayMethod | None:
    return SALDO if code == SALDO.code else METHODS.get(code)


def choices() -> list[tuple[str, str]]:
    return [(m.code, m.label) for m in METHODS.values()]


# Card instalments start here: the banks' usual floor for 0% instalments.
MIN_INSTALLMENT_TOTAL = 500_000
