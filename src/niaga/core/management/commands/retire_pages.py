"""Retire every kept anonymous page now: after a release that changed templates, so visitors
do not see the old ones until each page's time is up (a product page: NIAGA_PAGE_KEEP_SECONDS)."""

from django.core.management.base import BaseCommand

from niaga.core import generations


class Command(BaseCommand):
    help = "Retire every kept anonymous page (run once after a release)."

    def handle(self, *args, **options):
        generations.bump()
        self.stdout.write("Semua halaman tersimpan dipensiunkan; setiap server mendengarnya dalam 50 ms.")
