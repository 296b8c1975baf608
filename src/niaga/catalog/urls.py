from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("kategori/<slug:slug>/", views.category, name="category"),
    path("p/<slug:store_slug>/<slug:product_slug>/", views.product, name="product"),
]
