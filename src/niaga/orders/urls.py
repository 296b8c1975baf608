from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.my_orders, name="list"),
    path("<int:order_id>/", views.detail, name="detail"),
    path("<int:order_id>/diterima/", views.confirm, name="confirm"),
]
