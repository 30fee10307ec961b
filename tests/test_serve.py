"""`lms serve`: gunicorn with several processes, each with its own database connections."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench._http import Browser, serving

from .factories import database_url
from .paths import CURRICULUM


@pytest.fixture
def site_env(tmp_path):
    """What a real deployment sets, pointing at this test's own database and folder."""
    return {
        "LMS_SECRET_KEY": "serve-test-secret",
        "LMS_INSTANCE_PATH": str(tmp_path / "instance"),
        "LMS_DATABASE_URL": database_url(tmp_path),
        "LMS_CONTENT_ROOT": str(CURRICULUM),
        "LMS_DEMO_ACCOUNTS": "0",
    }


def test_two_workers_serve_one_site_and_share_the_database(site_env):
    with serving(site_env, workers=2, threads=2) as server:
        learner = Browser(server.url)
        status, _, headers = learner.sign_up("0912345678", "luavangdongque")
        assert status == 302, status
        # Twenty pages at once land on both workers: each has its own connections, and
        # every one of them sees the learner the other worker just created.
        with ThreadPoolExecutor(10) as pool:
            pages = list(pool.map(lambda _: learner.get("/tai-khoan"), range(20)))
        assert [status for status, _, _ in pages] == [200] * 20
        assert all("Học viên thử tải" in html for _, html, _ in pages)


def test_forwarded_addresses_are_trusted_only_when_configured(site_env):
    """Without LMS_TRUSTED_PROXIES a forged X-Forwarded-Proto never makes links https."""
    with serving(site_env, workers=1, threads=1) as server:
        _, xml, _ = Browser(server.url, address="203.0.113.9").get("/sitemap.xml")
        assert "http://127.0.0.1" in xml and "https://" not in xml
