from django.urls import path

from . import views

app_name = "promotions"
urlpatterns = [
    path("antrean/<int:admission_id>/", views.admission, name="admission"),
    path("<slug:slug>/", views.campaign, name="campaign"),
    path("<slug:slug>/beli/<int:item_id>/", views.buy, name="buy"),
]
