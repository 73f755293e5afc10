"""What one render of a template may cost, and the checks that keep it there.

Jinja2's sandbox keeps a template away from Python's internals, but not from the machine: `10 **
(10 ** 9)` computes for hours, `"x" * 10 ** 12` asks for a terabyte, and two nested loops over
`range(100000)` run ten billion times. Every operation that can grow a value is checked before
it runs, loops are charged for their iterations and the text they print, and a wall clock bounds
the rest; a limit reached is a `LimitExceeded` naming the limit, raised inside the template so
the error names its line.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_VALUE = 10_000_000  # characters of a string, items of a list: far beyond any manifest value
MAX_INT_BITS = 4096  # about 1,200 digits
# Loop iterations and calls in one render: the 111,000-entity benchmark makes 112,000 and 22,000.
MAX_ITERATIONS = 2_000_000
MAX_SECONDS = 60.0  # the benchmark's fleet renders in a quarter of a second
# Characters a render may print, counted as it prints them (loop bodies, values, macro calls):
# the rendered manifest's own limit is half of it (rendered.py), checked when the render ends.
MAX_PRODUCED = 128 * 1024 * 1024
# Characters and items of every text, list, tuple and mapping the template builds along the way (`+`,
# `*`, `~`, `| list`, `| sort`, `| sum`, a method's result, a slice), counted when built: what is freed
# since cannot be told, so this bounds what a render can hold at once (a loop keeping a 10-million-item
# list each time asked for 16 GB, refused now at 0.9 GB; one sort of 10 million items still takes 1.1 GB).
# The example builds 0, the benchmark's fleet at 1,000 connections 600 (its gateways' ids):
# tests/manifest/test_template_memory_budget.py keeps a margin of a thousandfold.
MAX_BUILT = 10 * MAX_VALUE
# A list's own memory counted as items (the pointer each takes): an empty list takes 56 bytes, 72 with
# Python's collector's header, where each item it holds takes 8.
LIST_OVERHEAD = 8
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBERS = re.compile(r"\d+")


class LimitExceeded(Exception):
    """A render went beyond one of the limits above; the message says which."""


class Budget:
    """What one render has spent: loop iterations and time."""

    def __init__(self, seconds: float = MAX_SECONDS, iterations: int = MAX_ITERATIONS) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.iterations_left = iterations
        self.iterations = iterations
        self.produced = 0
        self.built = 0

    def build(self, value: Any) -> Any:
        """`value`, just built by the template: within the limit of one value, then charged to the
        render's total."""
        if isinstance(value, str | bytes | list | tuple | dict):
            check_size(value)
            self._charge_built(len(value))
        return value

    def build_each(self, values: Iterable[Any]) -> Iterator[Any]:
        """Each of `values` as it is built (`| batch`, `| slice` make a list per item), charged with what
        a list costs beyond its items: counted as the items of the list holding them, a million one-item
        lists took seventy times the memory their count was charged for."""
        for value in values:
            self.build(value)
            self._charge_built(LIST_OVERHEAD)
            yield value

    def _charge_built(self, size: int) -> None:
        self.built += size
        if self.built > MAX_BUILT:
            raise LimitExceeded(
                f"the template built more than {MAX_BUILT:,} characters and items of text and lists "
                "in all, the limit of one render"
            )

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"the template ran for more than {self.seconds:g} s, the limit of one render")

    def produce(self, size: int) -> None:
        self.produced += size
        if self.produced > MAX_PRODUCED:
            raise LimitExceeded(f"the template printed more than {MAX_PRODUCED:,} characters, the limit")

    def charge(self, iterations: int, printed: int) -> None:
        """A loop about to run `iterations` times, its body printing `printed` characters of template text."""
        self.iterations_left -= iterations
        if self.iterations_left < 0:
            raise LimitExceeded(f"more than {self.iterations:,} loop iterations and calls in one render")
        self.produce(iterations * printed)
        self.tick()

    def iterate(self, items: Iterable[Any], printed: int) -> Iterator[Any]:
        """A loop over items whose number is not known: charged one at a time."""
        for count, item in enumerate(items):
            if not count & 0x3FF:
                self.charge(0x400, printed)
            yield item


class CountedLoop:
    """A loop's iterable, charged to the budget before it runs when its length is known.

    Charging the whole length at once costs nothing per item (the benchmark's fleet loops
    112,000 times); an iterable of unknown length is charged per 1,024 items.
    """

    def __init__(self, budget: Budget, items: Iterable[Any], printed: int) -> None:
        self.budget = budget
        self.items = items
        self.printed = printed

    def __iter__(self) -> Iterator[Any]:
        if hasattr(self.items, "__len__"):
            self.budget.charge(len(self.items), self.printed)  # type: ignore[arg-type]
            return iter(self.items)
        return self.budget.iterate(self.items, self.printed)

    def __len__(self) -> int:
        return len(self.items)  # type: ignore[arg-type]  # TypeError when unsized, as LoopContext expects


