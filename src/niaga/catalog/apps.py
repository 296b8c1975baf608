from django.apps import AppConfig

from niaga.core import pagecache


class CatalogConfig(AppConfig):
    name = "niaga.catalog"
    label = "catalog"
    verbose_name = "Katalog"

    def ready(self):
        # Here, not at the top: both import models, which load only once every app is loaded.
        from . import pagemarks, receivers

        receivers.connect()
        pagecache.mark_pages(pagemarks.PREFIX, pagemarks.product_page)
