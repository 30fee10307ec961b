"""The site's own static files under content-hashed names, cached for a year.

``url_for('static', filename='css/site.css')`` builds ``/static/css/site.<hash>.css``
wherever it is called, templates written later included. A hashed name can be cached
forever (``immutable``): a changed file gets a new name, so a phone on 3G downloads the
stylesheet once, and again only when it really changed. Unhashed names still work, with
``no-cache``, for anything that must keep a fixed address.

The files are small and few, so they are read once at start and served from memory as
plain (not streamed) responses, which Flask-Compress then compresses.

Lesson pictures (``/static/lessons/``) belong to the curriculum and are served by
``lms.learn``; they are not hashed here.
"""

import hashlib
import mimetypes
import re
from pathlib import Path

from flask import Flask, Response, abort, request

YEAR = 365 * 24 * 3600
SKIPPED = ("lessons/",)
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


class Assets:
    """Logical name (``css/site.css``) ↔ hashed name (``css/site.0123456789.css``)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hashed: dict[str, str] = {}
        self.original: dict[str, str] = {}
        self.content: dict[str, bytes] = {}
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            name = path.relative_to(folder).as_posix()
            if not path.is_file() or name.startswith(SKIPPED):
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            hashed = f"{name[: -len(path.suffix)]}.{digest}{path.suffix}"
            self.hashed[name] = hashed
            self.original[hashed] = name
            self.content[name] = data

    def url_name(self, name: str) -> str:
        return self.hashed.get(name, name)

    @property
    def version(self) -> str:
        """One short hash of every asset: changes whenever any of them changes."""
        joined = "\n".join(sorted(self.hashed.values()))
        return hashlib.sha256(joined.encode()).hexdigest()[:10]


def init_app(app: Flask) -> None:
    assets = Assets(Path(app.static_folder))
    app.extensions["lms.assets"] = assets

    @app.url_defaults
    def _hashed_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.url_name(values["filename"])

    def static(filename: str):
        name = assets.original.get(filename, filename)
        if name not in assets.content:
            abort(404)
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = Response(assets.content[name], mimetype=mimetype)
        if name == filename:
            response.headers["Cache-Control"] = "no-cache"
        else:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        response.set_etag(assets.hashed[name].rsplit(".", 2)[-2])
        return response.make_conditional(request)

    app.view_functions["static"] = static
