from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from niaga.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("niaga.core.urls")),
]
if settings.NIAGA_SANDBOX_ENABLED:
    # The offline banks and e-wallets. Niaga reaches them only over HTTP, like Midtrans.
    urlpatterns.insert(0, path("sandbox/", include("niaga.sandbox.urls")))
if settings.NIAGA_SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
