"""A replacement's `holding_shown` (plan format 1.11): where the plan creates again each sensor its
`holding` names by the address its live refId gives, for readers of the JSON. Written only where
one differs, read back and written again as it was (a plan shown or merged), refused in a plan
older than the format that writes it, and never weighed by the staleness check."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Plan
from iotplan.render.json_plan import plan_from_dict, plan_from_lines, plan_to_json
from tests.render import plans

PINNED, AT_ITS_KEY = Address("dam-a/weather/#AAD636"), Address("dam-a/weather/battery")
AIR_TEMP = Address("dam-a/weather/air-temp")


def _replacement(holding: tuple[Address, ...], shown: tuple[tuple[Address, Address], ...]) -> Plan:
    return plans.plan(
        plans.change(
            "dam-a/weather",
            Action.REPLACE,
            "template DEMO_DEVICE_SDE → IMPORT_DEVICE_SDE cannot be updated in place",
            live_id="/api/A1/node/dynamic/1/device",
            observations=45,
            holding=holding,
            holding_shown=shown,
        )
    )


REPLACED = _replacement((AIR_TEMP, PINNED), ((PINNED, AT_ITS_KEY),))


def test_it_maps_each_sensor_shown_elsewhere_to_where_the_plan_creates_it_and_reads_back() -> None:
    text = plan_to_json(REPLACED)
    (replaced,) = json.loads(text)["changes"]
    assert replaced["holding"] == ["dam-a/weather/air-temp", "dam-a/weather/#AAD636"]
    assert replaced["holding_shown"] == {"dam-a/weather/#AAD636": "dam-a/weather/battery"}
    assert plan_from_dict(json.loads(text)) == REPLACED
    assert plan_from_lines(iter(text.encode().splitlines(keepends=True))) == REPLACED
    assert plan_to_json(plan_from_dict(json.loads(text))) == text


def test_it_is_left_out_where_every_sensor_is_shown_where_holding_names_it() -> None:
    (replaced,) = json.loads(plan_to_json(_replacement((AIR_TEMP,), ())))["changes"]
    assert "holding_shown" not in replaced


def test_a_plan_of_1_10_without_it_reads_as_before() -> None:
    older = dataclasses.replace(_replacement((AIR_TEMP, PINNED), ()), format_version="1.10")
    document = json.loads(plan_to_json(older))
    assert document["format_version"] == "1.10"
    assert plan_from_dict(document) == older


def test_one_in_a_plan_relabelled_1_10_is_refused_as_edited() -> None:
    document = json.loads(plan_to_json(REPLACED)) | {"format_version": "1.10"}
    with pytest.raises(
        ValueError, match=re.escape("holds holding_shown, which plans hold since 1.11: the plan file")
    ):
        plan_from_dict(document)


@pytest.mark.parametrize("written", [["dam-a/weather/battery"], {"dam-a/weather/#AAD636": 3}, "x"])
def test_one_iotplan_does_not_write_is_refused(written: object) -> None:
    document = json.loads(plan_to_json(REPLACED))
    document["changes"][0]["holding_shown"] = written
    with pytest.raises(ValueError, match="holding_shown is not an object of addresses"):
        plan_from_dict(document)


def test_the_staleness_check_compares_holding_never_holding_shown() -> None:
    """The reviewed battery (its refId `#AAD636`) gone, another sensor made since at the key the plan
    creates it at, reporting: the same planned address, another sensor. Stale, named where it is."""
    saved = REPLACED
    fresh = _replacement((AIR_TEMP, AT_ITS_KEY), ())
    with pytest.raises(
        StalePlanError, match=r"data on 1 sensor that held none when reviewed \(dam-a/weather/battery\)"
    ):
        check_not_stale(saved, fresh)
    check_not_stale(
        saved, dataclasses.replace(saved, changes=(dataclasses.replace(saved.changes[0], holding_shown=()),))
    )
