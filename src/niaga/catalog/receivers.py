"""Any change to what the catalogue shows retires the kept anonymous pages: a product's own
change only its page, its store's page and the listings; a category's or a store's every page."""

from django.db import models
from django.db.models.signals import post_delete, post_save

from niaga.core import generations
from niaga.stores.models import Store

from .models import Category, Product, ProductImage, Variant
from .selectors import page_slugs


def _product_changed(sender, instance, **kwargs):
    if sender is Product:
        slugs = (Store.objects.filter(pk=instance.store_id).values_list("slug", flat=True).first(), instance.slug)
    else:
        slugs = page_slugs(instance.product_id)  # a photo deleted along with its product finds none: every page
    generations.bump(*slugs)


def _everything_changed(sender, **kwargs):
    generations.bump()


def connect() -> None:
    model: type[models.Model]
    for model in (Product, Variant, ProductImage):
        post_save.connect(_product_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_product_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    for model in (Category, Store):
        post_save.connect(_everything_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_everything_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
