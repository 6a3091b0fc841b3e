"""Sign in and sign out on the website."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from clinic.accounts import services
from clinic.accounts.forms import LoginForm
from clinic.htmx import hx_redirect

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("site.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return hx_redirect(url_for("site.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session at sign-in (no fixation)
            session.permanent = True
            login_user(user, remember=form.remember.data)
            flash(f"Welcome, {user.full_name}.", "success")
            return hx_redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Email or password is incorrect.")
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@login_required
def logout():
    services.sign_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return hx_redirect(url_for("site.home"))
