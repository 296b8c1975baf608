"""`niaga check --deploy` refuses settings that would let anyone mark orders paid."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

DEFAULT_KEY = "SB-Mid-server-niaga-local"


@register(Tags.security, deploy=True)
def payment_settings(app_configs, **kwargs):
    problems: list[CheckMessage] = []
    if settings.NIAGA_MIDTRANS_SERVER_KEY == DEFAULT_KEY and "/sandbox/" not in settings.NIAGA_MIDTRANS_BASE_URL:
        problems.append(
            Error(
                "NIAGA_MIDTRANS_SERVER_KEY is the published sandbox key while the gateway is not the sandbox: "
                "anyone could sign payment notifications.",
                id="niaga.E001",
            )
        )
    if settings.NIAGA_SANDBOX_ENABLED and "/sandbox/" not in settings.NIAGA_MIDTRANS_BASE_URL:
        problems.append(
            Warning(
                "The sandbox is served (NIAGA_SANDBOX_ENABLED) next to a real gateway: turn it off in production.",
                id="niaga.W001",
            )
        )
    return problems
