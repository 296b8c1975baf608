from django.urls import path

from . import return_urls, views

app_name = "aftersales"
urlpatterns = [
    path("komplain/", views.my_complaints, name="list"),
    path("komplain/<int:pk>/", views.detail, name="detail"),
    path("komplain/foto/<int:pk>/", views.attachment, name="attachment"),
    path("pesanan/<int:order_id>/komplain/", views.open_complaint, name="open"),
    path("toko-saya/komplain/", views.seller_complaints, name="seller_list"),
    path("toko-saya/komplain/<int:pk>/", views.seller_detail, name="seller_detail"),
    path("operator/komplain/", views.operator_queue, name="operator_queue"),
    path("operator/komplain/<int:pk>/", views.operator_detail, name="operator_detail"),
]
urlpatterns += return_urls.urlpatterns  # returns and exchanges
