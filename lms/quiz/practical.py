"""The practical test: a multi-step simulation graded on what the learner typed.

A practical question is a short scripted task on a simulated website (for Học Số: the
Công dân học tập account). Its task values (the account to log in with, the scenario to
decide from, the status shown after sending…) are drawn from the attempt's seed, so two
learners never share answers. Each step is one plain HTML form; each field has an
expected value, written with ``{variable}`` placeholders. A step is right when every
field in it is right.

Some fields behave like the real site rather than like a dictation: a new password must
meet the site's rule (else the site's message is shown and the step is not saved), the
sign-in after changing it must use the password the learner chose, and evidence is a real
file upload checked by content. What is stored for those is never what was typed: a
salted digest of the new password until submission, "matched" markers, the image kind.
"""

import hashlib
import hmac
import os
import random
import re
import unicodedata
from dataclasses import dataclass
from html import escape

from ..inputs import without_unsafe

TEXT, PASSWORD, NUMBER, CHOICE = "text", "password", "number", "choice"
#: new_password: checked against PASSWORD_RULE; confirm_password: same as the new
#: password field named in its ``expect`` (same step); chosen_password: the new password
#: set in an earlier step (``expect`` names that field); image: a file upload.
NEW_PASSWORD, CONFIRM_PASSWORD, CHOSEN_PASSWORD, IMAGE = (
    "new_password",
    "confirm_password",
    "chosen_password",
    "image",
)
FIELD_KINDS = (
    TEXT,
    PASSWORD,
    NUMBER,
    CHOICE,
    NEW_PASSWORD,
    CONFIRM_PASSWORD,
    CHOSEN_PASSWORD,
    IMAGE,
)
#: kinds whose ``expect`` is the name of another field, not a value
REFERRING = (CONFIRM_PASSWORD, CHOSEN_PASSWORD)
#: kinds that need no ``expect``
FREE = (NEW_PASSWORD, IMAGE)
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: A learner's entry is cut to this length: no field expects anything longer.
MAX_ENTRY = 200


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    expect: str
    options: tuple[str, ...] = ()
    #: what the simulated site shows in the field at first (may be a seeded mistake)
    prefill: str = ""

    def to_dict(self) -> dict:
        data = {"name": self.name, "label": self.label, "kind": self.kind, "expect": self.expect}
        if self.options:
            data["options"] = list(self.options)
        if self.prefill:
            data["prefill"] = self.prefill
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Field":
        return cls(
            data["name"],
            data["label"],
            data["kind"],
            data["expect"],
            tuple(data.get("options", ())),
            data.get("prefill", ""),
        )


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    screen_html: str
    fields: tuple[Field, ...]
    explanation_html: str = ""
    #: the simulated site's button text; empty: "Tiếp tục" / "Nộp bài thực hành"
    button: str = ""

    def to_dict(self) -> dict:
        data = {
            "id": self.id,
            "title": self.title,
            "screen_html": self.screen_html,
            "fields": [f.to_dict() for f in self.fields],
            "explanation_html": self.explanation_html,
        }
        if self.button:
            data["button"] = self.button
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Step":
        return cls(
            data["id"],
            data["title"],
            data["screen_html"],
            tuple(Field.from_dict(f) for f in data["fields"]),
            data.get("explanation_html", ""),
            data.get("button", ""),
        )


def draw(spec, rng: random.Random) -> str:
    """One task value: a choice from a list, or a pattern whose '#' become digits."""
    if isinstance(spec, dict):
        return "".join(str(rng.randrange(10)) if c == "#" else c for c in spec["pattern"])
    return str(rng.choice(list(spec)))


def task_values(variables: dict, seed: int, question_id: str) -> dict[str, str]:
    """The attempt's task values. A ``{one_of: [mapping, ...]}`` variable is a scenario:
    one whole mapping is drawn, so a story and the answers it implies stay together;
    its keys become variables (the variable's own name holds the scenario's number)."""
    # Not for security: values only have to differ between attempts and stay fixed
    # within one, so that answers cannot be copied from a neighbour.
    values: dict[str, str] = {}
    for name, spec in sorted(variables.items()):
        rng = random.Random(f"{seed}:{question_id}:{name}")  # noqa: S311
        if isinstance(spec, dict) and "one_of" in spec:
            index = rng.randrange(len(spec["one_of"]))
            values[name] = str(index + 1)
            values.update({k: str(v) for k, v in spec["one_of"][index].items()})
        else:
            values[name] = draw(spec, rng)
    return values


