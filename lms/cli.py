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
from .demo import DEFAULT_PROVINCE, DemoError, make_demo_data
from .inputs import plain_text
from .models import ROLES
from .people.accounts import create_user, find_user, username_problem
from .places import commune_name, province_name, scope_kinds
from .publishing import (
    ExportError,
    ImportConflict,
    export_curriculum,
    import_curriculum,
    retire,
)
from .publishing.question_banks import BankRefused, import_bank
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
    """Check, import, export, retire and count the curriculum."""


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
    except ImportConflict as error:
        db.rollback()
        for conflict in error.conflicts:
            click.echo(str(conflict))
        click.echo(
            "Nothing imported: these files would replace newer revisions made elsewhere "
            "(export them, merge the change into the files, then import again).",
            err=True,
        )
        sys.exit(1)
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
    click.echo(f"{report.unchanged} unchanged.")
    if report.restated:
        click.echo(f"criterion rules changed: {report.restated} learner(s) re-assessed.")
    click.echo(f"{len(report.new_revisions)} new revisions")


@content.command("export")
@click.option(
    "--to",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write content/, quizzes/ and static/ into.",
)
@root_option
@with_appcontext
def content_export(target: Path, root: Path) -> None:
    """Write the published curriculum as files; pictures are copied from --root/static."""
    try:
        written = export_curriculum(db.session(), target, root / "static")
    except ExportError as error:
        for problem in error.problems:
            click.echo(problem)
        click.echo("Nothing exported.", err=True)
        sys.exit(1)
    click.echo(f"{len(written)} files written to {target}")


@content.command("retire")
@click.argument("kind", type=click.Choice(["module", "lesson", "quiz"]))
@click.argument("slug")
@with_appcontext
def content_retire(kind: str, slug: str) -> None:
    """Hide a module, lesson (MODULE/SLUG) or quiz from learners; nothing is deleted."""
    if not retire(db.session(), kind, slug):
        click.echo(f"No {kind} '{slug}'.", err=True)
        sys.exit(1)
    db.commit()
    click.echo(f"Retired {kind} '{slug}'.")


@main.group(cls=click.Group)
def quiz() -> None:
    """Bring question banks from other systems into quizzes."""


@quiz.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["gift", "aiken"]), required=True)
@click.option("--into", "slug", required=True, help="The quiz (slug) that gets a new draft.")
@click.option(
    "--skip-unsupported",
    is_flag=True,
    help="Import the supported questions and report the others, instead of refusing all.",
)
@with_appcontext
def quiz_import(file: Path, fmt: str, slug: str, skip_unsupported: bool) -> None:
    """Add the questions of a GIFT or Aiken file to a new draft revision of quiz SLUG
    (a new quiz if there is none): all or nothing, never published."""
    try:
        report = import_bank(
            db.session(),
            file.read_bytes(),
            fmt,
            slug,
            filename=str(file),
            skip_unsupported=skip_unsupported,
            note=f"nhập từ {file.name}",
        )
        db.commit()
    except BankRefused as refused:
        db.rollback()
        for message in refused.report.messages:
            click.echo(message)
        click.echo("Nothing imported.", err=True)
        click.echo("imported 0 questions, skipped 0")
        sys.exit(1)
    for message in report.messages:
        click.echo(message)
    click.echo(report.summary)


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
    problem = username_problem(username)
    if problem:
        raise click.BadParameter(problem, param_hint="--username")
    if display_name is not None and plain_text(display_name, max_length=80) is None:
        raise click.BadParameter(
            "use 1 to 80 characters, without control or formatting characters",
            param_hint="--name",
        )
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


@main.command("demo-data")
@click.option("--citizens", type=click.IntRange(min=0), required=True, help="How many.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--province",
    type=int,
    default=DEFAULT_PROVINCE,
    show_default=True,
    help="Province code (48: Thành phố Đà Nẵng).",
)
@with_appcontext
def demo_data(citizens: int, seed: int, province: int) -> None:
    """Fill the database with demo citizens, attempts and statuses (never in production).

    The last line printed is a JSON summary: the counts and the commune codes filled.
    """
    if current_app.config.get("ENV_NAME") == "production":
        click.echo("demo-data refuses to run with LMS_ENV=production.", err=True)
        sys.exit(1)
    session = db.session()
    try:
        summary = make_demo_data(session, citizens, seed, province)
    except DemoError as error:
        db.rollback()
        click.echo(f"Nothing written: {error}", err=True)
        sys.exit(1)
    db.commit()
    click.echo(json.dumps(summary, ensure_ascii=False))


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
