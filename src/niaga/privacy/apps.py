from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "niaga.privacy"
    label = "privacy"
    verbose_name = "Data Pribadi (UU PDP)"

    def ready(self):
        from niaga.accounts.signals import signed_up

        from . import receivers, tasks  # noqa: F401  (tasks: the export job and its sweep, registered with Huey)

        signed_up.connect(receivers.consent_at_signup, dispatch_uid="privacy-consent-at-signup")
