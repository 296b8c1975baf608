from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.my_orders, name="list"),
    path("<int:order_id>/", views.detail, name="detail"),
    path("<int:order_id>/diterima/", views.confirm, name="confirm"),
    path("<int:order_id>/lacak/", views.refresh_tracking, name="refresh_tracking"),
]
