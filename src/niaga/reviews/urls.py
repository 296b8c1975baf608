from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    # Under /p/<toko>/<produk>/: kept by the page cache and retired with the product's page.
    path("p/<slug:store_slug>/<slug:product_slug>/ulasan/", views.product_reviews, name="product"),
    path("ulasan/", views.mine, name="mine"),
    path("ulasan/tulis/<int:line_id>/", views.write, name="write"),
    path("ulasan/<int:review_id>/ubah/", views.edit, name="edit"),
    path("ulasan/<int:review_id>/laporkan/", views.report, name="report"),
    path("toko-saya/ulasan/", views.seller_list, name="seller_list"),
    path("toko-saya/ulasan/<int:review_id>/", views.seller_reply, name="seller_reply"),
    path("operator/ulasan/", views.operator_list, name="operator_list"),
    path("operator/ulasan/<int:review_id>/", views.operator_review, name="operator_review"),
]
