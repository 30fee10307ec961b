"""Shared by the benchmarks: the real app with the shipped curriculum on 127.0.0.1."""

import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from lms.app import create_app
from lms.config import ROOT
from lms.web import db


@contextmanager
def running_app(threaded: bool = True):
    """Start the app on a temporary SQLite file and a free loopback port; stop it after."""
    os.environ.setdefault("LMS_SECRET_KEY", "bench-secret")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request drowns figures
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
                "CONTENT_ROOT": ROOT,
                "DEMO_ACCOUNTS": False,
            }
        )
        server = make_server("127.0.0.1", 0, app, threaded=threaded)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app, f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=10)
            db.engine(app).dispose()
