"""Any change to what the catalogue shows retires the kept anonymous pages."""

from django.db.models.signals import post_delete, post_save

from niaga.core import pagecache


def _bump(sender, **kwargs):
    pagecache.bump()


def connect() -> None:
    from niaga.catalog.models import Category, Product, ProductImage, Variant
    from niaga.stores.models import Store

    for model in (Product, Variant, ProductImage, Category, Store):
        post_save.connect(_bump, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
