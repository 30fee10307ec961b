"""The real app on a real SQLite file, served by a real HTTP server in a thread."""

import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from lms.app import create_app
from lms.web import db

from ..factories import database_url
from ..paths import CURRICULUM


@contextmanager
def serving(tmp_path, monkeypatch, content_root: Path = CURRICULUM):
    """The real app, on a real SQLite file, served by a real HTTP server in a thread."""
    monkeypatch.setenv("LMS_SECRET_KEY", "browser-test-key")
    app = create_app(
        {
            "DATABASE_URL": database_url(tmp_path),
            "CONTENT_ROOT": content_root,
            "DEMO_ACCOUNTS": False,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        db.engine(app).dispose()
