"""A lesson shared in a Zalo group shows a proper preview: Open Graph tags, and a share
button that works with and without JavaScript."""

from lms.learn.sharing import description_of

from .html import Elements

LESSON = "/bai/dien-thoai/bat-tat-may"


def metas(html: str) -> dict[str, str]:
    return {
        attrs["property"]: attrs["content"]
        for tag, attrs in Elements(html).found
        if tag == "meta" and "property" in attrs
    }


def test_a_lesson_has_open_graph_tags_from_the_public_address(app, client):
    app.config["PUBLIC_URL"] = "https://hocso.example.vn"
    html = client.get(LESSON, headers={"Host": "ke-gia-mao.example"}).get_data(as_text=True)
    og = metas(html)
    assert og["og:type"] == "article"
    assert og["og:title"] == "Bật và tắt điện thoại"
    assert og["og:description"] == "Nút nguồn dùng để làm gì."  # the lesson's summary
    assert og["og:url"] == "https://hocso.example.vn/bai/dien-thoai/bat-tat-may"
    # The lesson's only picture is an SVG, which chat apps do not preview: the site's card.
    assert og["og:image"].startswith("https://hocso.example.vn/static/img/chia-se.")
    assert og["og:image"].endswith(".png")
    assert client.get(og["og:image"].removeprefix("https://hocso.example.vn")).status_code == 200


def test_without_a_summary_the_first_paragraph_describes_the_lesson(client):
    og = metas(client.get("/bai/dien-thoai/ket-noi-wifi").get_data(as_text=True))
    assert og["og:description"] == "Ở nhà, dùng Wi-Fi để không tốn tiền dữ liệu di động."


def test_the_share_link_works_without_javascript(client):
    html = client.get(LESSON).get_data(as_text=True)
    found = Elements(html).found
    field = next(a for tag, a in found if tag == "input" and a.get("id") == "duong-dan-bai")
    assert field["value"] == "http://localhost/bai/dien-thoai/bat-tat-may"
    assert 'for="duong-dan-bai"' in html
    button = next(a for tag, a in found if tag == "button" and "data-share-button" in a)
    assert "hidden" in button  # shown by js/share.js only
    assert any(tag == "script" and "/static/js/share." in a.get("src", "") for tag, a in found)
    assert 'data-msg-copied="Đã chép đường dẫn"' in html


def test_description_is_cut_at_a_word():
    text = description_of("", "<p>" + "chữ " * 100 + "</p><p>khác</p>")
    assert len(text) <= 200 and text.endswith("chữ…")
    assert description_of("", "<p>A &amp; <strong>B</strong></p>") == "A & B"
