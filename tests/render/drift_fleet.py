"""A synthetic fleet's drift report, built from plans as `iotplan drift` builds it: for the map and
the screenshots at 5 and 500 sites, without reading any platform.

Sites lie in a region the size of New Zealand's South Island; one in ten is a THREAD gateway, which
has no location in its manifest. The drift is spread so that each kind a site engineer meets shows.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from iotplan.plan.address import Address
from iotplan.plan.drift import Coordinates, Report
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind
from tests.plan.edgebuilder import gateway_change, setting_change
from tests.render import plans
from tests.render.plans import PZ_METRICS, change, in_sync

TARGET = "https://iiot.bentley.com"
MANIFEST = "sites/fleet.yaml.j2"


def healthy(site: str) -> list[Change]:
    return [
        in_sync(site),
        in_sync(f"{site}/logger", "GENERIC_DEVICE"),
        *(in_sync(f"{site}/logger/pz-{n}", "GENERIC_SENSOR_SDE") for n in (1, 2, 3)),
        in_sync(f"{site}/logger/crack-1", "GENERIC_SENSOR_SDE"),
    ]


def missing_device(site: str) -> list[Change]:
    gone = [
        change(
            f"{site}/weather", Action.CREATE, "not on the platform", after={"name": f"{site} weather station"}
        ),
        change(f"{site}/weather/air-temp", Action.CREATE, "created with", after={"name": "Air temperature"}),
        change(f"{site}/weather/rain", Action.CREATE, "created with", after={"name": "Rain gauge"}),
    ]
    return [*healthy(site), *gone]


def duplicate_sensor(site: str) -> list[Change]:
    copy = Change(
        address=Address(f"{site}/logger/pz-2#7F31C0"),
        kind=Kind.SENSOR,
        action=Action.DUPLICATE,
        cause=Cause.DUPLICATE,
        project_id=plans.PROJECT,
        connection=site,
        reason=f"a second sensor with refId 'fleet:{site}/logger/pz-2' (kept: sen-1); "
        "remove one in the platform's web app",
        live_id="sen-7F31C0",
        live_ref_id=f"fleet:{site}/logger/pz-2",
        before={"name": "Piezometer PZ-2"},
    )
    return [*healthy(site), copy]


def unit_changed(site: str) -> list[Change]:
    changes = healthy(site)
    changes[3] = change(
        f"{site}/logger/pz-2",
        Action.UPDATE,
        "differs from the manifest",
        live_id="sen-2",
        fields=(FieldChange("metrics[1].unit", "°F", "°C"),),
        before={"metrics": [PZ_METRICS[0], {"metric": "Temperature", "unit": "°F"}]},
        after={"metrics": PZ_METRICS},
    )
    return changes


def renamed(site: str) -> list[Change]:
    changes = healthy(site)
    changes[1] = change(
        f"{site}/logger",
        Action.UPDATE,
        "differs from the manifest",
        live_id="dev-1",
        fields=(FieldChange("name", "Datalogger (old)", "Datalogger"),),
    )
    return changes


def stray_sensor(site: str) -> list[Change]:
    stray = change(
        f"{site}/logger/#D34282",
        Action.UNMANAGED,
        "not declared, not owned by stack 'fleet' (SERIAL_NO 'field-laptop-3')",
        ref_id=None,
        live_id="sen-D34282",
        live_ref_id="field-laptop-3",
        before={"name": "Temp probe (laptop)"},
    )
    return [*healthy(site), stray]


def thread_site(site: str, state: str = "ok") -> list[Change]:
    changes = [
        in_sync(site),
        setting_change(site, "port1.baud_rate", 19200, 19200, Action.NOOP),
        setting_change(
            site, "port1.mode", None, "RS485", Action.NOOP, cause=Cause.UNVERIFIABLE,
            reason="unverifiable: the gateway cannot report it",
        ),
    ]  # fmt: skip
    if state == "asleep":
        return [
            in_sync(site),
            gateway_change(site, Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep: battery saver"),
        ]
    if state == "unreachable":
        reason = "unreachable: GET http://192.0.2.40/api/serialNumber got no answer"
        return [in_sync(site), gateway_change(site, Action.PENDING, Cause.GATEWAY_UNREACHABLE, reason)]
    if state == "mismatch":
        reason = "identity mismatch: the gateway at 192.0.2.41 reports serial 8A9B0C, not 4A1B2C"
        return [in_sync(site), gateway_change(site, Action.REFUSED, Cause.GATEWAY_MISMATCH, reason)]
    if state == "baud":
        changes[1] = setting_change(site, "port1.baud_rate", 9600, 19200)
    return changes


KINDS: list[Callable[[str], list[Change]]] = [
    missing_device,
    duplicate_sensor,
    unit_changed,
    renamed,
    stray_sensor,
    lambda site: thread_site(site, "mismatch"),
    lambda site: thread_site(site, "unreachable"),
    lambda site: thread_site(site, "baud"),
    lambda site: thread_site(site, "asleep"),
]


def fleet(sites: int, drifted: int, seed: int = 7) -> Report:
    """`sites` sites of which `drifted` carry one kind of drift each, in turn."""
    chosen = random.Random(seed)
    changes: list[Change] = []
    locations: dict[tuple[str, str], Coordinates] = {}
    unlucky = set(chosen.sample(range(sites), drifted))
    turn = 0
    for index in range(sites):
        key = f"site-{index + 1:03d}"
        if index in unlucky:
            made = KINDS[turn % len(KINDS)](key)
            turn += 1
        else:
            made = thread_site(key) if index % 10 == 9 else healthy(key)
        changes += made
        if made[1].kind != "edge":  # a THREAD connection declares no location
            locations[(MANIFEST, key)] = Coordinates(
                round(chosen.uniform(-46.6, -40.6), 4), round(chosen.uniform(166.5, 174.3), 4)
            )
    report = Report(target=TARGET, entries=drift_entries(plans.plan(*changes), MANIFEST), locations=locations)
    report.entries.sort(key=lambda entry: (entry.manifest, entry.site))
    return report
