"""A person's sensor the manifest adopts by `ref_id:` but declares under the wrong device (it lives
under the person's device): plan called it "a copy ... Remove it in the platform's web app" and drift
a critical DUPLICATE, advice that destroys the original's history (cr61). Carrying exactly the refId
the `ref_id:` adopts, alone, it is that sensor: declare it where it lives. A second one carrying it,
or one carrying it written otherwise (another case), is the copy."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity, LiveState
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, Change, PlanOptions
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import MANIFEST, load, plan_for

ADOPTING = MANIFEST + "              - {key: adopted, template: TEMPERATURE_SDE, ref_id: hand-s1}\n"


def _with_hand_sensors(*ref_ids: str) -> LiveState:
    """The applied manifest, and a person's device holding a sensor for each of `ref_ids`."""
    live = applied(load())
    connection = first_connection(live)
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    connection.sensors[hand.id] = [
        LiveEntity(f"{hand.id}/0B0B0{at}/sensor", {"SERIAL_NO": ref_id, "NAME": "HS1"}, hand.id)
        for at, ref_id in enumerate(ref_ids)
    ]
    return live


def _refused(live: LiveState) -> NoSafePlanError:
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(ADOPTING), live)
    return refused.value


def _listed(refused: NoSafePlanError, ref_id: str) -> list[Change]:
    return [change for change in refused.plan().changes if change.live_ref_id == ref_id]


def test_the_one_carrying_the_adopted_ref_id_is_to_declare_where_it_lives() -> None:
    refused = _refused(_with_hand_sensors("hand-s1"))
    problem = str(refused)
    assert "To adopt it, declare it where it lives, under dam-a/#0A0A0A" in problem, problem
    assert "copy" not in problem and "Remove it" not in problem, problem
    assert [change.action for change in _listed(refused, "hand-s1")] == [Action.UNMANAGED]


def test_one_carrying_it_in_another_case_is_the_copy() -> None:
    refused = _refused(_with_hand_sensors("HAND-S1"))
    assert "It is a copy at dam-a/#0A0A0A/#0B0B00" in str(refused)
    assert [change.action for change in _listed(refused, "HAND-S1")] == [Action.DUPLICATE]


def test_a_second_one_carrying_it_beside_the_adopted_one_is_the_copy() -> None:
    live = _with_hand_sensors("hand-s1")
    connection = first_connection(live)
    logger = next(each for each in connection.devices if each.ref_id == "site:dam-a/logger-1")
    adopted = LiveEntity(f"{logger.id}/0C0C0C/sensor", {"SERIAL_NO": "hand-s1", "NAME": "HS1"}, logger.id)
    connection.sensors[logger.id].append(adopted)
    plan = plan_for(load(ADOPTING), live)
    copies = [change for change in plan.changes if change.action is Action.DUPLICATE]
    assert [str(change.address) for change in copies] == ["dam-a/#0A0A0A/#0B0B00"]
    assert copies[0].reason.startswith("a copy of dam-a/logger-1/adopted")


def test_a_device_adopted_where_it_lives_in_a_connection_the_node_list_missed_is_no_copy() -> None:
    adopting = MANIFEST + "          - {key: hand, name: Hand dev, ref_id: hand-dev}\n"
    live = applied(load())
    connection = first_connection(live)
    _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    project = next(iter(live.projects.values()))
    project.elsewhere[connection.node.id] = project.connections.pop(connection.node.id)
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(adopting), live)
    [problem] = [each.text for each in refused.value.refusals if str(each.address) == "dam-a/hand"]
    assert "left dam-a out" in problem and "copy" not in problem, problem


def _on_two_hand_devices() -> LiveState:
    live = _with_hand_sensors("hand-s1")
    connection = first_connection(live)
    second = _device(connection, "0D0D0D", {"SERIAL_NO": "hand-dev2", "NAME": "Hand dev2"})
    connection.sensors[second.id] = [
        LiveEntity(f"{second.id}/0E0E0E/sensor", {"SERIAL_NO": "hand-s1", "NAME": "HS1"}, second.id)
    ]
    return live


def test_two_carrying_it_as_written_are_copies_of_one_another_not_plain_unmanaged() -> None:
    """Neither is the one adopted (cr62: both were listed as a person's, drift UNMANAGED low), and
    neither is sent to the web app as "a copy": removing both would destroy the original."""
    refused = _refused(_on_two_hand_devices())
    assert [change.action for change in _listed(refused, "hand-s1")] == [Action.DUPLICATE] * 2
    entries = [
        each
        for each in drift_entries(refused.plan(), "m.yaml", refusals=refused.refusals)
        if each.serial == "hand-s1"
    ]
    assert [(each.status, each.severity) for each in entries] == [("DUPLICATE", "critical")] * 2, entries
    problem = str(refused)
    assert "It is a copy at" not in problem, problem
    assert problem.count("one of 2 sensors carrying 'hand-s1' as written") == 2, problem
    assert "Keep the one with the history" in problem, problem
    for change in _listed(refused, "hand-s1"):
        assert "keep the one with the history" in change.reason, change.reason


def _pruned(live: LiveState, text: str = ADOPTING) -> dict[str, str]:
    """Each unmanaged entity's reason under --prune-unmanaged, by live refId."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(text), live, PlanOptions(prune_unmanaged=True))
    return {
        str(change.live_ref_id): change.reason
        for change in refused.value.plan().changes
        if change.action is Action.UNMANAGED
    }


def test_prune_leaves_the_persons_device_holding_it_without_calling_it_a_copy() -> None:
    """It said the device "holds a copy of a declared sensor ...: remove it in the web app" (cr62)."""
    reason = _pruned(_with_hand_sensors("hand-s1"))["hand-dev"]
    assert "copy" not in reason and "web app" not in reason, reason
    assert "it holds the one a `ref_id:` adopts: dam-a/#0A0A0A/#0B0B00" in reason, reason


def test_prune_leaves_it_under_the_stacks_other_device_without_calling_it_a_copy() -> None:
    text = MANIFEST + "          - key: logger-2\n            name: L2\n"
    live = applied(load(text))
    connection = first_connection(live)
    logger_2 = next(each for each in connection.devices if each.ref_id == "site:dam-a/logger-2")
    connection.sensors.setdefault(logger_2.id, []).append(
        LiveEntity(f"{logger_2.id}/0C0C0C/sensor", {"SERIAL_NO": "hand-s1", "NAME": "HS1"}, logger_2.id)
    )
    adopted = "              - {key: adopted, template: TEMPERATURE_SDE, ref_id: hand-s1}\n"
    adopting = text.replace("          - key: logger-2\n", adopted + "          - key: logger-2\n")
    reason = _pruned(live, adopting)["hand-s1"]
    assert "copy" not in reason and "web app" not in reason, reason
    assert "it is the one a `ref_id:` adopts" in reason, reason
