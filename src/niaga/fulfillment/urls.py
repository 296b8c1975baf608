from django.urls import path

from . import views

app_name = "fulfillment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:location_id>/", views.location, name="location"),
    path("<int:location_id>/ambil/", views.new_pick_list, name="new_pick_list"),
    path("<int:location_id>/ambil/<int:pick_list_id>/", views.pick, name="pick"),
    path("<int:location_id>/kemas/<int:order_id>/", views.pack, name="pack"),
    path("<int:location_id>/rak/", views.bins, name="bins"),
    path("<int:location_id>/alamat/", views.pickup_address, name="address"),
    path("<int:location_id>/jemput/", views.request_pickup, name="pickup"),
    path("<int:location_id>/manifes/<int:manifest_id>/", views.manifest, name="manifest"),
    path("<int:location_id>/label/", views.location_labels, name="labels"),
]
