"""Plans built by hand, one per golden scenario: the views are tested without a differ or a platform."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, ManifestSource, Plan

PROJECT = "7b2c4f1e-0000-4000-8000-000000000001"
# When a golden plan's read began: fixed, never the clock, so only a change to a view changes a golden.
READ_AT = datetime(2024, 5, 17, 6, 29, 51, tzinfo=UTC)
PZ_METRICS = [
    {"metric": "Pore pressure", "unit": "kPa"},
    {"metric": "Temperature", "unit": "°C"},
]


def plan(*changes: Change) -> Plan:
    return Plan(
        target="embedded platform (.iotplan/sim.db)",
        stack="dams",
        manifest=ManifestSource(path="sites/dams.yaml", digest="sha256:4f2a9c", vars_file="sites/prod.yaml"),
        changes=changes,
        read_at=READ_AT,
    )


# The cause the differ gives each action when nothing more specific applies.
USUAL_CAUSES = {
    Action.NOOP: Cause.IN_SYNC,
    Action.CREATE: Cause.NOT_ON_PLATFORM,
    Action.UPDATE: Cause.DIFFERS,
    Action.REPLACE: Cause.TEMPLATE_CHANGED,
    Action.REMOVE: Cause.NOT_IN_MANIFEST,
    Action.UNMANAGED: Cause.UNMANAGED,
    Action.PENDING: Cause.GATEWAY_UNREACHABLE,
    Action.REFUSED: Cause.GATEWAY_MISMATCH,
    Action.DUPLICATE: Cause.DUPLICATE,
}


def change(address: str, action: Action, reason: str, **details: Any) -> Change:
    """A Change whose kind, connection and refId follow from its address, as the differ's do."""
    kind = (Kind.NODE, Kind.DEVICE, Kind.SENSOR)[address.count("/")]
    return Change(
        address=Address(address),
        kind=kind,
        action=action,
        cause=details.pop("cause", USUAL_CAUSES[action]),
        project_id=PROJECT,
        connection=address.split("/")[0],
        reason=reason,
        ref_id=details.pop("ref_id", f"dams:{address}"),
        **details,
    )


def in_sync(address: str, template: str | None = None) -> Change:
    return change(address, Action.NOOP, "in sync", live_id=f"id-{address}", template=template)


def creation() -> Plan:
    return plan(
        change(
            "dam-a",
            Action.CREATE,
            "not on the platform",
            after={"name": "Dam A", "url": "https://dam-a.example/feed", "auth_token": "${env:DAM_A_TOKEN}"},
        ),
        change(
            "dam-a/logger-1",
            Action.CREATE,
            "created with dam-a",
            template="GENERIC_DEVICE",
            after={"name": "Crest logger", "location": {"lat": 46.0812, "lon": 7.4025, "elevation": 2364.5}},
        ),
        change(
            "dam-a/logger-1/pz-1",
            Action.CREATE,
            "created with dam-a",
            template="GENERIC_SENSOR_SDE",
            after={"name": "Piezometer 1", "notes": 'Installed "upstream" face', "metrics": PZ_METRICS},
        ),
    )


def update() -> Plan:
    return plan(
        change(
            "dam-a",
            Action.UPDATE,
            "differs from the manifest",
            live_id="/api/B08851/node",
            before={"name": "Dam A", "auth_token": "(sensitive)"},
            after={"name": "Dam A", "auth_token": "${env:DAM_A_TOKEN}"},
            fields=(FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True),),
            fingerprint="fp-node",
        ),
        change(
            "dam-a/logger-1",
            Action.UPDATE,
            "differs from the manifest",
            template="GENERIC_DEVICE",
            live_id="dev-1",
            before={"name": "Crest loger", "location": {"lat": 46.08, "lon": 7.4025, "elevation": 2364.5}},
            after={"name": "Crest logger", "location": {"lat": 46.0812, "lon": 7.4025, "elevation": 2364.5}},
            fields=(
                FieldChange("name", "Crest loger", "Crest logger"),
                FieldChange("location.lat", 46.08, 46.0812),
            ),
            fingerprint="fp-device",
        ),
        change(
            "dam-a/logger-1/pz-1",
            Action.UPDATE,
            "differs from the manifest",
            template="GENERIC_SENSOR_SDE",
            live_id="sen-1",
            before={"metrics": [PZ_METRICS[0], {"metric": "Temperature", "unit": "°F"}]},
            after={"metrics": PZ_METRICS},
            fields=(FieldChange("metrics[1].unit", "°F", "°C"),),
            fingerprint="fp-sensor",
            touches_data_model=True,
        ),
        in_sync("dam-a/logger-1/pz-2", "GENERIC_SENSOR_SDE"),
        in_sync("dam-a/logger-1/pz-3", "GENERIC_SENSOR_SDE"),
        in_sync("dam-b"),
    )


def destruction() -> Plan:
    """Removals come last in a plan, so dam-a's changes are split around dam-b's: one group each."""
    return plan(
        change(
            "dam-a/logger-1/pz-4",
            Action.CREATE,
            "renamed from pz-3 (use `moved:` to keep its history)",
            template="GENERIC_SENSOR_SDE",
            after={"name": "Piezometer 4"},
        ),
        change(
            "dam-b/logger-2/tilt-1",
            Action.REPLACE,
            "the template changes, so the sensor is removed and created again",
            template="TILT_SDE",
            live_id="sen-9",
            fields=(FieldChange("template", "GENERIC_SENSOR_SDE", "TILT_SDE"),),
            after={"name": "Tilt 1", "metrics": [{"metric": "Tilt A", "unit": "deg"}]},
            observations=52_310,
            fingerprint="fp-tilt",
        ),
        change(
            "dam-a/logger-1/pz-3",
            Action.REMOVE,
            "removed from the manifest",
            template="GENERIC_SENSOR_SDE",
            live_id="sen-3",
            before={"name": "Piezometer 3"},
            observations=1_234,
            fingerprint="fp-pz-3",
        ),
        change(
            "dam-a/logger-9",
            Action.REMOVE,
            "removed from the manifest",
            template="GENERIC_DEVICE",
            live_id="dev-9",
            fingerprint="fp-logger-9",
        ),
    )


