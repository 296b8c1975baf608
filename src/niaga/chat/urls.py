"""Tanya Penjual: the buyer's pages under chat/, the seller's under toko-saya/chat/ (this app is
mounted at the site's root, so each path carries its full prefix)."""

from django.urls import path

from . import views

app_name = "chat"
urlpatterns = [
    path("chat/", views.inbox, name="inbox"),
    path("chat/toko/<slug:store_slug>/", views.start, name="start"),
    path("chat/<int:conversation_id>/", views.thread, name="thread"),
    path("chat/<int:conversation_id>/kirim/", views.send, name="send"),
    path("chat/<int:conversation_id>/baru/", views.poll, name="poll"),
    path("chat/lampiran/<int:message_id>/", views.attachment, name="attachment"),
    path("toko-saya/chat/", views.seller_inbox, name="seller_inbox"),
    path("toko-saya/chat/pesanan/<int:order_id>/", views.seller_about_order, name="seller_about_order"),
    path("toko-saya/chat/<int:conversation_id>/", views.seller_thread, name="seller_thread"),
    path("toko-saya/chat/<int:conversation_id>/kirim/", views.seller_send, name="seller_send"),
    path("toko-saya/chat/<int:conversation_id>/baru/", views.seller_poll, name="seller_poll"),
]
