"""plan/compare.py: one entity's change, and the fingerprint a saved plan is checked against.

Data arriving (a count, a last-seen time, reachability) must never make a saved plan stale;
anything a write depends on must.
"""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.live import LiveEntity, Observations
from iotplan.plan.address import Address
from iotplan.plan.compare import (
    VOLATILE_PROPS,
    LiveSide,
    compare,
    creations,
    duplicate,
    fingerprint,
    removal,
    unmanaged,
)
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind
from tests.guards.fleet import FLEET, connection_of, live_fleet, plan_for
from tests.plan.livebuilder import find

TOKEN = "${env:DAM_A_TOKEN}"
NO_SECRETS = lambda reference: None  # noqa: E731
DATA = {
    "OBSERVATION_COUNT": 12,
    "LAST_COMM": "2024-05-01T00:00:00Z",
    "LAST_OBSERVATION": "x",
    "ACCESSIBLE": True,
}


def live(props: dict | None = None, entity_id: str = "/api/A1B2C3/node") -> LiveEntity:
    return LiveEntity(entity_id, {"NAME": "Dam A", "SERIAL_NO": "site:dam-a", **(props or {})})


def desired(kind: Kind = Kind.NODE, keys: tuple[str, ...] = ("dam-a",), **details) -> DesiredEntity:
    fields = details.pop("fields", {"name": "Dam A"})
    ref_id = details.pop("ref_id", "site:" + "/".join(keys))
    return DesiredEntity.of(kind=kind, keys=keys, ref_id=ref_id, project_id="p1", fields=fields, **details)


# --- the fingerprint ------------------------------------------------------------------------------
@pytest.mark.parametrize("prop", sorted(VOLATILE_PROPS))
def test_a_fingerprint_ignores_data_arriving(prop: str) -> None:
    assert fingerprint(live({prop: DATA[prop]})) == fingerprint(live())
    assert fingerprint(live({prop: DATA[prop]})) == fingerprint(live({prop: "something else"}))


def test_the_volatile_props_are_exactly_what_data_arriving_changes() -> None:
    assert {"OBSERVATION_COUNT", "LAST_COMM", "LAST_OBSERVATION", "ACCESSIBLE"} == VOLATILE_PROPS


def test_a_fingerprint_changes_with_anything_a_write_depends_on() -> None:
    base = fingerprint(live())
    assert fingerprint(live({"NAME": "Dam B"})) != base
    assert fingerprint(live({"URL": "https://x"})) != base
    nested = fingerprint(live({"EXTRA": {"host": "x", "password": "p", "ports": [1]}}))
    assert fingerprint(live({"EXTRA": {"host": "y", "password": "p", "ports": [1]}})) != nested
    assert fingerprint(live({"EXTRA": {"host": "x", "password": "p", "ports": [2]}})) != nested
    assert fingerprint(live(entity_id="/api/A1B2C4/node")) != base


@pytest.mark.parametrize(
    ("props", "guessed"),
    [
        ({"AUTH_TOKEN": "abc123"}, {"AUTH_TOKEN": "abc124"}),
        ({"PASSWORD": "hunter2"}, {"PASSWORD": "hunter3"}),
        (
            {"URL": "https://u:pw1@feed.example.com/d?api_key=k1"},
            {"URL": "https://u:pw2@feed.example.com/d?api_key=k2"},
        ),
        (
            {"EXTRA": {"host": "x", "db": {"password": "hunter2"}}},
            {"EXTRA": {"host": "x", "db": {"password": "hunter3"}}},
        ),
        ({"ENDPOINTS": ["https://u:pw1@h.example.com/"]}, {"ENDPOINTS": ["https://u:pw2@h.example.com/"]}),
        (
            {"FEEDS": [{"url": "https://h.example.com/?token=t1"}]},
            {"FEEDS": [{"url": "https://h.example.com/?token=t2"}]},
        ),
        (
            {"CONNSTR": "Server=db.example.com;User Id=sa;Password=hunter2;"},
            {"CONNSTR": "Server=db.example.com;User Id=sa;Password=hunter3;"},
        ),
        (
            {"HEADERS": "Authorization: Basic dXNlcjpodW50ZXIy"},
            {"HEADERS": "Authorization: Basic dXNlcjpodW50ZXIz"},
        ),
        ({"devicePin": "1234"}, {"devicePin": "1235"}),
        (
            {"FEED": {"url": "https://h.example.com/", "jwt": "eyJ1"}},
            {"FEED": {"url": "https://h.example.com/", "jwt": "eyJ2"}},
        ),
    ],
    ids=[
        "token",
        "password-prop",
        "url-credentials",
        "nested-password",
        "url-in-a-list",
        "url-nested",
        "connection-string",
        "basic-auth",
        "camel-case-name",
        "nested-key-import-hides",
    ],
)
def test_a_fingerprint_holds_nothing_to_test_a_guessed_secret_against(props: dict, guessed: dict) -> None:
    """A saved plan carries it: an unsalted hash of a short token gave the token at the third guess."""
    assert fingerprint(live(props)) == fingerprint(live(guessed))
    assert fingerprint(live({"URL": "https://feed.example.com/e"})) != fingerprint(live({"URL": "https://x"}))