def fill(template: str, values: dict[str, str], html: bool = False) -> str:
    """Put task values into a template; in HTML the values are escaped."""
    return PLACEHOLDER.sub(
        lambda m: (
            escape(values.get(m.group(1), m.group(0)))
            if html
            else values.get(m.group(1), m.group(0))
        ),
        template,
    )


def normalize(text: str) -> str:
    """Compare like a person would: spacing and letter case don't matter, accents do.

    Typing Vietnamese with its diacritics is part of the skill being tested, so
    'Tin hoc' is not 'Tin học'; but 'tin  HỌC ' is.
    """
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split()).casefold()


def field_right(field: Field, entry: str | None, values: dict[str, str]) -> bool:
    if entry is None:
        return False
    if field.kind == NEW_PASSWORD:
        return entry.startswith(DIGEST_PREFIX)
    if field.kind in REFERRING:
        return entry == MATCHED
    if field.kind == IMAGE:
        return entry in (*IMAGE_KINDS.values(), "WebP")
    expected = fill(field.expect, values)
    if field.kind == NUMBER:
        try:
            return float(entry.replace(",", ".").strip()) == float(expected)
        except ValueError:
            return False
    if field.kind == PASSWORD:
        return entry == expected  # passwords are exact, as on any real site
    return normalize(entry) == normalize(expected)


#: What replaces a confirm/chosen password that matched: the password itself is not kept.
MATCHED = "✓ khớp"
DIGEST_PREFIX = "pbkdf2_sha256$"
#: Image kinds by their first bytes: the upload is judged by content, not by its name.
IMAGE_KINDS = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
#: A photo straight from a cheap phone's camera is 2–5 MB: it must be accepted. The
#: practical step's request may be larger than the site's usual limit (see
#: lms.learn.practical_views.UPLOAD_REQUEST_LIMIT), so a bigger one still gets the
#: simulated site's own message, not a bare 413. Only the first bytes are ever read.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: The simulated site's password rule: 8–20 characters, with a digit and a special one.
PASSWORD_RULE = re.compile(r"^(?=.*[0-9])(?=.*[^0-9A-Za-z\s]).{8,20}$")

# The simulated site's messages. Marked for the catalogue with N_ by the caller's view.
RULE_BROKEN = "Mật khẩu phải dài từ 8 đến 20 ký tự, có ít nhất một chữ số và một ký tự đặc biệt."
SAME_AS_OLD = "Mật khẩu mới phải khác mật khẩu hiện tại."
NOT_CONFIRMED = "Mật khẩu nhập lại không khớp với mật khẩu mới."
NOT_AN_IMAGE = "Tệp đính kèm phải là ảnh (PNG, JPEG, WebP hoặc GIF)."
TOO_BIG = "Ảnh quá lớn: tối đa 10 MB. Hãy chọn ảnh nhỏ hơn."


