import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
django_application = get_wsgi_application()

from niaga.promotions.shortcut import SoldOutShortcut  # noqa: E402  (needs Django set up)

application = SoldOutShortcut(django_application)
