"""Copies of declared refIds that differ from them in case (`qs:DAM-A/lg` for `qs:dam-a/lg`) fence a
write to the declared refId in one run and in the shard holding the connection alike: under the
stack's case twin of the declared connection (`qs:DAM-A`), and under a connection whose stack
prefix differs in case (`QS:dam-a`): each folds as `qs:dam-a` does, so is read by the shard holding
dam-a and listed as its copy, never removed nor pruned. `dam-a` lands in shard 2/2, 2/3 and 4/4
(iotplan/plan/coverage.py `shard_of`); `DAM-A` in 1/2, 3/3 and 3/4."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import PROJECT, Workspace

MANIFEST = "site.yaml"
MATRICES = (2, 3, 4)
# The copy named by its ids: `device /api/.../device ('qs:DAM-A/lg') under connection /api/...`.
# Where the manifest declares what a refusal is about comes first (`site.yaml:14:17: `): left out.
DECLARED_AT = re.compile(r"^[^:]+:\d+:\d+: ")
REFUSED = "dam-a/lg/t: would update by device dam-a/lg's refId 'qs:dam-a/lg', which device /api/"


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI against the embedded platform in a temporary folder, as tests/e2e runs it."""
    monkeypatch.chdir(tmp_path)
    for name in TARGET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield Workspace(tmp_path)


def connection(ref_id: str, name: str, observations: int) -> dict[str, Any]:
    """A connection holding device `lg` and its sensor `t`, their refIds under the connection's."""
    sensor = {"ref_id": f"{ref_id}/lg/t", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "t"}}
    device = {"ref_id": f"{ref_id}/lg", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "lg"}}
    device["sensors"] = [{**sensor, "observations": observations}]
    return {"ref_id": ref_id, "props": {"NAME": name}, "devices": [device]}


def seeded(platform: Workspace, twin: str) -> None:
    """The stack's `qs:dam-a` as applied, beside a connection `twin` holding copies of what it holds."""
    seed = {
        "projects": [{"id": PROJECT, "name": "P1"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
        "networks": [
            {
                "project": PROJECT,
                "connections": [connection("qs:dam-a", "Dam A", 100), connection(twin, "Dam A old", 50)],
            }
        ],
    }
    platform.api("POST", "/_sim/reset", json=seed)


def site(sensor_name: str = "t") -> str:
    return f"""\
apiVersion: iotplan/v1
stack: qs
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-a
        kind: api
        name: Dam A
        devices:
          - key: lg
            name: lg
            template: IMPORT_DEVICE_SDE
            sensors:
              - {{key: t, name: {sensor_name}, template: TEMPERATURE_SDE}}
"""


def verdict(platform: Workspace, *options: str) -> tuple[str, list[tuple[str, str]]]:
    """How the plan ends (its refusal's first line, or "planned") and what it changes."""
    result = platform.run("plan", MANIFEST, "--format", "json", *options)
    if result.exit_code not in (0, 2):
        refused = next(line.strip() for line in result.stderr.splitlines() if "would" in line)
        return DECLARED_AT.sub("", refused), []
    changes = json.loads(result.stdout)["changes"]
    return "planned", [(c["address"], c["action"]) for c in changes if c["action"] != "no-op"]


def shard_verdicts(platform: Workspace, *options: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    return {
        f"{index}/{count}": verdict(platform, "--shard", f"{index}/{count}", *options)
        for count in MATRICES
        for index in range(1, count + 1)
    }


@pytest.mark.parametrize(
    "twin",
    [
        pytest.param("qs:DAM-A", id="the stack's case twin of the declared connection"),
        pytest.param("QS:dam-a", id="a connection whose stack prefix differs in case"),
    ],
)
def test_a_write_to_a_declared_ref_id_is_refused_beside_its_case_copies_by_every_run(
    platform: Workspace, twin: str
) -> None:
    seeded(platform, twin)
    (platform.path / MANIFEST).write_text(site(sensor_name="t renamed"))
    assert verdict(platform)[0].startswith(REFUSED)
    for shard, (ended, changes) in shard_verdicts(platform).items():
        if shard_of("dam-a", int(shard[2:])) == int(shard[0]):
            assert ended.startswith(REFUSED), shard
        else:  # nothing of dam-a's here; a copy is never written nor removed
            assert ended == "planned" and not [c for c in changes if c[1] in ("update", "remove")], shard


def test_copies_under_a_connection_of_another_case_prefix_are_never_the_stacks(
    platform: Workspace,
) -> None:
    seeded(platform, "QS:dam-a")
    (platform.path / MANIFEST).write_text(site())
    listed = verdict(platform, "--prune-unmanaged")  # a copy of dam-a (its refId folds as dam-a's)
    assert listed[0] == "planned" and [action for _, action in listed[1]] == ["duplicate"]
    for shard, each in shard_verdicts(platform, "--prune-unmanaged").items():
        holds_dam_a = shard_of("dam-a", int(shard[2:])) == int(shard[0])
        assert each == (listed if holds_dam_a else ("planned", [])), shard
