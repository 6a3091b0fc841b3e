from datetime import timedelta

import pytest

from config import (
    DEV_SECRET_KEY,
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    database_url,
    load_config,
)

STRONG = "x" * 40
STRONG_JWT = "y" * 40


def test_development_defaults_are_embedded(tmp_path):
    config = load_config("development", {"INSTANCE_DIR": str(tmp_path)})
    assert isinstance(config, DevelopmentConfig)
    assert f"sqlite:///{tmp_path / 'clinic.db'}" == config.SQLALCHEMY_DATABASE_URI
    assert config.REDIS_URL is None
    assert str(tmp_path / "huey.db") == config.HUEY_SQLITE_PATH
    assert config.RATELIMIT_STORAGE_URI == "memory://"
    assert timedelta(minutes=30) == config.JWT_ACCESS_TOKEN_EXPIRES
    assert timedelta(days=7) == config.JWT_REFRESH_TOKEN_EXPIRES
    assert config.MAX_FILE_SIZE == 5 * 1024 * 1024
    assert config.CLINIC_TIMEZONE == "Asia/Dhaka"
    assert config.WTF_CSRF_TIME_LIMIT is None
    assert config.SEED_DEMO_DATA is True


def test_environment_variables_override_defaults():
    config = load_config(
        "development",
        {
            "DATABASE_URL": "postgresql://u:p@db:5432/clinic",
            "REDIS_URL": "redis://cache:6379/1",
            "ACCESS_TOKEN_EXPIRE_MINUTES": "5",
            "REFRESH_TOKEN_EXPIRE_DAYS": "2",
            "MAX_FILE_SIZE": "1048576",
            "ALLOWED_IMAGE_TYPES": "image/png",
            "RATELIMIT_ENABLED": "false",
        },
    )
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u:p@db:5432/clinic"
    assert config.RATELIMIT_STORAGE_URI == "redis://cache:6379/1"
    assert timedelta(minutes=5) == config.JWT_ACCESS_TOKEN_EXPIRES
    assert timedelta(days=2) == config.JWT_REFRESH_TOKEN_EXPIRES
    assert config.MAX_FILE_SIZE == 1048576
    assert config.MAX_CONTENT_LENGTH > config.MAX_FILE_SIZE
    assert config.ALLOWED_IMAGE_TYPES == ["image/png"]
    assert config.RATELIMIT_ENABLED is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://a@h/d", "postgresql+psycopg://a@h/d"),
        ("postgresql://a@h/d", "postgresql+psycopg://a@h/d"),
        ("postgresql+psycopg://a@h/d", "postgresql+psycopg://a@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_uses_psycopg3(raw, expected):
    assert database_url(raw) == expected


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"SECRET_KEY": STRONG},
        {"JWT_SECRET_KEY": STRONG_JWT},
        {"SECRET_KEY": DEV_SECRET_KEY, "JWT_SECRET_KEY": STRONG_JWT},
        {"SECRET_KEY": "short", "JWT_SECRET_KEY": STRONG_JWT},
        {"SECRET_KEY": STRONG, "JWT_SECRET_KEY": STRONG},
    ],
    ids=["none", "no-jwt-secret", "no-secret", "placeholder", "short", "same-twice"],
)
def test_production_refuses_missing_or_default_secrets(env):
    with pytest.raises(ConfigError):
        load_config("production", env)


def test_production_with_real_secrets_is_hardened():
    config = load_config("production", {"SECRET_KEY": STRONG, "JWT_SECRET_KEY": STRONG_JWT})
    assert isinstance(config, ProductionConfig)
    assert config.SESSION_COOKIE_SECURE is True
    assert config.REMEMBER_COOKIE_SECURE is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SEED_DEMO_DATA is False


def test_production_app_factory_refuses_to_start_without_secrets(monkeypatch):
    from clinic import create_app

    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("JWT_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_unknown_environment_and_bad_numbers_are_clear_errors():
    with pytest.raises(ConfigError, match="ENVIRONMENT"):
        load_config("staging", {})
    with pytest.raises(ConfigError, match="MAX_FILE_SIZE"):
        load_config("development", {"MAX_FILE_SIZE": "five"})


def test_proxy_headers_are_trusted_only_when_configured(app):
    from clinic import create_app
    from config import TestConfig

    plain = app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert plain.request.remote_addr == "127.0.0.1"
    config = TestConfig({"PROXY_FIX_X_FOR": "1"})
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    proxied = create_app(config)
    seen = {}

    @proxied.get("/whoami")
    def whoami():
        from flask import request

        seen["addr"] = request.remote_addr
        return "ok"

    proxied.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen["addr"] == "203.0.113.9"
