"""apply/found.py and apply/execute.py: what a write created or renamed is found again by refId,
or the connection fails and the rollout stops before anything more is created."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.execute import apply_connection, platform_units, writes_by_connection
from iotplan.apply.found import expected_ref_ids, gives_ref_ids, not_kept_message, serials_in
from iotplan.apply.outcome import Status
from iotplan.errors import IotplanError, PlatformError
from iotplan.plan.model import Action, Change, FieldChange
from tests.guards.fleet import DAM_A, FLEET, PROJECT, connection_of, live_fleet, load, manifest, plan_for
from tests.plan.edgebuilder import setting_change
from tests.plan.livebuilder import empty
from tests.render.plans import change, plan

NEW_SENSOR = FLEET.replace(
    "              - key: air\n",
    "              - key: rain\n                template: RAIN_SDE\n              - key: air\n",
    1,
)
NEW_FLEET = manifest(DAM_A)


def _kept(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a call leaves standing: a removed entity is neither answered nor read back."""
    return [entry for entry in entries if entry.get("changeState") != "remove"]


class Platform:
    """Answers integrate as a platform would: keeps refIds as SERIAL_NO, or not, and says so, or not."""

    def __init__(self, keeps: bool = True, answers: bool = True, fails_at: int = 0, read_fails: bool = False):
        self.keeps, self.answers, self.fails_at, self.read_fails = keeps, answers, fails_at, read_fails
        self.bodies: list[dict[str, Any]] = []
        self.reads: list[str] = []
        self.stored: list[dict[str, Any]] = []

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        assert project_id == PROJECT
        self.bodies.append(body)
        if len(self.bodies) == self.fails_at:
            raise PlatformError("409 Conflict: refId taken")
        integration = body["integration"]
        node = {
            "id": integration.get("nodeId") or "/api/ABCDEF/node",
            "props": {"SERIAL_NO": self._keep(integration)},
        }
        devices = [
            {
                "device": {"id": "d", "props": {"SERIAL_NO": self._keep(entry)}},
                "sensors": [
                    {"id": "s", "props": {"SERIAL_NO": self._keep(s)}}
                    for s in _kept(entry.get("sensors", []))
                ],
            }
            for entry in _kept(integration.get("devices", []))
        ]
        self.stored += [node, *(e for group in devices for e in (group["device"], *group["sensors"]))]
        return {"integration": {"node": node, "devices": devices}} if self.answers else {"integration": {}}

    def _keep(self, entry: dict[str, Any]) -> Any:
        """`keeps=False`: what is created or renamed gets a SERIAL_NO of the platform's own; an update
        that renames nothing keeps the one it has."""
        wanted = (entry.get("props") or {}).get("SERIAL_NO") or entry.get("refId")
        made = entry.get("changeState") == "new" or wanted != entry.get("refId")
        return "7f3c-uuid" if made and not self.keeps else wanted

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        assert project_id == PROJECT
        self.reads.append(node_id)
        if self.read_fails:
            raise PlatformError("503 Service Unavailable")
        return {"integration": {"node": self.stored[0], "devices": [{"device": e} for e in self.stored[1:]]}}


def apply(
    platform: Platform, text: str = NEW_SENSOR, live=None, connection: str = "dam-a", per_call: int = 500
):
    made = plan_for(text, live if live is not None else live_fleet())
    changes = [c for c in made.changes if c.connection == connection]
    resolve = lambda reference: "x"  # noqa: E731
    return asyncio.run(apply_connection(platform, connection, changes, resolve, entities_per_call=per_call))


# --- found again --------------------------------------------------------------------------------
def test_a_write_whose_answer_shows_every_ref_id_is_applied_without_a_read() -> None:
    platform = Platform()
    outcome = apply(platform)
    assert (outcome.status, outcome.message, outcome.halt, outcome.calls) == (Status.APPLIED, "", "", 1)
    assert outcome.applied == ["dam-a/logger-1/rain"] and outcome.pending == [] and platform.reads == []


