from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("operator/audit/", views.operator_list, name="operator_list"),
    path("akun/aktivitas/", views.my_events, name="my_events"),
]
