from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "niaga.reports"
    label = "reports"
    verbose_name = "Laporan"
