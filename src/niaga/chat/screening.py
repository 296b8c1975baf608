"""Keeping deals on the platform: contact details in a chat message are found and masked.

A buyer who pays a seller outside Niaga loses escrow, the resolution centre and any refund, and
is the usual victim of fraud. So, as Tokopedia and Shopee do, a message carrying a phone number
(08…, +62…, typed with spaces, dots or dashes), a link or a bare domain, an e-mail address, or
an invitation to another app ("WA", "whatsapp", "telegram") is delivered with those parts
masked and a warning; the original is kept for the sender and for operators.

Prices ("Rp 150.000", "1.250.000"), Niaga's own order numbers (INV/20261207/TOK/0812345678)
and Niaga's own links are not contact details and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

MASK = "•••"
WARNING = "Demi keamanan, jangan bertransaksi di luar Niaga."


class Kind:
    PHONE = "phone"
    LINK = "link"
    EMAIL = "email"
    CONTACT_APP = "contact_app"


LABELS = {
    Kind.PHONE: "nomor telepon",
    Kind.LINK: "tautan",
    Kind.EMAIL: "alamat e-mail",
    Kind.CONTACT_APP: "aplikasi lain",
}

# Spans that look like digits but are ours: order numbers, and amounts of money.
_OURS = re.compile(
    r"INV/\d{8}/[A-Z0-9]+/\d+"  # an order number
    r"|\brp\.?\s*\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?"  # Rp 150.000 / Rp1.250.000,00
    r"|\brp\.?\s*\d+(?:\s*(?:rb|ribu|jt|juta|k))?\b"  # Rp 150rb / Rp150000
    r"|(?<![\d+])\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?![\d.])",  # 1.250.000 written as a price
    re.IGNORECASE,
)
# An Indonesian phone: 08…, 62 8…, +62 8…, (+62) 8…, 0 21 … (a landline with its area code), 10 to
# 13 digits, with at most one space, dot or dash between any two digits ("0 8 1 2 …" counts).
_SEP = r"[ .\-]?"
_PHONE = re.compile(
    rf"(?<![\d/])(?:\(?\+?62\)?{_SEP}|0{_SEP})[1-9](?:{_SEP}\d){{7,11}}(?!\d)"
    rf"|\(0\d{{1,3}}\){_SEP}\d(?:{_SEP}\d){{5,8}}(?!\d)",  # (021) 555-1234
)
_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # budi.santoso@gmail.com
    r"|[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+\s*(?:\.|\(dot\)|\[dot\]|\bdot\b)\s*(?:com|net|org|co|id)\b",  # spaced out
    re.IGNORECASE,
)
_TLDS = r"(?:com|net|org|info|biz|id|co\.id|my\.id|web\.id|me|ly|link|site|xyz|shop|store|online|io|app|gl|gg|to)"
_LINK = re.compile(
    rf"\b(?:https?://|www\.)\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.{_TLDS}\b(?:/\S*)?",
    re.IGNORECASE,
)
# Invitations to talk elsewhere. Word-bounded by letters and apostrophes, so "Wa'alaikumsalam",
# "wangi" or "bawa" are not "WA".
_CONTACT_APP = re.compile(
    r"(?<![\w'’])(?:w\.?a|whats\s?app|whatsap|watsapp?|wasap|telegram|instagram|ig)(?![\w'’])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Screened:
    shown: str  # what the other side reads
    flags: list[str]  # kinds found, in a stable order; empty when the text is clean

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def _own_link(text: str) -> bool:
    """A link to Niaga itself (a product shared in the chat) is what we want buyers to use."""
    public = getattr(settings, "NIAGA_PUBLIC_URL", "") or ""
    host = re.sub(r"^https?://", "", public).split("/")[0].lower()
    candidate = re.sub(r"^https?://", "", text).split("/")[0].lower()
    return bool(host) and candidate == host


def screen(text: str) -> Screened:
    """Find contact details in `text`; return it with them masked, and which kinds were found."""
    spans: list[tuple[int, int, str]] = []
    # Blank out our own digit spans first so no phone is found inside them, keeping offsets.
    blanked = _OURS.sub(lambda m: "_" * len(m.group()), text)
    for match in _EMAIL.finditer(blanked):
        spans.append((match.start(), match.end(), Kind.EMAIL))
    for match in _LINK.finditer(blanked):
        if not _own_link(match.group()):
            spans.append((match.start(), match.end(), Kind.LINK))
    for match in _PHONE.finditer(blanked):
        spans.append((match.start(), match.end(), Kind.PHONE))
    for match in _CONTACT_APP.finditer(blanked):
        spans.append((match.start(), match.end(), Kind.CONTACT_APP))
    if not spans:
        return Screened(text, [])
    # Overlaps (an e-mail's domain is also a "link"): the earliest, then longest span wins.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    out, position = [], 0
    for start, end, _kind in kept:
        out.append(text[position:start])
        out.append(MASK)
        position = end
    out.append(text[position:])
    kinds = sorted({kind for _s, _e, kind in kept}, key=list(LABELS).index)
    return Screened("".join(out), kinds)
