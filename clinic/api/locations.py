"""Divisions, districts and thanas, for address pickers."""

from __future__ import annotations

from clinic.api import bp
from clinic.api.schemas import PageQuery, PlacePage, Problem
from clinic.api.spec import Response, spec
from clinic.locations import queries


def _page(rows, query: PageQuery) -> dict:
    items = [{"id": r.id, "name": r.name, "bn_name": r.bn_name} for r in rows]
    window = items[query.skip : query.skip + query.limit]
    return {"items": window, "total": len(items), "skip": query.skip, "limit": query.limit}


@bp.get("/locations/divisions")
@spec.validate(query=PageQuery, resp=Response(HTTP_200=PlacePage), tags=["locations"])
def list_divisions(query: PageQuery):
    """All eight divisions."""
    return _page(queries.divisions(), query)


@bp.get("/locations/divisions/<int:division_id>/districts")
@spec.validate(
    query=PageQuery, resp=Response(HTTP_200=PlacePage, HTTP_404=Problem), tags=["locations"]
)
def list_districts(division_id: int, query: PageQuery):
    """The districts of one division."""
    return _page(queries.districts_of(queries.get_division(division_id).id), query)


@bp.get("/locations/districts/<int:district_id>/thanas")
@spec.validate(
    query=PageQuery, resp=Response(HTTP_200=PlacePage, HTTP_404=Problem), tags=["locations"]
)
def list_thanas(district_id: int, query: PageQuery):
    """The thanas (upazilas and metropolitan thanas) of one district."""
    return _page(queries.thanas_of(queries.get_district(district_id).id), query)
