"""A change that needs a flag besides --allow-destroy keeps its first line when removals fill the
comment: fz67's 1,000 removals took all the room, and a unit changed on 10,000 sensors was only
counted (`1 change, on 10,000 entities, is not shown here`), with no word of what it was."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Change, FieldChange, Kind
from iotplan.render import render_markdown
from tests.render.plans import change, plan

LIMIT = 65_536
UNIT_LINE = '> - `metrics[0].unit: "Pa" → "kPa"` on 10,000 sensors in 1,000 connections: '


def _fleet(removed_per_site: int) -> list[Change]:
    """1,000 sites of 10 sensors whose unit changes, each losing `removed_per_site` more sensors
    holding history: fz67's `sitesS.csv`."""
    unit = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
    changes = []
    for site in range(1_000):
        for sensor in range(10):
            address = f"site-{site:03}/logger/pz-{sensor}"
            changes.append(
                change(
                    address, Action.UPDATE, "differs", fields=unit, touches_data_model=True, observations=100
                )
            )
        for sensor in range(removed_per_site):
            address = f"site-{site:03}/logger/pz-{11 + sensor}"
            changes.append(change(address, Action.REMOVE, "not in the manifest", observations=103))
    return changes


def _cut_off(address: str) -> Change:
    setting = change(address, Action.UPDATE, "differs", fields=(FieldChange("baud_rate", 9600, 19200),))
    return dataclasses.replace(setting, kind=Kind.EDGE, cuts_off=True)


def test_a_unit_changed_fleet_wide_is_said_beside_a_thousand_removals() -> None:
    markdown = render_markdown(plan(*_fleet(1)), saved_as="S.json")
    assert len(markdown) <= LIMIT
    assert UNIT_LINE in markdown
    assert markdown.count("\n- remove sensor ") == 1_000


def test_every_flagged_change_keeps_its_first_line_when_removals_overflow_the_comment() -> None:
    changes = [*_fleet(3), _cut_off("gw-1/port"), _cut_off("gw-2/port")]
    markdown = render_markdown(plan(*changes), saved_as="S.json")
    assert len(markdown) <= LIMIT
    assert UNIT_LINE in markdown
    assert "may cut a gateway off from the platform (needs `--allow-disconnect`): `gw-1/port`" in markdown
    # What the flagged lines took from the removals is counted, with the history it holds.
    assert "more removals, holding " in markdown and "observations, are not shown here" in markdown