def unmanaged() -> Plan:
    """Nothing to change, but two live entities iotplan does not own: reported, never touched."""
    return plan(
        in_sync("dam-a"),
        in_sync("dam-a/logger-1", "GENERIC_DEVICE"),
        change(
            "dam-a/logger-1/legacy-probe",
            Action.UNMANAGED,
            "not managed by stack dams (refId legacy-42); --prune-unmanaged removes it",
            template="GENERIC_SENSOR_SDE",
            ref_id=None,
            live_id="sen-42",
            live_ref_id="legacy-42",
        ),
        change(
            "dam-a/spare",
            Action.UNMANAGED,
            "not managed by stack dams (no refId); --prune-unmanaged removes it",
            template="GENERIC_DEVICE",
            ref_id=None,
            live_id="dev-77",
        ),
    )


def empty() -> Plan:
    return plan()


TUNNEL = "/fn/6C7D8E/node"
KEPT_REASON = (
    "not in the manifest (1,250 observations); the platform's API documents no way to remove a THREAD's "
    "device or sensor, so iotplan keeps it (remove it in the platform's web app if it should go)"
)


def thread() -> Plan:
    """A THREAD site: entities found by the ids iotplan gives them, no refIds, one kept sensor."""
    logger = f"{TUNNEL}/dgsimlogger/032434/device"
    return plan(
        change(
            "tunnel",
            Action.UPDATE,
            "differs from the manifest",
            ref_id=None,
            live_id=TUNNEL,
            before={"name": "THREAD 6C7D8E"},
            after={"name": "Tunnel Section 3 THREAD"},
            fields=(FieldChange("name", "THREAD 6C7D8E", "Tunnel Section 3 THREAD"),),
            fingerprint="fp-thread",
        ),
        change(
            "tunnel/ipi",
            Action.CREATE,
            "not on the platform",
            ref_id=None,
            live_id=logger,
            template="DGSI_M_LOGGER",
            after={"name": "IPI chain", "port": 2, "mode": "IPI_BIAXIAL"},
        ),
        change(
            "tunnel/ipi/tilt1",
            Action.CREATE,
            "created with tunnel/ipi",
            cause=Cause.WITH_PARENT,
            ref_id=None,
            live_id=f"{logger}/tilt1/sensor",
            template="TILT_BIAXIAL_DGSI",
            after={"name": "IPI Tilt 1", "mux_index": 1},
        ),
        change(
            "tunnel/vw/#pz-9",
            Action.UNMANAGED,
            KEPT_REASON,
            cause=Cause.NOT_REMOVABLE,
            ref_id=None,
            live_id=f"{TUNNEL}/vwlogger/032433/device/pz-9/sensor",
            template="VW_PIEZOMETER",
            before={"name": "Old piezometer", "mux_index": 9},
            observations=1250,
            fingerprint="fp-kept",
        ),
    )


def _fleet_update(address: str, field: FieldChange, observations: int = 0, **details: Any) -> Change:
    return change(
        address,
        Action.UPDATE,
        details.pop("reason", "differs from the manifest"),
        template="GENERIC_SENSOR_SDE",
        live_id=f"sen-{address}",
        fields=(field,),
        touches_data_model=field.rereads_history,
        observations=observations,
        **details,
    )


def fleet() -> Plan:
    """Three sites whose piezometers all change unit, and a note on each of dam-a's: identical
    updates folded per connection, data-model ones with their warning, then a line per distinct
    update; the removal and the `moved` sensor keep their own lines."""
    unit = FieldChange("metrics[0].unit", "Pa", "kPa")
    note = FieldChange("notes", None, "audited 2026")
    new_metric = FieldChange("metrics[1]", None, {"metric": "Temperature", "unit": "°C"})
    changes = [
        _fleet_update(f"{dam}/logger-1/pz-{n}", unit, 100 * n, observations_unknown=(dam, n) == ("dam-c", 5))
        for dam in ("dam-a", "dam-b", "dam-c")
        for n in range(1, 6 + (dam == "dam-c"))
    ]
    changes += [_fleet_update(f"dam-a/logger-2/pz-{n}", note) for n in range(1, 6)]
    changes += [_fleet_update(f"dam-b/logger-2/pz-{n}", new_metric) for n in range(1, 6)]
    moved = FieldChange("ref_id", "dams:dam-a/logger-1/pz-9", "dams:dam-b/logger-1/pz-9")
    changes.append(
        _fleet_update("dam-b/logger-1/pz-9", moved, 40, cause=Cause.MOVED, reason="moved from dam-a")
    )
    removal = change(
        "dam-c/logger-9/pz-1",
        Action.REMOVE,
        "removed from the manifest",
        template="GENERIC_SENSOR_SDE",
        live_id="sen-c9",
        observations=77,
    )
    return plan(*changes, removal)


SCENARIOS: dict[str, Callable[[], Plan]] = {
    "fleet": fleet,
    "thread": thread,
    "creation": creation,
    "update": update,
    "destruction": destruction,
    "unmanaged": unmanaged,
    "empty": empty,
}
