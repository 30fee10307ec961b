"""``lms serve``: the site under gunicorn, several processes, for real traffic.

Why these choices:

- The app is built once, in the master (``preload_app``), so migrations and the first
  import run once, not in a race between workers. Its database connections are then
  closed, and each worker drops whatever pool it inherited right after the fork
  (``post_fork``): a SQLite handle or a PostgreSQL socket shared by two processes corrupts
  both. Every worker opens its own connections on first use.
- Threaded workers (``gthread``): a learner on 3G holds a thread while a page trickles
  out; threads keep the other pages moving, and the password-hash bound
  (``lms.people.passwords``) keeps sign-ins from taking them all.
- Forwarded headers are trusted by exactly one setting, ``LMS_TRUSTED_PROXIES`` (Werkzeug's
  ProxyFix in ``lms.app``), so gunicorn's own handling of them is switched off.
"""

import os

from gunicorn.app.base import BaseApplication

from .app import create_app
from .web import db


def default_workers() -> int:
    """One process per core this process may use (cgroups and taskset included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Server(BaseApplication):
    """gunicorn, configured in code: the ``lms`` command is the only thing to run."""

    def __init__(self, options: dict) -> None:
        self.options = options
        self.application = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        if self.application is None:
            self.application = create_app()
            # The master never serves: close what migrating and importing opened.
            db.engine(self.application).dispose()
        return self.application


def _post_fork(server, _worker) -> None:
    # Connections copied from the master belong to it: forget them without closing
    # (closing would also close the master's sockets); this worker opens its own.
    db.engine(server.app.application).dispose(close=False)


def options(host: str, port: int, workers: int, threads: int, access_log: bool) -> dict:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "post_fork": _post_fork,
        # A request that has not answered in 60 s is stuck: the worker is replaced.
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "accesslog": "-" if access_log else None,
        "proc_name": "hoc-so",
        # No gunicornc socket in the home folder: two sites on one machine would share it.
        "control_socket_disable": True,
    }


def serve(host: str, port: int, workers: int, threads: int, access_log: bool = False) -> None:
    Server(options(host, port, workers, threads, access_log)).run()
