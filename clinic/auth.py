"""Who is asking: the signed-in user for web pages, with role checks for views."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, flash, request, url_for
from flask_login import current_user

from clinic.accounts.models import UserType
from clinic.accounts.services import load_session_user
from clinic.error_handlers import wants_json
from clinic.extensions import login_manager
from clinic.htmx import hx_redirect


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
    """Allow only signed-in users of these roles; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.user_type not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