def test_a_fingerprint_is_sixteen_hex_digits_that_do_not_depend_on_prop_order() -> None:
    one = fingerprint(LiveEntity("x", {"A": 1, "B": [1, 2]}))
    assert one == fingerprint(LiveEntity("x", {"B": [1, 2], "A": 1}))
    assert len(one) == 16 and int(one, 16) >= 0


def test_a_fingerprint_reads_values_json_cannot_hold() -> None:
    assert fingerprint(LiveEntity("x", {"WHEN": object})) == fingerprint(LiveEntity("x", {"WHEN": object}))


def test_a_saved_plan_still_applies_after_sensors_reported_data() -> None:
    text = FLEET.replace("name: Piezometer", "name: PZ").replace("name: Dam B", "name: Dam B2")
    live = live_fleet()
    saved = plan_for(text, live)
    for entity in (connection_of(live, "site:dam-b").node, find(live, "site:dam-a/logger-1/pz-1")):
        entity.props.update(DATA)
    check_not_stale(saved, plan_for(text, live))


def test_a_saved_plan_goes_stale_when_what_it_writes_was_renamed_meanwhile() -> None:
    text = FLEET.replace("name: Piezometer", "name: PZ")
    live = live_fleet()
    saved = plan_for(text, live)
    find(live, "site:dam-a/logger-1/pz-1").props["NOTES"] = "edited in the web app"
    with pytest.raises(StalePlanError, match="dam-a/logger-1/pz-1"):
        check_not_stale(saved, plan_for(text, live))


# --- compare ----------------------------------------------------------------------------------------
def test_an_entity_as_declared_is_in_sync_with_nothing_to_check_later() -> None:
    change = compare(desired(), live(), lambda: Observations(5), NO_SECRETS)
    assert (change.action, change.cause, change.reason) == (Action.NOOP, Cause.IN_SYNC, "in sync")
    assert change.fingerprint is None and change.fields == () and change.observations == 0
    assert not change.counted  # a connection's count is a sum over its sensors: not made in sync


@pytest.mark.parametrize("held", [Observations(50), Observations(0, True)])
def test_an_in_sync_sensor_carries_what_it_holds(held: Observations) -> None:
    sensor = desired(Kind.SENSOR, ("dam-a", "logger-1", "pz-1"), fields={"name": "Dam A"})
    change = compare(sensor, live({"SERIAL_NO": "site:dam-a/logger-1/pz-1"}), lambda: held, NO_SECRETS)
    assert change.action is Action.NOOP and change.counted
    assert (change.observations, change.observations_unknown) == (held.known, held.unknown)


def test_an_update_carries_what_the_entity_holds_and_its_fingerprint() -> None:
    entity = live(DATA)
    change = compare(desired(fields={"name": "Dam B"}), entity, lambda: Observations(5, True), NO_SECRETS)
    assert (change.action, change.cause, change.reason) == (
        Action.UPDATE,
        Cause.DIFFERS,
        "differs from the manifest",
    )
    assert change.fields == (FieldChange("name", "Dam A", "Dam B"),)
    assert (change.observations, change.observations_unknown) == (5, True)
    assert change.fingerprint == fingerprint(entity) and not change.touches_data_model
    assert (change.live_id, change.live_ref_id, change.ref_id) == (entity.id, "site:dam-a", "site:dam-a")
    assert change.before == {"name": "Dam A"} and change.after == {"name": "Dam B"}


def test_new_metrics_touch_the_data_model_and_a_new_name_does_not() -> None:
    sensor = LiveEntity("s", {"SERIAL_NO": "site:d/l/s", "NAME": "S", "KNOWN_METRICS": {"0": "f"}})
    entity = desired(Kind.SENSOR, ("d", "l", "s"), fields={"name": "S", "metrics": [{"metric": "g"}]})
    change = compare(entity, sensor, lambda: Observations(1), NO_SECRETS)
    assert change.touches_data_model and change.rereads_data
    renamed = compare(
        desired(Kind.SENSOR, ("d", "l", "s"), fields={"name": "T"}),
        sensor,
        lambda: Observations(1),
        NO_SECRETS,
    )
    assert not renamed.touches_data_model


