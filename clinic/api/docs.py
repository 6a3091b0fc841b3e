"""The OpenAPI document and the interactive docs page (Swagger UI, vendored)."""

from flask import jsonify, render_template, url_for

from clinic.api import bp
from clinic.api.spec import spec


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec.spec)


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", spec_url=url_for("api.openapi"))
