"""Compressed answers for pages that are not kept (a buyer's cart, checkout, the seller's pages).

Django's GZipMiddleware, limited to text: pictures and PDFs are compressed already, and
compressing a streamed photo again only spends the CPU. Django pads each compressed answer
with random bytes, which keeps a CSRF token in it from being guessed by size (BREACH).
Kept pages are compressed once by the page cache instead.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

TEXT = ("text/", "application/json", "application/javascript", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(TEXT):
            return response
        return super().process_response(request, response)
