from django.urls import path

from . import views

app_name = "promotions"
urlpatterns = [
    path("<slug:slug>/", views.campaign, name="campaign"),
    path("<slug:slug>/beli/<int:item_id>/", views.buy, name="buy"),
]
