from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "niaga.sandbox"
    label = "sandbox"
    verbose_name = "Sandbox (simulasi)"
