"""Settings for Niaga, from the environment variables named in niaga/env.py, with safe local defaults.

Local runs need nothing set: SQLite under var/, a secret key generated once into var/,
the job queue in a SQLite file, and the payment gateway pointed at the bundled sandbox.
"""

import base64
import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url

from niaga.env import read_environment

env = read_environment()

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = env.NIAGA_VAR_DIR
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if env.SECRET_KEY:
        return env.SECRET_KEY
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Bank account and phone numbers are encrypted at rest (encrypted_model_fields, MultiFernet:
# the first key encrypts, every key decrypts).
FIELD_ENCRYPTION_KEY = env.NIAGA_FIELD_ENCRYPTION_KEYS or [
    base64.urlsafe_b64encode(hashlib.sha256(b"niaga-fields:" + SECRET_KEY.encode()).digest()).decode()
]
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_FAILURE_VIEW = "niaga.core.pages.csrf_failure"
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the docs page uses the Swagger UI shipped in the package, not a CDN
    "huey.contrib.djhuey",
    # Accounts on django-allauth: sign-in, sign-up, e-mail verification, reset, sessions, MFA.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "niaga.core",
    "niaga.audit",
    "niaga.accounts",
    "niaga.stores",
    "niaga.catalog",
    "niaga.inventory",
    "niaga.ledger",
    "niaga.orders",
    "niaga.cart",
    "niaga.checkout",
    "niaga.payments",
    "niaga.notifications",
    "niaga.sellercenter",
    "niaga.shipping",
    "niaga.promotions",
    "niaga.monitoring",
    "niaga.fulfillment",
    "niaga.reviews",
    "niaga.chat",
    "niaga.aftersales",
    "niaga.reputation",
    "niaga.risk",
    "niaga.privacy",
    "niaga.demo",
    "niaga.sandbox",
]

MIDDLEWARE = [
    "niaga.core.compress.TextGZipMiddleware",  # first: it compresses what the rest produced
    "django.middleware.security.SecurityMiddleware",
    "niaga.core.requestlog.RequestMiddleware",
    "niaga.core.middleware.RequestSizeMiddleware",
    "niaga.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "niaga.core.throttle.ThrottleMiddleware",
    "niaga.core.waitingroom.WaitingRoomMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "niaga.urls"
WSGI_APPLICATION = "niaga.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "niaga.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=env.DB_CONN_MAX_AGE),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of deadlocking on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file, not :memory:, so the live server's threads and the tests share it; one per
    # test run so two suites on one machine do not trample each other.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
if env.DATABASE_REPLICA_URL:
    # A streaming replica of the same PostgreSQL for reports and the operator's charts
    # (core.db.reports), so heavy reads never queue behind checkout. Tests mirror default.
    DATABASES["replica"] = dj_database_url.parse(env.DATABASE_REPLICA_URL, conn_max_age=env.DB_CONN_MAX_AGE)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.postgresql" and env.DB_SERVER_SIDE_BINDING:
        # Parameters sent apart from the SQL: the same statement text each time, so psycopg
        # prepares a query after its 5th use and PostgreSQL stops re-planning the checkout's
        # many-join reads. Off behind PgBouncer in transaction mode without max_prepared_statements.
        _db.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "niaga.accounts.backends.EmailBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# allauth: accounts are known by e-mail; the User model has no username.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = env.REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "niaga.core.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering fails fast instead of hanging every request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "niaga.core.sessions"  # the database's, with a copy in Redis; goes on without it
else:
    # One process's memory: fine for `make run`'s single web process (Procfile). Two processes
    # would each keep their own pages, counters and queue, and never hear of the other's changes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: Huey in a SQLite file locally, on Redis when scaled out.
