"""A problem found in a content file, reported as ``path:line: message``."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Problems(list):
    """Collects problems for one file, so checks read as one line each."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def add(self, line: int, message: str) -> None:
        self.append(Problem(self.path, line, message))