def too_big(what: str, size: int, limit: int = MAX_VALUE) -> LimitExceeded:
    return LimitExceeded(f"{what} would be {size:,} long, beyond the limit of {limit:,}")


def check_size(value: Any) -> Any:
    if isinstance(value, str | bytes | list | tuple | dict) and len(value) > MAX_VALUE:
        raise too_big("a value", len(value))
    return value


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _check_multiply(left: Any, right: Any) -> None:
    for sequence, count in ((left, right), (right, left)):
        size = _sized(sequence)
        if size is not None and isinstance(count, int) and size * max(count, 0) > MAX_VALUE:
            raise too_big("a repeated value", size * count)
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise LimitExceeded(f"a product of more than {MAX_INT_BITS:,} bits")


def _check_power(base: Any, exponent: Any) -> None:
    both_ints = isinstance(base, int) and isinstance(exponent, int)
    if both_ints and exponent > 0 and abs(base) > 1 and base.bit_length() * exponent > MAX_INT_BITS:
        digits = MAX_INT_BITS * 3 // 10
        raise LimitExceeded(f"a power of more than {MAX_INT_BITS:,} bits (about {digits:,} digits)")


def check_percent_format(template: Any) -> None:
    """`"%09999999999d" % 1` allocates the width before anything else runs."""
    if not isinstance(template, str):
        return
    for match in _PERCENT_SPEC.finditer(template):
        for part in match.groups():
            if part == "*":
                raise LimitExceeded("a '*' width or precision in a % format is not allowed in a template")
            if part is not None and int(part) > MAX_VALUE:
                raise too_big("a formatted field", int(part))


def check_format_spec(spec: str) -> None:
    for number in _NUMBERS.findall(spec):
        if len(number) > 8 or int(number) > MAX_VALUE:
            raise too_big("a formatted field", int(number))


def check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        _check_multiply(left, right)
    elif operator == "**":
        _check_power(left, right)
    elif operator == "+" and _sized(left) is not None and _sized(right) is not None:
        if len(left) + len(right) > MAX_VALUE:
            raise too_big("a sum", len(left) + len(right))
    elif operator == "%":
        check_percent_format(left)


def check_growth(name: str, receiver: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Pre-checks for the str methods and filters that can grow a value a thousandfold."""
    checker = _GROWTH.get(name)
    if checker is not None and isinstance(receiver, str | bytes | list | tuple):
        size = checker(receiver, *args, **kwargs)
        if size > MAX_VALUE:
            raise too_big(f"the result of {name}()", size)


def _width(value: Any, width: Any = 0, *_: Any, **__: Any) -> int:
    return width if isinstance(width, int) else 0


def _replace(value: Any, old: Any = "", new: Any = "", count: Any = -1, *_: Any, **__: Any) -> int:
    if not (isinstance(old, str) and isinstance(new, str)) or not isinstance(value, str):
        return 0
    found = value.count(old) if old else len(value) + 1
    found = found if not isinstance(count, int) or count < 0 else min(found, count)
    return len(value) + found * max(len(new) - len(old), 0)


def _join(value: Any, items: Any = (), *_: Any, **__: Any) -> int:
    """str.join(items) with the separator as receiver; the join filter has the items first."""
    if isinstance(value, str) and isinstance(items, list | tuple):
        return sum(len(str(item)) for item in items) + len(value) * len(items)
    if isinstance(value, list | tuple):
        separator = items if isinstance(items, str) else ""
        return sum(len(str(item)) for item in value) + len(separator) * len(value)
    return 0


def _lines_times(value: Any, width: Any = 4, *_: Any, **kwargs: Any) -> int:
    prefix = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    return len(value) + (value.count("\n") + 1) * prefix if isinstance(value, str) else 0


def _wordwrap(value: Any, width: Any = 79, *args: Any, **kwargs: Any) -> int:
    wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else "\n")
    lines = len(value) // max(width if isinstance(width, int) else 1, 1) + 1 if isinstance(value, str) else 0
    return len(value) + lines * len(wrapstring or "") if isinstance(value, str) else 0


def _expandtabs(value: Any, tabsize: Any = 8, *_: Any, **__: Any) -> int:
    return (
        len(value) + value.count("\t") * tabsize if isinstance(value, str) and isinstance(tabsize, int) else 0
    )


def _count_argument(value: Any, count: Any = 0, *_: Any, **__: Any) -> int:
    return count if isinstance(count, int) else 0


_GROWTH: dict[str, Callable[..., int]] = {
    "center": _width,
    "ljust": _width,
    "rjust": _width,
    "zfill": _width,
    "replace": _replace,
    "join": _join,
    "indent": _lines_times,
    "wordwrap": _wordwrap,
    "expandtabs": _expandtabs,
    "batch": _count_argument,
    "slice": _count_argument,
}