def image_kind(head: bytes) -> str | None:
    """PNG/JPEG/GIF by magic bytes; WebP is a RIFF container named at byte 8."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return next((kind for magic, kind in IMAGE_KINDS.items() if head.startswith(magic)), None)


def digest(password: str, salt: bytes | None = None) -> str:
    """A salted, slow digest of the learner's new password: it is compared once, at the
    next sign-in step, and dropped when the attempt is submitted (see forget_secrets)."""
    salt = salt if salt is not None else os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 50_000)
    return f"{DIGEST_PREFIX}{salt.hex()}${key.hex()}"


def digest_matches(stored: str | None, password: str) -> bool:
    if not isinstance(stored, str) or not stored.startswith(DIGEST_PREFIX):
        return False
    salt, _key = stored[len(DIGEST_PREFIX) :].split("$", 1)
    return hmac.compare_digest(stored, digest(password, bytes.fromhex(salt)))


def accept_step(
    step: Step, entries: dict[str, str], uploads: dict, values: dict[str, str], saved: dict
) -> tuple[dict, list[str]]:
    """What the simulated site keeps of one step, or the site's messages when it refuses.

    ``uploads`` maps a field name to ``(first bytes, size)`` of its file, or None when no
    file was chosen. ``saved`` is the attempt's
    saved steps, where the new password's digest lives.
    """
    errors: list[str] = []
    kept = withhold(step, entries, values)
    for field in step.fields:
        entry = entries.get(field.name, "")
        if field.kind == NEW_PASSWORD:
            old = next((f for f in step.fields if f.kind == PASSWORD), None)
            if not entry:
                kept[field.name] = ""
            elif not PASSWORD_RULE.match(entry):
                errors.append(RULE_BROKEN)
            elif old is not None and entry == entries.get(old.name):
                errors.append(SAME_AS_OLD)
            else:
                kept[field.name] = digest(entry)
        elif field.kind == CONFIRM_PASSWORD:
            if entry != entries.get(field.expect, ""):
                errors.append(NOT_CONFIRMED)
            kept[field.name] = MATCHED if entry else ""
        elif field.kind == CHOSEN_PASSWORD:
            stored = next(
                (
                    s[field.expect]
                    for s in saved.values()
                    if isinstance(s, dict) and field.expect in s
                ),
                None,
            )
            kept[field.name] = MATCHED if digest_matches(stored, entry) else (None if entry else "")
        elif field.kind == IMAGE:
            upload = uploads.get(field.name)
            if upload is None:
                kept[field.name] = ""
                continue
            head, size = upload
            if size > MAX_IMAGE_BYTES:
                errors.append(TOO_BIG)
            elif image_kind(head) is None:
                errors.append(NOT_AN_IMAGE)
            else:
                kept[field.name] = image_kind(head)
    return kept, errors


def forget_secrets(question, answers: dict) -> dict:
    """The saved entries without the new password's digest: once graded it is only
    "set" (right) or not; nothing derived from what the learner chose is kept."""
    kinds = {f.name: f.kind for s in question.steps for f in s.fields}
    return {
        step_id: {
            name: (DIGEST_PREFIX if kinds.get(name) == NEW_PASSWORD and entry else entry)
            for name, entry in entries.items()
        }
        if isinstance(entries, dict)
        else entries
        for step_id, entries in answers.items()
    }


#: A wrong entry holding this many digits in a row may be the learner's real identity
#: number, phone or bank account: it is not kept. Right entries are the task's made-up
#: values, so they are safe to keep.
LONG_NUMBER = re.compile(r"[0-9]{9,}")


def withhold(step: Step, entries: dict[str, str], values: dict[str, str]) -> dict:
    """What may be stored of one step's entries: a wrong password, or a wrong entry that
    looks like a real ID or phone number, becomes None (graded wrong, never shown)."""
    kept: dict[str, str | None] = {}
    for field in step.fields:
        entry = entries.get(field.name, "")
        if field.kind in (NEW_PASSWORD, CONFIRM_PASSWORD, CHOSEN_PASSWORD, IMAGE):
            kept[field.name] = ""  # decided by accept_step(), never kept as typed
            continue
        risky = field.kind == PASSWORD or LONG_NUMBER.search("".join(entry.split()))
        if entry.strip() and risky and not field_right(field, entry, values):
            kept[field.name] = None
        else:
            kept[field.name] = entry
    return kept


def read_step(step: Step, form) -> dict[str, str]:
    """The entries of one step from a submitted form: strings, cut to a sane length."""
    entries = {}
    for field in step.fields:
        if field.kind == IMAGE:
            continue  # a file, read by the view (see accept_step)
        values = form.get(f"f-{field.name}", ())
        value = values[0] if isinstance(values, list | tuple) and values else values
        entries[field.name] = without_unsafe(str(value or ""))[:MAX_ENTRY]
    return entries


@dataclass(frozen=True)
class StepResult:
    step: Step
    right: bool
    #: what was typed, per field; None where it was withheld (see withhold())
    entries: dict[str, str | None]
    expected: dict[str, str]
    empty: tuple[str, ...]


def grade_steps(steps: tuple[Step, ...], values: dict[str, str], answers: dict) -> list[StepResult]:
    """Grade every step from the stored entries; a step never reached is wrong."""
    results = []
    for step in steps:
        entries = answers.get(step.id) if isinstance(answers, dict) else None
        entries = entries if isinstance(entries, dict) else {}
        right = bool(entries) and all(
            field_right(f, entries.get(f.name), values) for f in step.fields
        )
        typed = {
            f.name: None if entries.get(f.name, "") is None else str(entries.get(f.name, ""))
            for f in step.fields
        }
        results.append(
            StepResult(
                step,
                right,
                typed,
                {f.name: fill(f.expect, values) for f in step.fields},
                tuple(f.label for f in step.fields if typed[f.name] == ""),
            )
        )
    return results