def test_a_sensor_the_platform_created_without_its_ref_id_fails_the_connection_and_halts() -> None:
    outcome = apply(Platform(keeps=False))
    assert outcome.status is Status.FAILED and outcome.halt.startswith(
        "dam-a: the platform did not keep a refId"
    )
    # Adopted by its SERIAL_NO where the refId is kept apart from it, no update would find it.
    assert outcome.message == (
        "the platform accepted the write but did not keep the refId of 1 entity it created (first: "
        "dam-a/logger-1/rain, refId 'site:dam-a/logger-1/rain'); iotplan finds entities again by refId "
        "(docs/api-assumptions.md, A1/A4), so the rollout stops here. A device or sensor cannot be adopted "
        "by `ref_id: <its SERIAL_NO>` where the platform keeps its refId apart (no update would find it): "
        "run `iotplan check-platform`; if its A1 line fails, iotplan cannot manage this platform's devices "
        "and sensors, and those created stay, unmanaged, until removed in the platform's web app"
    )


def test_what_the_answer_leaves_out_is_looked_for_in_one_read_of_the_live_connection() -> None:
    live = live_fleet()
    platform = Platform(answers=False)
    assert apply(platform, live=live).status is Status.APPLIED
    assert platform.reads == [connection_of(live, "site:dam-a").node.id]


def test_a_read_that_fails_leaves_what_was_created_unconfirmed() -> None:
    outcome = apply(Platform(answers=False, read_fails=True))
    assert (
        outcome.status is Status.FAILED and outcome.halt and "first: dam-a/logger-1/rain" in outcome.message
    )


def test_a_read_that_does_not_show_the_ref_id_leaves_it_unconfirmed() -> None:
    platform = Platform(answers=False, keeps=False)
    outcome = apply(platform)
    assert outcome.status is Status.FAILED and len(platform.reads) == 1


def test_a_new_connection_is_sent_with_its_secret_resolved() -> None:
    platform = Platform()
    text = NEW_FLEET.replace("name: Dam A", "name: Dam A\n        auth_token: ${env:DAM_A_TOKEN}")
    assert apply(platform, text, empty(load(text))).status is Status.APPLIED
    assert platform.bodies[0]["integration"]["props"] == {"NAME": "Dam A", "AUTH_TOKEN": "x"}


def test_a_new_connection_is_found_by_the_id_its_answer_gives() -> None:
    platform = Platform()
    outcome = apply(platform, NEW_FLEET, empty(load(NEW_FLEET)))
    assert outcome.status is Status.APPLIED and platform.reads == []


def test_a_new_connection_split_over_calls_sends_its_new_id_with_the_later_ones() -> None:
    platform = Platform()
    outcome = apply(platform, NEW_FLEET, empty(load(NEW_FLEET)), per_call=2)
    assert outcome.status is Status.APPLIED and outcome.calls == len(platform.bodies) == 2
    assert "nodeId" not in platform.bodies[0]["integration"]
    assert platform.bodies[1]["integration"]["nodeId"] == "/api/ABCDEF/node"


def test_a_new_connection_whose_answer_names_nothing_cannot_be_looked_for_and_halts() -> None:
    platform = Platform(answers=False)
    outcome = apply(platform, NEW_FLEET, empty(load(NEW_FLEET)))
    assert outcome.status is Status.FAILED and outcome.halt and platform.reads == []
    assert "its answer names none of the 4 entities it was to make" in outcome.message
    assert "(first: dam-a, refId 'site:dam-a')" in outcome.message
    assert "did not keep" not in outcome.message  # unknown is not lost: no advice to adopt it all


def test_a_renamed_sensor_must_be_found_by_its_new_ref_id() -> None:
    text = (
        FLEET.replace("key: pz-1", "key: pz-01", 1)
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )
    assert apply(Platform(), text).status is Status.APPLIED
    assert apply(Platform(keeps=False), text).status is Status.FAILED


def test_a_rename_the_platform_did_not_make_is_told_as_one_with_nothing_created_to_adopt() -> None:
    text = (
        FLEET.replace("key: pz-1", "key: pz-01", 1)
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )
    outcome = apply(Platform(keeps=False), text)
    assert outcome.status is Status.FAILED and outcome.halt
    assert outcome.message == (
        "the `moved` rename of 1 entity was answered but is not found made (first: dam-a/logger-1/pz-01, "
        "refId 'site:dam-a/logger-1/pz-01' not found, was 'site:dam-a/logger-1/pz-1'): a rename creates "
        "nothing, so there is nothing to adopt. Where the platform does not rename by `props.SERIAL_NO` "
        "(`iotplan check-platform`, its A1+ line), each keeps its old refId and history: remove the `moved` "
        "entry and keep the old key (a key renamed without `moved` removes and recreates the entity, "
        "destroying its history)"
    )


