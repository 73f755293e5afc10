"""A plan read as drift: statuses, folding, secrets."""

from __future__ import annotations

from xml.etree import ElementTree

from iotplan.plan.address import Address
from iotplan.plan.drift import Report, Status, drift_entries
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, ManifestSource, Plan
from iotplan.render.drift import render_drift_junit
from tests.render.plans import USUAL_CAUSES


def change(address: str, action: Action, reason: str = "", **kwargs: object) -> Change:
    kind = kwargs.pop("kind", ("node", "device", "sensor")[address.count("/")])
    cause = kwargs.pop("cause", USUAL_CAUSES[action])
    return Change(
        address=Address(address),
        kind=Kind(str(kind)),
        action=action,
        cause=Cause(str(cause)),
        project_id="p",
        connection=address.split("/")[0],
        reason=reason,
        **kwargs,  # type: ignore[arg-type]
    )


def statuses(*changes: Change) -> dict[str, Status]:
    plan = Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=changes)
    return {entry.address: entry.status for entry in drift_entries(plan, "m.yaml")}


def test_each_action_reads_as_its_status() -> None:
    assert statuses(
        change("a", Action.NOOP, "in sync"),
        change("a/d", Action.UPDATE, "differs"),
        change("a/x", Action.CREATE),
        change("a/#1A2B3C", Action.UNMANAGED),
        change("a/old", Action.REMOVE, "not in the manifest; owned by stack 's'"),
        change("a/d/t", Action.REPLACE, "template"),
    ) == {
        "a": Status.IN_SYNC,
        "a/d": Status.MODIFIED,
        "a/x": Status.MISSING,
        "a/#1A2B3C": Status.UNMANAGED,
        "a/old": Status.UNMANAGED,
        "a/d/t": Status.MODIFIED,
    }


def test_gateways_pending_unreachable_and_not_checked() -> None:
    assert statuses(
        change("g1/edge", Action.PENDING, "asleep: battery saver", kind="edge", cause=Cause.GATEWAY_ASLEEP),
        change("g2/edge", Action.PENDING, "unreachable: connection refused", kind="edge"),
        change("g3/edge", Action.REFUSED, "identity mismatch: serial 000000", kind="edge"),
        change(
            "g4/edge/port1.mode",
            Action.NOOP,
            "unverifiable: the gateway cannot report it",
            kind="edge",
            cause=Cause.UNVERIFIABLE,
        ),
    ) == {
        "g1/edge": Status.PENDING,
        "g2/edge": Status.UNREACHABLE,
        "g3/edge": Status.NOT_CHECKED,
        "g4/edge/port1.mode": Status.NOT_CHECKED,
    }


def test_a_missing_parent_carries_its_children() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change("a/d", Action.CREATE),
            change("a/d/s1", Action.CREATE),
            change("a/d/s2", Action.CREATE),
        ),
    )
    [entry] = drift_entries(plan, "m.yaml")
    assert (entry.address, entry.status, entry.folded) == ("a/d", Status.MISSING, 2)


def test_a_secret_never_reaches_the_report() -> None:
    token = FieldChange("auth_token", "live-secret-value", "${env:TOKEN}", sensitive=True)
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(change("a", Action.UPDATE, "differs", fields=(token,)),),
    )
    [entry] = drift_entries(plan, "m.yaml")
    assert "live-secret-value" not in repr(entry) and "TOKEN" not in repr(entry.differences)


def test_sensors_recreated_with_their_replaced_device_are_not_missing() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(change("a/d", Action.REPLACE, "template"), change("a/d/s1", Action.CREATE)),
    )
    [entry] = drift_entries(plan, "m.yaml")
    assert (entry.address, entry.status, entry.folded) == ("a/d", Status.MODIFIED, 1)


def test_junit_stays_valid_xml_whatever_a_serial_number_holds() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(change("a/#\x1b[31m\x07", Action.UNMANAGED, "SERIAL_NO 'x\x00y'"),),
    )
    report = Report(target="t", entries=drift_entries(plan, "m.yaml"))
    [case] = ElementTree.fromstring(render_drift_junit(report)).iter("testcase")
    assert case.get("name") == "a/#\\x1b[31m\\x07"
