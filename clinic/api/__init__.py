"""The JSON API under /api/v1. Its tokens travel only in the Authorization header,
so it is exempt from CSRF. One module per resource registers its routes on ``bp``."""

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/")
def index():
    return jsonify(
        name="Clinic API", version="1", openapi="/api/v1/openapi.json", docs="/api/v1/docs"
    )


from clinic.api import (  # noqa: E402,F401 - registers the routes
    admin,
    appointments,
    auth,
    docs,
    doctors,
    locations,
    users,
)
