"""What the studio's live preview and word diff cost, for the longest lesson allowed.

The live preview re-checks and re-renders the whole lesson (the learners' pipeline:
Markdown, sanitizer, glossary links) on every pause in typing, so it must stay well under
the 600 ms debounce even on a shared 2-core machine; the word diff runs on each history
page. Measured in-process on the pure functions (no server, no network). Prints JSON.
Run: python bench/studio_preview.py [--repeat 50]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms.config import ROOT  # noqa: E402
from lms.content import MAX_WORDS  # noqa: E402
from lms.publishing.diff import word_diff  # noqa: E402
from lms.publishing.editing import LessonFields, lesson_text, preview_lesson  # noqa: E402

PARAGRAPH = (
    "Bạn mở **Zalo**, chạm vào ô tìm kiếm rồi gõ số điện thoại của con. "
    "Mã OTP không bao giờ đưa cho ai, kể cả người xưng là công an.\n\n"
    "- Bước một: mở ứng dụng.\n- Bước hai: chạm vào nút xanh.\n\n"
)


def longest_body() -> str:
    body, words = "", 0
    while words + len(PARAGRAPH.split()) <= MAX_WORDS:
        body += PARAGRAPH
        words += len(PARAGRAPH.split())
    return body + "::: ghi-nho\nNhớ kiểm tra trước khi bấm.\n:::\n"


def timed(function, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    body = longest_body()
    text = lesson_text(LessonFields(title="Bài dài nhất", domain="an-toan", body=body))
    edited = body.replace("con", "cháu").replace("xanh", "đỏ")
    static = ROOT / "static"
    result = {
        "words": len(body.split()),
        "preview": timed(lambda: preview_lesson(text, "bench", "bai-dai", static), args.repeat),
        "word_diff": timed(lambda: word_diff(body, edited), args.repeat),
        "note": "in-process; on a shared machine figures are inflated",
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
