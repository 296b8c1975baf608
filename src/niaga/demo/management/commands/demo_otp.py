"""Print the demo operator's current two-factor code, for a class without an authenticator app."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from .load_demo import ADMIN, ADMIN_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current authenticator code of the demo operator (admin@niaga.local)."

    def handle(self, *args, **options):
        now = int(time.time())
        code = format_hotp_value(hotp_value(ADMIN_TOTP_SECRET, now // mfa_settings.TOTP_PERIOD))
        left = mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD
        self.stdout.write(f"Kode verifikasi {ADMIN[0]}: {code}  (berlaku {left} detik lagi)")
