from django.urls import path, re_path
from django.views.generic.base import RedirectView

from . import mfa_views, views

app_name = "accounts"
urlpatterns = [
    # Sign-in, sign-up and sign-out are allauth's views at the paths users know; allauth's own
    # paths under /akun/ lead here. (Its names, account_login..., are given in allauth_urls.)
    path("masuk/", views.login_view, name="login"),
    path("daftar/", views.signup, name="register"),
    path("keluar/", views.logout_view, name="logout"),
    path("akun/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("akun/signup/", RedirectView.as_view(pattern_name="account_signup", query_string=True)),
    path("akun/logout/", views.logout_view),
    # allauth's pages at allauth's paths, served by views that answer a refused form with 400.
    path("akun/password/change/", views.password_change, name="password_change"),
    path("akun/password/reset/", views.password_reset, name="password_reset"),
    re_path(
        r"^akun/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.password_reset_from_key,
        name="password_reset_from_key",
    ),
    path("akun/keamanan/", views.security, name="security"),
    path("akun/sessions/", views.sessions, name="sessions"),  # also allauth's usersessions_list
    path("akun/sessions/<int:session_id>/akhiri/", views.session_end, name="session_end"),
    path("akun/sessions/akhiri-lainnya/", views.sessions_end_others, name="sessions_end_others"),
    path("akun/alamat/", views.addresses, name="addresses"),
    path("akun/alamat/baru/", views.address_new, name="address_new"),
    path("akun/alamat/<int:address_id>/ubah/", views.address_edit, name="address_edit"),
    path("akun/alamat/<int:address_id>/hapus/", views.address_delete, name="address_delete"),
    path("akun/wilayah/", views.region_options, name="region_options"),
    path("akun/verifikasi/lanjut/", mfa_views.mfa_continue, name="mfa_continue"),
    path("akun/token/", views.tokens, name="tokens"),
]
