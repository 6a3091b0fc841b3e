"""The public home page, each role's landing page, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required

from clinic.accounts.queries import user_counts
from clinic.doctors.queries import doctor_for_user, specialization_overview
from clinic.health import check_database
from clinic.scheduling.queries import day_for_doctor, status_counts, upcoming_for_patient
from clinic.timeutils import clinic_today

bp = Blueprint("site", __name__)


@bp.get("/")
def home():
    return render_template("site/home.html", specializations=specialization_overview())


@bp.get("/dashboard")
@login_required
def dashboard():
    today = clinic_today()
    if current_user.is_admin:
        context = {"users": user_counts(), "statuses": status_counts()}
    elif current_user.is_doctor:
        doctor = doctor_for_user(current_user.id)
        appointments = day_for_doctor(doctor.id, today) if doctor else []
        context = {"doctor": doctor, "appointments": appointments}
    else:
        context = {"appointments": upcoming_for_patient(current_user.id, today)}
    return render_template("site/dashboard.html", today=today, **context)


@bp.get("/healthz")
def healthz():
    ok = check_database()
    return jsonify(status="ok" if ok else "unavailable", database=ok), 200 if ok else 503
