"""Settings for the 晒比会 board.

Everything comes from the environment. With nothing set the app runs
embedded: an SQLite file in the project and Celery tasks executed in-process.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting. A value that is neither (SECURE_COOKIES=ture) stops the start:
    read as false it would silently turn a protection off."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} 不是有效的开关值：请用 true/false（或 1/0、yes/no、on/off）"
    )


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # HTTPS cookies mean a real deployment: never sign its sessions with a published key.
    if not DEBUG and (
        os.environ.get("SHOWCASE_REQUIRE_SECRET_KEY") or env_bool("SECURE_COOKIES", False)
    ):
        raise RuntimeError("SECRET_KEY must be set in production (SECURE_COOKIES=true)")
    # The embedded default: a key that is only ever used on a developer's machine. Its
    # "django-insecure-" prefix makes `manage.py check --deploy` flag it (security.W009).
    SECRET_KEY = "django-insecure-embedded-default-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "django_celery_beat",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    # Not "rest_framework": the API renders JSON only and needs none of its templates, and
    # its translations would replace Django's own Chinese form messages on every page.
    "rest_framework_api_key",
    "drf_spectacular",
    "accounts",
    "actions",
    "zzd",
    "reporting",
    "scoring",
    "meetings",
    "outlets",
    "showcase",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "showcase.middleware.PolicyOnceMiddleware",  # django-csp's CSPMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "showcase.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "showcase.middleware.HtmxAuthMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "showcase.middleware.UnreadableUploadMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "showcase.urls"

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
                "django.template.context_processors.i18n",
                "showcase.context_processors.showcase",
            ],
        },
    },
    {
        # Only for the pieces a page repeats per item (templates/jinja2/, see
        # showcase/jinja2.py); a view asks for them with using="jinja2".
        "BACKEND": "showcase.jinja2.Engine",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "showcase.jinja2.environment"},
    },
]

WSGI_APPLICATION = "showcase.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several writers (web + worker) share one file: wait rather than fail.
    # IMMEDIATE: a write transaction takes the lock when it begins, so a concurrent
    # writer waits (timeout) instead of failing with "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not the in-memory default: the browser tests' live server then
    # gives each request thread its own connection instead of sharing the test's one.
    # One file per test process, so parallel runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"showcase-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Who may do what: accounts/rules.py, asked through user.has_perm.
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.LoginBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): five failures lock the account and address. The
# failures are counted in the database, so every web node sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours = 15 minutes
# Two separate parameters, not one combination: five failures lock the username from
# every address, and the address for every username (a guesser cannot rotate either).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind nginx every request comes from 127.0.0.1; take the client from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "showcase.client_ip.client_ip"
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Idle sessions end after 30 minutes: showcase.sessions.SessionRefreshMiddleware moves
# the expiry forward once a minute while the user is active.
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy on every response (django-csp; deploy/nginx-showcase.conf sends
# the same). Every script is a static file: no inline script, no eval. Styles come from
# static files too; the one inline style attribute left is django-simple-history's admin
# paginator ("border-top: 0"), allowed by its hash alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [
            UNSAFE_HASHES,
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A list filter's choice that filters nothing, on every list page.
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes; a test that starts real servers collects into its own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES = BASE_DIR / "node_modules"
for prefix, sub in [
    ("vendor/bootstrap", "bootstrap/dist"),
    ("vendor/htmx", "htmx.org/dist"),
]:
    if (NODE_MODULES / sub).is_dir():
        STATICFILES_DIRS.append((prefix, NODE_MODULES / sub))
# Built by bin/setup (npm run build:css): Bootstrap's CSS cut down to what our pages use.
STATICFILES_DIRS.append(("vendor/bootstrap-purged", BASE_DIR / "build" / "css"))
# Outside DEBUG, pages name the hashed copies that `collectstatic` writes to STATIC_ROOT
# (bin/run and docs/production.md run it), each with its gzip twin; whitenoise
# serves those with a far-future, immutable Cache-Control, since a changed file gets a
# new name. Without collectstatic, a page fails loudly rather than serving stale CSS.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Unhashed names (e.g. /static/css/showcase.css typed by hand) are cached one hour.
WHITENOISE_MAX_AGE = 3600
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Several app servers: uploaded and generated files (evidence and thumbnails, ledgers,
# meeting workbooks, 通报 PDFs) in an S3-compatible bucket through django-storages and
# boto3.
# The bucket stays private: every download passes the app's access checks and is
# streamed by it (docs/production.md).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # None: boto3's own chain (an instance role, ~/.aws/credentials).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            # A URL the storage hands out is signed and short-lived, never public.
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
    if os.environ.get("EVIDENCE_ACCEL_REDIRECT"):
        raise ImproperlyConfigured(
            "EVIDENCE_ACCEL_REDIRECT 须留空：文件在对象存储中，nginx 无法读取，由应用传送"
        )
MEDIA_URL = "media/"
# Behind nginx: the internal location evidence files (佐证材料) are sent from after the app
# has checked who asks (X-Accel-Redirect; deploy/nginx-showcase.conf). Empty: the app
# streams them itself.
EVIDENCE_ACCEL_REDIRECT = os.environ.get("EVIDENCE_ACCEL_REDIRECT", "")

# The site's address as people open it, for links sent outside (the webhooks' "url",
# 浙政钉 工作通知 and 待办).
SHOWCASE_SITE_URL = os.environ.get("SHOWCASE_SITE_URL", "http://127.0.0.1:8000")
# The district's default work group robot (钉钉 / 浙政钉 自定义机器人) for 催报 and notices;
# a unit's own robot (Unit.robot_webhook) takes precedence. Unset: no robot messages.
SHOWCASE_ROBOT_WEBHOOK = os.environ.get("SHOWCASE_ROBOT_WEBHOOK", "")
SHOWCASE_ROBOT_SECRET = os.environ.get("SHOWCASE_ROBOT_SECRET", "")
# 浙政钉 (专有钉钉) H5 micro-app: 免登, 工作通知 and 待办 through the open platform gateway
# (e.g. https://openplatform-pro.ding.zj.gov.cn, or the local one of `manage.py zzd_gateway`).
# Unset: off, and no page mentions it.
ZZD_DOMAIN = os.environ.get("ZZD_DOMAIN", "")
ZZD_APP_KEY = os.environ.get("ZZD_APP_KEY", "")
ZZD_APP_SECRET = os.environ.get("ZZD_APP_SECRET", "")
ZZD_TENANT_ID = os.environ.get("ZZD_TENANT_ID", "")
ZZD_TIMEOUT_SECONDS = float(os.environ.get("ZZD_TIMEOUT_SECONDS", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "showcase@localhost")
# For EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds one SMTP exchange may take. Django's default waits forever: a mail server
# behind a firewall that drops packets would hold a Celery worker for good.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# A web node keeps no state of its own. Unset: each process keeps its own small cache
# of rendered board tables, which only ever holds what any process would build the
# same. Several app machines share one Redis (Django's own RedisCache backend); the
# sessions are then read through it and still written to the database, so a restart of
# Redis logs nobody out.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
    SESSION_ENGINE = "showcase.cached_sessions"  # Django's cached_db
else:
    SESSION_ENGINE = "showcase.sessions"  # Django's db

# Celery: unset broker means tasks run eagerly in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged task (its worker died) after this many seconds;
# longer than any task, far shorter than Redis's default hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The API of DESIGN §9 (/api/v1/): JSON only, read only, an API key on every request (a
# session never opens it), each key throttled at its own rate in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["outlets.api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["outlets.api.access.HasApiKey"],
    "DEFAULT_THROTTLE_CLASSES": ["outlets.api.access.KeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "晒比会 board API",
    "DESCRIPTION": "已发布月份的榜单、事项、预警和年度计划（只读）。"
    "每个请求带 `Authorization: Api-Key <key>`。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {"BandEnum": "outlets.api.serializers.BANDS"},
}

# django-tables2's bootstrap5-responsive markup, drawn by Jinja2 (templates/jinja2/tables/).
DJANGO_TABLES2_TEMPLATE = "tables/bootstrap5-responsive.html"

# Showcase-specific.
SHOWCASE_DISTRICT_NAME = os.environ.get("SHOWCASE_DISTRICT_NAME", "莲都区")
SHOWCASE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    if env_bool("SECURE_COOKIES", False):
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
        SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        SECURE_HSTS_PRELOAD = True
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Load balancers probe plain HTTP on the app port; a redirect is not an answer.
        SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks still build (and never open) a broker connection from the empty URL,
    # and kombu warns "No hostname was supplied" on stderr of every command that queues
    # one (import_ledger, publish_month): noise for the scripts that read that output.
    LOGGING["loggers"] = {"kombu.connection": {"level": "ERROR"}}
