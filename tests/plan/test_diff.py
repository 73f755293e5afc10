"""The differ: desired × live → changes, with no I/O."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError, SelectionError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.manifest import LoadedManifest, parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions
from tests.plan.livebuilder import applied, empty, find, first_connection

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
MANIFEST = f"""apiVersion: iotplan/v1
stack: site
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-a
        name: Dam A
        devices:
          - key: logger-1
            name: Logger
            location: {{lat: -41.27, lon: 174.78, elevation: 20}}
            sensors:
              - key: pz-1
                name: Piezometer
                metrics: [{{metric: f, unit: Hz}}, {{metric: cum_distance, unit: mm}}]
              - key: air
                template: TEMPERATURE_SDE
"""


def load(text: str = MANIFEST):
    return parse_manifest(text, "site.yaml")


def plan_for(loaded: LoadedManifest, live, options: PlanOptions = PlanOptions()) -> Plan:
    return make_plan(desired_state(loaded), live, options)


def actions(plan) -> dict[str, Action]:
    return {change.address: change.action for change in plan.changes}


def test_everything_is_created_on_an_empty_platform() -> None:
    plan = plan_for(load(), empty(load()))
    assert actions(plan) == {
        "dam-a": Action.CREATE,
        "dam-a/logger-1": Action.CREATE,
        "dam-a/logger-1/pz-1": Action.CREATE,
        "dam-a/logger-1/air": Action.CREATE,
    }
    assert plan.summary.line() == "Plan: 4 to add, 0 to change, 0 to destroy."


def test_an_applied_manifest_plans_no_changes_and_says_why() -> None:
    plan = plan_for(load(), applied(load()))
    assert set(actions(plan).values()) == {Action.NOOP}
    assert all(change.reason == "in sync" for change in plan.changes)
    assert not plan.summary.has_changes


def test_an_in_sync_entity_shows_what_the_platform_holds_besides_what_the_manifest_declares() -> None:
    """A field the manifest leaves unmanaged is still shown as it stands (in the JSON plan)."""
    live = applied(load())
    find(live, "site:dam-a/logger-1/pz-1").props["NOTES"] = "set in the web app"
    plan = plan_for(load(), live)
    noted, plain = (find_change(plan, f"dam-a/logger-1/{key}") for key in ("pz-1", "air"))
    assert (noted.action, plain.action) == (Action.NOOP, Action.NOOP)
    assert noted.before == {**noted.after, "notes": "set in the web app"}
    assert plain.before == plain.after


def test_a_password_another_tool_put_in_a_name_is_shown_masked_and_only_the_manifests_is_written() -> None:
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    logger.props["NAME"] = "Logger https://op:pw-61@ftp.example"
    logger.props["NOTES"] = "see https://w.example/?api_key=k-62"  # not managed: shown, never written
    change = find_change(plan_for(load(), live), "dam-a/logger-1")
    assert [(field.path, field.before, field.after) for field in change.fields] == [
        ("name", "Logger https://(sensitive)@ftp.example", "Logger")
    ]
    assert change.before["notes"] == "see https://w.example/?api_key=(sensitive)"
    assert "pw-61" not in repr(change) and "k-62" not in repr(change)


def find_change(plan: Plan, address: str):
    [change] = [change for change in plan.changes if change.address == address]
    return change


def test_a_changed_name_is_exactly_one_field_change() -> None:
    live = applied(load())
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest logger")), live)
    [update] = [change for change in plan.changes if change.action is Action.UPDATE]
    assert update.address == "dam-a/logger-1"
    assert [(f.path, f.before, f.after) for f in update.fields] == [("name", "Logger", "Crest logger")]


def test_a_moved_location_names_the_coordinate_that_changed() -> None:
    plan = plan_for(load(MANIFEST.replace("lat: -41.27", "lat: -41.3")), applied(load()))
    [update] = plan.writes
    assert [(f.path, f.before, f.after) for f in update.fields] == [("location.lat", -41.27, -41.3)]


def test_a_changed_unit_touches_the_data_model() -> None:
    plan = plan_for(load(MANIFEST.replace("unit: mm", "unit: m")), applied(load()))
    [update] = plan.writes
    assert [(f.path, f.before, f.after) for f in update.fields] == [("metrics[1].unit", "mm", "m")]
    assert update.touches_data_model


def test_metric_maps_not_keyed_by_index_are_never_written_over_and_the_refusal_names_the_sensor() -> None:
    """Once an unexpected ValueError that named nothing; a map with a gap read as in sync."""
    for maps, why in (
        (
            {"KNOWN_METRICS": {"a": "f"}, "KNOWN_UNITS": {"a": "Hz"}},
            "KNOWN_METRICS has the key 'a', not an index",
        ),
        (
            {"KNOWN_METRICS": {"0": "f", "2": "cum_distance"}, "KNOWN_UNITS": {"0": "Hz", "2": "mm"}},
            "the metric maps hold indexes 0, 2, without 1",
        ),
    ):
        live = applied(load())
        pz = find(live, "site:dam-a/logger-1/pz-1")
        pz.props.update(maps)
        with pytest.raises(PlanError) as refused:
            plan_for(load(), live)
        assert str(refused.value).splitlines()[1:] == [
            f"  dam-a/logger-1/pz-1: the metrics of sensor {pz.id} cannot be read: {why}. The platform's "
            'reference documents metric maps keyed by index only ("0", "1", ... in metric order), so iotplan '
            "cannot tell what it measures, and does not write over it: set its metrics again in the "
            "platform's web app, then plan again"
        ]


def test_a_template_change_is_a_replacement_that_counts_observations() -> None:
    text = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE")
    plan = plan_for(load(text), applied(load(), observations=40))
    [replace] = plan.writes
    assert replace.action is Action.REPLACE and replace.address == "dam-a/logger-1/air"
    assert replace.observations == 40
    assert plan.summary.line() == "Plan: 0 to add, 0 to change, 0 to destroy, 1 to replace."


def test_a_sensor_dropped_from_the_manifest_is_removed_with_its_history_counted() -> None:
    live = applied(load(), observations=7)
    text = MANIFEST.replace("              - key: air\n                template: TEMPERATURE_SDE\n", "")
    plan = plan_for(load(text), live)
    [removal] = plan.writes
    assert (removal.address, removal.action, removal.observations) == ("dam-a/logger-1/air", Action.REMOVE, 7)


def test_a_dropped_connection_is_one_removal_carrying_everything_beneath() -> None:
    live = applied(load(), observations=3)
    other = MANIFEST.replace("key: dam-a", "key: dam-b")
    plan = plan_for(load(other), live)
    [removal] = [change for change in plan.changes if change.action is Action.REMOVE]
    assert removal.address == "dam-a" and removal.observations == 6
    assert "with 1 device and 2 sensors" in removal.reason


def _add_foreign_sensor(live, serial: str) -> LiveEntity:
    device = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    foreign = LiveEntity(f"{device.id}/FFFFFF/sensor", {"SERIAL_NO": serial, "NAME": "x"}, device.id)
    connection.sensors[device.id].append(foreign)
    return foreign


def test_an_entity_someone_else_created_is_reported_and_left_alone() -> None:
    live = applied(load())
    _add_foreign_sensor(live, "other-tool-17")
    plan = plan_for(load(), live)
    unmanaged = [change for change in plan.changes if change.action is Action.UNMANAGED]
    assert [change.address for change in unmanaged] == ["dam-a/logger-1/#FFFFFF"]
    assert not plan.summary.has_changes and plan.summary.unmanaged == 1


def test_prune_unmanaged_removes_it() -> None:
    live = applied(load())
    _add_foreign_sensor(live, "other-tool-17")
    plan = plan_for(load(), live, PlanOptions(prune_unmanaged=True))
    assert [(c.address, c.action) for c in plan.writes] == [("dam-a/logger-1/#FFFFFF", Action.REMOVE)]


def test_a_password_or_key_in_a_foreign_refid_is_masked_in_its_reason_pruned_or_not() -> None:
    """A refId is identity, so it is kept as it is; but another tool may have put a URL's password
    in a SERIAL_NO, and a plan never shows one."""
    live = applied(load())
    _add_foreign_sensor(live, "https://x:pw-81@r.example ?api_key=k-82")
    for options in (PlanOptions(), PlanOptions(prune_unmanaged=True)):
        [change] = [c for c in plan_for(load(), live, options).changes if c.address.endswith("#FFFFFF")]
        assert "(SERIAL_NO 'https://(sensitive)@r.example ?api_key=(sensitive)')" in change.reason
        assert "pw-81" not in change.reason and "k-82" not in change.reason
        assert change.live_ref_id == "https://x:pw-81@r.example ?api_key=k-82"  # a prune removes it by it


def test_moved_renames_instead_of_recreating() -> None:
    live = applied(load())
    text = (
        MANIFEST.replace("key: pz-1", "key: pz-01")
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )
    plan = plan_for(load(text), live)
    [update] = plan.writes
    assert update.action is Action.UPDATE and update.reason == "moved from dam-a/logger-1/pz-1"
    assert [(f.path, f.before, f.after) for f in update.fields] == [
        ("ref_id", "site:dam-a/logger-1/pz-1", "site:dam-a/logger-1/pz-01")
    ]


SENSOR_BESIDE = (
    "              - key: pz-01\n"
    "                name: New piezometer\n"
    "                metrics: [{metric: f, unit: Hz}]\n"
)
DEVICE_BESIDE = "          - key: logger-2\n            name: New logger\n"
NODE_BESIDE = "      - key: dam-b\n        name: Dam B\n"
BOTH_EXIST = {  # (old, new, the manifest with both declared as applied before the rename)
    "sensor": ("dam-a/logger-1/pz-1", "dam-a/logger-1/pz-01", MANIFEST + SENSOR_BESIDE),
    "device": ("dam-a/logger-1", "dam-a/logger-2", MANIFEST + DEVICE_BESIDE),
    "node": ("dam-a", "dam-b", MANIFEST + NODE_BESIDE),
}


@pytest.mark.parametrize("kind", list(BOTH_EXIST))
def test_moved_onto_an_entity_that_exists_is_refused_not_a_removal_of_the_old_one(kind: str) -> None:
    old, new, both = BOTH_EXIST[kind]
    key, new_key = old.rsplit("/", 1)[-1], new.rsplit("/", 1)[-1]
    renamed = (
        MANIFEST.replace(f"key: {key}\n", f"key: {new_key}\n") + f"moved:\n  - {{from: {old}, to: {new}}}\n"
    )
    with pytest.raises(PlanError) as refused:
        plan_for(load(renamed), applied(load(both)))
    assert f"{new}: moved: both {old} and {new} exist on the platform" in str(refused.value)


def test_without_moved_a_renamed_key_is_a_removal_and_a_creation() -> None:
    plan = plan_for(load(MANIFEST.replace("key: pz-1", "key: pz-01")), applied(load()))
    assert {(c.address, c.action) for c in plan.writes} == {
        ("dam-a/logger-1/pz-01", Action.CREATE),
        ("dam-a/logger-1/pz-1", Action.REMOVE),
    }


def test_a_protected_entity_cannot_be_replaced() -> None:
    text = MANIFEST.replace(
        "template: TEMPERATURE_SDE", "template: MOISTURE_SDE\n                protect: true"
    )
    with pytest.raises(PlanError, match="dam-a/logger-1/air: protected"):
        plan_for(load(text), applied(load()))


def test_a_pinned_connection_that_does_not_exist_is_an_error() -> None:
    text = MANIFEST.replace("name: Dam A", "name: Dam A\n        id: /api/ABCDEF/node")
    with pytest.raises(PlanError, match="connection /api/ABCDEF/node is not in project"):
        plan_for(load(text), empty(load(text)))


def test_target_follows_parents_and_children() -> None:
    plan = plan_for(load(), empty(load()), PlanOptions(targets=("dam-a/logger-1/pz-*",)))
    assert list(actions(plan)) == ["dam-a", "dam-a/logger-1", "dam-a/logger-1/pz-1"]


def test_exclude_takes_children_with_it() -> None:
    plan = plan_for(load(), empty(load()), PlanOptions(excludes=("dam-a/logger-1",)))
    assert list(actions(plan)) == ["dam-a"]


def test_a_selection_refused_over_a_choice_of_copies_made_without_counts_is_no_selection_error() -> None:
    """An empty copy of dam-a listed first, the original's sensors uncounted (REST gives no counts
    on them): which copy is kept, and so whether pz-1 can be targeted alone, waits on their counts.
    The refusal must let `commands/plan.py` read them and plan again (a SelectionError would not)."""
    text = MANIFEST.replace(
        "          - key: logger-1\n", "          - key: logger-1\n            template: LOGGER_NEW\n"
    )
    live = applied(load(text))
    project = next(iter(live.projects.values()))
    [original] = project.connections.values()
    original.node.props.pop("OBSERVATION_COUNT")
    for device in original.devices:
        device.props.update(INTEGRATION_ID="LOGGER_OLD")
        device.props.pop("OBSERVATION_COUNT")
        for sensor in original.sensors[device.id]:
            sensor.props.pop("OBSERVATION_COUNT")
    copy = LiveConnection(
        LiveEntity(
            "/api/C0FFEE/node", {"SERIAL_NO": original.node.ref_id, "NAME": "Dam A", "OBSERVATION_COUNT": 0}
        ),
        project_id=project.id,
    )
    project.connections = {copy.node.id: copy, original.node.id: original}
    with pytest.raises(PlanError) as refused:
        plan_for(load(text), live, PlanOptions(targets=("dam-a/logger-1/pz-1",)))
    assert not isinstance(refused.value, SelectionError) and "needs its parent" in str(refused.value)
