"""Configuration, read from environment variables when a config object is made.

``load_config()`` picks the class from ``ENVIRONMENT`` (development, test,
production). Every variable is documented in ``.env.example``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Development-only fallbacks. Production refuses to start with any of them.
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"  # noqa: S105 - a known placeholder, rejected in production
DEV_JWT_SECRET_KEY = "dev-only-jwt-secret-key-never-use-in-production"  # noqa: S105 - same
KNOWN_PLACEHOLDER_SECRETS = {
    DEV_SECRET_KEY,
    DEV_JWT_SECRET_KEY,
    "your-super-secret-key-change-in-production",
    "change-me",
    "secret",
}
MIN_SECRET_LENGTH = 32
MAKE_KEY_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app may run with."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw.split("#", 1)[0].strip())
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def database_url(raw: str) -> str:
    """Use the psycopg 3 driver for any PostgreSQL URL (``postgres://`` included)."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


class BaseConfig:
    """Settings shared by every environment; subclasses adjust the defaults."""

    ENVIRONMENT = "development"
    DEBUG = False
    TESTING = False
    default_secret_key: str | None = DEV_SECRET_KEY
    default_jwt_secret_key: str | None = DEV_JWT_SECRET_KEY

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        instance = Path(env.get("INSTANCE_DIR") or INSTANCE_DIR)
        self.INSTANCE_DIR = str(instance)

        self.SECRET_KEY = env.get("SECRET_KEY") or self.default_secret_key
        self.JWT_SECRET_KEY = env.get("JWT_SECRET_KEY") or self.default_jwt_secret_key
        self.DEBUG = _bool(env.get("DEBUG"), self.DEBUG)

        self.SQLALCHEMY_DATABASE_URI = database_url(
            env.get("DATABASE_URL") or f"sqlite:///{instance / 'clinic.db'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.HUEY_SQLITE_PATH = env.get("HUEY_SQLITE_PATH") or str(instance / "huey.db")
        # Queue name (Redis key prefix): lets several installs or test runs share one Redis.
        self.HUEY_NAME = env.get("HUEY_NAME") or "clinic"

        self.JWT_ACCESS_TOKEN_EXPIRES = timedelta(
            minutes=_int(env, "ACCESS_TOKEN_EXPIRE_MINUTES", 30)
        )
        self.JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_int(env, "REFRESH_TOKEN_EXPIRE_DAYS", 7))
        self.JWT_TOKEN_LOCATION = ["headers"]
        self.JWT_ALGORITHM = "HS256"
        self.JWT_DECODE_ALGORITHMS = ["HS256"]

        self.SMTP_HOST = env.get("SMTP_HOST") or None
        self.SMTP_PORT = _int(env, "SMTP_PORT", 587)
        self.SMTP_USER = env.get("SMTP_USER") or None
        self.SMTP_PASSWORD = env.get("SMTP_PASSWORD") or None
        self.SMTP_USE_TLS = _bool(env.get("SMTP_USE_TLS"), self.SMTP_PORT == 587)
        self.MAIL_FROM = env.get("MAIL_FROM") or "Clinic <no-reply@clinic.local>"

        self.MAX_FILE_SIZE = _int(env, "MAX_FILE_SIZE", 5 * 1024 * 1024)
        # The whole request may carry a little more than the file: form fields, boundaries.
        self.MAX_CONTENT_LENGTH = self.MAX_FILE_SIZE + 64 * 1024
        self.UPLOAD_DIR = env.get("UPLOAD_DIR") or str(instance / "uploads")
        self.ALLOWED_IMAGE_TYPES = [
            t.strip()
            for t in (env.get("ALLOWED_IMAGE_TYPES") or "image/jpeg,image/png").split(",")
            if t.strip()
        ]
        self.CLINIC_TIMEZONE = env.get("CLINIC_TIMEZONE") or "Asia/Dhaka"
        self.CLINIC_NAME = env.get("CLINIC_NAME") or "Clinic"

        self.RATELIMIT_ENABLED = _bool(env.get("RATELIMIT_ENABLED"), True)
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True
        # Failed sign-ins (flask-limiter syntax); web and API count together.
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get("LOGIN_LIMIT_PER_ACCOUNT") or "5 per minute"
        self.LOGIN_LIMIT_PER_ADDRESS = env.get("LOGIN_LIMIT_PER_ADDRESS") or "20 per minute"

        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host.
        # 0 trusts none (a client could otherwise fake its address to dodge rate limits).
        self.PROXY_FIX_X_FOR = _int(env, "PROXY_FIX_X_FOR", 0)

        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_DURATION = timedelta(days=14)
        # An idle session ends after this long (refreshed on every request).
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=_int(env, "SESSION_IDLE_HOURS", 8))
        self.SESSION_REFRESH_EACH_REQUEST = True
        # Tie CSRF tokens to the session so an htmx page left open keeps working.
        self.WTF_CSRF_TIME_LIMIT = None

        # argon2id parameters (RFC 9106 "second recommended" profile by default).
        self.ARGON2_TIME_COST = _int(env, "ARGON2_TIME_COST", 3)
        self.ARGON2_MEMORY_COST = _int(env, "ARGON2_MEMORY_COST", 64 * 1024)
        self.ARGON2_PARALLELISM = _int(env, "ARGON2_PARALLELISM", 4)

        self.SEED_DEMO_DATA = _bool(env.get("SEED_DEMO_DATA"), self.ENVIRONMENT == "development")

    def validate(self) -> None:
        """Raise ConfigError when the settings are unsafe for this environment."""


