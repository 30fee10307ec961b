"""The database engine and its migrations: nothing here knows about requests.

SQLite gets WAL (readers never wait for the writer), enforced foreign keys and a busy
timeout, so a few dozen learners submitting at once queue instead of failing. The web
side (one session per request, committed once) is in ``lms.web.db``; the CLI opens its
sessions through the same app.

SQLite transactions are begun by us, not by the driver (SQLAlchemy's documented recipe
for pysqlite: the driver's own transaction handling is switched off). Left to itself,
pysqlite begins a *deferred* transaction before the first write, and runs reads outside
any transaction. A deferred transaction that has read and then writes must upgrade its
read lock to the write lock; in WAL mode, if another connection wrote in between, SQLite
fails that upgrade at once with "database is locked", without waiting on the busy
timeout (waiting could not help: the snapshot is already stale). So a transaction that
may write says so up front, ``BEGIN IMMEDIATE``: it takes the write lock first, and
concurrent writers queue on the busy timeout. That is the default (CLI commands,
migrations, POST requests). A connection from :func:`reading` begins a plain ``BEGIN``
instead: WAL readers take no lock and never wait for the writer, so pages that only read
(GET requests) are not serialised behind writes. Savepoints work inside either.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, DateTime, Engine, Table, create_engine, event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
#: The execution option that marks a connection's transactions as read-only work.
READING = "lms_reading"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def reading(engine: Engine) -> Engine:
    """The same engine and pool, for work that only reads: SQLite begins its transactions
    deferred, so they never queue behind a writer. A write there can still fail under
    contention (see the module docstring): requests that write are never GETs."""
    return engine.execution_options(**{READING: True})


def _sqlite_begin(connection: Connection) -> None:
    reads = connection.get_execution_options().get(READING, False)
    connection.exec_driver_sql("BEGIN" if reads else "BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten with zeros, not left in free pages: a deleted
    # account's data must not be readable from the file afterwards.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    # The driver begins nothing and commits nothing by itself: _sqlite_begin does.
    dbapi_connection.isolation_level = None


#: ``Session.info`` key: this transaction has sent a write to the database.
_WROTE = "lms_wrote"


def end_read(session: Session) -> bool:
    """End the session's transaction if it has only read, so that slow work that follows
    (a password hash: tens of ms, longer when a crowd signs in) holds no database lock
    and no pooled connection. On SQLite a POST's transaction begins IMMEDIATE, holding
    the write lock: hashing inside it made every other writer queue behind argon2.

    The next query begins a new transaction, and objects read so far are reloaded on use
    (the rollback expires them). A transaction that has written is left alone (ending it
    would lose the writes): returns False then, True when nothing is left open.
    """
    if not session.in_transaction():
        return True
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
        return False
    session.rollback()
    return True


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if not state.is_select:  # DML, or text we cannot read: assume it wrote
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(_WROTE, None)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database and empty it, so old versions
    of deleted rows are not left in the -wal file. Elsewhere nothing to do."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        # On the driver's connection, outside any transaction: inside one (even ours,
        # begun immediately) SQLite could not copy the log back and empty it.
        connection.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already).

    On SQLite, foreign keys are off while migrating: rebuilding a table (batch mode)
    drops the old one, and with them on that drop would first delete, or cascade into,
    every row that refers to it. It is SQLite's documented procedure for schema changes;
    the references are checked before the commit instead.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        # Straight on the driver's connection, outside any transaction (the only place
        # SQLite honours it), before SQLAlchemy begins one.
        raw = connection.connection.dbapi_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke references: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def bulk_insert(connection: Connection, table: Table, names: tuple, rows: list[tuple]) -> None:
    """Insert tuples (values of ``names``, in that order) with the driver's executemany.

    For loads of millions of rows (demo data, restating every learner): SQLAlchemy's
    per-row parameter processing costs more than SQLite's insert itself. Only what that
    processing did for us is redone here: SQLite keeps datetimes as text in SQLAlchemy's
    format. JSON must come already serialised, into a text column.
    """
    if not rows:
        return
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    columns = [table.c[name] for name in names]
    marks = ", ".join(_placeholder(dialect.paramstyle, name) for name in names)
    target = dialect.identifier_preparer.format_table(table)
    listed = ", ".join(quote(name) for name in names)
    sql = f"INSERT INTO {target} ({listed}) VALUES ({marks})"  # noqa: S608 - our names
    stamps = [i for i, c in enumerate(columns) if isinstance(c.type, DateTime)]
    if dialect.name == "sqlite" and stamps:
        rows = [_with_text_stamps(row, stamps) for row in rows]
    if dialect.paramstyle in ("named", "pyformat"):
        rows = [dict(zip(names, row, strict=True)) for row in rows]
    connection.exec_driver_sql(sql, rows)
    if dialect.name == "postgresql" and "id" in names:
        # Ids given explicitly do not move PostgreSQL's sequence: without this the next
        # ordinary insert (a sign-up after demo data) would be handed an id in use.
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {target}), false)"
        )


def _placeholder(paramstyle: str, name: str) -> str:
    return {"qmark": "?", "format": "%s", "named": f":{name}"}.get(paramstyle, f"%({name})s")


def _with_text_stamps(row: tuple, stamps: list[int]) -> tuple:
    values = list(row)
    for i in stamps:
        if values[i] is not None:
            values[i] = values[i].isoformat(" ", "microseconds")
    return tuple(values)
