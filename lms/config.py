"""Settings from ``LMS_*`` environment variables, with safe development defaults."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE = Path(__file__).resolve().parent
#: A checkout: the repository folder, holding content/, quizzes/ and static/ itself.
CHECKOUT = PACKAGE.parent
#: An installed package (``pip install .``): setup.py copied those three folders here.
SHIPPED = PACKAGE / "_curriculum"


def _is_checkout() -> bool:
    return (CHECKOUT / "quizzes").is_dir() and not SHIPPED.is_dir()


#: Where the shipped curriculum and the site's static files are: the checkout when running
#: from one (so edits show at once), else the copy packaged with the code.
ROOT = CHECKOUT if _is_checkout() else SHIPPED


class ConfigError(RuntimeError):
    pass


def instance_path(env: dict | None = None) -> Path:
    """Where the SQLite file, the development key and compiled catalogues live.

    ``instance/`` in the checkout when running from one; for an installed package,
    ``instance/`` in the working folder, never inside site-packages (which an upgrade
    replaces and a service account may not write). ``LMS_INSTANCE_PATH`` moves it (tests
    use a temporary folder, so they never write into the repository).
    """
    env = os.environ if env is None else env
    default = CHECKOUT / "instance" if _is_checkout() else Path.cwd() / "instance"
    return Path(env.get("LMS_INSTANCE_PATH") or default)


def _secret_key(instance: Path) -> str:
    """Development only: a random key kept in instance/, so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance: Path, env: dict | None = None) -> dict:
    env = os.environ if env is None else env
    mode = env.get("LMS_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError(f"LMS_ENV must be 'development' or 'production', not {mode!r}")
    production = mode == "production"
    secret = env.get("LMS_SECRET_KEY")
    if production and not secret:
        raise ConfigError("LMS_SECRET_KEY must be set when LMS_ENV=production")
    if production:
        _check_secret_key(secret)
    public_url = _public_url(env.get("LMS_PUBLIC_URL", ""), production)
    if production and env.get("LMS_PASSWORD_HASH"):
        raise ConfigError("LMS_PASSWORD_HASH is for tests only; unset it in production")
    return {
        "ENV_NAME": mode,
        "SECRET_KEY": secret or _secret_key(instance),
        # Where people reach the site: absolute links (the sitemap) are built from it,
        # never from the request's Host header, which anyone can set.
        "PUBLIC_URL": public_url,
        "DATABASE_URL": env.get("LMS_DATABASE_URL", f"sqlite:///{instance / 'hoc-so.db'}"),
        "CONTENT_ROOT": Path(env.get("LMS_CONTENT_ROOT", ROOT)),
        "DEMO_ACCOUNTS": not production and env.get("LMS_DEMO_ACCOUNTS", "1") != "0",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        # Browsers remember to use HTTPS only for this site; development runs on plain HTTP.
        "HSTS": production,
        # Where login attempts are counted: memory in development, a shared store (for
        # example redis://host:6379) when several server processes answer.
        "RATELIMIT_STORAGE_URI": env.get("LMS_RATELIMIT_STORAGE_URI", "memory://"),
        # How many reverse proxies stand in front of the app and set X-Forwarded-For;
        # 0 trusts no header, so an attacker cannot pick the address we throttle.
        "TRUSTED_PROXIES": _count(env, "LMS_TRUSTED_PROXIES", 0),
        "STAFF_IDLE_MINUTES": _count(env, "LMS_STAFF_IDLE_MINUTES", 30),
        # Password hashes running at once in one server process (19 MiB and one core
        # each), and how long a sign-in waits for a turn before a "busy, retry" page.
        "HASH_CONCURRENCY": _positive(env, "LMS_HASH_CONCURRENCY", 1),
        "HASH_WAIT_SECONDS": _positive(env, "LMS_HASH_WAIT_SECONDS", 10),
        # After two failed attempts in a row on a quiz, the next one waits this long: time
        # to reread the lessons instead of guessing through the pool (lms.learn.attempts).
        # 0 turns it off (load tests, where robots fail paper after paper on purpose).
        "QUIZ_RETRY_WAIT_MINUTES": _count(env, "LMS_QUIZ_RETRY_WAIT_MINUTES", 10),
    }


#: Sessions are signed with the key: it must be as hard to guess as a 256-bit key.
MIN_SECRET_BYTES = 32


def _check_secret_key(secret: str) -> None:
    """Refuse a short or repetitive key; generate one with
    ``python -c 'import secrets; print(secrets.token_urlsafe(48))'``."""
    if len(secret.encode()) < MIN_SECRET_BYTES or len(set(secret)) < MIN_SECRET_BYTES // 2:
        raise ConfigError(
            f"LMS_SECRET_KEY must be at least {MIN_SECRET_BYTES} random bytes; make one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def _public_url(value: str, production: bool) -> str | None:
    """'https://hocso.example.vn' (no path); None in development means the request's host."""
    value = value.strip().rstrip("/")
    if not value:
        if production:
            raise ConfigError("LMS_PUBLIC_URL must be set when LMS_ENV=production")
        return None
    parts = urlsplit(value)
    schemes = ("https",) if production else ("https", "http")
    if parts.scheme not in schemes or not parts.hostname or parts.path or parts.query:
        raise ConfigError(f"LMS_PUBLIC_URL must look like https://hocso.example.vn, not {value!r}")
    return value


def _count(env, name: str, default: int) -> int:
    value = env.get(name, str(default))
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _positive(env, name: str, default: int) -> int:
    value = _count(env, name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1")
    return value


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Forms here are small; anything bigger is a mistake or an attack, refused with 413.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    "WTF_CSRF_TIME_LIMIT": 6 * 3600,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/xml",
        "application/manifest+json",
        "image/svg+xml",
    ],
    # Brotli where the browser has it, gzip for old phones; zstd is too new for them.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Streamed responses (lesson pictures, recordings) go as they are: compressing a
    # stream would break Range requests and hold files open.
    "COMPRESS_STREAMS": False,
    "MIGRATE_ON_START": True,
    # Login throttling (see lms/auth/throttle.py and the README for why these numbers).
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_KEY_PREFIX": "lms",
    "LOGIN_LIMIT_ADDRESS": "20 per minute; 100 per hour",
    "LOGIN_LIMIT_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_DEVICE": "10 per 15 minutes",
    # Sign-ups per address: a class of thirty on one Wi-Fi fits, an account factory not.
    "SIGNUP_LIMIT_ADDRESS": "60 per hour; 200 per day",
    "IMPORT_ON_START": True,
}
