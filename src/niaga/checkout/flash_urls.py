from django.urls import path

from . import flash_views as views

app_name = "promotions"  # the flash-sale pages' names since before they were checkout's
urlpatterns = [
    path("antrean/<int:admission_id>/", views.admission, name="admission"),
    path("<slug:slug>/", views.campaign, name="campaign"),
    path("<slug:slug>/beli/<int:item_id>/", views.buy, name="buy"),
]
