"""The JSON API under /api/v1. Its tokens travel only in the Authorization header,
so it is exempt from CSRF."""

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/")
def index():
    return jsonify(name="Clinic API", version="1")
