"""A saved plan writes a block's changes not in sync (updates, replacements) as `checked` once one
search finds no secret of this run's in their texts (render/json_plan.py `_change_dicts`): none of
their texts is asked again on its own, their live texts still read for what names a credential.
Each is written exactly as `_change_to_dict` writes it asking every text, whatever secrets are held
and wherever a change holds one."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from iotplan import secrets
from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import json_plan
from iotplan.render.json_plan import _change_dicts
from tests.render import plans
from tests.render.test_in_sync_written_unmasked import (  # noqa: F401 (`held`: a fixture)
    LONG,
    METRICS,
    SHORT,
    held,
    written,
    written_each_on_its_own,
)

KPA = {"name": "Piezometer 1", "metrics": [{"custom_metric": "pore_pressure", "unit": "kPa"}]}
UNIT = FieldChange("metrics[0].unit", "Pa", "kPa")


def update(
    before: Any = METRICS, after: Any = KPA, fields: tuple[FieldChange, ...] = (UNIT,), **details: Any
) -> Change:
    """An update as the differ makes one: the live values apart from the manifest's."""
    made = plans.change(
        "dam-a/logger-1/pz-1", Action.UPDATE, "differs from the manifest", live_id="/api/1/node"
    )
    return dataclasses.replace(made, before=before, after=after, fields=fields, **details)


CASES = {
    "a unit changed": update(),
    "its live name holds the key": update(before={**METRICS, "name": f"Feed {SHORT}"}),
    "its name holds the key": update(after={**KPA, "name": f"Feed {SHORT}"}),
    "its live name names a credential": update(before={**METRICS, "name": "Password=hunter2;"}),
    "its name names a credential": update(after={**KPA, "name": "Password=hunter2;"}),
    "a field's live value names one": update(fields=(FieldChange("name", "token: abc", "Piezometer 1"),)),
    "a field's value holds the key": update(fields=(FieldChange("name", "Old", f"New {SHORT}"),)),
    "a field's live value holds a slice": update(fields=(FieldChange("name", f"x {LONG[12:40]}", "y"),)),
    "a sensitive field": update(
        fields=(FieldChange("auth_token", "(sensitive)", "${env:T}", sensitive=True),)
    ),
    "a secret field": update(before={"name": "Dam A", "auth_token": SHORT}, after={"auth_token": "${env:T}"}),
    "its metric holds the key": update(after={"metrics": [{"custom_metric": SHORT, "unit": "Pa"}]}),
    "its live name percent-encodes the key": update(before={"name": "k=demo%2Dkey"}),
    "its name holds the key quoted": update(after={"name": f'"{SHORT}" and \\ {SHORT}'}),
    "an integer past 64 bits": update(before={"name": "big", "serial": 2**70}),
    "no values": update(before=None, after=None, fields=()),
    "its reason holds the key": update(reason=f"differs ({SHORT})"),
    "its refId holds the key": update(ref_id=f"dams:{SHORT}"),
    "its refId holds a URL's password": update(ref_id="https://u:pw@dam.example/x"),
    "its id holds the key": update(live_id=f"/api/A40199/node/{SHORT}/sensor"),
    "renamed from a URL's password": update(live_ref_id="https://u:pw@dam.example/old"),
}


@pytest.mark.usefixtures("held")
@pytest.mark.parametrize("case", CASES)
def test_each_update_is_written_as_on_its_own(case: str) -> None:
    changes = [CASES["a unit changed"], CASES[case], plans.in_sync("dam-a/logger-2")]
    assert written(changes) == written_each_on_its_own(changes)


@pytest.mark.usefixtures("held")
def test_a_block_of_every_update_is_written_as_each_on_its_own() -> None:
    assert written(list(CASES.values())) == written_each_on_its_own(list(CASES.values()))


def test_plain_updates_are_written_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above hold both ways alike only if the checked one is taken: it is, for a block of
    plain updates, with the run's key held; and not for a block where one holds it."""
    secrets.remember(SHORT)
    asked: list[bool] = []
    to_dict = json_plan._change_to_dict

    def counted(change: Change, checked: bool = False) -> dict[str, Any]:
        asked.append(checked)
        return to_dict(change, checked)

    monkeypatch.setattr(json_plan, "_change_to_dict", counted)
    list(_change_dicts([CASES["a unit changed"], CASES["its live name names a credential"]]))
    list(_change_dicts([CASES["a unit changed"], CASES["its live name holds the key"]]))
    assert asked == [True, True, False, False]
