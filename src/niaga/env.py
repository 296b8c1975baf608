"""Every environment variable Niaga reads: its name, type, default and meaning, in one class.

Read with pydantic-settings rather than by hand or with django-environ: pydantic is already
Niaga's validator (Django Ninja's schemas), so a variable is declared like an API field, a
wrong value (`DB_CONN_MAX_AGE=abc`, `NIAGA_RATE_LIMITS=maybe`) stops the start with the
variable's name, and a default that follows another variable (`NIAGA_SANDBOX_URL` from
`NIAGA_PUBLIC_URL`) is written beside its field. django-environ reads one variable per call,
spread over settings.py, and takes any word it does not know for a boolean as false, so a typo
would silently turn rate limits off.

Only settings.py reads this; the apps read `django.conf.settings`, which tests override.
"""

from pathlib import Path
from typing import Annotated, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]  # the checkout: src/niaga/env.py → ../..

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _flag(value: Any) -> Any:
    # Set but empty is off; a word not listed is refused, for a typo must not turn a protection off.
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise PydanticCustomError("flag", "expected 1/0, true/false, yes/no or on/off")
    return value


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _proxy_header(value: Any) -> Any:
    # "HTTP_X_FORWARDED_PROTO=https" -> ("HTTP_X_FORWARDED_PROTO", "https"); empty: None.
    if isinstance(value, str):
        if not value.strip():
            return None
        name, sep, expected = (part.strip() for part in value.partition("="))
        if not sep or not name.startswith("HTTP_") or not expected:
            raise PydanticCustomError(
                "proxy_header", "expected HTTP_HEADER_NAME=value, e.g. HTTP_X_FORWARDED_PROTO=https"
            )
        return (name, expected)
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
ProxyHeader = Annotated[tuple[str, str] | None, NoDecode, BeforeValidator(_proxy_header)]
CommaList = Annotated[list[str], NoDecode, BeforeValidator(_comma_list)]
BaseUrl = Annotated[str, AfterValidator(lambda url: url.rstrip("/"))]  # paths are appended to it
Count = Annotated[int, Field(ge=0)]
Seconds = Annotated[float, Field(gt=0)]


