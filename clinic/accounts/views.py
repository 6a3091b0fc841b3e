"""Registration, sign-in and sign-out, and the profile page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from clinic.accounts import services
from clinic.accounts.forms import (
    LoginForm,
    PasswordForm,
    PhotoForm,
    ProfileForm,
    RegistrationForm,
    apply_errors,
)
from clinic.auth import login_rate_limit
from clinic.doctors.queries import active_specializations
from clinic.errors import DomainError
from clinic.htmx import hx_redirect
from clinic.locations.views import fill_location_choices

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("site.dashboard")


def _start_session(user, remember: bool = False) -> None:
    session.clear()  # a fresh session at sign-in (no fixation)
    session.permanent = True
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@login_rate_limit
def login():
    if current_user.is_authenticated:
        return hx_redirect(url_for("site.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _start_session(user, remember=form.remember.data)
            flash(f"Welcome, {user.full_name}.", "success")
            return hx_redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Email or password is incorrect.")
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    services.sign_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return hx_redirect(url_for("site.home"))


def _registration_page(form, as_doctor: bool, status: int = 200):
    fill_location_choices(form)
    form.specialization.choices = [("", "— choose —")] + [
        (s.name, s.name) for s in active_specializations()
    ]
    html = render_template("accounts/register.html", form=form, as_doctor=as_doctor)
    return html, status


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return hx_redirect(url_for("site.dashboard"))
    as_doctor = request.values.get("as") == "doctor"
    form = RegistrationForm()
    if request.method == "GET" or request.form.get("action") == "refresh-locations":
        return _registration_page(form, as_doctor)
    if not form.validate_on_submit():
        return _registration_page(form, as_doctor, 422)
    doctor = None
    if as_doctor:
        doctor = services.DoctorFields(
            license_number=form.license_number.data,
            specialization=form.specialization.data,
            experience_years=form.experience_years.data,
            consultation_fee=form.consultation_fee.data,
            qualification=form.qualification.data,
            bio=form.bio.data,
        )
    try:
        user = services.register_user(
            full_name=form.full_name.data,
            email=form.email.data,
            mobile_number=form.mobile_number.data,
            password=form.password.data,
            user_type="doctor" if as_doctor else "patient",
            division_id=form.division_id.data,
            district_id=form.district_id.data,
            thana_id=form.thana_id.data,
            address=form.address.data,
            doctor=doctor,
        )
    except DomainError as error:
        apply_errors(form, error)
        return _registration_page(form, as_doctor, 422)
    _start_session(user)
    message = "Your account is ready."
    if as_doctor:
        message += " A clinic admin will review your profile before patients can book you."
    flash(message, "success")
    return hx_redirect(url_for("site.dashboard"))


def _profile_page(profile=None, password=None, photo=None, status: int = 200):
    user = current_user._get_current_object()
    profile = profile or ProfileForm(obj=user, formdata=None)
    fill_location_choices(profile)
    html = render_template(
        "accounts/profile.html",
        user=user,
        profile_form=profile,
        password_form=password or PasswordForm(formdata=None),
        photo_form=photo or PhotoForm(formdata=None),
    )
    return html, status


@bp.get("/profile")
@login_required
def profile():
    return _profile_page()


@bp.post("/profile")
@login_required
def update_profile():
    form = ProfileForm()
    if request.form.get("action") == "refresh-locations":
        return _profile_page(profile=form)
    if not form.validate_on_submit():
        return _profile_page(profile=form, status=422)
    changes = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
    try:
        services.update_profile(current_user, changes)
    except DomainError as error:
        apply_errors(form, error)
        return _profile_page(profile=form, status=422)
    flash("Your profile is saved.", "success")
    return hx_redirect(url_for("accounts.profile"))


@bp.post("/profile/password")
@login_required
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _profile_page(password=form, status=422)
    user = current_user._get_current_object()
    try:
        services.change_password(user, form.current_password.data, form.new_password.data)
    except DomainError as error:
        apply_errors(form, error)
        return _profile_page(password=form, status=422)
    _start_session(user)  # other sessions end; this one continues under the new token
    flash("Your password is changed. Other devices have been signed out.", "success")
    return hx_redirect(url_for("accounts.profile"))


@bp.post("/profile/photo")
@login_required
def upload_photo():
    form = PhotoForm()
    upload = form.image.data if form.validate_on_submit() else None
    if upload is None:
        form.image.errors = ["Choose a photo to upload."]
        return _profile_page(photo=form, status=422)
    try:
        services.set_profile_image(current_user, upload.stream)
    except DomainError as error:
        apply_errors(form, error)
        return _profile_page(photo=form, status=422)
    flash("Your photo is updated.", "success")
    return hx_redirect(url_for("accounts.profile"))


@bp.get("/media/<path:name>")
def media(name: str):
    """Stored photos. Names are random (128 bits), so a link is needed to see one."""
    if not name.startswith("avatars/"):
        abort(404)
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    response = send_from_directory(upload_dir, name, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
