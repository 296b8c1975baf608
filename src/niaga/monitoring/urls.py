from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data", views.data, name="data"),
    path("kapasitas/", views.capacity_page, name="capacity"),
    path("kunci/", views.lockouts, name="lockouts"),
]
