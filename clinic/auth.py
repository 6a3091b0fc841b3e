"""Who is asking, for both sides: the signed-in user (web) or the token's user (API).

Both load the user from the database on every request, so deactivation and role
changes take effect at once; one role check (``ensure_role``) serves both.
"""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, current_app, flash, request, url_for
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from clinic.accounts.models import User, UserType
from clinic.accounts.services import load_session_user, load_token_user
from clinic.accounts.tokens import is_revoked
from clinic.error_handlers import wants_json
from clinic.errors import Forbidden
from clinic.extensions import jwt, limiter, login_manager
from clinic.htmx import hx_redirect
from clinic.problems import problem


def ensure_role(user: User, roles: tuple[UserType, ...]) -> User:
    """The one role check: raise Forbidden unless ``user`` has one of ``roles``."""
    if roles and user.user_type not in roles:
        names = " or ".join(role.value for role in roles)
        raise Forbidden(f"Only a {names} may do this.")
    return user


# --- web ---------------------------------------------------------------------------


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    # "strong" would sign out a user whose address changes mid-session (mobile data).
    login_manager.session_protection = "basic"
    # The session holds the user's session token; a rotated token ends the session.
    login_manager.user_loader(load_session_user)
    login_manager.unauthorized_handler(_unauthorized)


def _unauthorized():
    if wants_json():
        abort(401)
    flash(login_manager.login_message, login_manager.login_message_category)
    return hx_redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))


def role_required(*roles: UserType):
    """Web views: signed-in users of these roles (any role when none given); others 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            ensure_role(current_user, roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# --- sign-in rate limits (both sides) ---------------------------------------------


def _account_key() -> str:
    """The account a sign-in attempt names, from the form or the JSON body."""
    body = request.get_json(silent=True) if request.is_json else None
    email = (body or {}).get("email") if isinstance(body, dict) else request.form.get("email")
    return "account:" + str(email or "").strip().lower()[:255]


def _failed(response) -> bool:
    return response.status_code in (401, 422)


def login_rate_limit(view):
    """Failed sign-ins are limited per account (web and API together) and per address."""
    per_account = limiter.shared_limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
        scope="login-account",
        key_func=_account_key,
        methods=["POST"],
        deduct_when=_failed,
    )
    per_address = limiter.shared_limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
        scope="login-address",
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_failed,
    )
    return per_address(per_account(view))


# --- API ---------------------------------------------------------------------------


def api_user() -> User:
    """The user of the verified token of this request."""
    return get_current_user()


def token_required(*roles: UserType, refresh: bool = False, any_type: bool = False):
    """API handlers: a valid, unrevoked bearer token of an active user with one of ``roles``
    (any role when none given). An access token unless ``refresh`` or ``any_type``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh, verify_type=not any_type)
            ensure_role(api_user(), roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _token_problem(detail: str):
    return problem(401, detail, headers={"WWW-Authenticate": "Bearer"})


def init_jwt(app: Flask) -> None:
    jwt.init_app(app)
    jwt.user_lookup_loader(lambda _header, payload: load_token_user(payload["sub"]))
    jwt.token_in_blocklist_loader(lambda _header, payload: is_revoked(payload))
    jwt.unauthorized_loader(lambda reason: _token_problem(f"Authentication required: {reason}"))
    jwt.invalid_token_loader(lambda reason: _token_problem(f"Invalid token: {reason}"))
    jwt.expired_token_loader(lambda _h, _p: _token_problem("The token has expired."))
    jwt.revoked_token_loader(lambda _h, _p: _token_problem("The token has been revoked."))
    jwt.user_lookup_error_loader(
        lambda _h, _p: _token_problem("The account is unknown or deactivated.")
    )
    jwt.needs_fresh_token_loader(lambda _h, _p: _token_problem("A fresh sign-in is required."))