class DevelopmentConfig(BaseConfig):
    ENVIRONMENT = "development"
    DEBUG = True


class TestConfig(BaseConfig):
    ENVIRONMENT = "test"
    TESTING = True

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # Never the DATABASE_URL of a real install: the test harness names the database.
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.REDIS_URL = None
        self.RATELIMIT_STORAGE_URI = "memory://"
        # On, as in production; the sign-in limits are high so only the rate-limit tests,
        # which lower them, ever reach them.
        self.RATELIMIT_ENABLED = True
        self.LOGIN_LIMIT_PER_ACCOUNT = "1000 per minute"
        self.LOGIN_LIMIT_PER_ADDRESS = "1000 per minute"
        self.SEED_DEMO_DATA = False
        # Cheap hashing keeps the suite fast; the algorithm is still argon2id.
        self.ARGON2_TIME_COST = 1
        self.ARGON2_MEMORY_COST = 8 * 1024
        self.ARGON2_PARALLELISM = 1


class ProductionConfig(BaseConfig):
    ENVIRONMENT = "production"
    default_secret_key = None
    default_jwt_secret_key = None

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self.SESSION_COOKIE_SECURE = True
        self.REMEMBER_COOKIE_SECURE = True
        self.PREFERRED_URL_SCHEME = "https"

    def validate(self) -> None:
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = getattr(self, name)
            if not value:
                raise ConfigError(f"{name} must be set in production")
            if value in KNOWN_PLACEHOLDER_SECRETS or len(value) < MIN_SECRET_LENGTH:
                raise ConfigError(
                    f"{name} is a placeholder or shorter than {MIN_SECRET_LENGTH} characters; "
                    f"generate one with: {MAKE_KEY_COMMAND}"
                )
        if self.SECRET_KEY == self.JWT_SECRET_KEY:
            raise ConfigError("SECRET_KEY and JWT_SECRET_KEY must differ")


CONFIGS: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None, env: Mapping[str, str] | None = None) -> BaseConfig:
    """Build and validate the config for ``name`` (default: ``$ENVIRONMENT``)."""
    env = os.environ if env is None else env
    name = (name or env.get("ENVIRONMENT") or "development").strip().lower()
    try:
        config_class = CONFIGS[name]
    except KeyError as exc:
        raise ConfigError(f"ENVIRONMENT must be one of {', '.join(CONFIGS)}, got {name!r}") from exc
    config = config_class(env)
    config.validate()
    return config
