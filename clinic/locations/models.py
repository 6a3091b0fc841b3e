"""Bangladesh's administrative divisions: division → district → thana (upazila)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.extensions import db


class Division(db.Model):
    __tablename__ = "divisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    bn_name: Mapped[str] = mapped_column(sa.String(100))

    districts: Mapped[list[District]] = relationship(
        back_populates="division", order_by="District.name"
    )

    def __repr__(self) -> str:
        return f"<Division {self.name}>"


class District(db.Model):
    __tablename__ = "districts"
    __table_args__ = (sa.UniqueConstraint("division_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    division_id: Mapped[int] = mapped_column(sa.ForeignKey("divisions.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    bn_name: Mapped[str] = mapped_column(sa.String(100))

    division: Mapped[Division] = relationship(back_populates="districts")
    thanas: Mapped[list[Thana]] = relationship(back_populates="district", order_by="Thana.name")

    def __repr__(self) -> str:
        return f"<District {self.name}>"


class Thana(db.Model):
    """An upazila, or a metropolitan police thana in Dhaka and Chattogram."""

    __tablename__ = "thanas"
    # Names repeat across districts (e.g. Kotwali), so the key is (district, name).
    __table_args__ = (sa.UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    bn_name: Mapped[str] = mapped_column(sa.String(100))
    is_metropolitan: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    district: Mapped[District] = relationship(back_populates="thanas")

    def __repr__(self) -> str:
        return f"<Thana {self.name}>"