def test_a_connection_is_adopted_by_id_whatever_was_not_kept_with_it() -> None:
    """A connection is found by `id:` on any platform: that advice stands; a device's does not."""
    alone = not_kept_message([change("a", Action.CREATE, "new")])
    assert "Adopt the connection it created with `id: <its id>` in the manifest." in alone
    assert "ref_id:" not in alone
    lost = [change("a", Action.CREATE, "new"), change("a/b", Action.CREATE, "new")]
    lost.append(change("a/c", Action.UPDATE, "renamed", live_ref_id="dams:a/old"))
    message = not_kept_message(lost)
    assert message.startswith("the platform accepted the write but did not keep the refId of 2 entities it ")
    assert (
        "Adopt the connection it created with `id: <its id>` in the manifest. A device or sensor cannot"
        in (message)
    )
    assert "; the `moved` rename of 1 entity was answered but is not found made (first: a/c," in message


def test_an_update_in_place_needs_no_ref_id_found_again() -> None:
    outcome = apply(Platform(keeps=False), FLEET.replace("name: Piezometer", "name: PZ", 1))
    assert outcome.status is Status.APPLIED


def test_a_removal_needs_nothing_found_again() -> None:
    outcome = apply(
        Platform(keeps=False),
        FLEET.replace("              - key: air\n                template: TEMPERATURE_SDE\n", "", 1),
    )
    assert outcome.status is Status.APPLIED and outcome.applied == ["dam-a/logger-1/air"]


# --- failures ---------------------------------------------------------------------------------------
def test_a_refused_call_fails_the_connection_with_the_platforms_message_and_sends_no_more() -> None:
    platform = Platform(fails_at=1)
    outcome = apply(platform, FLEET.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1))
    assert (outcome.status, outcome.message, outcome.calls) == (Status.FAILED, "409 Conflict: refId taken", 1)
    assert len(platform.bodies) == 1 and outcome.applied == [] and outcome.halt == ""


def test_a_call_refused_after_the_first_says_what_the_first_removed() -> None:
    """The replacement's removal was made, its re-creation refused: gone, not replaced, so not applied."""
    outcome = apply(
        Platform(fails_at=2), FLEET.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1)
    )
    assert outcome.status is Status.FAILED and outcome.calls == 2
    assert outcome.applied == [] and outcome.pending == ["dam-a/logger-1/air"]
    assert outcome.message.endswith(
        "Removed, not created again (the next plan creates it): dam-a/logger-1/air."
    )


def test_a_replacement_whose_removal_cannot_be_read_back_is_not_created_again() -> None:
    platform = Platform(read_fails=True)
    outcome = apply(platform, FLEET.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1))
    assert outcome.status is Status.FAILED and len(platform.bodies) == 1
    assert outcome.message == (
        "the removal was answered but reading it back failed (503 Service Unavailable); "
        "dam-a/logger-1/air not re-created"
    )
    assert outcome.unsure == ["dam-a/logger-1/air"]


def test_a_change_no_call_carries_is_never_reported_applied() -> None:
    orphan = change(
        "dam-a/logger-1/pz-1",
        Action.UPDATE,
        "differs",
        fields=(FieldChange("name", "a", "b"),),
        after={"name": "b"},
    )
    outcome = asyncio.run(apply_connection(Platform(), "dam-a", [orphan], resolve=lambda reference: "x"))
    assert (outcome.status, outcome.message) == (
        Status.FAILED,
        "these changes could not be sent (a bug: please report it)",
    )
    assert outcome.pending == ["dam-a/logger-1/pz-1"]


# --- the units of work ------------------------------------------------------------------------------
def test_each_connection_with_writes_is_one_unit_carrying_its_no_ops_and_no_gateway_setting() -> None:
    made = plan(
        change("dam-a", Action.NOOP, "in sync"),
        change("dam-a/logger-1", Action.UPDATE, "differs"),
        change("dam-b", Action.NOOP, "in sync"),
        setting_change("dam-a", "port1.baud_rate", 1, 2),
    )
    groups = writes_by_connection(made)
    assert list(groups) == ["dam-a"]
    assert [c.address for c in groups["dam-a"]] == ["dam-a", "dam-a/logger-1"]
    [unit] = platform_units(Platform(), made, resolve=lambda reference: "x")
    assert unit.name == "dam-a" and unit.changes == groups["dam-a"]


