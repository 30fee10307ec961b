"""The ``lms`` command: Flask's CLI (``lms run``, ``lms shell``) plus the site's own tools."""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError

from . import backup as backups
from . import config
from .app import create_app
from .config import ROOT
from .content import load_curriculum
from .models import ROLES
from .people.accounts import create_user, find_user
from .places import commune_name, province_name, scope_kinds
from .publishing import import_curriculum
from .web import db

main = FlaskGroup(create_app=create_app, help="Học Số: run the site and manage its content.")

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=ROOT,
    show_default=True,
    help="Folder holding content/, quizzes/ and static/.",
)


@main.group(cls=click.Group)
def content() -> None:
    """Check, import and count the curriculum files."""


@content.command("check")
@root_option
def content_check(root: Path) -> None:
    """List every problem as path:line: message; exit 1 if there is any."""
    curriculum = load_curriculum(root)
    for problem in curriculum.problems:
        click.echo(str(problem))
    stats = curriculum.stats()
    if curriculum.problems:
        click.echo(f"{len(curriculum.problems)} problem(s).", err=True)
        sys.exit(1)
    click.echo(
        f"OK: {stats['modules']} modules, {stats['lessons']} lessons, "
        f"{stats['quizzes']} quizzes, {stats['questions']} questions.",
        err=True,
    )


@content.command("stats")
@root_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def content_stats(root: Path, as_json: bool) -> None:
    """Count modules, lessons, quizzes and questions."""
    stats = load_curriculum(root).stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        for key, value in stats.items():
            click.echo(f"{key}: {value}")


@content.command("import")
@root_option
@with_appcontext
def content_import(root: Path) -> None:
    """Import the files into the database: all or nothing, new revisions for changes."""
    curriculum = load_curriculum(root)
    if not curriculum.ok:
        for problem in curriculum.problems:
            click.echo(str(problem))
        click.echo("Nothing imported: fix the problems above first.", err=True)
        sys.exit(1)
    try:
        report = import_curriculum(db.session(), curriculum)
        db.commit()
    except OperationalError as error:  # a full disk, a database gone: one transaction, undone
        db.rollback()
        click.echo(
            f"Nothing imported: the database could not be written ({error.orig}). "
            "The content in use is unchanged; free disk space, then import again.",
            err=True,
        )
        sys.exit(1)
    for path in report.new_revisions:
        click.echo(f"new revision: {path}")
    for name in report.hidden:
        click.echo(f"hidden (file removed): {name}")
    click.echo(f"{len(report.new_revisions)} new revision(s), {report.unchanged} unchanged.")
    if report.restated:
        click.echo(f"criterion rules changed: {report.restated} learner(s) re-assessed.")


@main.group(cls=click.Group)
def users() -> None:
    """Create staff accounts."""


@users.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--scope", type=int, help="Officers: province or commune code.")
@click.option(
    "--scope-kind",
    type=click.Choice(["province", "commune"]),
    help="Needed only for codes that are both (4, 8, 25, 91).",
)
@click.option("--username", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "display_name", help="Name shown on pages.")
@with_appcontext
def users_create(role, scope, scope_kind, username, password, display_name) -> None:
    """Create an account with a role (officers need --scope)."""
    if role == "officer":
        kinds = scope_kinds(scope) if scope is not None else []
        if not kinds or (scope_kind and scope_kind not in kinds):
            raise click.BadParameter(
                "officers need --scope with a province or commune code", param_hint="--scope"
            )
        if len(kinds) > 1 and not scope_kind:
            raise click.BadParameter(
                f"{scope} is both {province_name(scope)} and {commune_name(scope)}: "
                "say which with --scope-kind province|commune",
                param_hint="--scope-kind",
            )
        scope_kind = scope_kind or kinds[0]
    session = db.session()
    if find_user(session, username) is not None:
        raise click.BadParameter(f"'{username}' already exists", param_hint="--username")
    create_user(
        session,
        username=username,
        password=password,
        role=role,
        scope_code=scope,
        scope_kind=scope_kind if role == "officer" else None,
        display_name=display_name,
    )
    db.commit()
    current_app.logger.info("created %s account %s", role, username)
    click.echo(f"Created {role} '{username}'.")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes. [default: one per core]",
)
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Per process."
)
@click.option("--access-log", is_flag=True, help="One line per request on standard output.")
def serve_command(host: str, port: int, workers: int | None, threads: int, access_log) -> None:
    """Serve the site for real traffic: gunicorn with several processes (see docs/deploy.md)."""
    from .serve import default_workers, serve  # gunicorn is only needed here

    serve(host, port, workers or default_workers(), threads, access_log)


def _configured_database() -> str:
    """The database the site would use, without starting the site (which would migrate
    and import into an empty database before a restore could fill it)."""
    instance = config.instance_path()
    instance.mkdir(parents=True, exist_ok=True)
    return config.from_environment(instance)["DATABASE_URL"]


database_option = click.option(
    "--database-url",
    help="Default: the site's own (LMS_DATABASE_URL, else instance/hoc-so.db).",
)


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@database_option
def backup_command(path: Path, database_url: str | None) -> None:
    """Copy the whole database to PATH, consistently, while the site keeps serving."""
    try:
        backups.backup(database_url or _configured_database(), path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path}.")


@main.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds accounts or attempts.")
@database_option
def restore_command(path: Path, force: bool, database_url: str | None) -> None:
    """Replace the database with the backup in PATH (stop the site first)."""
    try:
        backups.restore(database_url or _configured_database(), path, force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {path}.")