HUEY = {
    "name": "niaga",
    "immediate": env.NIAGA_JOBS_IMMEDIATE,
    "consumer": {"workers": env.NIAGA_JOB_WORKERS, "worker_type": "thread"},
}
if REDIS_URL:
    # A job that cannot be queued while Redis is down runs in the web process (core/jobs.py).
    HUEY.update({"huey_class": "niaga.core.jobs.FallbackRedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "jobs.sqlite3")})

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.NIAGA_MEDIA_ROOT
# Uploaded images are served by Django itself on a laptop; behind a proxy, turn this off.
NIAGA_SERVE_MEDIA = env.NIAGA_SERVE_MEDIA
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env.NIAGA_PLAIN_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env.NIAGA_PLAIN_STATIC
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # served at the site's root: /favicon.ico
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env.EMAIL_BACKEND
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.NIAGA_SECURE_COOKIES
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Niaga ---------------------------------------------------------------------------
# Where buyers reach this site; used for share links, gateway callbacks and notifications.
# Unset, it follows `make run HOST=… PORT=…`, so the bundled sandbox is reached on the right port.
NIAGA_PUBLIC_URL = env.NIAGA_PUBLIC_URL
# Payment gateway (Midtrans Core API). Defaults point at the bundled sandbox.
# Where the sandbox's APIs answer. `make run` serves them from a process of their own
# (scripts/procs.py), so a web server busy with checkouts never waits for its own threads.
NIAGA_SANDBOX_URL = env.NIAGA_SANDBOX_URL
NIAGA_MIDTRANS_BASE_URL = env.NIAGA_MIDTRANS_BASE_URL
NIAGA_MIDTRANS_SERVER_KEY = env.NIAGA_MIDTRANS_SERVER_KEY
NIAGA_MIDTRANS_CLIENT_KEY = env.NIAGA_MIDTRANS_CLIENT_KEY
NIAGA_MIDTRANS_TIMEOUT = env.NIAGA_MIDTRANS_TIMEOUT
# Minutes a buyer has to pay, per method family (DESIGN: 24 h VA, 15 min e-wallet).
NIAGA_PAYMENT_DEADLINE_MINUTES = {
    "bank_transfer": env.NIAGA_DEADLINE_VA_MINUTES,
    "ewallet": env.NIAGA_DEADLINE_EWALLET_MINUTES,
    "qris": env.NIAGA_DEADLINE_QRIS_MINUTES,
    "outlet": env.NIAGA_DEADLINE_OUTLET_MINUTES,
    "card": env.NIAGA_DEADLINE_CARD_MINUTES,
    "paylater": env.NIAGA_DEADLINE_PAYLATER_MINUTES,
    "saldo": 15,  # paid at once; the deadline only matters if something goes wrong
}
# A flash-sale order is paid within this, or within its method's deadline if shorter: its
# units go back to the campaign at the deadline, and a day later the sale is long over.
NIAGA_FLASH_PAYMENT_MINUTES = env.NIAGA_FLASH_PAYMENT_MINUTES
NIAGA_SERVICE_FEE = env.NIAGA_SERVICE_FEE
# Where bench/run.sh writes its runs: the capacity plan sizes with the newest one found there.
NIAGA_BENCH_DIR = env.NIAGA_BENCH_DIR
# Deadlines that bind people (DESIGN: every deadline is data, enforced by sweeps).
NIAGA_SHIP_WITHIN_WORKING_DAYS = env.NIAGA_SHIP_WITHIN_WORKING_DAYS  # or cancelled and refunded
# The buyer's window counts from delivery (from hand-over for a seller's own AWB).
NIAGA_CONFIRM_WITHIN_DAYS = env.NIAGA_CONFIRM_WITHIN_DAYS  # then the order completes by itself
# A completed order's lines can be reviewed for this many days after "Selesai" (its event).
NIAGA_REVIEW_WITHIN_DAYS = env.NIAGA_REVIEW_WITHIN_DAYS
# A user's data export (niaga.privacy) is kept for download this many days, then deleted.
NIAGA_DATA_EXPORT_DAYS = env.NIAGA_DATA_EXPORT_DAYS
# Komplain: the seller answers within N working days (silence decides for the buyer); the
# buyer answers an offer or a rejection within N working days (silence lets it stand).
NIAGA_COMPLAINT_RESPOND_WORKING_DAYS = env.NIAGA_COMPLAINT_RESPOND_WORKING_DAYS
NIAGA_COMPLAINT_BUYER_RESPOND_WORKING_DAYS = env.NIAGA_COMPLAINT_BUYER_RESPOND_WORKING_DAYS
# Penilaian Toko: figures over a rolling window; penalty points (late shipments, seller
# cancellations) live for their own window, and above the threshold a store sits out flash sales.
NIAGA_REPUTATION_WINDOW_DAYS = env.NIAGA_REPUTATION_WINDOW_DAYS
NIAGA_REPUTATION_PENALTY_WINDOW_DAYS = env.NIAGA_REPUTATION_PENALTY_WINDOW_DAYS
NIAGA_REPUTATION_PENALTY_THRESHOLD = env.NIAGA_REPUTATION_PENALTY_THRESHOLD
# Returns: the buyer books the return within N days; the seller confirms what came back within
# N working days of delivery (silence: for the buyer); an exchange's replacement ships within N.
NIAGA_RETURN_SHIP_WITHIN_DAYS = env.NIAGA_RETURN_SHIP_WITHIN_DAYS
NIAGA_RETURN_CONFIRM_WORKING_DAYS = env.NIAGA_RETURN_CONFIRM_WORKING_DAYS
NIAGA_REPLACEMENT_SHIP_WORKING_DAYS = env.NIAGA_REPLACEMENT_SHIP_WORKING_DAYS
# What the gateway charges per payment, by method family: (flat Rupiah, basis points).
# Defaults are close to Midtrans' published rates; put your contract's in here.
NIAGA_GATEWAY_FEES = {
    "bank_transfer": (4000, 0),
    "ewallet": (0, 200),
    "qris": (0, 70),
    "outlet": (5000, 0),
    "card": (2000, 290),
    "paylater": (0, 200),
    "saldo": (0, 0),
}
# The platform's commission on each completed order, in basis points (500 = 5%).
NIAGA_COMMISSION_BPS = env.NIAGA_COMMISSION_BPS
# What the commission is taken on: "goods" (the product price, as Indonesian marketplaces
# do) or "goods_and_shipping" (the order's total, shipping the buyer paid included).
NIAGA_COMMISSION_BASE = env.NIAGA_COMMISSION_BASE

# The offline sandbox (banks, e-wallets) served under /sandbox/. Off in production.
# Rate limits (429 + Retry-After) on login, cart, checkout and payment; NIAGA_RATE_LIMITS=0 turns them off.
RATELIMIT_ENABLE = env.NIAGA_RATE_LIMITS
RATELIMIT_FAIL_OPEN = True  # a cache outage must not lock buyers out
RATELIMIT_IP_META_KEY = env.NIAGA_CLIENT_IP_HEADER or None  # e.g. HTTP_X_REAL_IP behind nginx
NIAGA_CHAT_MESSAGES_PER_MINUTE = env.NIAGA_CHAT_MESSAGES_PER_MINUTE  # Tanya Penjual, per account
# Checkout lets in at most this many new buyers a minute, the rest wait in line (0: no waiting room).
NIAGA_WAITING_ROOM_PER_MINUTE = env.NIAGA_WAITING_ROOM_PER_MINUTE

# Anonymous catalogue pages and API reads are kept this long (0: off); see core/pagecache.py.
NIAGA_PAGE_CACHE_SECONDS = env.NIAGA_PAGE_CACHE_SECONDS
# A page with a mark (a product page: its units, its flash offer) is asked again when its
# seconds are up and kept on if unchanged, for at most this long since it was rendered (a
# release's new templates reach such pages within it).
NIAGA_PAGE_KEEP_SECONDS = env.NIAGA_PAGE_KEEP_SECONDS
# Each app process also keeps the hottest pages in its own memory, up to this much.
NIAGA_PAGE_CACHE_MEMORY_MB = env.NIAGA_PAGE_CACHE_MEMORY_MB

# /metrics answers only `Authorization: Bearer <this>`; unset, it is closed (make run sets one from var/).
NIAGA_METRICS_TOKEN = env.NIAGA_METRICS_TOKEN
# Set, each worker process writes its metrics there and /metrics sums them (prometheus_client
# reads the variable itself; this copy tells core.metrics which registry to answer from).
PROMETHEUS_MULTIPROC_DIR = env.PROMETHEUS_MULTIPROC_DIR

# The flash-sale gate (a Lua script in Redis); without it the database alone admits buyers.
NIAGA_FLASH_GATE_URL = env.NIAGA_FLASH_GATE_URL
# A gate that has not answered in this long counts as down: the attempt takes the database path.
NIAGA_FLASH_GATE_TIMEOUT = env.NIAGA_FLASH_GATE_TIMEOUT
# Buyers the gate admits get their answer at once; a job consumer places their orders.
NIAGA_FLASH_PLACE_LATER = env.NIAGA_FLASH_PLACE_LATER

# Couriers: a Biteship-style shipping API; by default the simulator served under /sandbox/kurir.
NIAGA_COURIER_BASE_URL = env.NIAGA_COURIER_BASE_URL
NIAGA_COURIER_API_KEY = env.NIAGA_COURIER_API_KEY
NIAGA_COURIER_TIMEOUT = env.NIAGA_COURIER_TIMEOUT
NIAGA_COURIER_POLL_MINUTES = env.NIAGA_COURIER_POLL_MINUTES  # tracking is polled this often

NIAGA_SANDBOX_ENABLED = env.NIAGA_SANDBOX_ENABLED
# The sandbox's pages for people (3-D Secure, e-wallet PIN, QR) as its API answers link them;
# empty: the address the API was called at.
NIAGA_SANDBOX_PAGES_URL = env.NIAGA_SANDBOX_PAGES_URL
NIAGA_SANDBOX_SERVER_KEY = env.NIAGA_SANDBOX_SERVER_KEY
NIAGA_SANDBOX_NOTIFICATION_URL = env.NIAGA_SANDBOX_NOTIFICATION_URL
NIAGA_SANDBOX_EWALLET_PIN = env.NIAGA_SANDBOX_EWALLET_PIN
# Where the sandbox sends a buyer after 3-D Secure or PayLater (Midtrans' dashboard setting).
NIAGA_SANDBOX_FINISH_REDIRECT_URL = env.NIAGA_SANDBOX_FINISH_REDIRECT_URL
NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = env.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS
NIAGA_SANDBOX_WALLET_DEMO_BALANCE = env.NIAGA_SANDBOX_WALLET_DEMO_BALANCE
# Multiplies the notification retry delays (2, 10, 30, 90, 210 min); 0.01 for a fast demo.
NIAGA_SANDBOX_RETRY_SCALE = env.NIAGA_SANDBOX_RETRY_SCALE
NIAGA_SANDBOX_COURIER_API_KEY = env.NIAGA_SANDBOX_COURIER_API_KEY
# Seconds of real time per hour of a parcel's journey: 3600 is real time, 10 makes a day four minutes.
NIAGA_SANDBOX_COURIER_HOUR_SECONDS = env.NIAGA_SANDBOX_COURIER_HOUR_SECONDS

# JSON lines with the request id (NIAGA_LOG_FORMAT=plain for a human at a terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "niaga.core.requestlog.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.NIAGA_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    "loggers": {"huey": {"level": "WARNING"}},
}
