"""Weight and Lighthouse scores of the login, catalogue and lesson pages, printed as JSON.

Starts the site itself on 127.0.0.1 (the shipped curriculum, a temporary SQLite file),
runs Lighthouse 12 (npm, installed in bench/: ``cd bench && npm ci``) against the system
Chromium with its default mobile settings, and stops the site.

For each page:
- ``bytes``: HTML + CSS + JS as transferred (compressed, headers included) in
  Lighthouse's page load, lesson pictures excluded; the budget is 30 KB (30,720 bytes);
- ``bytes_checked``: the same files fetched here with ``Accept-Encoding: br, gzip``
  (body + status line + headers), a cross-check that needs no browser;
- ``performance``, ``accessibility``, ``best_practices``: Lighthouse scores, 0–100.

Usage: ``python bench/pages.py`` (exit 1 when a page misses its budget).
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
BUDGET = {"bytes": 30 * 1024, "performance": 95, "accessibility": 100, "best_practices": 100}
PAGE_TYPES = {"Document", "Stylesheet", "Script"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_site(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = os.environ | {
        "LMS_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "LMS_CONTENT_ROOT": str(ROOT),
        "LMS_DEMO_ACCOUNTS": "0",
        "LMS_SECRET_KEY": "bench-only-key",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "lms", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the site did not start within 60 s")


def first_lesson(base: str) -> str:
    with urllib.request.urlopen(f"{base}/sitemap.xml") as response:
        urls = re.findall(r"<loc>([^<]+/bai/[^<]+)</loc>", response.read().decode())
    return urls[0].removeprefix(base)


def fetched_bytes(url: str) -> int:
    """Compressed body plus status line and headers, as a browser would receive them."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n{response.headers}"
        return len(body) + len(head.encode())


def checked_bytes(base: str, path: str) -> int:
    with urllib.request.urlopen(f"{base}{path}") as response:
        html = response.read().decode()
    assets = re.findall(r'(?:href|src)="(/static/(?:css|js)/[^"]+)"', html)
    return fetched_bytes(f"{base}{path}") + sum(fetched_bytes(f"{base}{a}") for a in assets)


def lighthouse(url: str) -> dict:
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=os.environ | {"CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(result.stdout)
    requests = report["audits"]["network-requests"]["details"]["items"]
    page_bytes = sum(
        item.get("transferSize", 0)
        for item in requests
        if item.get("resourceType") in PAGE_TYPES and "/static/lessons/" not in item["url"]
    )
    scores = {key: round(cat["score"] * 100) for key, cat in report["categories"].items()}
    failed = [
        audit_id
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and report["audits"][audit_id]["score"] is not None
        and report["audits"][audit_id]["score"] < 1
    ]
    return {
        "bytes": page_bytes,
        "performance": scores["performance"],
        "accessibility": scores["accessibility"],
        "best_practices": scores["best-practices"],
        "not_perfect": failed,
        "requests": [
            f"{item.get('resourceType')} {item['url'].split('/', 3)[-1]} {item.get('transferSize')}"
            for item in requests
        ],
    }


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: cd bench && npm ci")
    with tempfile.TemporaryDirectory() as folder:
        server, base = start_site(Path(folder))
        try:
            pages = {"login": "/dang-nhap", "catalogue": "/", "lesson": first_lesson(base)}
            results = {}
            for name, path in pages.items():
                results[name] = {"url": path, "bytes_checked": checked_bytes(base, path)}
                results[name] |= lighthouse(f"{base}{path}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    within = all(
        page["bytes"] <= BUDGET["bytes"]
        and all(page[key] >= BUDGET[key] for key in ("performance", "accessibility"))
        and page["best_practices"] >= BUDGET["best_practices"]
        for page in results.values()
    )
    print(json.dumps({"budget": BUDGET, "pages": results, "within_budget": within}, indent=2))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
