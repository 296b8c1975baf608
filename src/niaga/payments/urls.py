from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("selesai/", views.finish, name="finish"),
    path("<str:code>/", views.page, name="page"),
    path("<str:code>/kartu/", views.card, name="card"),
    path("<str:code>/cek/", views.refresh, name="refresh"),
    path("<str:code>/ulang/", views.retry, name="retry"),
    path("<str:code>/ganti/", views.switch, name="switch"),
    path("<str:code>/batal/", views.cancel, name="cancel"),
]
