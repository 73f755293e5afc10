"""Two stacks' connections of one key in one project, alike by name: one network twice, as two
applies of one manifest under two stack names at once leave it (or a stack renamed while its old
pipeline still runs). Each stack finds its own, so nothing refused it; every plan and drift of either
stack names the other's, as a duplicate, and never refuses an ordinary write over it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace


def site(stack: str, name: str, device: str = "Logger A1", sensor: str = "A1 temp", share: str = "") -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
{share}projects:
  - id: {PROJECT}
    nodes:
      - key: shared
        kind: api
        name: {name}
        devices:
          - key: d1
            name: {device}
            sensors:
              - {{key: s1, name: {sensor}, template: TEMPERATURE_SDE}}
"""


def applies(workspace: Workspace, file: str, text: str) -> None:
    (workspace.path / file).write_text(text)
    applied = workspace.run("apply", file, "--auto-approve")
    assert applied.exit_code == 0, applied.output


@pytest.fixture
def doubled(workspace: Workspace) -> Workspace:
    """`a:shared` and `b:shared`, both "Shared feed". Made one after the other: b's first apply names
    its connection, device and sensor otherwise and says stack a is another network (two stacks may
    use one key for different things; a first apply at another stack's keys is refused unless
    `shares_keys_with` says so), then takes a's names."""
    applies(workspace, "a.yaml", site("a", "Shared feed"))
    first = site(
        "b", "Shared feed (b)", device="Logger B1", sensor="B1 temp", share="shares_keys_with: [a]\n"
    )
    applies(workspace, "b.yaml", first)
    assert "duplicate" not in workspace.run("plan", "a.yaml").stdout  # named otherwise: let be
    applies(workspace, "b.yaml", site("b", "Shared feed"))
    return workspace


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_each_stacks_plan_names_the_other_stacks_connection_of_its_key(
    doubled: Workspace, mine: str, other: str
) -> None:
    plan = doubled.run("plan", f"{mine}.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output  # nothing to write for it
    theirs = doubled.live_entity(f"{other}:shared")["id"]
    assert (
        f"stack {other!r} has a connection of this key here too: {theirs} named 'Shared feed' "
        f"(refId '{other}:shared')" in plan.stdout
    )
    assert f"or this stack renamed from {other!r}" in plan.stdout
    assert "name one otherwise (or give it another key)" in plan.stdout
    assert "1 duplicate." in plan.stdout
    (change,) = [c for c in doubled.json("plan", f"{mine}.yaml")["changes"] if c["action"] == "duplicate"]
    assert change["address"] == f"shared#{theirs.split('/')[2]}" and change["live_id"] == theirs


@pytest.mark.parametrize(("mine", "other"), [("a", "b"), ("b", "a")])
def test_each_stacks_drift_reports_the_other_stacks_connection_as_a_duplicate(
    doubled: Workspace, mine: str, other: str
) -> None:
    drift = doubled.run("drift", f"{mine}.yaml", "--no-color")
    assert drift.exit_code == 2, drift.output
    entries = doubled.json("drift", f"{mine}.yaml")["entries"]
    (duplicate,) = [e for e in entries if e["status"] != "IN_SYNC"]
    assert duplicate["status"] == "DUPLICATE" and duplicate["severity"] == "critical"
    assert duplicate["live_id"] == doubled.live_entity(f"{other}:shared")["id"]
    assert f"named 'Shared feed' (refId '{other}:shared')" in duplicate["reason"]


def test_an_ordinary_update_is_applied_beside_it(doubled: Workspace) -> None:
    applies(doubled, "a.yaml", site("a", "Shared feed", device="Logger A1 (crest)"))
    assert doubled.live_entity("a:shared/d1")["props"]["NAME"] == "Logger A1 (crest)"
