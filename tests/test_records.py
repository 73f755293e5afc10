"""`@record`: frozen for the type checker, a plain slotted dataclass at run time (iotplan/records.py)."""

from __future__ import annotations

import textwrap
from dataclasses import field
from pathlib import Path

from mypy import api as mypy_api

from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.records import record

SNIPPET = """
    from dataclasses import field
    from iotplan.records import record

    @record
    class Point:
        x: int
        tags: list[str] = field(default_factory=list)

    point = Point(1)
    point.x = 2
"""


def test_the_type_checker_refuses_assigning_a_field(tmp_path: Path) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(textwrap.dedent(SNIPPET))
    report, _, status = mypy_api.run(
        [str(source), "--follow-imports=silent", "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    )
    assert status == 1
    assert 'snippet.py:11: error: Property "x" defined in "Point" is read-only' in report


def test_a_record_is_slotted_and_keeps_its_defaults_apart() -> None:
    @record
    class Point:
        x: int
        tags: list[str] = field(default_factory=list)

    first, second = Point(1), Point(2)
    first.tags.append("a")
    assert (first, second) == (Point(1, ["a"]), Point(2, []))
    assert not hasattr(first, "__dict__")  # 100,000 of them: slots, not a dict each


def test_a_plan_entry_is_a_slotted_record() -> None:
    change = Change("c1", Kind.NODE, Action.NOOP, "p", "c1", "in sync", Cause.IN_SYNC)
    assert not hasattr(change, "__dict__")
    assert change.fields == () and change.before is None
