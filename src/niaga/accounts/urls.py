from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("daftar/", views.register, name="register"),
    path("keluar/", views.logout_view, name="logout"),
    path("akun/alamat/", views.addresses, name="addresses"),
    path("akun/alamat/baru/", views.address_new, name="address_new"),
    path("akun/alamat/<int:address_id>/ubah/", views.address_edit, name="address_edit"),
    path("akun/alamat/<int:address_id>/hapus/", views.address_delete, name="address_delete"),
    path("akun/wilayah/", views.region_options, name="region_options"),
    path("akun/token/", views.tokens, name="tokens"),
]
