"""One database session per request, and one transaction: committed once, by us.

Services never commit. A request that ends with a response is committed here, after the
view returned; any error rolls everything back before the error page is drawn (the error
handlers call :func:`rollback`), so a failed request changes nothing and the error page
renders on a clean session. CLI commands get the same session and commit once at the end.

Which transaction a session begins (it matters on SQLite, see ``lms.database``): a GET or
HEAD request only reads, so its session begins a plain, lock-free ``BEGIN``; any other
request, and a CLI command, may write, so it begins ``BEGIN IMMEDIATE`` and concurrent
writers queue on the busy timeout instead of failing with "database is locked". The rule
this relies on: GET requests never write (a GET that did could fail under contention).
"""

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..database import make_engine, reading

#: Requests that only read: their session needs no write lock.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["lms.db"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["lms.db.reading"] = sessionmaker(reading(engine), expire_on_commit=False)
    app.after_request(_commit)
    app.teardown_appcontext(_close)


def engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["lms.db"].kw["bind"]


def session(*, writes: bool | None = None) -> Session:
    """The session of the current request (or app context), opened on first use.

    ``writes`` says whether it may write, when it is opened; by default a GET or HEAD
    request reads only, and anything else (another method, a CLI command) may write.
    """
    if "db_session" not in g:
        if writes is None:
            writes = not (
                has_request_context()
                and request.method in READ_ONLY_METHODS
                and not _view_writes_on_read()
            )
        g.db_session = current_app.extensions["lms.db" if writes else "lms.db.reading"]()
    return g.db_session


def writes_on_read(view):
    """Mark a GET view that writes: the audit log of who looked at whose data. Its
    session begins as a writer's, so that write queues like any other instead of failing
    on a stale read snapshot (see lms.database)."""
    view.writes_on_read = True
    return view


def _view_writes_on_read() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "writes_on_read", False))


def commit() -> None:
    """Commit the current session, if one was opened (CLI commands call this once)."""
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.commit()


def rollback() -> None:
    """Abandon everything this request wrote; error handlers call this first."""
    db_session = g.get("db_session")
    if db_session is not None:
        db_session.rollback()


def _commit(response: Response) -> Response:
    # Error responses came through an error handler, which rolled back already; a
    # view's own 4xx (a form with a message, a too-late answer sheet) keeps what the
    # view chose to write. A failing commit raises, and the request becomes a 500.
    if response.status_code < 500:
        commit()
    return response


def _close(_error: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.rollback()  # anything left uncommitted is abandoned
        db_session.close()
