"""A manifest loaded for one shard (`load_desired(..., shard)`): the shard's connections whole, the
others in brief, and every stage sees what it saw when the whole manifest was split."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from iotplan.commands.inputs import ManifestInput, load_desired
from iotplan.commands.plan import nothing_but_adoptions
from iotplan.errors import PlanError
from iotplan.live import LiveEntity, LiveState
from iotplan.live.read import ProjectScope
from iotplan.manifest import LoadedManifest, parse_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState, desired_state, read_scopes, walk
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Change, Plan, PlanOptions
from iotplan.plan.shard import make_shard_plan, shard_desired, shard_scopes
from tests.plan.livebuilder import applied

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
projects:
  - id: p-1
    nodes:
"""
    + "".join(_api_node(f"site-{index}") for index in range(1, 9))
    + _api_node("site-renamed")
    + _api_node("site-pinned", "\n        id: /api/0a1b2c/node")
    + """
      - key: site-refs
        devices:
          - key: logger
            ref_id: fleet:site-refs/logger  # the refId its keys give: not a claim of its own
            sensors:
              - {key: pz-1, ref_id: legacy-1, metrics: [{metric: PRESSURE, unit: kPa}]}
"""
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
    the whole project's sizes, what the others claim, and every connection refId declared in the project."""
    every = read_scopes(whole.stack, whole.nodes, whole.project_ids, whole.source.path)
    mine = [node for node in whole.nodes if shard.holds(node.address)]
    return [
        dataclasses.replace(
            own,
            expected_devices=all_of.expected_devices,
            expected_sensors=all_of.expected_sensors,
            elsewhere=(all_of.pinned_ids | all_of.ref_ids) - (own.pinned_ids | own.ref_ids),
            holds=shard.holds,
            declared_ref_ids=all_of.declared_ref_ids,
        )
        for own, all_of in zip(
            read_scopes(whole.stack, mine, whole.project_ids, whole.source.path), every, strict=True
        )
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


def _plans(options: PlanOptions) -> list[Plan]:
    """Every shard's plan of the fleet, applied as declared, each against what its shard reads."""
    loaded = parse_manifest(FLEET, "fleet.yaml")
    return [
        make_shard_plan(
            desired_state(loaded, shard=shard), _read_by(shard, loaded), options, shard, resolve_secret=_none
        )
        for shard in SHARDS
    ]


def _read_by(shard: Shard | None, loaded: LoadedManifest) -> LiveState:
    """The applied fleet's connections that the shard reads (its own: the fleet is all declared)."""
    live = applied(loaded)
    for project in live.projects.values():
        for node_id, connection in list(project.connections.items()):
            address = connection.node.props["SERIAL_NO"].removeprefix("fleet:")
            if shard is not None and not shard.holds(address):
                del project.connections[node_id]
    return live


def _none(reference: str) -> None:
    return None


def _declared(plan: Plan) -> list[Change]:
    """Its changes but the fake applied THREAD's REST devices, which carry random ids (unmanaged)."""
    return [change for change in plan.changes if change.action is not Action.UNMANAGED]


def test_each_shard_plans_its_own_connections_and_together_they_plan_the_whole_fleet() -> None:
    loaded = parse_manifest(FLEET, "fleet.yaml")
    whole = make_plan(desired_state(loaded), _read_by(None, loaded))
    plans = _plans(PlanOptions())
    for shard, plan in zip(SHARDS, plans, strict=True):
        assert plan.changes and all(shard.holds(change.connection) for change in plan.changes)
        assert plan.shard is not None and plan.shard.covered == (shard.index,)
    together = sorted((change.address, change.action) for plan in plans for change in _declared(plan))
    assert together == sorted((change.address, change.action) for change in _declared(whole))


def test_a_target_in_one_shard_plans_nothing_in_the_others_and_is_no_typo_there() -> None:
    plans = _plans(PlanOptions(targets=("far-2/logger/pz-1",)))
    planned = [sorted(change.address for change in plan.changes) for plan in plans]
    assert sorted(planned) == [[], [], ["far-2", "far-2/logger", "far-2/logger/pz-1"]]
    for plan, addresses in zip(plans, planned, strict=True):
        assert plan.shard is not None and plan.options.targets == ("far-2/logger/pz-1",)  # merge compares
        assert plan.shard.unmatched == (() if addresses else ("--target 'far-2/logger/pz-1'",))


def test_an_exclude_in_one_shard_fences_it_there_and_changes_nothing_elsewhere() -> None:
    everything = _plans(PlanOptions())
    fenced = _plans(PlanOptions(excludes=("site-1",)))
    for shard, before, after in zip(SHARDS, everything, fenced, strict=True):
        kept = [change.address for change in _declared(before) if change.connection != "site-1"]
        assert [change.address for change in _declared(after)] == kept
        assert after.shard is not None
        assert after.shard.unmatched == (() if shard.holds("site-1") else ("--exclude 'site-1'",))


@pytest.mark.parametrize("flag", ["targets", "excludes"])
def test_a_pattern_that_matches_nothing_declared_is_refused_in_every_shard(flag: str) -> None:
    for shard in SHARDS:
        loaded = parse_manifest(FLEET, "fleet.yaml")
        options = PlanOptions(**{flag: ("stie-1",)})
        said = rf"^--{flag[:-1]} 'stie-1' matches no address in this shard's plan, in the manifest, nor of a "
        said += r"connection another shard removes \(did you mean 'site-1'\?\)$"  # as a manifest key's typo
        with pytest.raises(PlanError, match=said):
            make_shard_plan(
                desired_state(loaded, shard=shard),
                _read_by(shard, loaded),
                options,
                shard,
                resolve_secret=_none,
            )


def test_a_shard_plans_with_every_option_it_was_given_not_only_the_fence() -> None:
    """--prune-unmanaged removes what another tool put in a declared connection: in its shard."""
    loaded = parse_manifest(FLEET, "fleet.yaml")
    for shard in SHARDS:
        live = _read_by(shard, loaded)
        for connection in (c for p in live.projects.values() for c in p.connections.values()):
            if connection.node.props["SERIAL_NO"] == "fleet:site-1":
                device = connection.devices[0]
                stray = LiveEntity(f"{device.id}/stray/sensor", {"SERIAL_NO": "other:stray"}, device.id)
                connection.sensors[device.id].append(stray)
        local = desired_state(loaded, shard=shard)
        plan = make_shard_plan(local, live, PlanOptions(prune_unmanaged=True), shard, resolve_secret=_none)
        removed = [change.address for change in plan.changes if change.action is Action.REMOVE]
        assert len(removed) == shard.holds("site-1"), removed
