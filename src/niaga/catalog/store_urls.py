"""The public store page, mounted at toko/. It lists the store's products, so it is the
catalog's page; its name stays `stores:detail`, the name every link to a store uses."""

from django.urls import path

from . import views

app_name = "stores"
urlpatterns = [path("<slug:slug>/", views.store, name="detail")]
