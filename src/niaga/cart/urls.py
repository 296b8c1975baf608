from django.urls import path

from . import views

app_name = "cart"
urlpatterns = [
    path("", views.cart, name="cart"),
    path("tambah/", views.add, name="add"),
    path("<int:item_id>/ubah/", views.update, name="update"),
    path("<int:item_id>/hapus/", views.remove, name="remove"),
]
