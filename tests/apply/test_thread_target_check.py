"""Before a THREAD unit's first write, its node as JSON-RPC reads it is held against what the plan's
REST read saw: a node it does not find, finds where REST listed none, or finds with another NAME or
made at another moment (CREATION_DATE) stops the unit with nothing sent; so does a unit with no date
to compare, its node's or a witness's, where the endpoints are not one platform by construction."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from iotplan.apply.outcome import Status
from iotplan.apply.thread_target import NodeSeen, disagreement, plan_endpoints
from iotplan.clients.endpoint import Endpoints
from iotplan.clients.target import TargetOptions, identity_of
from iotplan.plan.model import Action, Kind, ManifestSource, Plan
from tests.apply.test_thread import NODE, Recorder, applied, plan_against_nothing

WRITES = {"createNode", "createDevice", "createSensor", "updateNode", "updateDevice", "updateSensor"}


def with_node(plan: Plan, action: Action, name: str | None, created: str | None = None) -> Plan:
    """The plan, its node's change as a REST read that saw it so would make it."""
    node = next(change for change in plan.changes if change.kind is Kind.NODE)
    before = None if name is None else {**(node.before or {}), "name": name}
    changed = replace(node, action=action, before=before, live_created=created)
    return replace(plan, changes=tuple(changed if c is node else c for c in plan.changes))


@pytest.mark.parametrize(
    ("action", "name", "said"),
    [
        (
            Action.UPDATE,
            "Another platform THREAD",
            "the plan read (REST) its NAME 'Another platform THREAD', JSON-RPC answers now",
        ),
        (Action.CREATE, None, "JSON-RPC finds it now, the plan read (REST) did not list it"),
    ],
    ids=["another name", "found where REST listed none"],
)
def test_a_node_json_rpc_reads_otherwise_stops_the_unit_before_any_write(
    action: Action, name: str | None, said: str
) -> None:
    recorder = Recorder()
    outcome = applied(recorder, with_node(plan_against_nothing(), action, name))
    assert outcome.status is Status.FAILED
    assert f"disagree on {NODE} ({said}" in outcome.message
    # The in-process JSON-RPC is REST's own platform: only a change since the plan read it is blamed.
    assert "another writer changed it since the plan read it: plan again" in outcome.message
    assert not WRITES & set(recorder.methods) and outcome.applied == []


def test_a_node_json_rpc_does_not_find_stops_the_unit_before_any_write() -> None:
    recorder = Recorder()
    plan = plan_against_nothing()
    elsewhere = "/fn/0F0F0F/node"
    moved = tuple(
        replace(c, live_id=str(c.live_id).replace(NODE, elsewhere)) if c.live_id else c for c in plan.changes
    )
    outcome = applied(recorder, replace(plan, changes=moved))
    assert outcome.status is Status.FAILED
    assert (
        f"disagree on {elsewhere} (the plan read (REST) listed it, JSON-RPC does not find it now)"
        in outcome.message
    )
    assert not WRITES & set(recorder.methods)


def test_a_node_json_rpc_reads_made_at_another_moment_stops_the_unit_before_any_write() -> None:
    recorder = Recorder()  # its node keeps its seeded NAME, made when the emulator was seeded
    plan = with_node(plan_against_nothing(), Action.NOOP, "THREAD 4A1B2C", "2021-09-01T17:32:57.556Z")
    outcome = applied(recorder, plan)
    assert outcome.status is Status.FAILED
    assert (
        f"disagree on {NODE} (the plan read (REST) its CREATION_DATE '2021-09-01T17:32:57.556Z', "
        "JSON-RPC answers now '" in (outcome.message)
    )
    assert not WRITES & set(recorder.methods) and outcome.applied == []


APART = Endpoints("https://prod.example.com", "wss://staging.example.com:4201/", paired=False)


def answered(node_id: str, created: str | None) -> dict[str, object]:
    props = {"NAME": f"THREAD {node_id}"} | ({} if created is None else {"CREATION_DATE": created})
    return {"id": node_id, "props": props}


