from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "niaga.chat"
    label = "chat"
    verbose_name = "Chat"
