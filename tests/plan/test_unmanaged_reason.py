"""`unmanaged_reason` is the one text an unmanaged entity is left alone with, whether the plan lists
it (`unmanaged`) or removes the stack's orphans under it (a connection it does not own): it names
the stack that owns it where another does, and one written like this one another way as neither."""

from __future__ import annotations

import pytest

from iotplan.plan.ownership import unmanaged_reason


@pytest.mark.parametrize(
    ("ref_id", "depth", "reason"),
    [
        (None, 2, "not declared, not owned by stack 'north' (no SERIAL_NO)"),
        ("legacy-7", 2, "not declared, not owned by stack 'north' (SERIAL_NO 'legacy-7')"),
        ("south:c1/d1/s1", 2, "not declared, not owned by stack 'north' but by stack 'south' (SERIAL_NO "),
        ("south:c1", 0, "not declared, not owned by stack 'north' but by stack 'south' (SERIAL_NO "),
        ("North:c1/d1", 1, "not declared, not owned by stack 'north': its refId's prefix 'North:' is"),
    ],
)
def test_unmanaged_reason_names_the_owner(ref_id: str | None, depth: int, reason: str) -> None:
    assert unmanaged_reason("north", ref_id, depth).startswith(reason)


def test_a_look_alike_prefix_is_told_apart_from_another_stack() -> None:
    reason = unmanaged_reason("north", "North:c1/d1", 1)
    assert "that stack's in another case, and ownership is the exact prefix" in reason
    assert "but by stack" not in reason
