"""A shard finds a live device both through a connection it reads and in the project's lists read
outside it: one entity, so one refusal of a creation by the refId it carries, as one run says it."""

from __future__ import annotations

import pytest

from iotplan.live import LiveConnection, LiveEntity, LiveProject
from iotplan.plan.copies import carriers
from iotplan.plan.coverage import shard_of
from iotplan.plan.model import Action
from tests.e2e.conftest import PROJECT, Workspace
from tests.render.plans import change

DEVICES = "".join(f"          - {{key: x{i}, name: x{i}}}\n" for i in range(150))


def manifest(extra: str = "") -> str:
    return f"""apiVersion: iotplan/v1
stack: st
projects:
  - id: {PROJECT}
    nodes:
      - key: a
        kind: api
        name: conn a
        devices:
          - {{key: d0, name: d0}}
{extra}      - key: g
        kind: api
        name: conn g
        devices:
{DEVICES}"""


REFUSED = "a/d1: would create device with refId 'st:a/d1'"


def _a_device_made_by_hand(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stack applied, then a connection made by hand holding a device with a/d1's refId, and
    a/d1 declared."""
    monkeypatch.setenv(
        "IOTPLAN_SIM_VARIANTS", "page-cap-100"
    )  # lists read in pages: cheaper than per connection
    (workspace.path / "st.yaml").write_text(manifest())
    assert workspace.run("apply", "st.yaml", "--auto-approve").exit_code == 0
    hand = {"changeState": "new", "refId": "hand-1", "props": {"NAME": "hand 1"}}
    device = {
        "changeState": "new",
        "refId": "st:a/d1",
        "props": {"NAME": "d1", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
    }
    workspace.integrate({"integration": {**hand, "devices": [device]}})
    (workspace.path / "st.yaml").write_text(manifest("          - {key: d1, name: d1}\n"))


def test_a_creation_by_a_refid_a_hand_made_device_carries_is_refused_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_device_made_by_hand(workspace, monkeypatch)
    planned = workspace.run("plan", "st.yaml")
    assert planned.exit_code == 1, planned.output
    assert planned.stderr.count(REFUSED) == 1, planned.output


def test_over_the_shards_the_creation_is_refused_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The creation of a/d1 is in the plan of the shard holding `a` (the hash of its key) and in no
    other: a shard's plan holds only its own changes. So wherever the hand-made connection's random
    id puts it (a shard reads it, or finds its device only in the lists), that shard refuses, once,
    and the other says nothing of it (it may name the hand-made device a copy) and passes."""
    _a_device_made_by_hand(workspace, monkeypatch)
    planned = {index: workspace.run("plan", "st.yaml", "--shard", f"{index}/2") for index in (1, 2)}
    creating = shard_of("a", 2)
    for index, run in planned.items():
        assert run.exit_code == (1 if index == creating else 0), run.output
    assert planned[creating].stderr.count(REFUSED) == 1, planned[creating].output
    assert sum(run.stderr.count(REFUSED) for run in planned.values()) == 1


def test_a_live_entity_found_through_two_routes_is_one_carrier() -> None:
    """A shard's read may hold a connection both as read (a stray of its stack's) and among those
    the lists found outside the read: its device carries the refId once."""
    node = LiveEntity("/api/H/node", {"NAME": "hand 1"})
    device = LiveEntity("/api/H/node/dynamic/D/device", {"SERIAL_NO": "st:a/d1", "NAME": "d1"}, node.id)
    hand = LiveConnection(node, PROJECT, devices=[device])
    project = LiveProject(PROJECT, True, connections={node.id: hand}, elsewhere={node.id: hand})
    created = change("a/d1", Action.CREATE, "not on the platform", ref_id="st:a/d1")
    assert [carrier.entity.id for _, carrier in carriers(project, [created])] == [device.id]
