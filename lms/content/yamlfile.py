"""YAML that remembers where things were written, so problems can say `path:line`."""

from pathlib import Path

import yaml


class Node(dict):
    """A mapping from a YAML file, with the line of the mapping and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Items(list):
    """A sequence from a YAML file, with the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = Node(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            key.value: key.start_mark.line + 1
            for key, _value in node.value
            if isinstance(key, yaml.ScalarNode)
        }
        return mapping

    def construct_sequence(self, node, deep=False):
        items = Items(super().construct_sequence(node, deep=True))
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


class YamlError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def scalar_text(value) -> str | None:
    """A YAML scalar as trimmed text ('8' and 8 alike), or None for empty, booleans,
    lists and mappings: authors write numbers bare, but yes/no are never text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        return str(value).strip() or None
    return None


def parse(text: str, first_line: int = 1):
    """Parse YAML text; ``first_line`` shifts line numbers (for front matter)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        if mark and mark.index >= len(text.rstrip()):
            # Something left open is reported at the end of the file; the line where it
            # was opened (or else the last written line) is the one the author needs.
            context = error.context_mark
            if context and context.index < len(text.rstrip()):
                line = first_line + context.line
            else:
                line = first_line + text.rstrip().count("\n")
        raise YamlError(line, f"YAML không hợp lệ: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(first_line, f"YAML không hợp lệ: {error}") from None
    if first_line != 1:
        _shift(data, first_line - 1)
    return data


def _shift(data, offset: int) -> None:
    if isinstance(data, Node):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift(value, offset)
    elif isinstance(data, Items):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift(value, offset)


def read(path: Path):
    return parse(path.read_text(encoding="utf-8"))
