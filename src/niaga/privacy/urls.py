from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("akun/data-pribadi/", views.home, name="home"),
    path("akun/data-pribadi/salinan/", views.export_request, name="export_request"),
    path("akun/data-pribadi/salinan/<int:export_id>/unduh/", views.export_download, name="export_download"),
    path("akun/data-pribadi/persetujuan/", views.consents, name="consents"),
    path("akun/data-pribadi/hapus/", views.delete, name="delete"),
    path("privasi/", views.policy_page, name="policy"),
]
