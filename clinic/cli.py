"""``flask`` commands: seed, create-admin."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from clinic.accounts.services import create_admin as create_admin_user
from clinic.errors import DomainError
from clinic.extensions import db
from clinic.seeding import seed_demo_data, seed_reference_data


def init_cli(app: Flask) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(create_admin)


@click.command("seed")
@click.option(
    "--demo/--no-demo",
    default=None,
    help="Also add demo users and appointments (default: on in development only).",
)
@with_appcontext
def seed(demo: bool | None) -> None:
    """Load locations and specializations; in development, demo data too. Idempotent."""
    if demo is None:
        demo = current_app.config["SEED_DEMO_DATA"]
    if demo and current_app.config["ENVIRONMENT"] == "production":
        raise click.UsageError(
            "Demo data (with its known passwords) is never seeded in production."
        )
    reference = seed_reference_data()
    click.echo(
        f"Locations: {reference.locations.divisions} divisions, "
        f"{reference.locations.districts} districts, {reference.locations.thanas} thanas; "
        f"{reference.specializations} specializations ({reference.added} rows added)."
    )
    if demo:
        summary = seed_demo_data()
        click.echo(
            f"Demo data: {summary.doctors} doctors, {summary.patients} patients, "
            f"{summary.appointments} appointments ({summary.added} rows added)."
        )


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--full-name", prompt="Full name")
@click.option("--mobile", prompt="Mobile number", help="e.g. 01712345678")
@click.password_option("--password", help="Prompted (hidden) when left out.")
@with_appcontext
def create_admin(email: str, full_name: str, mobile: str, password: str) -> None:
    """Create an administrator account."""
    try:
        user = create_admin_user(
            full_name=full_name, email=email, mobile_number=mobile, password=password
        )
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    click.echo(f"Admin {user.email} created (id {user.id}).")
