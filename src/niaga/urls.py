"""The project's URLs: the API, the admin, the sandbox, and the pages in Indonesian as
buyers type and share them."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from niaga.api import api
from niaga.core import contentpolicy
from niaga.core.media import media
from niaga.core.views import healthz, prometheus, readyz

# The admin signs in through allauth's pages, so a staff account's second factor is asked there;
# accounts.middleware.SecondFactorMiddleware makes sure it was passed.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", prometheus, name="metrics"),
    path(contentpolicy.REPORT_PATH.lstrip("/"), contentpolicy.report, name="csp_report"),
    path("", include("niaga.catalog.urls")),
    path("", include("niaga.accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("", include("niaga.accounts.allauth_urls")),  # after allauth's: see the module
    path("toko/", include("niaga.catalog.store_urls")),
    path("keranjang/", include("niaga.cart.urls")),
    path("checkout/", include("niaga.checkout.urls")),
    path("pembayaran/", include("niaga.payments.urls")),
    path("pesanan/", include("niaga.orders.urls")),
    path("pesanan/", include("niaga.shipping.urls")),
    path("toko-saya/", include("niaga.sellercenter.urls")),
    path("gudang/", include("niaga.fulfillment.urls")),
    path("flash-sale/", include("niaga.checkout.flash_urls")),
    path("operator/", include("niaga.monitoring.urls")),
    path("notifikasi/", include("niaga.notifications.urls")),
    path("", include("niaga.aftersales.urls")),
    path("", include("niaga.reviews.urls")),
    path("", include("niaga.chat.urls")),
    path("", include("niaga.reputation.urls")),
    path("", include("niaga.audit.urls")),
    path("", include("niaga.risk.urls")),
    path("", include("niaga.privacy.urls")),
    path("", include("niaga.purchasing.urls")),
    path("", include("niaga.tax.urls")),
    path("", include("niaga.reports.urls")),
    path("", include("niaga.imports.urls")),
]
handler500 = "niaga.core.pages.server_error"  # JSON for the API's clients
if settings.NIAGA_SANDBOX_ENABLED:
    # The offline banks and e-wallets. Niaga reaches them only over HTTP, like Midtrans.
    urlpatterns.insert(0, path("sandbox/", include("niaga.sandbox.urls")))
if settings.NIAGA_SERVE_MEDIA:
    # path(), not static()'s regex: the route names the latency chart and /metrics by.
    urlpatterns.append(path("media/<path:path>", media))
