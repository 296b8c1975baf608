from django.apps import AppConfig

from niaga.core import pagecache


class CatalogConfig(AppConfig):
    name = "niaga.catalog"
    label = "catalog"
    verbose_name = "Katalog"

    def ready(self):
        # Here, not at the top: both import models, which load only once every app is loaded.
        from . import counters, pagemarks, receivers

        receivers.connect()
        pagecache.mark_pages(pagemarks.PREFIX, pagemarks.product_page)
        pagecache.count_visits(pagemarks.PREFIX, counters.count_page_view)