class Environment(BaseSettings):
    """Names are the variables' own, case and all; a default that reads another field reads it
    already validated (fields are validated in the order written here)."""

    model_config = SettingsConfigDict(case_sensitive=True, validate_default=True, extra="ignore")

    # --- Django ------------------------------------------------------------------------
    NIAGA_VAR_DIR: Annotated[Path, AfterValidator(Path.resolve)] = Field(
        default=ROOT / "var", description="where local data lives: SQLite files, media, static, the secret key"
    )
    SECRET_KEY: str = Field(
        default="", description="empty: one made once into NIAGA_VAR_DIR/secret_key; set it in production"
    )
    DEBUG: Flag = Field(default=False, description="DEBUG=1 for development only")
    ALLOWED_HOSTS: CommaList = Field(
        default=["127.0.0.1", "localhost", "testserver"], description="comma-separated host names this site answers to"
    )
    CSRF_TRUSTED_ORIGINS: CommaList = Field(default=[], description="comma-separated origins, e.g. https://niaga.id")
    EMAIL_BACKEND: str = Field(
        default="django.core.mail.backends.console.EmailBackend",
        description="e.g. django.core.mail.backends.smtp.EmailBackend with Django's EMAIL_* settings",
    )
    DEFAULT_FROM_EMAIL: str = Field(default="Niaga <noreply@niaga.local>", description="sender of Niaga's e-mails")
    NIAGA_FIELD_ENCRYPTION_KEYS: CommaList = Field(
        default=[],
        description="comma-separated Fernet keys for bank account and phone numbers at rest, newest first "
        "(rotate: put the new key first, run `niaga rotate_field_keys`, then drop the old); "
        "empty: one derived from SECRET_KEY (development only)",
    )
    NIAGA_SECURE_COOKIES: Flag = Field(
        default=False,
        description="session and CSRF cookies over HTTPS only; deprecated: NIAGA_HTTPS=1 sets them (and more)",
    )

    # --- Transport ---------------------------------------------------------------------
    NIAGA_HTTPS: Flag = Field(
        default=False,
        description="the site is served over HTTPS: redirect HTTP to HTTPS (probes exempt), secure cookies, "
        "HSTS and the CSP's upgrade-insecure-requests",
    )
    NIAGA_HSTS_SECONDS: Count = Field(
        default=31_536_000,
        description="Strict-Transport-Security max-age under NIAGA_HTTPS (a year; try 300 first); 0: no HSTS",
    )
    NIAGA_HSTS_INCLUDE_SUBDOMAINS: Flag = Field(
        default=False, description="HSTS covers every subdomain too (only if they all serve HTTPS)"
    )
    NIAGA_HSTS_PRELOAD: Flag = Field(
        default=False, description="HSTS asks to be preloaded in browsers (hstspreload.org; hard to undo)"
    )
    NIAGA_PROXY_SSL_HEADER: ProxyHeader = Field(
        default=None,
        description="the header and value by which the TLS proxy says a request came over HTTPS, "
        "e.g. HTTP_X_FORWARDED_PROTO=https (only if the proxy always sets or strips it)",
    )
    NIAGA_STEP_UP_MINUTES: int = Field(
        default=5,
        ge=1,
        le=60,
        description="a second factor passed this many minutes ago still counts for a payout or a bank change",
    )
    NIAGA_WEBAUTHN_RP_ID: str = Field(
        default="",
        description="the passkeys' relying-party id, e.g. niaga.id (keys then work on every subdomain); "
        "empty: the host the page was opened on (passkeys need https, or http://localhost: not an IP address)",
    )
    NIAGA_WEBAUTHN_RP_NAME: str = Field(default="Niaga", description="the site's name a passkey prompt shows")
    NIAGA_LOG_FORMAT: Literal["json", "plain"] = Field(default="json", description="plain for a human at a terminal")
    LOG_LEVEL: Literal["CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"] = Field(
        default="INFO", description="the root logger's level"
    )

    # --- Database, cache, jobs ---------------------------------------------------------
    DATABASE_URL: str = Field(
        default_factory=lambda env: f"sqlite:///{env['NIAGA_VAR_DIR'] / 'niaga.sqlite3'}",
        description="e.g. postgres://user:pass@host:5432/niaga; default SQLite under NIAGA_VAR_DIR",
    )
    DATABASE_REPLICA_URL: str = Field(
        default="", description="a streaming replica of the same PostgreSQL for reports; empty: none"
    )
    DB_CONN_MAX_AGE: Count = Field(default=0, description="seconds a database connection is kept (60 in production)")
    DB_SERVER_SIDE_BINDING: Flag = Field(
        default=True,
        description="PostgreSQL: parameters apart from the SQL, statements prepared after their 5th use; "
        "0 behind PgBouncer in transaction mode without max_prepared_statements",
    )
    REDIS_URL: str = Field(default="", description="cache, copies of sessions and the job queue in Redis; empty: none")
    NIAGA_JOBS_IMMEDIATE: Flag = Field(default=False, description="run jobs in the process that queues them")
    NIAGA_JOB_WORKERS: int = Field(default=2, ge=1, description="threads of each job consumer")

    # --- Files -------------------------------------------------------------------------
    NIAGA_MEDIA_ROOT: Path = Field(
        default_factory=lambda env: env["NIAGA_VAR_DIR"] / "media", description="where uploaded images are kept"
    )
    NIAGA_SERVE_MEDIA: Flag = Field(default=True, description="serve uploaded images from Django; off behind a proxy")
    NIAGA_IMPORT_IMAGE_MAX_BYTES: Count = Field(
        default=5 * 1024 * 1024,
        description="the most bytes read of one picture a catalogue import fetches by URL (no more than an upload "
        "may have: a bigger picture would be refused after its download)",
    )
    NIAGA_IMPORT_IMAGE_HOSTS: CommaList = Field(
        default=[],
        description="comma-separated hosts a catalogue import may fetch pictures from even on a local or private "
        "address (an offline class's own image server); every other host must resolve to public addresses",
    )
    NIAGA_PLAIN_STATIC: Flag = Field(
        default=False, description="static files from the apps' folders, without collectstatic's hashed names"
    )
    NIAGA_BENCH_DIR: Path = Field(
        default=ROOT / "var" / "bench", description="where bench/run.sh writes its runs; the capacity plan reads them"
    )

    # --- Where this site is ------------------------------------------------------------
    HOST: str = Field(default="127.0.0.1", description="the address make run listens on")
    PORT: int = Field(default=8000, ge=1, le=65535, description="the port make run listens on")
    NIAGA_PUBLIC_URL: BaseUrl = Field(
        default_factory=lambda env: f"http://{env['HOST'].replace('0.0.0.0', '127.0.0.1')}:{env['PORT']}",
        description="how buyers and the gateway reach this site: share links, callbacks, notifications",
    )
    NIAGA_SANDBOX_URL: BaseUrl = Field(
        default_factory=lambda env: env["NIAGA_PUBLIC_URL"], description="where the sandbox's APIs are called"
    )

    # --- Payments ----------------------------------------------------------------------
    NIAGA_MIDTRANS_BASE_URL: BaseUrl = Field(
        default_factory=lambda env: f"{env['NIAGA_SANDBOX_URL']}/sandbox/midtrans",
        description="the payment gateway (Midtrans Core API); default the bundled sandbox",
    )
    NIAGA_MIDTRANS_SERVER_KEY: str = Field(default="SB-Mid-server-niaga-local", description="the gateway's server key")
    NIAGA_MIDTRANS_CLIENT_KEY: str = Field(default="SB-Mid-client-niaga-local", description="the gateway's client key")
    NIAGA_MIDTRANS_TIMEOUT: Seconds = Field(default=15, description="seconds to wait for the gateway")
    NIAGA_DEADLINE_VA_MINUTES: Count = Field(default=24 * 60, description="time to pay by virtual account")
    NIAGA_DEADLINE_EWALLET_MINUTES: Count = Field(default=15, description="time to pay by e-wallet")
    NIAGA_DEADLINE_QRIS_MINUTES: Count = Field(default=15, description="time to pay by QRIS")
    NIAGA_DEADLINE_OUTLET_MINUTES: Count = Field(default=24 * 60, description="time to pay at Indomaret/Alfamart")
    NIAGA_DEADLINE_CARD_MINUTES: Count = Field(default=60, description="time to pay by card")
    NIAGA_DEADLINE_PAYLATER_MINUTES: Count = Field(default=24 * 60, description="time to pay by PayLater")
    NIAGA_FLASH_PAYMENT_MINUTES: Count = Field(
        default=60, description="time to pay a flash-sale order, when its method allows longer"
    )
    NIAGA_SERVICE_FEE: Count = Field(default=1000, description="platform fee per checkout, Rupiah")
    NIAGA_COMMISSION_BPS: int = Field(
        default=500, ge=0, le=10_000, description="commission on each completed order, basis points (500 = 5%)"
    )
    NIAGA_COMMISSION_BASE: Literal["goods", "goods_and_shipping"] = Field(
        default="goods", description="what the commission is taken on: the goods, or the goods and the shipping paid"
    )

    # --- Marketplace tax (niaga.tax.rules holds the dated rules these values fill in) -------
    NIAGA_TAX_PPH22_BPS: int = Field(
        default=50, ge=0, le=10_000, description="PPh 22 collected by the marketplace, bps (PMK 37/2025 Pasal 8: 0.5%)"
    )
    NIAGA_TAX_PPH22_THRESHOLD: Count = Field(
        default=500_000_000, description="yearly turnover a seller's statement may declare (PMK 37/2025), Rupiah"
    )
    NIAGA_TAX_PPH22_BASE: Literal["goods", "goods_and_shipping"] = Field(
        default="goods", description="the PPh 22 base: the goods only, or the goods and the shipping the buyer paid"
    )
    NIAGA_TAX_PPN_BPS: int = Field(
        default=1200, ge=0, le=10_000, description="PPN rate on the platform's services, bps (UU HPP: 12%)"
    )
    NIAGA_TAX_PPN_DPP_NUMERATOR: int = Field(default=11, ge=1, description="DPP nilai lain 11/12 (PMK 131/2024)")
    NIAGA_TAX_PPN_DPP_DENOMINATOR: int = Field(default=12, ge=1, description="DPP nilai lain 11/12 (PMK 131/2024)")
    NIAGA_TAX_PPN_INCLUDED: bool = Field(
        default=True, description="the commission and service fee already include PPN (the invoice shows it inside)"
    )

    # --- Deadlines that bind people ----------------------------------------------------
    NIAGA_SHIP_WITHIN_WORKING_DAYS: Count = Field(
        default=2, description="the seller ships within N working days of payment, or the order is cancelled"
    )
    NIAGA_CONFIRM_WITHIN_DAYS: Count = Field(
        default=7, description="the buyer confirms receipt within N days of delivery, or the order completes by itself"
    )
    NIAGA_REVIEW_WITHIN_DAYS: int = Field(
        default=30,
        ge=1,
        le=365,
        description="the buyer reviews a line within N days of the order's completion (Selesai)",
    )
    NIAGA_DATA_EXPORT_DAYS: int = Field(
        default=7,
        ge=1,
        le=30,
        description="a user's data export (UU PDP) can be downloaded for N days, then its file is deleted",
    )
    NIAGA_COMPLAINT_RESPOND_WORKING_DAYS: Count = Field(
        default=2, description="the seller answers a complaint within N working days, or it is decided for the buyer"
    )
    NIAGA_COMPLAINT_BUYER_RESPOND_WORKING_DAYS: Count = Field(
        default=2, description="the buyer answers a seller's offer or rejection within N working days, or it stands"
    )
    NIAGA_RETURN_SHIP_WITHIN_DAYS: Count = Field(
        default=3, description="the buyer books a requested return within N days, or the complaint ends for the seller"
    )
    NIAGA_RETURN_CONFIRM_WORKING_DAYS: Count = Field(
        default=2,
        description="the seller confirms a returned parcel within N working days of delivery, or it is for the buyer",
    )
    NIAGA_REPLACEMENT_SHIP_WORKING_DAYS: Count = Field(
        default=2,
        description="the seller ships an exchange's replacement within N working days, or the buyer is refunded",
    )

    # --- Store reputation (Penilaian Toko) ----------------------------------------------
    NIAGA_REPUTATION_WINDOW_DAYS: int = Field(
        default=90, ge=7, le=365, description="a store's figures are computed over the last N days"
    )
    NIAGA_REPUTATION_PENALTY_WINDOW_DAYS: int = Field(
        default=28, ge=1, le=365, description="a late shipment or a seller cancellation counts as a point for N days"
    )
    NIAGA_REPUTATION_PENALTY_THRESHOLD: int = Field(
        default=2, ge=0, le=1000, description="a store with more penalty points than this cannot join flash sales"
    )

    # --- Protection and caching --------------------------------------------------------
    NIAGA_RATE_LIMITS: Flag = Field(default=True, description="429 + Retry-After on login, cart, checkout, payment")
    NIAGA_CLIENT_IP_HEADER: str = Field(
        default="", description="the header with the buyer's address behind a proxy, e.g. HTTP_X_REAL_IP"
    )
    NIAGA_CLASS_SIZE: int = Field(
        default=60,
        ge=1,
        le=10000,
        description="signed-in people one address may hold at full rate (a class on a campus NAT); sizes its limits",
    )
    NIAGA_LOCKOUT: Flag = Field(
        default=True,
        description="lock an account after 5 failed sign-ins, an address after 20, with back-off (django-axes)",
    )
    NIAGA_API_TOKEN_DAYS: int = Field(
        default=90, ge=1, le=365, description="an API token's life when its owner does not ask for a shorter one"
    )
    NIAGA_CHAT_MESSAGES_PER_MINUTE: int = Field(
        default=20, ge=1, description="chat messages one account may send a minute (429 + Retry-After past it)"
    )
    NIAGA_WAITING_ROOM_PER_MINUTE: Count = Field(default=0, description="new buyers let into checkout a minute; 0: off")
    NIAGA_PAGE_CACHE_SECONDS: Count = Field(
        default=30, description="how long anonymous catalogue pages and API reads are kept; 0: off"
    )
    NIAGA_PAGE_KEEP_SECONDS: Count = Field(
        default=300, description="the longest a page with a mark is kept on while unchanged since its render"
    )
    NIAGA_PAGE_CACHE_MEMORY_MB: Count = Field(default=32, description="each process's own copy of the hottest pages")

    # --- Monitoring --------------------------------------------------------------------
    NIAGA_METRICS_TOKEN: str = Field(default="", description="/metrics answers only this bearer token; empty: closed")
    PROMETHEUS_MULTIPROC_DIR: str = Field(
        default="", description="prometheus_client's own: where worker processes write metrics for /metrics to sum"
    )

    # --- Flash sales -------------------------------------------------------------------
    NIAGA_FLASH_GATE_URL: str = Field(
        default_factory=lambda env: env["REDIS_URL"],
        description="the Redis for the flash-sale gate; empty: the database alone admits buyers",
    )
    NIAGA_FLASH_GATE_TIMEOUT: Seconds = Field(
        default=0.5, description="seconds without an answer before the gate counts as down"
    )
    NIAGA_FLASH_PLACE_LATER: Flag = Field(
        default=True, description="admitted buyers get 202 at once and a job consumer makes their orders"
    )

    # --- Couriers ----------------------------------------------------------------------
    NIAGA_COURIER_BASE_URL: BaseUrl = Field(
        default_factory=lambda env: f"{env['NIAGA_SANDBOX_URL']}/sandbox/kurir",
        description="the shipping API (Biteship-style); default the bundled simulator",
    )
    NIAGA_COURIER_API_KEY: str = Field(default="biteship_test.niaga-local", description="the shipping API's key")
    NIAGA_COURIER_TIMEOUT: Seconds = Field(default=15, description="seconds to wait for the shipping API")
    NIAGA_COURIER_POLL_MINUTES: int = Field(default=10, ge=1, description="how often a parcel's tracking is asked for")

    # --- The sandbox -------------------------------------------------------------------
    NIAGA_SANDBOX_ENABLED: Flag = Field(
        default=True, description="serve the sandbox under /sandbox/; off in production"
    )
    NIAGA_SANDBOX_PAGES_URL: BaseUrl = Field(
        default="",
        description="where the sandbox's answers send people (3-D Secure, PIN, QR); empty: where it was called",
    )
    NIAGA_SANDBOX_SERVER_KEY: str = Field(
        default_factory=lambda env: env["NIAGA_MIDTRANS_SERVER_KEY"], description="the key the sandbox signs with"
    )
    NIAGA_SANDBOX_NOTIFICATION_URL: str = Field(
        default_factory=lambda env: f"{env['NIAGA_PUBLIC_URL']}/api/v1/payments/midtrans/notification",
        description="where the sandbox sends payment notifications",
    )
    NIAGA_SANDBOX_EWALLET_PIN: str = Field(default="123456", description="the PIN the sandbox's e-wallets take")
    NIAGA_SANDBOX_FINISH_REDIRECT_URL: str = Field(
        default_factory=lambda env: f"{env['NIAGA_PUBLIC_URL']}/pembayaran/selesai/",
        description="where the sandbox sends a buyer after 3-D Secure or PayLater",
    )
    NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS: Count = Field(
        default=60, description="seconds before a captured sandbox card payment settles"
    )
    NIAGA_SANDBOX_WALLET_DEMO_BALANCE: Count = Field(
        default=1_000_000, description="Rupiah in each sandbox e-wallet for the demo"
    )
    NIAGA_SANDBOX_RETRY_SCALE: float = Field(
        default=1,
        ge=0,
        description="multiplies the notification retry delays (2, 10, 30, 90, 210 min); 0.01 for a demo",
    )
    NIAGA_SANDBOX_COURIER_API_KEY: str = Field(
        default_factory=lambda env: env["NIAGA_COURIER_API_KEY"], description="the key the courier simulator takes"
    )
    NIAGA_SANDBOX_COURIER_HOUR_SECONDS: Seconds = Field(
        default=3600, description="real seconds per hour of a simulated parcel's journey; 10 makes a day four minutes"
    )


def read_environment() -> Environment:
    """The environment, checked; a wrong value stops the start with every wrong variable named."""
    try:
        return Environment()
    except ValidationError as error:
        wrong = [
            f"{'.'.join(map(str, e['loc']))}={e['input']!r}: {e['msg']}"
            for e in error.errors(include_url=False)
            if e["type"] != "default_factory_not_called"  # a default that reads a wrong variable
        ]
        raise ImproperlyConfigured(
            "Niaga cannot start, wrong environment variable(s):\n  " + "\n  ".join(wrong)
        ) from None
