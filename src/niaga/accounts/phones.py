"""Indonesian phone numbers, checked and stored as E.164 (+62...)."""

import phonenumbers

from niaga.core.errors import DomainError


def normalize_phone(raw: str) -> str:
    """'0812-3456-7890' or '+62 812 3456 7890' -> '+6281234567890'; anything else is refused."""
    try:
        number = phonenumbers.parse(raw or "", "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise DomainError(
            "Nomor telepon tidak valid. Gunakan nomor Indonesia, mis. 0812-3456-7890.",
            code="invalid_phone",
            fields={"phone": "Nomor telepon Indonesia tidak valid."},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
