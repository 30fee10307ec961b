"""What a lesson page costs the server, against a trivial route on the same app.

Budget (design): a lesson page costs at most 2x a trivial route under the same server.
Two trivial routes are measured, because "trivial" can mean either: /healthz (one tiny
query, JSON) and a page with the site layout but no data (the 404 page). Measured
in-process through the WSGI interface (no network, no browser), so the figure is the
server's own work: routing, session, database reads, template. Prints JSON.
Run: python bench/lesson_cost.py [--requests 2000]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._server import running_app  # noqa: E402

ROUTES = {
    "trivial (/healthz)": "/healthz",
    "trivial page (404, layout only)": "/khong-co-trang-nay",
    "lesson": "/bai/an-toan-tren-mang/ma-otp",
    "catalogue": "/",
    "login": "/dang-nhap",
}


def timings(client, path: str, count: int) -> list[float]:
    for _ in range(50):  # warm caches: templates compiled, connections pooled
        client.get(path)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code in (200, 404), (path, response.status_code)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with running_app() as (app, _url):
        client = app.test_client()
        figures = {}
        for name, path in ROUTES.items():
            samples = timings(client, path, args.requests)
            figures[name] = {
                "path": path,
                "mean_ms": round(statistics.fmean(samples) * 1000, 3),
                "p50_ms": round(statistics.median(samples) * 1000, 3),
            }
    healthz = figures["trivial (/healthz)"]["p50_ms"]
    page = figures["trivial page (404, layout only)"]["p50_ms"]
    for entry in figures.values():
        entry["x_healthz"] = round(entry["p50_ms"] / healthz, 2)
        entry["x_trivial_page"] = round(entry["p50_ms"] / page, 2)
    lesson = figures["lesson"]
    print(
        json.dumps(
            {
                "requests_each": args.requests,
                "routes": figures,
                "lesson_within_2x_healthz": lesson["x_healthz"] <= 2.0,
                "lesson_within_2x_trivial_page": lesson["x_trivial_page"] <= 2.0,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