def test_a_template_change_is_a_replacement_that_counts_what_it_destroys() -> None:
    device = LiveEntity("dev", {"SERIAL_NO": "site:d/l", "NAME": "L", "INTEGRATION_ID": "OLD"})
    entity = desired(Kind.DEVICE, ("d", "l"), fields={"name": "L2"}, template="NEW")
    change = compare(entity, device, lambda: Observations(3, True), NO_SECRETS)
    assert (change.action, change.cause) == (Action.REPLACE, Cause.TEMPLATE_CHANGED)
    assert change.reason == "template OLD → NEW cannot be updated in place"
    assert change.fields == (FieldChange("template", "OLD", "NEW"),)
    assert (change.observations, change.observations_unknown) == (3, True)
    assert change.fingerprint == fingerprint(device) and change.template == "NEW"


def test_an_entity_whose_template_is_unsaid_is_never_replaced() -> None:
    device = LiveEntity("dev", {"SERIAL_NO": "site:d/l", "NAME": "L", "INTEGRATION_ID": "OLD"})
    change = compare(
        desired(Kind.DEVICE, ("d", "l"), fields={"name": "L"}), device, lambda: Observations(), NO_SECRETS
    )
    assert change.action is Action.NOOP and change.template == "OLD"


def test_a_live_entity_without_a_template_is_not_replaced_either() -> None:
    device = LiveEntity("dev", {"SERIAL_NO": "site:d/l", "NAME": "L"})
    entity = desired(Kind.DEVICE, ("d", "l"), fields={"name": "L"}, template="NEW")
    assert compare(entity, device, lambda: Observations(), NO_SECRETS).action is Action.NOOP


def test_a_renamed_ref_id_is_the_first_field_and_says_where_it_moved_from() -> None:
    entity = desired(keys=("dam-x",), fields={"name": "Dam X"})
    change = compare(entity, live(), lambda: Observations(), NO_SECRETS)
    assert (change.cause, change.reason) == (Cause.MOVED, "moved from dam-a")
    assert change.fields == (
        FieldChange("ref_id", "site:dam-a", "site:dam-x"),
        FieldChange("name", "Dam A", "Dam X"),
    )


def test_a_pinned_connection_with_another_serial_is_not_renamed() -> None:
    entity = desired(pinned_id="/api/A1B2C3/node")
    change = compare(entity, live({"SERIAL_NO": "ABC123"}), lambda: Observations(), NO_SECRETS)
    assert change.action is Action.NOOP


def test_a_pinned_connection_that_differs_is_an_update_that_differs_not_one_that_moved() -> None:
    entity = desired(pinned_id="/api/A1B2C3/node", fields={"name": "Dam Z"})
    change = compare(entity, live({"SERIAL_NO": "ABC123"}), lambda: Observations(), NO_SECRETS)
    assert change.fields == (FieldChange("name", "Dam A", "Dam Z"),)  # no rename is sent
    assert (change.cause, change.reason) == (Cause.DIFFERS, "differs from the manifest")


# --- secrets ----------------------------------------------------------------------------------------
def with_token(**props) -> tuple[DesiredEntity, LiveEntity]:
    return desired(fields={"name": "Dam A", "auth_token": TOKEN}), live(props)


def test_a_token_that_differs_from_the_platforms_is_written_without_showing_either() -> None:
    entity, entity_live = with_token(AUTH_TOKEN="old")
    change = compare(
        entity, entity_live, lambda: Observations(), lambda reference: "new" if reference == TOKEN else None
    )
    assert change.fields == (FieldChange("auth_token", "(sensitive)", TOKEN, sensitive=True),)


def test_a_token_the_platform_lacks_is_added() -> None:
    entity, entity_live = with_token()
    change = compare(entity, entity_live, lambda: Observations(), lambda reference: "new")
    assert change.fields == (FieldChange("auth_token", None, TOKEN, sensitive=True),)


def test_a_token_equal_to_the_platforms_is_in_sync() -> None:
    entity, entity_live = with_token(AUTH_TOKEN="same")
    assert (
        compare(entity, entity_live, lambda: Observations(), lambda reference: "same").action is Action.NOOP
    )


def test_a_token_that_cannot_be_resolved_now_is_not_compared() -> None:
    entity, entity_live = with_token(AUTH_TOKEN="old")
    assert compare(entity, entity_live, lambda: Observations(), NO_SECRETS).action is Action.NOOP


