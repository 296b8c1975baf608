from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "niaga.catalog"
    label = "catalog"
    verbose_name = "Katalog"

    def ready(self):
        from niaga.core import pagecache

        from . import pagemarks, receivers

        receivers.connect()
        pagecache.mark_pages(pagemarks.PREFIX, pagemarks.product_page)
