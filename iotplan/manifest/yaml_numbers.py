"""Numbers that YAML 1.1, which iotplan reads, and YAML 1.2 read differently.

iotplan reads YAML 1.1 (PyYAML). Editors, linters and most other tools read YAML 1.2, whose core
schema reads `010` as ten where 1.1 reads the octal number eight, and `1:30`, `1_000`, `0b1` and
`-0x1F` as text where 1.1 reads the numbers 90, 1000, 1 and -31. A manifest so written means one
thing to its reviewer's tools and another to iotplan, so such a number is kept as written (an
AmbiguousNumber, which no field accepts) and refused where it stands, saying how each reads it.
What both read alike (`10`, `1.5`, `0x1F`, `1.0e-7`, `.inf`, `!!float '1'`) is taken as it is.

The other way round, `1e-7`, `1e5` and `0o7` are numbers to YAML 1.2 and text to 1.1: a number
field refuses them as text anyway, and `yaml11_spelling` says how to write them. Written bare, such
text is read as a NumberLikeText (`text_as_written`), which every text field takes as it is and the
fields that name an entity refuse (checks.py): a YAML 1.2 tool would rewrite `key: 1e3` as 1000.0,
and with it the refId.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# The YAML 1.2 core schema's numbers (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"(?P<mantissa>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))(?:[eE](?P<sign>[-+]?)(?P<exponent>[0-9]+))?"
)
_INFINITY_OR_NAN = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")  # alike in 1.1
_NUMBER_TAGS = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))


class AmbiguousNumber:
    """A scalar YAML 1.1 read as a number that YAML 1.2 reads otherwise: no field takes it."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: int | float) -> None:
        self.text = text
        self.value = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AmbiguousNumber):
            return NotImplemented
        return (self.text, self.value) == (other.text, other.value)

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"AmbiguousNumber({self.text!r}, {self.value!r})"

    def readings(self) -> str:
        """`read by YAML 1.1 (iotplan) as the octal number 8 and by YAML 1.2 as 10`."""
        other = _yaml12_number(self.text)
        by_11 = f"{_kind(self.text, self.value)} {self.value}"
        return (
            f"read by YAML 1.1 (iotplan) as {by_11} and by YAML 1.2 as {'text' if other is None else other}"
        )

    def as_number(self) -> str:
        """What to write in a number field."""
        other = _yaml12_number(self.text)
        if other is not None:  # a leading-zero octal: YAML 1.2 reads the decimal most people mean
            return f"write {other} (or {self.value}, if octal was meant)"
        return f"write it in decimal digits ({self.value}, if that is what was meant)"

    def as_text(self) -> str:
        """What to write in a text field."""
        return f"write it quoted: '{self.text}'"


class NumberLikeText(str):
    """Text YAML 1.1 read from a bare scalar that YAML 1.2 reads as a number (`1e3`, `0o10`, `1.5e3`):
    text to every field, told apart only where a field names an entity."""

    __slots__ = ()

    def readings(self) -> str:
        """`read by YAML 1.1 (iotplan) as text and by YAML 1.2 as the number 1000.0`."""
        number = _yaml12_number(self)
        assert number is not None  # made only of text YAML 1.2 reads as a number (text_as_written)
        return f"read by YAML 1.1 (iotplan) as text and by YAML 1.2 as {_kind(self, number)} {number}"

    def as_text(self) -> str:
        return f"write it quoted: '{self}'"


_NUMBER_STARTS = frozenset("0123456789+-.")


def text_as_written(text: str) -> str:
    """The text of a bare scalar YAML 1.1 read as text: a NumberLikeText when YAML 1.2 reads a number.
    Most text starts with a letter, told by one look at its first character."""
    if text[:1] in _NUMBER_STARTS and yaml12_reads_a_number(text):
        return NumberLikeText(text)
    return text


def number_as_written(tag: str, text: str, value: Any) -> Any:
    """`value`, as YAML 1.1 built it from `text`, or an AmbiguousNumber when YAML 1.2 reads `text`
    otherwise. Only numbers that are not plain decimals come here (yaml_stream.py takes those
    straight away), so a fleet's coordinates pay nothing for this."""
    if tag not in _NUMBER_TAGS or _read_alike(text, value):
        return value
    return AmbiguousNumber(text, value)


def _read_alike(text: str, value: int | float) -> bool:
    if _INFINITY_OR_NAN.fullmatch(text):
        return True
    other = _yaml12_number(text)
    if type(other) is int and type(value) is float:
        # YAML 1.1 reads digits alone as a float only when tagged so (`!!float '1'`), and both
        # versions read a tagged scalar by its tag: the number 1.0
        other = float(other)
    return other is not None and type(other) is type(value) and other == value


def _yaml12_number(text: str) -> int | float | None:
    """What YAML 1.2's core schema reads `text` as (infinity and NaN aside); None for text."""
    if _DECIMAL.fullmatch(text):
        return int(text)
    if _HEX.fullmatch(text):
        return int(text, 16)
    if _OCTAL.fullmatch(text):
        return int(text[2:], 8)
    return float(text) if _FLOAT.fullmatch(text) else None


def yaml12_reads_a_number(text: str) -> bool:
    """YAML 1.2's core schema reads `text`, written bare, as a number (`1e3`, `0o17`, `.5`)."""
    return _yaml12_number(text) is not None or _INFINITY_OR_NAN.fullmatch(text) is not None


def _kind(text: str, value: int | float) -> str:
    digits = text.lstrip("+-")
    if ":" in digits:
        return "the base-60 number"
    if digits.startswith("0b"):
        return "the binary number"
    if digits.startswith("0x"):
        return "the hexadecimal number"
    if isinstance(value, int) and len(digits) > 1 and digits.startswith("0"):
        return "the octal number"
    return "the number"  # digits grouped by `_`, which YAML 1.1 drops


def yaml11_spelling(text: str) -> str | None:
    """How to write a number that YAML 1.2 reads in `text` so that YAML 1.1 reads it too:
    `1e-7` → `1.0e-7` (1.1 wants a dot and a signed exponent), `0o7` → `7`; None for other text."""
    if _OCTAL.fullmatch(text):
        return str(int(text[2:], 8))
    match = _FLOAT.fullmatch(text)
    if match is None or _DECIMAL.fullmatch(text):
        return None
    mantissa = match["mantissa"]
    digits = mantissa.lstrip("+-")
    digits = f"0{digits}" if digits.startswith(".") else digits
    digits = digits if "." in digits else f"{digits}.0"
    spelled = mantissa[: len(mantissa) - len(mantissa.lstrip("+-"))] + digits
    if match["exponent"] is not None:
        spelled += f"e{match['sign'] or '+'}{match['exponent']}"
    return None if spelled == text else spelled  # already 1.1's spelling: it was quoted


def ambiguous_numbers(
    data: Any, path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], AmbiguousNumber]]:
    """Each AmbiguousNumber in loaded YAML data, with its path."""
    if isinstance(data, AmbiguousNumber):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from ambiguous_numbers(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from ambiguous_numbers(value, (*path, index))