# --- created, removed, unmanaged, duplicate ------------------------------------------------------------
def test_a_creation_brings_everything_beneath_it_parents_first_with_default_templates() -> None:
    sensor = desired(Kind.SENSOR, ("d", "l", "s"), fields={"name": "S"})
    device = desired(Kind.DEVICE, ("d", "l"), fields={"name": "L"}, children=[sensor])
    node = desired(keys=("d",), children=[device])
    created = creations(node, Cause.NOT_ON_PLATFORM, "not on the platform")
    assert [(c.address, c.action, c.cause, c.reason, c.template) for c in created] == [
        ("d", Action.CREATE, Cause.NOT_ON_PLATFORM, "not on the platform", None),
        ("d/l", Action.CREATE, Cause.WITH_PARENT, "created with d", "IMPORT_DEVICE_SDE"),
        ("d/l/s", Action.CREATE, Cause.WITH_PARENT, "created with d", "GENERIC_SENSOR_SDE"),
    ]
    assert [c.ref_id for c in created] == ["site:d", "site:d/l", "site:d/l/s"]
    assert (
        created[2].after == {"name": "S"} and created[2].connection == "d" and created[2].project_id == "p1"
    )


def test_a_declared_template_is_the_one_created() -> None:
    [created] = creations(desired(Kind.DEVICE, ("d", "l"), template="MINE"), Cause.WITH_PARENT, "x")
    assert created.template == "MINE"


def side(address: str = "dam-a/logger-1", kind: Kind = Kind.DEVICE, known: int = 4, unknown: bool = True):
    return LiveSide(kind, Address(address), "p1", Observations(known, unknown))


def test_a_removal_records_what_it_destroys_and_the_entity_as_it_stands() -> None:
    entity = LiveEntity("dev", {"SERIAL_NO": "site:dam-a/logger-1", "NAME": "L", "INTEGRATION_ID": "T"})
    change = removal(side(), entity, Cause.NOT_IN_MANIFEST, "gone")
    assert (change.action, change.cause, change.reason, change.kind) == (
        Action.REMOVE,
        Cause.NOT_IN_MANIFEST,
        "gone",
        Kind.DEVICE,
    )
    assert (change.observations, change.observations_unknown, change.destroys_data) == (4, True, True)
    assert (change.live_id, change.ref_id, change.live_ref_id) == (
        "dev",
        "site:dam-a/logger-1",
        "site:dam-a/logger-1",
    )
    assert change.before == {"name": "L"} and change.template == "T" and change.connection == "dam-a"
    assert change.fingerprint == fingerprint(entity) and change.project_id == "p1"


def test_an_unmanaged_entity_is_reported_with_its_serial_and_never_written() -> None:
    entity = LiveEntity("dev", {"SERIAL_NO": "other", "NAME": "L", "INTEGRATION_ID": "T"})
    change = unmanaged(side(known=2, unknown=True), entity, "site")
    assert change == Change(
        address=Address("dam-a/logger-1"),
        kind=Kind.DEVICE,
        action=Action.UNMANAGED,
        cause=Cause.UNMANAGED,
        project_id="p1",
        connection="dam-a",
        reason="not declared, not owned by stack 'site' (SERIAL_NO 'other')",
        live_id="dev",
        live_ref_id="other",
        template="T",
        before={"name": "L"},
        observations=2,
        observations_unknown=True,
        fingerprint=fingerprint(entity),
    )
    assert change.ref_id is None and not change.action.writes


def test_a_duplicate_names_its_copy_and_the_one_kept() -> None:
    entity = desired(Kind.DEVICE, ("dam-a", "logger-1"))
    props = {"SERIAL_NO": "site:dam-a/logger-1", "NAME": "L", "INTEGRATION_ID": "T", "OBSERVATION_COUNT": 3}
    extra = LiveEntity("/api/A/node/dynamic/0C0C0C/device", props)
    kept = dataclasses.replace(extra, id="kept-id")
    assert duplicate(entity, extra, kept) == Change(
        address=Address("dam-a/logger-1#0C0C0C"),
        kind=Kind.DEVICE,
        action=Action.DUPLICATE,
        cause=Cause.DUPLICATE,
        project_id="p1",
        connection="dam-a",
        reason="a second device with refId 'site:dam-a/logger-1' (kept: kept-id); "
        "remove one in the platform's web app",
        ref_id="site:dam-a/logger-1",
        live_id=extra.id,
        live_ref_id="site:dam-a/logger-1",
        template="T",
        before={"name": "L"},
        counted=False,  # its 3 are its own: what a device holds is its sensors' too, not summed here
        fingerprint=fingerprint(extra),
    )
    assert "(kept: ?)" in duplicate(entity, extra, None).reason
