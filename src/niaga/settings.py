"""Settings for Niaga, from the environment variables named in niaga/env.py, with safe local defaults.

Local runs need nothing set: SQLite under var/, a secret key generated once into var/,
the job queue in a SQLite file, and the payment gateway pointed at the bundled sandbox.
"""

import base64
import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

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
    "axes",  # lockout after failed sign-ins (accounts/lockout.py)
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
    "niaga.purchasing",
    "niaga.tax",
    "niaga.reports",
    "niaga.imports",
    "niaga.demo",
    "niaga.sandbox",
]

MIDDLEWARE = [
    "niaga.core.compress.TextGZipMiddleware",  # first: it compresses what the rest produced
    "django.middleware.security.SecurityMiddleware",
    "niaga.core.contentpolicy.ContentPolicyMiddleware",  # early: every answer below gets the header
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
    "niaga.accounts.middleware.SessionActivityMiddleware",  # allauth.usersessions, throttled
    "niaga.audit.context.CurrentRequestMiddleware",  # who changed a role, for the audit trail
    "niaga.core.throttle.ThrottleMiddleware",
    "niaga.core.waitingroom.WaitingRoomMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After sessions, users and messages: staff pass a second factor before /admin/ and /operator/, and changing a factor takes one.
    "niaga.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # a locked sign-in, on a page or /admin/, becomes the 429 page
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
    # First: refuses every sign-in, the right password too, while the account or address is locked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",  # by e-mail, case-insensitively
]
# allauth: accounts are known by e-mail; the User model has no username. Niaga's rules (full
# name and phone at sign-up, the client's address, wording) are in niaga.accounts.adapter.
ACCOUNT_ADAPTER = "niaga.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "niaga.accounts.forms.SignupDetails"
ACCOUNT_FORMS = {  # allauth's forms, in Niaga's words
    "login": "niaga.accounts.allauth_forms.LoginForm",
    "signup": "niaga.accounts.allauth_forms.SignupForm",
    "reset_password": "niaga.accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "niaga.accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "niaga.accounts.allauth_forms.ChangePasswordForm",
}
ACCOUNT_USER_DISPLAY = "niaga.accounts.adapter.display_name"
# Sign-up never tells whether an e-mail has an account: a taken address gets the same "check
# your e-mail" answer, and its owner an e-mail saying someone tried. That holds only if nobody
# is signed in before opening the link (allauth refuses it with "optional"), so verification is
# mandatory; the link signs the buyer in at once (and keeps the guest cart in that browser).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # a new address replaces the old once verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password changed or reset, e-mail changed: the owner is told
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Niaga] "
ACCOUNT_SESSION_REMEMBER = True  # phones stay signed in, as before
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # this session stays; the others end (accounts.receivers)
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's own limits (failed sign-ins, resets, sign-ups per address) follow NIAGA_RATE_LIMITS.
# Its failed sign-in limit per account sits above axes' lock (5): axes locks first, so the owner
# is e-mailed and an operator sees the lock; allauth's still bounds guesses of a second factor's
# code (8 per 5 minutes per account), which axes does not see.
# Sign-ins and sign-ups per address are sized for a class behind one NAT (NIAGA_CLASS_SIZE at 2 a
# minute each, as core/throttle.py's); guessing is bounded by the failures counted here and by axes.
_CLASS_SIGN_INS = max(30, 2 * env.NIAGA_CLASS_SIZE)
ACCOUNT_RATE_LIMITS: dict | bool = (
    {
        "login_failed": "10/m/ip,8/300s/key",
        "login": f"{_CLASS_SIGN_INS}/m/ip",
        "signup": f"{_CLASS_SIGN_INS}/m/ip",
    }
    if env.NIAGA_RATE_LIMITS
    else False
)
# Sessions are listed with their device and address; "last seen" is written at most once per
# NIAGA_SESSION_SEEN_SECONDS per session (accounts.middleware), not on every request.
USERSESSIONS_TRACK_ACTIVITY = False
NIAGA_SESSION_SEEN_SECONDS = 300
LOGIN_URL = "account_login"
# Two factors (allauth.mfa): an authenticator app (TOTP) with recovery codes, and passkeys.
# Required for staff before /admin/ and /operator/ (accounts.middleware),
# asked again before a payout or a bank change (accounts.stepup), optional for buyers.
MFA_ADAPTER = "niaga.accounts.mfa.NiagaMFAAdapter"  # secrets encrypted at rest, the passkeys' RP from settings
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Niaga"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side: a phone's clock a little off still signs in
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
NIAGA_WEBAUTHN_RP_ID = env.NIAGA_WEBAUTHN_RP_ID
NIAGA_WEBAUTHN_RP_NAME = env.NIAGA_WEBAUTHN_RP_NAME
# A second factor passed within this many minutes counts for a step-up (accounts.stepup).
NIAGA_STEP_UP_MINUTES = env.NIAGA_STEP_UP_MINUTES
LOGIN_REDIRECT_URL = "/"