@pytest.mark.parametrize(
    ("read", "answer", "agrees"),
    [
        ("2021-09-01T17:32:57.556+00:00", "2021-09-01T17:32:57.556Z", True),
        ("2021-09-01T17:32:57.556+00:00", "2021-09-01T19:32:57.556+02:00", True),
        ("2021-09-01T17:32:57.556+00:00", "2021-09-01T17:32:57.557Z", False),
        ("not a date", "not a date", True),
        ("not a date", "2021-09-01T17:32:57.556Z", False),
    ],
)
def test_creation_dates_are_compared_as_instants(read: str, answer: str, agrees: bool) -> None:
    seen = NodeSeen(NODE, exists=True, name=None, created=read)
    said = disagreement(seen, [answered(NODE, answer)], APART)
    assert (said == "") is agrees, said


@pytest.mark.parametrize("witness_answer", ["2024-03-05T10:27:22.553Z", "2024-03-05T10:27:22.554Z", None])
def test_a_node_without_a_date_is_vouched_for_by_a_witness_of_its_project(witness_answer: str | None) -> None:
    created = NodeSeen(NODE, exists=False, name=None)
    witness = NodeSeen("/fn/0F0F0F/node", exists=True, name=None, created="2024-03-05T10:27:22.553+00:00")
    said = disagreement(created, [answered(witness.node_id, witness_answer)], APART, witness)
    if witness_answer == "2024-03-05T10:27:22.553Z":
        assert said == ""
    elif witness_answer is None:  # JSON-RPC gave the witness no date: nothing compared
        assert said.startswith(
            "nothing shows that REST at https://prod.example.com and JSON-RPC at wss://staging"
        )
    else:
        assert "(/fn/0F0F0F/node of the same project: the plan read (REST) its CREATION_DATE" in said


def test_with_nothing_to_compare_only_endpoints_one_by_construction_are_written_to() -> None:
    created = NodeSeen(NODE, exists=False, name=None)
    assert "nothing shows" in disagreement(created, [], APART)
    assert disagreement(created, [], replace(APART, paired=True)) == ""


def recorded_endpoints(endpoint: str, rpc_endpoint: str | None) -> Endpoints:
    """The endpoints a plan made against this target records (clients/target.py), as apply reads them."""
    options = TargetOptions(endpoint=endpoint, rpc_endpoint=rpc_endpoint)
    identity, rpc = identity_of(options, {"IOTPLAN_API_KEY": "k"})
    plan = Plan(identity, "s", ManifestSource("site.yaml", "d"), target_identity=identity)
    return plan_endpoints(replace(plan, target_rpc_endpoint=rpc))


@pytest.mark.parametrize(
    "endpoint", ["https://iiot.example.com", "http://127.0.0.1:19561/", "https://h.example/iot"]
)
def test_the_json_rpc_derived_from_the_endpoint_is_one_platform_by_construction(endpoint: str) -> None:
    assert recorded_endpoints(endpoint, None).paired


@pytest.mark.parametrize(
    "rpc_endpoint",
    ["wss://staging.example.com:4201/", "wss://iiot.example.com:4202", "ws://iiot.example.com:4201"],
)
def test_a_json_rpc_given_apart_from_the_endpoint_is_not_one_platform_by_construction(
    rpc_endpoint: str,
) -> None:
    assert not recorded_endpoints("https://iiot.example.com", rpc_endpoint).paired


def test_the_in_process_json_rpc_is_one_platform_by_construction(tmp_path: Path) -> None:
    identity, rpc = identity_of(TargetOptions(sim_db=tmp_path / "sim.db"), {})
    plan = Plan(identity, "s", ManifestSource("site.yaml", "d"), target_identity=identity)
    assert plan_endpoints(replace(plan, target_rpc_endpoint=rpc)).paired


