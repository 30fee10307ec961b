""" "Nghe bài học": read aloud with the phone's Vietnamese voice, sentence by sentence.

Headless Chromium has no voices, so each test gives the page a speech engine of its own
(an init script standing in for the phone's): a voice list, and a speak() that starts an
utterance and waits for the test to say it has finished.
"""

import json

from playwright.sync_api import expect

FAKE_SPEECH = """
(() => {
  window.fakeVoices = %s;
  const speech = window.fakeSpeech = { spoken: [], current: null };
  speech.finish = () => {
    const u = speech.current;
    speech.current = null;
    if (u && u.onend) u.onend({});
  };
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
  };
  const synth = window.speechSynthesis;
  synth.getVoices = () => window.fakeVoices;
  synth.speak = (u) => {
    speech.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
    speech.current = u;
    setTimeout(() => u.onstart && u.onstart({}), 0);
  };
  synth.cancel = () => {
    const u = speech.current;
    speech.current = null;
    if (u && u.onerror) u.onerror({ error: "interrupted" });
  };
})();
"""
VIETNAMESE = [{"name": "Tiếng Việt", "lang": "vi-VN", "default": False, "localService": True}]
ENGLISH = [{"name": "English", "lang": "en-US", "default": True, "localService": True}]

HIGHLIGHTED = """() => {
  const highlight = CSS.highlights.get("reading");
  return highlight ? [...highlight].map(range => range.toString()).join("|") : null;
}"""


def with_voices(page, voices):
    page.add_init_script(FAKE_SPEECH % json.dumps(voices))


def spoken(page) -> list[str]:
    return [item["text"] for item in page.evaluate("() => window.fakeSpeech.spoken")]


def test_the_lesson_is_read_aloud_sentence_by_sentence_with_pause_and_resume(page, shoot):
    with_voices(page, VIETNAMESE)
    page.goto("/bai/dien-thoai/ket-noi-wifi")
    listen = page.get_by_role("button", name="Nghe bài học")
    expect(listen).to_be_visible()
    listen.click()

    page.wait_for_function("() => window.fakeSpeech.spoken.length === 1")
    first = page.evaluate("() => window.fakeSpeech.spoken[0]")
    assert first == {"text": "Kết nối Wi-Fi", "lang": "vi-VN", "voice": "Tiếng Việt"}
    page.wait_for_function(f"() => ({HIGHLIGHTED})() === 'Kết nối Wi-Fi'")

    # The next sentence runs across <strong>: still one sentence, highlighted in place.
    page.evaluate("() => window.fakeSpeech.finish()")
    sentence = "Ở nhà, dùng Wi-Fi để không tốn tiền dữ liệu di động."
    page.wait_for_function(f"() => ({HIGHLIGHTED})() === {json.dumps(sentence)}")
    assert spoken(page) == ["Kết nối Wi-Fi", sentence]
    shoot(page, "lesson-360-reading-aloud")

    page.get_by_role("button", name="Tạm dừng").click()
    resume = page.get_by_role("button", name="Nghe tiếp")
    expect(resume).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="Đã tạm dừng")).to_be_visible()
    assert page.evaluate("() => window.fakeSpeech.current") is None
    resume.click()
    page.wait_for_function("() => window.fakeSpeech.spoken.length === 3")
    assert spoken(page)[-1] == sentence  # picks up at the sentence it stopped in

    for _ in range(20):
        if page.evaluate("() => window.fakeSpeech.current === null"):
            break
        page.evaluate("() => window.fakeSpeech.finish()")
    texts = spoken(page)
    assert texts[-1] == "Có Wi-Fi thì dùng Wi-Fi."
    assert "Mở Cài đặt." in texts and "Nhập mật khẩu Wi-Fi." in texts
    expect(page.get_by_role("status").filter(has_text="Đã đọc hết bài")).to_be_visible()
    expect(listen).to_be_visible()
    assert page.evaluate(HIGHLIGHTED) is None


def test_no_control_without_a_vietnamese_voice(page):
    with_voices(page, ENGLISH)
    page.goto("/bai/dien-thoai/ket-noi-wifi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết nối Wi-Fi")
    expect(page.get_by_role("button", name="Nghe bài học")).to_be_hidden()
    # Phones load voices late: a Vietnamese one arriving then brings the control.
    page.evaluate(
        f"""() => {{
          window.fakeVoices = {json.dumps(ENGLISH + VIETNAMESE)};
          speechSynthesis.dispatchEvent(new Event("voiceschanged"));
        }}"""
    )
    expect(page.get_by_role("button", name="Nghe bài học")).to_be_visible()


def test_a_trainers_recording_replaces_the_phone_voice(page):
    with_voices(page, VIETNAMESE)
    page.goto("/bai/an-toan/ma-otp")
    player = page.locator("audio[controls]")
    expect(player).to_have_attribute("src", "/static/lessons/an-toan/ma-otp.mp3")
    expect(page.get_by_role("button", name="Nghe bài học")).to_have_count(0)
