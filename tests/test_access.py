"""Light and reachable: compression, hashed assets, the service worker, lesson audio."""

import re
import shutil

import brotli
import pytest
from sqlalchemy import select

from lms.content import load_curriculum
from lms.models import Lesson
from lms.publishing import current_revision

from .paths import CURRICULUM

AUDIO = CURRICULUM / "static" / "lessons" / "an-toan" / "ma-otp.mp3"


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/(?:css|js)/[^"]+)"', html)


@pytest.mark.parametrize("url", ["/", "/dang-nhap", "/bai/dien-thoai/bat-tat-may"])
def test_pages_styles_and_scripts_go_out_compressed(client, url):
    page = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = brotli.decompress(page.get_data()).decode()
    assert len(asset_urls(html)) >= 3
    for asset in asset_urls(html):
        response = client.get(asset, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip", asset


def test_assets_have_content_hashed_names_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css = next(u for u in asset_urls(html) if u.endswith(".css"))
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{10}\.css", css)
    response = client.get(css)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"--measure" in response.get_data()
    # The plain name still answers, but must be checked each time.
    assert client.get("/static/css/site.css").headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/site.0000000000.css").status_code == 404


def test_a_changed_file_gets_a_new_name(tmp_path):
    from lms.web.assets import Assets

    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("a{}")
    before = Assets(tmp_path).url_name("css/site.css")
    (tmp_path / "css" / "site.css").write_text("a{color:red}")
    after = Assets(tmp_path).url_name("css/site.css")
    assert before != after and after.startswith("css/site.")


def test_the_service_worker_covers_the_whole_site_and_is_never_stale(client):
    html = client.get("/").get_data(as_text=True)
    assert 'data-sw="/sw.js"' in html
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    for asset in asset_urls(html):
        assert f'"{asset}"' in body  # the shell it keeps is today's hashed files
    assert '"/ngoai-tuyen"' in body
    # It stores only copies fetched without cookies: nobody's personal page.
    assert 'credentials: "omit"' in body


def test_the_offline_page_says_what_works_without_a_connection(client):
    html = client.get("/ngoai-tuyen").get_data(as_text=True)
    assert "Bạn đang không có mạng" in html
    assert "tự gửi khi có mạng" in html


def test_logging_out_clears_the_browser_cache(learner):
    response = learner.log_out()
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_pages_ask_for_no_web_fonts_and_nothing_from_other_sites(client):
    html = client.get("/bai/dien-thoai/bat-tat-may").get_data(as_text=True)
    css = client.get(next(u for u in asset_urls(html) if u.endswith(".css"))).get_data(True)
    assert "@font-face" not in css and "url(" not in css
    assert "font-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_a_lesson_recording_is_stored_with_its_revision(session):
    lesson = session.scalar(select(Lesson).where(Lesson.slug == "ma-otp"))
    assert (
        current_revision(session, "lesson", lesson.id).audio == "/static/lessons/an-toan/ma-otp.mp3"
    )
    other = session.scalar(select(Lesson).where(Lesson.slug == "bat-tat-may"))
    assert current_revision(session, "lesson", other.id).audio is None


def test_a_lesson_with_a_recording_shows_a_player_not_the_voice_reader(client):
    html = client.get("/bai/an-toan/ma-otp").get_data(as_text=True)
    assert '<audio controls preload="none" src="/static/lessons/an-toan/ma-otp.mp3"' in html
    assert "data-listen-play" not in html and "listen." not in html
    plain = client.get("/bai/dien-thoai/bat-tat-may").get_data(as_text=True)
    assert "data-listen-play" in plain and "<audio" not in plain


def test_a_recording_is_served_in_ranges(client):
    data = AUDIO.read_bytes()
    url = "/static/lessons/an-toan/ma-otp.mp3"
    with client.get(url) as whole:
        assert whole.status_code == 200 and whole.get_data() == data
        assert whole.headers["Accept-Ranges"] == "bytes"
    with client.get(url, headers={"Range": "bytes=100-199", "Accept-Encoding": "br"}) as part:
        assert part.status_code == 206
        assert part.get_data() == data[100:200]
        assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
        assert "Content-Encoding" not in part.headers
    with client.get(url, headers={"Range": "bytes=-10"}) as tail:
        assert tail.status_code == 206 and tail.get_data() == data[-10:]


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    return root


LESSON = "content/an-toan/03-ghi-am.md"


@pytest.mark.parametrize(
    ("audio", "message"),
    [
        ("/static/lessons/an-toan/khong-co.mp3", "không tìm thấy tệp ghi âm"),
        ("/static/lessons/../../secret.mp3", "phải nằm trong /static/lessons/"),
        ("https://example.com/bai.mp3", "phải nằm trong /static/lessons/"),
        ("/static/lessons/nut-nguon.svg", "phải có đuôi .mp3"),
        ("[1, 2]", "'audio' phải là đường dẫn tệp ghi âm"),
    ],
)
def test_content_check_reports_a_bad_recording_with_path_and_line(tree, lms, audio, message):
    (tree / LESSON).write_text(
        f"---\ntitle: Ghi âm\nsummary: Thử\naudio: {audio}\ndomain: an-toan\n---\nNội dung.\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in load_curriculum(tree).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{LESSON}:4: "), problems
    assert message in problems[0]
    result = lms(["content", "check", "--root", str(tree)])
    assert result.exit_code == 1 and f"{LESSON}:4: " in result.output


def test_content_check_accepts_a_recording_that_exists(tree):
    (tree / LESSON).write_text(
        "---\ntitle: Ghi âm\ndomain: an-toan\n"
        "audio: /static/lessons/an-toan/ma-otp.mp3\n---\nNội dung.\n",
        encoding="utf-8",
    )
    curriculum = load_curriculum(tree)
    assert curriculum.problems == []
    lesson = next(item for item in curriculum.lessons if item.slug == "ghi-am")
    assert lesson.audio == "/static/lessons/an-toan/ma-otp.mp3"