# Lockout (django-axes; accounts/lockout.py says how): 5 failures lock an account, 20 an
# address, counted in the database every app server shares, over a sliding window with
# back-off (15 min, doubling, at most 24 h). Tests turn it off (conftest) except its own.
AXES_ENABLED = env.NIAGA_LOCKOUT
# API tokens live this many days unless their owner asks for fewer (accounts/scopes.py: what they may do).
NIAGA_API_TOKEN_DAYS = env.NIAGA_API_TOKEN_DAYS
AXES_HANDLER = "niaga.accounts.lockout.Handler"
AXES_FAILURE_LIMIT = 5  # lockout.ACCOUNT_LIMIT; the address's 20 are scaled onto it
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_USERNAME_CALLABLE = "niaga.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "niaga.accounts.lockout.address_of"
AXES_COOLOFF_TIME = "niaga.accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each row expires by its own back-off, not by the next caller's
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # hammering a lock keeps it on, and longer
# A success does not wipe the failures: it would wipe the address's too, and an attacker
# with an account of their own could reset their address between guesses.
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are the audit trail's (auth.login); no second table written per login
AXES_LOCKOUT_CALLABLE = "niaga.accounts.lockout.response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password1", "password2", "login", "email"]

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
# Pictures a catalogue import fetches by URL (imports/fetch.py): the byte cap, and the hosts
# allowed on local or private addresses (none: only public addresses are fetched).
NIAGA_IMPORT_IMAGE_MAX_BYTES = env.NIAGA_IMPORT_IMAGE_MAX_BYTES
NIAGA_IMPORT_IMAGE_HOSTS = env.NIAGA_IMPORT_IMAGE_HOSTS
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

# --- Transport: NIAGA_HTTPS turns every HTTPS-only protection on (README, Security) ----------
NIAGA_HTTPS = env.NIAGA_HTTPS
SECURE_SSL_REDIRECT = NIAGA_HTTPS
# Load balancers and Prometheus reach each app server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = env.NIAGA_PROXY_SSL_HEADER
SECURE_HSTS_SECONDS = env.NIAGA_HSTS_SECONDS if NIAGA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.NIAGA_HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = env.NIAGA_HSTS_PRELOAD
# NIAGA_SECURE_COOKIES is the older switch for the cookies alone, still read.
SESSION_COOKIE_SECURE = NIAGA_HTTPS or env.NIAGA_SECURE_COOKIES
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content-Security-Policy (django-csp; core/contentpolicy.py). Nothing inline: scripts and
# styles are static files, so no 'unsafe-inline' and no 'unsafe-eval'. The gateway's origin
# (and the sandbox's pages, when elsewhere) is allowed where the payment page needs it: the
# card form asks it for a token (connect-src), its QR codes are images (img-src), and the card
# form's answer may redirect to its 3-D Secure page (form-action covers redirects after a post).
_GATEWAY = list(
    dict.fromkeys(
        f"{u.scheme}://{u.netloc}"
        for u in map(urlsplit, (env.NIAGA_MIDTRANS_BASE_URL, env.NIAGA_SANDBOX_PAGES_URL, env.NIAGA_PUBLIC_URL))
        if u.scheme in ("http", "https") and u.netloc
    )
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_GATEWAY],  # data: allauth's TOTP QR code (an SVG)
        "font-src": [SELF],
        "connect-src": [SELF, *_GATEWAY],
        "form-action": [SELF, *_GATEWAY],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        "upgrade-insecure-requests": NIAGA_HTTPS,
        "report-uri": ["/csp-report"],
    },
}

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
# Marketplace tax: PPh Pasal 22 collected at payment (PMK 37/2025) and PPN on the platform's
# own fees (PMK 131/2024). Each rule is dated: a change of rule is a new entry with its start,
# never an edit of the old one (niaga.tax.rules picks the entry in force on a date).
NIAGA_TAX_PPH22_RULES = [
    {
        "code": "PMK-37/2025",
        "since": "2025-07-14",  # PMK 37/2025 in force 14 July 2025
        "bps": env.NIAGA_TAX_PPH22_BPS,  # Pasal 8: 0.5% of gross turnover, excluding PPN/PPnBM
        "threshold": env.NIAGA_TAX_PPH22_THRESHOLD,  # the statement of turnover ≤ Rp500 million
        "base": env.NIAGA_TAX_PPH22_BASE,  # "goods": the courier's shipping is not the seller's turnover
    },
]
NIAGA_TAX_PPN_RULES = [
    {
        "code": "PMK-131/2024",
        "since": "2025-01-01",  # 12% (UU HPP) on DPP nilai lain 11/12: 11% in effect
        "bps": env.NIAGA_TAX_PPN_BPS,
        "dpp": (env.NIAGA_TAX_PPN_DPP_NUMERATOR, env.NIAGA_TAX_PPN_DPP_DENOMINATOR),
        "included": env.NIAGA_TAX_PPN_INCLUDED,
    },
]

# The offline sandbox (banks, e-wallets) served under /sandbox/. Off in production.
# Rate limits (429 + Retry-After) on login, cart, checkout and payment; NIAGA_RATE_LIMITS=0 turns them off.
RATELIMIT_ENABLE = env.NIAGA_RATE_LIMITS
RATELIMIT_FAIL_OPEN = True  # a cache outage must not lock buyers out
RATELIMIT_IP_META_KEY = env.NIAGA_CLIENT_IP_HEADER or None  # e.g. HTTP_X_REAL_IP behind nginx
# Signed-in requests count per account; one address holds this many accounts at their own rate
# (a class on a campus NAT), and this many sign-ins at 2 a minute each.
NIAGA_CLASS_SIZE = env.NIAGA_CLASS_SIZE
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
