"""Checking and building a practical question (``type: practical``) from a quiz file.

The definition must be able to work for every attempt: every placeholder names a
variable, every step has something to fill in, and every expected value is one that the
field can actually receive, whatever values the seed draws.
"""

import itertools
import re

from ..quiz import Question
from ..quiz.practical import (
    CHOICE,
    FIELD_KINDS,
    FREE,
    MAX_ENTRY,
    NEW_PASSWORD,
    NUMBER,
    PLACEHOLDER,
    REFERRING,
    Field,
    Step,
    fill,
)
from .lessons import SLUG
from .markdown import render_markdown
from .problems import Problems
from .yamlfile import Items, Node, scalar_text

VARIABLE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_STEPS = 12
STEP_KEYS = {"id", "title", "screen", "fields", "explanation", "button"}
FIELD_KEYS = {"name", "label", "kind", "expect", "options", "prefill"}
MAX_SCENARIOS = 20


def _variables(item: Node, problems: Problems) -> dict:
    raw = item.get("variables")
    if raw is None:
        return {}
    if not isinstance(raw, Node):
        problems.add(item.line_of("variables"), "'variables' phải là các cặp 'tên: giá trị'")
        return {}
    variables = {}
    for name, spec in raw.items():
        line = raw.line_of(name)
        if not isinstance(name, str) or not VARIABLE.match(name):
            problems.add(line, f"tên biến '{name}' chỉ gồm chữ thường không dấu, số và '_'")
            continue
        if (
            isinstance(spec, Node)
            and isinstance(spec.get("pattern"), str)
            and "#" in spec["pattern"]
            and set(spec) == {"pattern"}
        ):
            variables[name] = {"pattern": spec["pattern"]}
        elif isinstance(spec, Node) and set(spec) == {"one_of"}:
            scenarios = _scenarios(spec, problems)
            if scenarios:
                variables[name] = {"one_of": scenarios}
        elif isinstance(spec, Items) and spec and all(scalar_text(v) for v in spec):
            variables[name] = [scalar_text(v) for v in spec]
        else:
            problems.add(
                line,
                f"biến '{name}' cần một danh sách giá trị, "
                "hoặc {pattern: ...} có dấu '#' cho chữ số",
            )
    return variables


def _scenarios(spec: Node, problems: Problems) -> list[dict] | None:
    """Scenarios: mappings drawn whole; all must name the same variables, so every
    placeholder has a value whichever one the seed picks."""
    raw = spec.get("one_of")
    line = spec.line_of("one_of")
    if not isinstance(raw, Items) or not 1 <= len(raw) <= MAX_SCENARIOS:
        problems.add(line, f"'one_of' cần từ 1 đến {MAX_SCENARIOS} kịch bản")
        return None
    scenarios = []
    for index, item in enumerate(raw):
        if not isinstance(item, Node) or not all(scalar_text(v) for v in item.values()):
            problems.add(raw.line_of(index), "mỗi kịch bản là các cặp 'tên: giá trị'")
            return None
        bad = [k for k in item if not isinstance(k, str) or not VARIABLE.match(k)]
        if bad:
            problems.add(raw.line_of(index), f"tên biến '{bad[0]}' chỉ gồm chữ thường không dấu")
            return None
        scenarios.append({k: scalar_text(v) for k, v in item.items()})
    if any(set(s) != set(scenarios[0]) for s in scenarios):
        problems.add(line, "các kịch bản phải có cùng các tên biến")
        return None
    return scenarios


def _names(variables: dict) -> set[str]:
    """Every placeholder name: the variables, and the keys of their scenarios."""
    names = set(variables)
    for spec in variables.values():
        if isinstance(spec, dict) and "one_of" in spec:
            names |= set(spec["one_of"][0])
    return names


def _combinations(used: list[str], variables: dict):
    """Every combination of values the placeholders in ``used`` can take."""
    groups = []
    for name, spec in variables.items():
        if isinstance(spec, dict) and "one_of" in spec:
            keys = [k for k in spec["one_of"][0] if k in used] + ([name] if name in used else [])
            if keys:
                groups.append(
                    [
                        {k: (str(i + 1) if k == name else s[k]) for k in keys}
                        for i, s in enumerate(spec["one_of"])
                    ]
                )
        elif name in used:
            groups.append([{name: v} for v in _samples(spec)])
    for combination in itertools.product(*groups):
        yield {k: v for part in combination for k, v in part.items()}


def _samples(spec) -> list[str]:
    """Every value a list variable can take; one representative for a pattern."""
    if isinstance(spec, dict):
        return [spec["pattern"].replace("#", "0")]
    return list(spec)


def _unknown(template: str, variables: dict) -> list[str]:
    names = _names(variables)
    return [n for n in PLACEHOLDER.findall(template) if n not in names]


def _rendered(text: str, line: int, variables: dict, problems: Problems) -> str:
    for name in _unknown(text, variables):
        problems.add(line, f"không có biến '{name}' (khai báo trong 'variables')")
    html = render_markdown(text)
    if sorted(PLACEHOLDER.findall(html)) != sorted(PLACEHOLDER.findall(text)):
        problems.add(line, "một chỗ '{biến}' bị Markdown làm hỏng; đặt nó trong câu thường")
    return html


