"""A unit changed fleet-wide in a pull-request comment: said once, so the connection blocks that
destroy or move still fit (fz57: 49,846 characters of one list of sensors, and none of the 450
connection blocks, neither the removal's nor the `moved` site's)."""

from __future__ import annotations

from iotplan.plan.model import Action, Cause, Change, FieldChange
from iotplan.render import render_markdown
from tests.render.plans import change, plan

UNIT = (FieldChange("metrics[0].unit", "Pa", "kPa"),)


def _unit_change(address: str, *more: FieldChange, cause: Cause = Cause.DIFFERS) -> Change:
    fields = (*more, *UNIT)
    return change(
        address,
        Action.UPDATE,
        "differs",
        fields=fields,
        touches_data_model=True,
        observations=1_000,
        cause=cause,
    )


def _fleet() -> list[Change]:
    """400 connections of 5 devices of 5 sensors, every sensor's unit changed; `c17` removed, `c42`
    moved to `site-42`, one sensor renamed: the shape of fz57's plan."""
    changes = []
    for c in range(400):
        connection = "site-42" if c == 42 else f"c{c}"
        moved = FieldChange("ref_id", f"fleet:c42/{c}", f"fleet:{connection}")
        for d in range(5):
            for s in range(5):
                address = f"{connection}/d{d}/s{s}"
                if c == 42:
                    changes.append(_unit_change(address, moved, cause=Cause.MOVED))
                elif c == 250 and (d, s) == (3, 3):
                    changes.append(_unit_change(address, FieldChange("name", "S", "S (renamed)")))
                elif c != 17:
                    changes.append(_unit_change(address))
    return [*changes, change("c17", Action.REMOVE, "not in the manifest", observations=25_000)]


def test_a_unit_changed_fleet_wide_is_one_line_naming_its_connections() -> None:
    markdown = render_markdown(plan(*_fleet()))
    assert len(markdown) <= 65_536
    assert (
        "> 9,975 sensors with history change metrics or units (needs `--allow-data-model-change`):\n"
        '> - `metrics[0].unit: "Pa" → "kPa"` on 9,975 sensors '
        "in 399 connections: `c0`, `c1`, `c2` and 396 more\n" in markdown
    )
    assert max(len(line) for line in markdown.splitlines()) < 500


def test_the_blocks_of_the_connections_that_destroy_or_move_come_first() -> None:
    blocks = [line for line in render_markdown(plan(*_fleet())).splitlines() if line.startswith("<summary>")]
    assert blocks[:3] == [
        "<summary><code>c17</code>: 1 to destroy</summary>",
        "<summary><code>site-42</code>: 25 to change</summary>",
        "<summary><code>c0</code>: 25 to change</summary>",
    ]


def test_distinct_changes_past_the_limit_are_counted() -> None:
    """Each sensor's own zero date: 5,000 changes, one line each as far as the comment holds."""
    changes = [
        change(
            f"c{n}/l/s",
            Action.UPDATE,
            "differs",
            fields=(FieldChange("zero_date", "2026-01-01", f"2026-02-{n}"),),
            touches_data_model=True,
            observations=3,
        )
        for n in range(5_000)
    ]
    markdown = render_markdown(plan(*changes))
    assert len(markdown) <= 65_536
    assert '> - `zero_date: "2026-01-01" → "2026-02-0"` on `c0/l/s`' in markdown
    assert "more changes, on " in markdown and "entities, are not shown here (comment size limit)" in markdown
