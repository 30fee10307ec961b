"""Real HTTP against a real ``lms serve``: shared by bench/load.py and the multi-process tests.

The server runs in its own process group on 127.0.0.1 and a free port, so a test can kill
it the hard way (SIGKILL, as a power cut would) and start it again on the same database.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One ``lms serve`` process tree; ``start()`` waits until /healthz answers."""

    def __init__(self, env: dict, workers: int = 2, threads: int = 4, port: int | None = None):
        self.env = {**os.environ, **env}
        self.workers, self.threads = workers, threads
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = Path(env.get("LMS_INSTANCE_PATH", ".")) / f"serve-{self.port}.log"

    def start(self, timeout: float = 60) -> "Server":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "lms", "serve", "--port", str(self.port)]
        command += ["--workers", str(self.workers), "--threads", str(self.threads)]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lms serve exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"lms serve did not answer in {timeout} s")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def serving(env: dict, **kwargs):
    server = Server(env, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A learner's browser: cookies, CSRF tokens from the form page, no redirects followed."""

    def __init__(self, base: str, address: str | None = None, timeout: float = 30):
        self.base, self.timeout = base, timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.headers = {"X-Forwarded-For": address} if address else {}
        self.requests = 0  # HTTP requests sent (a form post is two: the form, the post)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=body, headers=self.headers)
        self.requests += 1
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path: str) -> tuple[int, str, dict]:
        return self.request(path)

    def post_form(self, page: str, data: dict, action: str | None = None):
        """Open the form's page, then send the form."""
        status, html, _ = self.get(page)
        if not CSRF.search(html):
            return status, html, {}
        return self.send_form(html, action or page, data)

    def send_form(self, html: str, action: str, data: dict):
        """Send a form from a page already in hand, as a browser does when its user presses
        the button: no second fetch of the page."""
        match = CSRF.search(html)
        if not match:
            return 0, "no form on the page", {}
        return self.request(action, {"csrf_token": match.group(1), **data})

    def sign_up(self, login: str, password: str, commune: str = "20791"):
        data = {
            "province": "48",
            "login": login,
            "password": password,
            "password_again": password,
            "display_name": "Học viên thử tải",
            "birth_year": "1960",
            "gender": "nu",
            "target_group": "nong-dan",
            "commune": commune,
            "village": "Thôn Bình Hoà",
            "consent": "y",
        }
        return self.post_form("/dang-ky?tinh=48", data)

    def log_in(self, login: str, password: str):
        return self.post_form("/dang-nhap", {"username": login, "password": password})
