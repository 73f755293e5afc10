"""--prune-unmanaged beside a sensor whose refId starts with the stack's prefix in another case
(`SITE:` for stack `site`): it said a person's device holding it "holds what another stack owns:
... (stack 'SITE', ...)" and every other device there that "the connection is shared with stack
'SITE'" (cr61), after plan and drift had stopped naming such a stack (fz69). No other stack is named
by a prefix that folds as this one's; it may be this stack's, so prune leaves what holds it."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, PlanOptions
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import MANIFEST, load, plan_for

PRUNE = PlanOptions(prune_unmanaged=True)
LOOK_ALIKE = "SITE:dam-a/gone/old"


def _live_with_hand_devices():
    live = applied(load())
    connection = first_connection(live)
    holding = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-a", "NAME": "Hand A"})
    _device(connection, "0C0C0C", {"SERIAL_NO": "hand-c", "NAME": "Hand C"})
    sensor = LiveEntity(f"{holding.id}/0B0B0B/sensor", {"SERIAL_NO": LOOK_ALIKE, "NAME": "x"}, holding.id)
    connection.sensors[holding.id] = [sensor]
    return live


def _reasons() -> dict[str, str]:
    plan = plan_for(load(), _live_with_hand_devices(), PRUNE)
    return {
        str(change.live_ref_id): change.reason for change in plan.changes if change.action is Action.UNMANAGED
    }


def test_the_device_holding_it_is_left_as_holding_what_may_be_this_stacks() -> None:
    reason = _reasons()["hand-a"]
    assert "another stack" not in reason and "stack 'SITE'" not in reason, reason
    assert "it holds what may be this stack's: dam-a/#0A0A0A/#0B0B0B" in reason, reason


def test_every_other_device_there_stays_as_the_connection_may_be_shared() -> None:
    """Stack names are exact (`site` and `SITE` are two stacks): a `SITE:` entity still marks the
    connection shared, as SITE's manifest may adopt hand-c by `ref_id:` (cr62: it was removed)."""
    plan = plan_for(load(), _live_with_hand_devices(), PRUNE)
    [hand_c] = [change for change in plan.changes if change.live_ref_id == "hand-c"]
    assert hand_c.action is Action.UNMANAGED, hand_c
    assert "shared with stack 'SITE'" not in hand_c.reason, hand_c.reason
    assert "shared with a stack whose prefix may be this stack's or another stack's (SITE)" in hand_c.reason


def test_an_orphan_holding_it_is_not_removed_with_it_under_prune() -> None:
    live = applied(load())
    connection = first_connection(live)
    logger = next(each for each in connection.devices if each.ref_id == "site:dam-a/logger-1")
    sensor = LiveEntity(f"{logger.id}/0B0B0B/sensor", {"SERIAL_NO": LOOK_ALIKE, "NAME": "x"}, logger.id)
    connection.sensors[logger.id].append(sensor)
    without_logger = MANIFEST.split("        devices:")[0] + "        devices: []\n"
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(without_logger), live, PRUNE)
    assert "stack 'SITE'" not in str(refused.value), refused.value
    assert "prefix of stack 'site' written another way" in str(refused.value), refused.value


def test_plan_and_drift_list_it_apart_from_the_persons_device_alike() -> None:
    """Plan listed it on its own line and drift folded it into hand-a (cr62): 3 unmanaged against
    "2 unmanaged (1 more below them)". One rule, `named_apart`: it may be this stack's, so apart."""
    plan = plan_for(load(), _live_with_hand_devices())
    listed = [change for change in plan.changes if change.action is Action.UNMANAGED]
    entries = [each for each in drift_entries(plan, "m.yaml") if each.status == "UNMANAGED"]
    assert sorted(str(each.address) for each in entries) == sorted(str(each.address) for each in listed)
    [look_alike] = [each for each in entries if each.serial == LOOK_ALIKE]
    assert look_alike.owner is None and look_alike.severity == "low", look_alike
