"""The app factory: settings, extensions, blueprints, then what happens at start."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, startup
from .admin import bp as admin_bp
from .auth import bp as auth_bp
from .learn import bp as learn_bp
from .learn.practical_views import allow_photo_upload
from .office import bp as office_bp
from .people import passwords
from .studio import bp as studio_bp
from .studio.images import allow_picture_upload
from .web import assets, db, i18n, offline, site
from .web.extensions import compress, csrf, limiter, login_manager


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. ``test_config`` overrides settings (tests pass a database URL)."""
    app = Flask(
        __name__,
        instance_path=str(config.instance_path()),
        static_folder=str(config.ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config.DEFAULTS)
    app.config.update(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    passwords.configure(app.config["HASH_CONCURRENCY"], app.config["HASH_WAIT_SECONDS"])
    db.init_app(app)
    login_manager.init_app(app)
    app.before_request(allow_photo_upload)  # must run before the CSRF check reads a form
    app.before_request(allow_picture_upload)  # the same, for lesson pictures in the studio
    csrf.init_app(app)
    i18n.init_app(app)
    limiter.init_app(app)
    site.init_app(app)
    assets.init_app(app)
    compress.init_app(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(offline.bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(studio_bp)
    startup.prepare(app)
    return app
