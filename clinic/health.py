"""Liveness checks for load balancers and docker-compose."""

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from clinic.extensions import db


def check_database() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