def test_a_unit_runs_its_connections_calls_when_started() -> None:
    live = live_fleet()
    made = plan_for(FLEET.replace("name: Dam B", "name: Dam B2"), live)
    platform = Platform()
    [unit] = platform_units(platform, made, resolve=lambda reference: "x")
    outcome = asyncio.run(unit.run())
    assert outcome.status is Status.APPLIED and outcome.connection == "dam-b"
    assert platform.bodies == [
        {
            "integration": {
                "nodeId": connection_of(live, "site:dam-b").node.id,
                "changeState": "update",
                "props": {"NAME": "Dam B2", "SERIAL_NO": "site:dam-b"},
                "devices": [],
            }
        }
    ]


# --- found.py on its own -------------------------------------------------------------------------------
def one_change_of_each_kind() -> list[Change]:
    """A creation, a replacement, a rename, an update, a removal, a creation with no refId, a no-op."""
    return [
        change("a", Action.CREATE, "new"),
        change("a/b", Action.REPLACE, "template"),
        change("a/c", Action.UPDATE, "moved", fields=(FieldChange("ref_id", "dams:a/x", "dams:a/c"),)),
        change("a/d", Action.UPDATE, "differs", fields=(FieldChange("name", "x", "y"),)),
        change("a/e", Action.REMOVE, "gone"),
        change("a/f", Action.CREATE, "new", ref_id=None),
        change("a/g", Action.NOOP, "in sync"),
    ]


def test_creations_replacements_and_renames_are_expected_back_but_updates_and_removals_are_not() -> None:
    changes = one_change_of_each_kind()
    assert {ref: c.address for ref, c in expected_ref_ids(changes).items()} == {
        "dams:a": "a",
        "dams:a/b": "a/b",
        "dams:a/c": "a/c",
    }


def test_a_unit_finds_ref_ids_exactly_where_expected_ref_ids_names_one() -> None:
    """`gives_ref_ids`, asked of each unit, answers as `expected_ref_ids` would, change by change."""
    each = [
        *one_change_of_each_kind(),
        change("a/h", Action.UPDATE, "moved", ref_id=None, fields=(FieldChange("ref_id", "x", "y"),)),
    ]
    for units in ([[c] for c in each], [each], [each[3:5], each[4:], []]):
        for changes in units:
            assert gives_ref_ids(changes) is bool(expected_ref_ids(changes)), changes


def test_serials_are_read_from_the_connection_devices_and_sensors_of_an_answer() -> None:
    answer = {
        "integration": {
            "node": {"id": "n", "props": {"SERIAL_NO": "r:n"}},
            "devices": [
                "junk",
                {"device": "junk"},
                {
                    "device": {"id": "d", "props": {"SERIAL_NO": "r:d"}},
                    "sensors": [{"id": 7, "props": {"SERIAL_NO": 12}}, "junk"],
                },
                {"device": {"id": "e", "props": {}}},
                {"device": {"id": "f"}},
                {"device": "junk"},
                "junk",
            ],
        }
    }
    assert serials_in(answer) == {"r:n": "n", "r:d": "d", "12": "7"}


def test_an_answer_of_any_other_shape_names_no_serial() -> None:
    for answer in (
        {},
        {"integration": None},
        {"integration": []},
        {"integration": {"node": "x", "devices": None}},
        [],
    ):
        assert serials_in(answer) == {}  # type: ignore[arg-type]


def test_a_serial_of_none_is_no_serial() -> None:
    assert serials_in({"integration": {"node": {"id": "n", "props": {"SERIAL_NO": None}}}}) == {}


def test_the_message_counts_every_entity_not_kept() -> None:
    lost = [change("a/b", Action.CREATE, "new"), change("a/c", Action.CREATE, "new")]
    message = not_kept_message(lost)
    assert message.startswith(
        "the platform accepted the write but did not keep the refId of 2 entities it created "
        "(first: a/b, refId 'dams:a/b');"
    )
    assert "cannot be adopted by `ref_id: <its SERIAL_NO>`" in message


def test_a_platform_error_is_an_iotplan_error() -> None:
    assert issubclass(PlatformError, IotplanError)
