"""govsite settings: everything that differs between machines comes from the environment (DESIGN.md §3)."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GOVSITE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("GOVSITE_DEBUG", False)
SECRET_KEY = os.environ.get("GOVSITE_SECRET_KEY", "")
if not SECRET_KEY:
    # A per-machine key kept under var/, so a fresh clone needs no set-up and no key lives in the repo.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("GOVSITE_ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
# Every site answers on <code>.<GOVSITE_HOST_SUFFIX> (demo: weibin.localhost:8000).
GOVSITE_HOST_SUFFIX = os.environ.get("GOVSITE_HOST_SUFFIX", "localhost")

INSTALLED_APPS = [
    "orgs",
    "sites",
    "columns",
    "content",
    "review",
    "portal",
    "services",
    "seeds",
    "inspection",
    "workdays",
    "interaction",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # Wagtail's relative times use its naturaltime; installed, its zh_Hans catalogue loads
    "rest_framework",  # the admin API's framework; installed, its zh_Hans catalogue loads (error messages)
    "drf_spectacular",  # the OpenAPI schema of /api/v1/
    "captcha",  # django-simple-captcha on public forms
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PublicPageCacheMiddleware",  # before sessions: a cached page is served without them
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orgs.middleware.PasswordPolicyMiddleware",
    "orgs.lockout.AddressThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    "content.publishing.PublicationRefusedMiddleware",
]

ROOT_URLCONF = "govsite.urls"
WSGI_APPLICATION = "govsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_identity",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'govsite.sqlite3'}"),
        conn_max_age=int(os.environ.get("GOVSITE_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "govsite.redis_cache.RedisCache", "LOCATION": REDIS_URL}}  # one client per pool
    # Parallel test workers (pytest-xdist's gw0, gw1, …) each take their own Redis database: each test empties
    # the cache it starts with, which must not empty another worker's in the middle of its test.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        _base = urlsplit(REDIS_URL)
        _database = int(_base.path.strip("/") or 0) + 1 + int(_worker[2:])
        CACHES["default"]["LOCATION"] = urlunsplit(_base._replace(path=f"/{_database % 16}"))
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run in-process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Wagtail's own tasks (search and reference index after each page save): to the Celery workers after commit when
# there is a broker, in-process otherwise (portal.tasks).
TASKS = {"default": {"BACKEND": "portal.tasks.AfterCommitCeleryBackend"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password rules of the seeds (000 第四条, 002 第八条, 003 第二十二条, 004 第十七条).
GOVSITE_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GOVSITE_PASSWORD_MAX_AGE_DAYS", "90"))
GOVSITE_PASSWORD_HISTORY = int(os.environ.get("GOVSITE_PASSWORD_HISTORY", "5"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "orgs.passwords.CharacterClassValidator"},
    {"NAME": "orgs.passwords.PasswordHistoryValidator"},
]

# Lockout after repeated failures (django-axes), per (username, address) PAIR: failures under other
# usernames from one office NAT address never lock a colleague out (orgs.lockout). Behind nginx set
# GOVSITE_PROXY_COUNT=1 so the client address is read from X-Forwarded-For as the proxy wrote it, not as the
# client claimed it.
AXES_FAILURE_LIMIT = int(os.environ.get("GOVSITE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("GOVSITE_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the end time the lockout page states stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # orgs.lockout counts these rows per address
AXES_LOCKOUT_CALLABLE = "orgs.lockout.lockout_response"
# Per address, whatever username is typed: more failures than this within the window and further login
# attempts from the address wait (HTTP 429 with the seconds left); no account is locked by it. Keep it
# well above GOVSITE_LOGIN_FAILURE_LIMIT: an office behind one NAT shares it.
GOVSITE_ADDRESS_THROTTLE_FAILURES = int(os.environ.get("GOVSITE_ADDRESS_THROTTLE_FAILURES", "20"))
GOVSITE_ADDRESS_THROTTLE_SECONDS = int(os.environ.get("GOVSITE_ADDRESS_THROTTLE_SECONDS", "300"))
# The number of proxies of ours in front (nginx: 1). The client is the entry that many places from the right
# of X-Forwarded-For (each proxy appends what it saw); anything further left is what the client wrote.
GOVSITE_PROXY_COUNT = int(os.environ.get("GOVSITE_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "orgs.lockout.client_address"
AXES_USERNAME_FORM_FIELD = "username"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAILADMIN_USER_LOGIN_FORM = "orgs.forms.AdminLoginForm"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from app folders when collectstatic has not run (tests, demo)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GOVSITE_MEDIA_ROOT", VAR_DIR / "media"))

WAGTAIL_SITE_NAME = "govsite 政府网站集约化平台"
WAGTAILADMIN_BASE_URL = os.environ.get("GOVSITE_ADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The last approval of a review chain publishes through review's gate (checks first).
WAGTAIL_FINISH_WORKFLOW_ACTION = "review.workflow_finish.publish_approved_workflow_state"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "ofd", "wps", "zip"]

LOGIN_URL = "wagtailadmin_login"
SESSION_COOKIE_AGE = int(os.environ.get("GOVSITE_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
if env_bool("GOVSITE_HTTPS", False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING"}},
}

# Public API /api/v1/ (govsite/api_urls.py): OpenAPI schema by drf-spectacular, only the /api/v1/ paths.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "govsite API",
    "DESCRIPTION": "政府网站集约化平台公共接口 / public API of the govsite platform",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["govsite.api_urls.only_public_api"],
    "SERVE_INCLUDE_SCHEMA": False,
}

# Column reminders (columns.reminders, issue 9): working days ahead of a column's due date at which its
# responsible 信息员 are reminded; Celery beat runs the daily round at 08:30 Beijing time (production, REDIS_URL
# set); without Redis, run `python manage.py column_reminders` from cron once a day.
COLUMN_REMINDER_WORKDAYS = int(os.environ.get("GOVSITE_COLUMN_REMINDER_WORKDAYS", "3"))

# 政民互动 and working days (interaction, workdays apps): who fills the holiday table.
WORKDAYS_TABLE_EDITOR = "interaction.access.may_edit_workday_table"

# --- Scheduled work (Celery beat in production; each task also has a manage.py command for the embedded default) ---
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "inspection-probes": {"task": "inspection.tasks.probe_all_sites", "schedule": 5 * 60},  # ≥ 20 a day (单项否决2)
    "inspection-daily-round": {"task": "inspection.tasks.inspect_all_sites", "schedule": crontab(hour=6, minute=0)},
    "inspection-weekly-round": {
        "task": "inspection.tasks.inspect_all_sites", "schedule": crontab(hour=2, minute=0, day_of_week="sunday"),
        "kwargs": {"full": True},
    },
    # 政民互动: reminders, escalation of overdue cases, unopened-mailbox alerts; every morning
    "interaction-daily": {"task": "interaction.daily_round", "schedule": crontab(hour=8, minute=0)},
    # 栏目: reminders to the responsible 信息员 before a column falls due
    "columns-daily-reminders": {"task": "columns.send_column_reminders", "schedule": crontab(hour=8, minute=30)},
}

# Public pages (issue 11, portal/services): `make demo` serves uploaded files at /media/ itself
# (GOVSITE_SERVE_MEDIA=1); production leaves /media/ to nginx or object storage.
GOVSITE_SERVE_MEDIA = env_bool("GOVSITE_SERVE_MEDIA", False)

# Public page speed (issue 11 part 4): the page cache in front of Wagtail, static publication (静态发布) for
# nginx, and sitemaps written on publish. All files live under GOVSITE_PUBLIC_ROOT (nginx's root for them).
GOVSITE_PUBLIC_ROOT = Path(os.environ.get("GOVSITE_PUBLIC_ROOT", VAR_DIR / "public"))
GOVSITE_STATIC_PUBLICATION = os.environ.get("GOVSITE_STATIC_PUBLICATION", "1") == "1"
GOVSITE_PAGE_CACHE_SECONDS = int(os.environ.get("GOVSITE_PAGE_CACHE_SECONDS", 24 * 3600))
GOVSITE_PUBLIC_MAX_AGE = int(os.environ.get("GOVSITE_PUBLIC_MAX_AGE", 0))  # browsers revalidate (304) each time


# Chinese search (search app): the engine behind search.engine.get_engine(); the database engine (SQLite FTS5 or
# PostgreSQL tsvector + GIN) by default. An OpenSearch/Elasticsearch engine would be another dotted path here.
GOVSITE_SEARCH_ENGINE = os.environ.get("GOVSITE_SEARCH_ENGINE", "search.engine.database.DatabaseEngine")
