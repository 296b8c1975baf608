import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
django_application = get_wsgi_application()

from django.urls import get_resolver, reverse  # noqa: E402  (needs Django set up)

from niaga.accounts import regions  # noqa: E402  (after Django is set up)
from niaga.core.pagecache import PageCache  # noqa: E402  (after Django is set up)
from niaga.promotions.shortcut import SoldOutShortcut  # noqa: E402  (after Django is set up)

# Load every URL module, the API's schemas and the reverse table now, at boot, rather than in
# the first request each worker serves (about a second of imports): a worker started in the
# middle of a peak answers at full speed from its first request.
get_resolver().url_patterns  # noqa: B018  (read to import every URL module now)
reverse("catalog:home")
regions.load()  # the region tree courier rates and addresses read: at the start of a sale, not in it

# Before Django, cheapest first: sold-out flash answers, then kept catalogue pages.
application = SoldOutShortcut(PageCache(django_application))