def _field(raw, line: int, variables: dict, problems: Problems) -> Field | None:
    if not isinstance(raw, Node):
        problems.add(line, "mỗi ô cần 'name', 'label', 'kind' và 'expect'")
        return None
    for key in raw:
        if key not in FIELD_KEYS:
            problems.add(raw.line_of(key), f"trường lạ '{key}'")
    name, label, expect = (
        scalar_text(raw.get("name")),
        scalar_text(raw.get("label")),
        scalar_text(raw.get("expect")),
    )
    kind = raw.get("kind", "text")
    if not name or not SLUG.match(name):
        problems.add(raw.line_of("name"), "ô cần 'name' dạng chữ thường không dấu, nối bằng '-'")
        return None
    if not label:
        problems.add(raw.line_of("label"), f"ô '{name}' thiếu 'label' (chữ người học đọc)")
    if kind not in FIELD_KINDS:
        problems.add(raw.line_of("kind"), f"'kind' phải là một trong: {', '.join(FIELD_KINDS)}")
        return None
    if expect is None and kind in FREE:
        expect = ""
    if expect is None:
        problems.add(raw.line_of("expect"), f"ô '{name}' thiếu 'expect' (giá trị đúng)")
        return None
    prefill = scalar_text(raw.get("prefill")) or ""
    if kind in REFERRING:
        # Checked against the step list in _check_references once all steps are read.
        return Field(name, label or name, kind, expect)
    options: tuple[str, ...] = ()
    if kind == CHOICE:
        raw_options = raw.get("options")
        if not isinstance(raw_options, Items) or len(raw_options) < 2:
            problems.add(raw.line_of("options"), f"ô chọn '{name}' cần ít nhất 2 'options'")
            return None
        options = tuple(scalar_text(o) or "" for o in raw_options)
    unknown = [u for t in (expect, prefill, *options) for u in _unknown(t, variables)]
    for missing in unknown:
        problems.add(raw.line_of("expect"), f"không có biến '{missing}'")
    if unknown:
        return None
    _check_reachable(name, kind, expect, options, variables, raw.line_of("expect"), problems)
    return Field(name, label or name, kind, expect, options, prefill)


def _check_reachable(name, kind, expect, options, variables, line, problems) -> None:
    """Every value the seed can draw must give an answer the field can take."""
    used = sorted({n for t in (expect, *options) for n in PLACEHOLDER.findall(t)})
    for values in _combinations(used, variables):
        wanted = fill(expect, values)
        if kind == CHOICE and wanted not in [fill(o, values) for o in options]:
            problems.add(line, f"ô '{name}' chờ '{wanted}' nhưng không có lựa chọn nào như vậy")
            return
        if kind == NUMBER:
            try:
                float(wanted)
            except ValueError:
                problems.add(line, f"ô số '{name}' chờ '{wanted}', không phải là một số")
                return
        if len(wanted) > MAX_ENTRY:
            problems.add(line, f"ô '{name}' chờ một giá trị dài hơn {MAX_ENTRY} ký tự")
            return


def _check_references(fields: list, earlier: list[Step], line: int, problems: Problems) -> None:
    """A confirm field names a new-password field of its own step; a sign-in with the
    chosen password names one of an earlier step: else it could never be right."""
    here = {f.name: f.kind for f in fields if f}
    before = {f.name: f.kind for s in earlier for f in s.fields}
    for field in fields:
        if field and field.kind in REFERRING:
            pool = here if field.kind == "confirm_password" else before
            if pool.get(field.expect) != NEW_PASSWORD:
                where = "trong cùng bước" if field.kind == "confirm_password" else "ở bước trước"
                problems.add(
                    line,
                    f"ô '{field.name}': 'expect' phải là tên một ô new_password {where}",
                )


def practical_question(item: Node, common: dict, problems: Problems) -> Question | None:
    qid = common["id"]
    variables = _variables(item, problems)
    raw_steps = item.get("steps")
    if not isinstance(raw_steps, Items) or not 1 <= len(raw_steps) <= MAX_STEPS:
        problems.add(item.line_of("steps"), f"bài thực hành '{qid}' cần từ 1 đến {MAX_STEPS} bước")
        return None
    text = scalar_text(item.get("text")) or ""
    common = dict(common, html=_rendered(text, item.line_of("text"), variables, problems))
    steps, seen = [], set()
    for index, raw in enumerate(raw_steps):
        line = raw_steps.line_of(index)
        if not isinstance(raw, Node):
            problems.add(line, "mỗi bước cần 'id', 'title' và 'fields'")
            continue
        for key in raw:
            if key not in STEP_KEYS:
                problems.add(raw.line_of(key), f"trường lạ '{key}'")
        step_id, title = scalar_text(raw.get("id")), scalar_text(raw.get("title"))
        if not step_id or not SLUG.match(step_id) or step_id in seen:
            problems.add(raw.line_of("id"), "mỗi bước cần 'id' riêng, dạng chữ thường không dấu")
            continue
        seen.add(step_id)
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, Items) or not raw_fields:
            problems.add(raw.line_of("fields"), f"bước '{step_id}' không có ô nào để điền")
            continue
        fields = [
            _field(f, raw_fields.line_of(i), variables, problems) for i, f in enumerate(raw_fields)
        ]
        names = [f.name for f in fields if f]
        if len(set(names)) != len(names):
            problems.add(raw.line_of("fields"), f"bước '{step_id}' có hai ô trùng tên")
        screen = scalar_text(raw.get("screen")) or ""
        _check_references(fields, steps, raw.line_of("fields"), problems)
        explanation = scalar_text(raw.get("explanation"))
        if not explanation:
            problems.add(raw.line, f"bước '{step_id}' thiếu 'explanation' (vì sao)")
        steps.append(
            Step(
                step_id,
                title or step_id,
                _rendered(screen, raw.line_of("screen"), variables, problems),
                tuple(f for f in fields if f),
                _rendered(explanation or "", raw.line_of("explanation"), variables, problems),
                scalar_text(raw.get("button")) or "",
            )
        )
    return Question(**common, steps=tuple(steps), variables=variables)
