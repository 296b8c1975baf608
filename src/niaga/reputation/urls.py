from django.urls import path

from . import views

app_name = "reputation"
urlpatterns = [path("toko/<slug:slug>/penilaian/", views.store, name="store")]
