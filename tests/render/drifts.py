"""Drift reports from hand-built plans, one per golden scenario: the views are tested without a platform.

Each report is assembled as `iotplan drift` assembles it: every manifest's plan read as entries,
then sorted by manifest and site.
"""

from __future__ import annotations

from collections.abc import Callable

from iotplan.plan.address import Address
from iotplan.plan.drift import Coordinates, Report
from iotplan.plan.drift_entries import drift_entries, with_unread_settings
from iotplan.plan.model import Action, Cause, FieldChange, Plan
from tests.plan.edgebuilder import gateway_change, setting_change
from tests.render import drift_fleet, plans
from tests.render.plans import READ_AT, change, in_sync

TARGET = "embedded platform (.iotplan/sim.db)"


# The settings the gateways of gateways_plan() declare that its plan could not read (its `edge:`
# blocks, as commands/drift.py hands them to `with_unread_settings`).
UNREAD = {
    gateway: [Address(f"{gateway}/{name}") for name in names]
    for gateway, names in (
        ("thread-north/edge", ("port1.mode", "battery_saver")),
        ("thread-south/edge", ("port1.baud_rate",)),
        ("thread-east/edge", ("cloud_connection",)),
    )
}


def report(*manifests: tuple[str, Plan]) -> Report:
    drift = Report(target=TARGET, read_at=READ_AT)
    for path, plan in manifests:
        drift.entries.extend(with_unread_settings(drift_entries(plan, path), UNREAD))
    drift.entries.sort(key=lambda entry: (entry.manifest, entry.site))
    return drift


def gateways_plan() -> Plan:
    """Every way a gateway can be reported: drifted, in sync, unverifiable, asleep, unreachable, refused."""
    return plans.plan(
        in_sync("thread-west"),
        setting_change("thread-west", "port1.baud_rate", 9600, 19200),
        setting_change("thread-west", "cloud_connection", True, True, Action.NOOP),
        setting_change(
            "thread-west",
            "port1.mode",
            None,
            "RS485",
            Action.NOOP,
            cause=Cause.UNVERIFIABLE,
            reason="unverifiable: the gateway cannot report it",
        ),
        gateway_change(
            "thread-north",
            Action.PENDING,
            Cause.GATEWAY_ASLEEP,
            "asleep: the gateway at 192.0.2.11 is asleep",
        ),
        gateway_change(
            "thread-south",
            Action.PENDING,
            Cause.GATEWAY_UNREACHABLE,
            "unreachable: GET http://192.0.2.12/api/serialNumber got no answer (ConnectError: <refused>)",
        ),
        gateway_change(
            "thread-east",
            Action.REFUSED,
            Cause.GATEWAY_MISMATCH,
            "identity mismatch: the gateway at 192.0.2.13 reports serial 8A9B0C, not 4A1B2C: "
            "nothing was read or written",
        ),
    )


def roads_plan() -> Plan:
    """A second manifest: a name with characters each view must escape, and a site fully in sync."""
    return plans.plan(
        in_sync("bridge-1"),
        change(
            "bridge-1/strain",
            Action.UPDATE,
            "differs from the manifest",
            live_id="dev-31",
            fields=(FieldChange("name", "Strain <old> | gauge", "Strain & gauge"),),
        ),
        in_sync("bridge-2"),
        in_sync("bridge-2/tilt"),
    )


def clean() -> Report:
    """Nothing drifted: the text view lists no site, only how many are in sync."""
    return report(
        ("sites/roads.yaml", plans.plan(in_sync("bridge-2"), in_sync("bridge-2/tilt"))),
        ("sites/dams.yaml", plans.plan(in_sync("dam-a"), in_sync("dam-a/logger-1", "GENERIC_DEVICE"))),
    )


def ranked() -> Report:
    """One site of each kind, declared in sync-first order: the views put the most severe first, fold the
    sites nobody needs to look at into one line, name what a missing device carries, and show the stray
    sensor by its name and serial number. Every site but the THREAD one has a location: the map's dots."""
    kinds = {
        "north-1": drift_fleet.healthy,
        "north-2": drift_fleet.renamed,
        "gateway-9": lambda site: drift_fleet.thread_site(site),
        "south-1": drift_fleet.stray_sensor,
        "south-2": drift_fleet.unit_changed,
        "west-1": drift_fleet.missing_device,
        "west-2": drift_fleet.duplicate_sensor,
    }
    drift = report(("sites/fleet.yaml", plans.plan(*(c for site, make in kinds.items() for c in make(site)))))
    drift.locations = {
        ("sites/fleet.yaml", site): Coordinates(lat, lon)
        for site, lat, lon in (
            ("north-1", -40.9, 175.1),
            ("north-2", -41.2, 174.8),
            ("south-1", -45.9, 170.5),
            ("south-2", -46.4, 168.4),
            ("west-1", -42.5, 171.2),
            ("west-2", -43.5, 172.6),
        )
    }
    return drift


SCENARIOS: dict[str, Callable[[], Report]] = {
    "missing": lambda: report(("sites/dams.yaml", plans.creation())),
    "modified": lambda: report(("sites/dams.yaml", plans.update())),
    "destruction": lambda: report(("sites/dams.yaml", plans.destruction())),
    "unmanaged": lambda: report(("sites/dams.yaml", plans.unmanaged())),
    "gateways": lambda: report(("sites/edge.yaml", gateways_plan())),
    "fleet": lambda: report(
        ("sites/roads.yaml", roads_plan()),
        ("sites/edge.yaml", gateways_plan()),
        ("sites/dams.yaml", plans.update()),
    ),
    "clean": clean,
    "ranked": ranked,
    "empty": lambda: report(),
}
