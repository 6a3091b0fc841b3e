"""Clinic: appointment booking for clinics in Bangladesh."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, redirect, url_for

from clinic.json import ClinicJSONProvider
from config import BaseConfig, load_config


def create_app(config: BaseConfig | None = None) -> Flask:
    config = config or load_config()
    app = Flask(__name__, instance_path=str(Path(config.INSTANCE_DIR).resolve()))
    app.json = ClinicJSONProvider(app)
    app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_templates(app)
    register_security_headers(app)
    register_cli(app)
    register_proxy_fix(app)
    return app


def register_extensions(app: Flask) -> None:
    from clinic import models  # noqa: F401 - the whole schema, for Alembic and relationships
    from clinic.auth import init_jwt, init_login
    from clinic.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    init_jwt(app)
    limiter.init_app(app)
    init_login(app)


def register_blueprints(app: Flask) -> None:
    from clinic.accounts.views import bp as accounts_bp
    from clinic.admin.views import bp as admin_bp
    from clinic.api import bp as api_bp
    from clinic.doctors.practice_views import bp as practice_bp
    from clinic.doctors.views import bp as doctors_bp
    from clinic.extensions import csrf
    from clinic.locations.views import bp as locations_bp
    from clinic.scheduling.views import bp as scheduling_bp
    from clinic.site.views import bp as site_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(locations_bp)
    app.register_blueprint(practice_bp)
    app.register_blueprint(doctors_bp)
    app.register_blueprint(scheduling_bp)
    app.register_blueprint(admin_bp)
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.add_url_rule("/docs", "api_docs", lambda: redirect(url_for("api.docs")))


def register_error_handlers(app: Flask) -> None:
    from clinic.error_handlers import register_error_handlers as register

    register(app)


def register_templates(app: Flask) -> None:
    from clinic.templating import init_templates

    init_templates(app)


def register_security_headers(app: Flask) -> None:
    from clinic.security import init_security_headers

    init_security_headers(app)


def register_proxy_fix(app: Flask) -> None:
    hops = app.config["PROXY_FIX_X_FOR"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_cli(app: Flask) -> None:
    from clinic.cli import init_cli

    init_cli(app)
