from django.conf import settings


def site(request):
    return {
        "PUBLIC_URL": settings.NIAGA_PUBLIC_URL,
        "SANDBOX_ENABLED": settings.NIAGA_SANDBOX_ENABLED,
    }
