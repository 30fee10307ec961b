"""Backups of the whole database, and restoring one: ``lms backup`` / ``lms restore``.

SQLite uses its online backup API: the copy is one consistent snapshot even while the
site keeps writing (WAL readers never block the writer), so a nightly cron job needs no
downtime. PostgreSQL uses ``pg_dump`` (custom format) and ``pg_restore``, which must be
installed in the major version of the server.

Nothing here builds the Flask app: starting the app migrates and imports the curriculum
into an empty database, which would make a new server's database "non-empty" before a
restore could reach it.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, make_url, select, table

#: Tables whose rows are people's work: a database holding any is not overwritten lightly.
PEOPLE_TABLES = ("users", "attempts")


class BackupError(RuntimeError):
    """Something an operator must fix; the message says what (English: an admin tool)."""


def backup(url: str, path: Path) -> None:
    """Write a consistent copy of the database at ``url`` to ``path`` (not overwritten)."""
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file name")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{_sqlite_file(url)}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif parsed.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), _libpq(url)], url)
    else:
        raise BackupError(f"no backup method for {parsed.get_backend_name()}")


def restore(url: str, path: Path, force: bool = False) -> None:
    """Replace the database at ``url`` with the backup in ``path``.

    Refuses when the database already holds accounts or attempts, unless ``force``: a
    restore onto the wrong server would silently erase a commune's work.
    """
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    if not force and holds_people(url):
        raise BackupError(
            "the database already holds accounts or attempts; "
            "use --force to replace them with the backup"
        )
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not _is_lms_database(source):
                raise BackupError(f"{path} is not a Học Số database backup")
            target_file = _sqlite_file(url)
            target_file.parent.mkdir(parents=True, exist_ok=True)
            target = sqlite3.connect(target_file)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    elif parsed.get_backend_name() == "postgresql":
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            + ["--exit-on-error", "--dbname", _libpq(url), str(path)],
            url,
        )
    else:
        raise BackupError(f"no restore method for {parsed.get_backend_name()}")


def holds_people(url: str) -> bool:
    if make_url(url).get_backend_name() == "sqlite" and not _sqlite_file(url).exists():
        return False  # a new server: nothing to lose, and nothing to create yet
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            existing = set(inspect(connection).get_table_names())
            return any(
                connection.scalar(select(func.count()).select_from(table(name)))
                for name in PEOPLE_TABLES
                if name in existing
            )
    finally:
        engine.dispose()


def _is_lms_database(connection: sqlite3.Connection) -> bool:
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        return False
    return {"alembic_version", *PEOPLE_TABLES} <= names


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


def _libpq(url: str) -> str:
    """pg_dump speaks libpq URLs: no SQLAlchemy driver suffix (postgresql+psycopg), and
    no password, which would show in the process list (it goes in PGPASSWORD)."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string()


def _run(command: list[str], url: str) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    env = os.environ.copy()
    if make_url(url).password:
        env["PGPASSWORD"] = make_url(url).password
    # Our own argument list, no shell: the URL comes from the operator's settings.
    done = subprocess.run(  # noqa: S603
        [program, *command[1:]], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
