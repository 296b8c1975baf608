from django.urls import path  # noqa: F401

from . import return_urls

app_name = "aftersales"
urlpatterns: list = []
urlpatterns += return_urls.urlpatterns  # returns and exchanges
