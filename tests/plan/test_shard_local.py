"""A manifest loaded for one shard (`load_desired(..., shard)`): the shard's connections whole, the
others in brief, and every stage sees what it saw when the whole manifest was split."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from iotplan.commands.inputs import ManifestInput, load_desired
from iotplan.commands.plan import nothing_but_adoptions
from iotplan.errors import PlanError
from iotplan.live.read import ProjectScope
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState, read_scopes, walk
from iotplan.plan.shard import shard_desired, shard_scopes

COUNT = 3
SHARDS = [Shard(index, COUNT) for index in range(1, COUNT + 1)]


def _api_node(key: str, extra: str = "") -> str:
    return f"""
      - key: {key}{extra}
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: PRESSURE, unit: kPa}}]}}
              - {{key: pz-2, metrics: [{{metric: PRESSURE, unit: kPa}}]}}
"""


FLEET = (
    """
apiVersion: iotplan/v1
stack: fleet
moved:
  - {from: site-old, to: site-renamed}
  - {from: thread-old, to: thread-1}
projects:
  - id: p-1
    nodes:
"""
    + "".join(_api_node(f"site-{index}") for index in range(1, 9))
    + _api_node("site-renamed")
    + _api_node("site-pinned", "\n        id: /api/0a1b2c/node")
    + """
      - key: thread-1
        kind: thread
        id: /fn/6C7D8E/node
        devices:
          - key: ipi
            type: DGSI_M_LOGGER
            serial: "032432"
            port: 2
            mode: IPI_BIAXIAL
            zero_date: "2026-03-01T00:00:00Z"
            sensors:
              - {key: tilt1, type: TILT_BIAXIAL_DGSI, mux_index: 1}
  - id: p-2
    nodes:
"""
    + "".join(_api_node(f"far-{index}") for index in range(1, 5))
)


@pytest.fixture
def manifest(tmp_path: Path) -> ManifestInput:
    (tmp_path / "fleet.yaml").write_text(FLEET)
    return ManifestInput(str(tmp_path / "fleet.yaml"))


@pytest.mark.parametrize("shard", SHARDS, ids=str)
def test_a_shard_keeps_its_own_connections_whole_and_reads_what_the_split_whole_reads(
    manifest: ManifestInput, shard: Shard
) -> None:
    whole = load_desired(manifest)
    local = load_desired(manifest, shard)
    assert local.nodes == [node for node in whole.nodes if shard.holds(node.address)]
    assert local.elsewhere == shard_desired(whole, shard).elsewhere  # as a merged plan's apply splits
    assert 0 < len(local.nodes) < len(whole.nodes) == len(local.nodes) + len(local.elsewhere)
    assert shard_scopes(local, shard) == _read_from_the_whole(whole, shard)
    adopted = nothing_but_adoptions(local)
    assert shard_scopes(adopted, shard) == _read_from_the_whole(nothing_but_adoptions(whole), shard)


def _read_from_the_whole(whole: DesiredState, shard: Shard) -> list[ProjectScope]:
    """What a shard reads, found from every node's whole desired entities: its own connections,
    the whole project's sizes, and what the others claim."""
    every = read_scopes(whole.stack, whole.nodes, whole.project_ids)
    mine = [node for node in whole.nodes if shard.holds(node.address)]
    return [
        dataclasses.replace(
            own,
            expected_devices=all_of.expected_devices,
            expected_sensors=all_of.expected_sensors,
            elsewhere=(all_of.pinned_ids | all_of.ref_ids) - (own.pinned_ids | own.ref_ids),
            holds=shard.holds,
        )
        for own, all_of in zip(read_scopes(whole.stack, mine, whole.project_ids), every, strict=True)
    ]


@pytest.mark.parametrize("shard", SHARDS, ids=str)
def test_the_other_shards_in_brief_name_every_address_they_declare(
    manifest: ManifestInput, shard: Shard
) -> None:
    whole = {entity.address for entity in walk(load_desired(manifest).nodes)}
    local = load_desired(manifest, shard)
    mine = {entity.address for entity in walk(local.nodes)}
    elsewhere = [address for other in local.elsewhere for address in other.addresses()]
    assert len(elsewhere) == len(set(elsewhere)) and mine | set(elsewhere) == whole
    assert not mine & set(elsewhere)


def test_a_manifest_loaded_for_one_shard_never_plans_another_part_of_the_fleet(
    manifest: ManifestInput,
) -> None:
    local = load_desired(manifest, SHARDS[0])
    with pytest.raises(PlanError, match="loaded for shard 1/3 only; it cannot plan the whole fleet"):
        shard_desired(local, None)
    with pytest.raises(PlanError, match="it cannot plan shard 2/3"):
        shard_scopes(local, SHARDS[1])
