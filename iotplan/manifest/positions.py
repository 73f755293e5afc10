"""Where something was written in a YAML file, and the error that says so."""

from __future__ import annotations

from typing import Any, NamedTuple

Path = tuple[str | int, ...]  # a path into loaded data: keys and list indexes


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


def position_of(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def position_at(text: str, offset: int) -> Position:
    """The line and column of a character offset into `text`, whose lines end in a newline."""
    return Position(text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class YamlSyntaxError(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
