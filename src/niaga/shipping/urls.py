"""Mounted under pesanan/ beside the orders' pages: the buyer's tracking of an order's parcel."""

from django.urls import path

from . import views

app_name = "shipping"
urlpatterns = [path("<int:order_id>/lacak/", views.refresh_tracking, name="refresh_tracking")]