@pytest.mark.parametrize("agreeing_first", [True, False])
def test_a_node_json_rpc_answers_twice_is_not_taken_from_either_copy(agreeing_first: bool) -> None:
    seen = NodeSeen(NODE, exists=True, name=None, created="2021-09-01T17:32:57.556+00:00")
    agreeing, other = answered(NODE, "2021-09-01T17:32:57.556Z"), answered(NODE, "2020-01-01T00:00:00Z")
    copies = [agreeing, other] if agreeing_first else [other, agreeing]
    said = disagreement(seen, copies, replace(APART, paired=True))
    assert said.startswith(f"JSON-RPC getNodes answered {NODE} twice: ") and "cannot be sure" in said
    witness = NodeSeen("/fn/0F0F0F/node", exists=True, name=None, created="2024-03-05T10:27:22.553+00:00")
    node_without_date = NodeSeen(NODE, exists=True, name=None)
    twice = [answered(witness.node_id, "2024-03-05T10:27:22.553Z")] * 2
    assert "answered /fn/0F0F0F/node twice" in disagreement(node_without_date, twice, APART, witness)


RENAMED = "Tunnel Section 3 THREAD"
MADE = "2021-09-01T17:32:57.556+00:00"
WITNESS = NodeSeen("/fn/0F0F0F/node", exists=True, name=None, created="2024-03-05T10:27:22.553+00:00")


def renamed_answer(created: str | None) -> dict[str, object]:
    return {"id": NODE, "props": {"NAME": RENAMED} | ({} if created is None else {"CREATION_DATE": created})}


@pytest.mark.parametrize(
    ("seen", "answer", "endpoints", "shown_by"),
    [
        (
            NodeSeen(NODE, True, "Tunnel T3 THREAD", MADE),
            [renamed_answer("2021-09-01T17:32:57.556Z")],
            APART,
            "both give it the CREATION_DATE '2021-09-01T17:32:57.556+00:00'",
        ),
        (
            NodeSeen(NODE, True, "Tunnel T3 THREAD"),
            [renamed_answer(None), answered(WITNESS.node_id, "2024-03-05T10:27:22.553Z")],
            APART,
            "both give /fn/0F0F0F/node of its project the CREATION_DATE '2024-03-05T10:27:22.553+00:00'",
        ),
        (
            NodeSeen(NODE, True, "Tunnel T3 THREAD"),
            [renamed_answer(None)],
            replace(APART, paired=True),
            "JSON-RPC at wss://staging.example.com:4201/ is paired with REST by construction "
            "(in-process, or the one iotplan derives from the REST endpoint)",
        ),
    ],
    ids=["its own date alike", "a witness's date alike", "endpoints one by construction"],
)
def test_a_node_changed_on_a_platform_shown_one_blames_only_the_change_since_the_plan(
    seen: NodeSeen, answer: list[dict[str, object]], endpoints: Endpoints, shown_by: str
) -> None:
    said = disagreement(seen, answer, endpoints, WITNESS)
    assert f"the plan read (REST) its NAME 'Tunnel T3 THREAD', JSON-RPC answers now '{RENAMED}'" in said
    assert f"{shown_by}, so they are one platform" in said
    assert said.endswith(
        "another writer changed it since the plan read it: plan again. Nothing of it was written"
    )
    assert "two platforms" not in said and "--rpc-endpoint" not in said


@pytest.mark.parametrize(
    ("seen", "answer", "shown"),
    [
        (NodeSeen(NODE, True, "Tunnel T3 THREAD", MADE), [renamed_answer(None)], "its NAME"),
        (
            NodeSeen(NODE, True, "Tunnel T3 THREAD", MADE),
            [renamed_answer("2020-01-01T00:00:00Z")],
            "its NAME",
        ),
        (NodeSeen(NODE, True, None, MADE), [renamed_answer("2020-01-01T00:00:00Z")], "its CREATION_DATE"),
        (NodeSeen(NODE, True, None), [], "listed it, JSON-RPC does not find it now"),
    ],
    ids=["no date answered", "another date", "only the date differs", "not found"],
)
def test_a_node_changed_where_nothing_shows_one_platform_names_the_change_first(
    seen: NodeSeen, answer: list[dict[str, object]], shown: str
) -> None:
    said = disagreement(seen, answer, APART)
    assert f"disagree on {NODE} (the plan read (REST) {shown}" in said
    change = said.index("another writer changed it since the plan read it (plan again), or ")
    assert change < said.index("they are two platforms (check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT)")
