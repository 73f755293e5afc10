"""A plan read as drift: statuses, folding, secrets."""

from __future__ import annotations

import html
import json
from xml.etree import ElementTree

import pytest

from iotplan.plan.address import Address
from iotplan.plan.drift import Below, Entry, Report, Severity, Status
from iotplan.plan.drift_entries import drift_entries, with_refusals
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, ManifestSource, Plan, Refusal
from iotplan.render.drift import render_drift_junit, render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from iotplan.render.drift_json import drift_from_dict, render_drift_json
from tests.render.plans import USUAL_CAUSES


def change(address: str, action: Action, reason: str = "", **kwargs: object) -> Change:
    kind = kwargs.pop("kind", ("node", "device", "sensor")[address.count("/")])
    cause = kwargs.pop("cause", None) or USUAL_CAUSES[action]
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


def plan_of(*changes: Change) -> Plan:
    return Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=changes)


def statuses(*changes: Change) -> dict[str, Status]:
    plan = plan_of(*changes)
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
        "a/old": Status.ORPHANED,
        "a/d/t": Status.MODIFIED,
    }


def entries(*changes: Change) -> dict[str, Entry]:
    plan = plan_of(*changes)
    return {entry.address: entry for entry in drift_entries(plan, "m.yaml")}


def test_what_the_stack_owns_and_no_longer_declares_is_orphaned_and_ranked_by_what_it_holds() -> None:
    """The next apply removes it: never the low UNMANAGED of what iotplan leaves alone."""
    owned = "not in the manifest; owned by stack 's'"
    found = entries(
        change("b", Action.REMOVE, owned, observations=500),
        change("c", Action.REMOVE, owned, observations_unknown=True),
        change("d", Action.REMOVE, owned),
        change("a/#1A2B3C", Action.UNMANAGED, "not declared", observations=500),
    )
    assert {a: (e.status, e.severity) for a, e in found.items()} == {
        "b": (Status.ORPHANED, Severity.CRITICAL),
        "c": (Status.ORPHANED, Severity.CRITICAL),  # a count not read is never taken as none
        "d": (Status.ORPHANED, Severity.HIGH),
        "a/#1A2B3C": (Status.UNMANAGED, Severity.LOW),
    }
    assert found["b"].reason == f"{owned}: the next apply removes it, destroying 500 observations"
    assert (found["b"].observations, found["c"].observations_unknown) == (500, True)
    assert found["a/#1A2B3C"].observations == 0  # left alone: nothing of it is destroyed


def test_another_stacks_entity_under_a_shared_connection_is_listed_and_left_to_that_stacks_drift() -> None:
    """A connection shared by pinning its `id:` holds both stacks' entities: each stack's own drift
    reports its own, so the other's are listed at severity info and are not this stack's drift."""
    report = Report(
        target="t",
        entries=drift_entries(
            plan_of(
                change("a", Action.NOOP, "in sync"),
                change("a/#1A2B3C", Action.UNMANAGED, "not declared", live_ref_id="other:shared/extra"),
                change("a/#4D5E6F", Action.UNMANAGED, "not declared", live_ref_id="S:a/old-case"),
            ),
            "m.yaml",
        ),
    )
    found = {entry.address: entry for entry in report.entries}
    other, own_in_another_case = found[Address("a/#1A2B3C")], found[Address("a/#4D5E6F")]
    assert (other.status, other.severity, other.found, other.owner) == (
        Status.UNMANAGED,
        Severity.INFO,
        False,
        "other",
    )
    assert drift_from_dict(json.loads(render_drift_json(report))).entries == report.entries  # kept in JSON
    assert "stack 'other' owns it" in other.reason
    assert (own_in_another_case.severity, own_in_another_case.found) == (Severity.LOW, True)
    assert "(1 of other stacks)" in report.summary_line()
    junit = ElementTree.fromstring(render_drift_junit(report))
    assert (junit.get("failures"), junit.find("testsuite").get("skipped")) == ("1", "1")  # type: ignore[union-attr]

    alone = Report(target="t", entries=[other])
    assert not alone.drifted
    assert alone.summary_line().startswith("No drift:")


def test_a_persons_entity_under_a_managed_connection_stays_drift() -> None:
    """A SERIAL_NO not laid out as iotplan's refIds are (a stack, then a key per level) is nobody's
    manifest's."""
    for serial in ("SN-0042", "SN:0042", "SN:a/b/0042 x", "hand:a/b/c/d", None):
        entry = entries(change("a/#1A2B3C", Action.UNMANAGED, "not declared", live_ref_id=serial))[
            "a/#1A2B3C"
        ]
        assert (entry.severity, entry.found) == (Severity.LOW, True), serial


def test_gateways_pending_unreachable_not_checked_and_the_wrong_one() -> None:
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
        "g3/edge": Status.MODIFIED,  # another THREAD at its address: drift, not a setting unread
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


def test_a_logger_held_on_an_unconfirmed_port_is_missing_with_its_sensors_and_says_why() -> None:
    held = "not on the platform; held, not created: port 3 is not confirmed (the gateway is asleep)"
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change("a/vw", Action.PENDING, held, cause=Cause.PORT_UNCONFIRMED),
            change(
                "a/vw/pz-1",
                Action.PENDING,
                "not on the platform; held with a/vw",
                cause=Cause.PORT_UNCONFIRMED,
            ),
            change(
                "a/edge", Action.PENDING, "asleep: battery saver", kind="edge", cause=Cause.GATEWAY_ASLEEP
            ),
        ),
    )
    found = {entry.address: (entry.status, entry.folded) for entry in drift_entries(plan, "m.yaml")}
    assert found == {"a/vw": (Status.MISSING, 1), "a/edge": (Status.PENDING, 0)}
    assert entries(*plan.changes)["a/vw"].reason == held


@pytest.mark.parametrize("action", [Action.CREATE, Action.REMOVE, Action.UNMANAGED, Action.DUPLICATE])
def test_a_parent_carries_the_children_planned_as_it_is_and_no_others(action: Action) -> None:
    cause = Cause.DUPLICATE if action is Action.DUPLICATE else None
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change("a", Action.NOOP, "in sync"),
            change("a/d", action, cause=cause),
            change("a/d/s1", action, cause=cause),
            change("a/d/s2", Action.NOOP if action is Action.CREATE else Action.CREATE),
            change("a/e/s3", action, cause=cause),
        ),
    )
    folded = {entry.address: entry.folded for entry in drift_entries(plan, "m.yaml")}
    assert folded == {"a": 0, "a/d": 1, "a/d/s2": 0, "a/e/s3": 0}


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
        changes=(
            change("a/d", Action.REPLACE, "template", recreated=(Address("a/d/s1"),)),
            change("a/d/s1", Action.CREATE),
        ),
    )
    [entry] = drift_entries(plan, "m.yaml")
    assert (entry.address, entry.status, entry.folded) == ("a/d", Status.MODIFIED, 1)


def test_what_a_removal_or_replacement_takes_is_carried_once() -> None:
    """Its collateral, listed on no change of its own: an orphaned device's sensors, a replaced
    one's undeclared sensors beside those re-created with it; one also folded is counted once."""
    plan = plan_of(
        change("a/old", Action.REMOVE, collateral=(Address("a/old/s1"), Address("a/old/s2"))),
        change("a/old/s1", Action.REMOVE),
        change(
            "a/d",
            Action.REPLACE,
            "template",
            collateral=(Address("a/d/extra"),),
            recreated=(Address("a/d/s1"),),
        ),
        change("a/d/s1", Action.CREATE),
    )
    found = {entry.address: [each.address for each in entry.below] for entry in drift_entries(plan, "m.yaml")}
    assert found == {"a/old": ["a/old/s1", "a/old/s2"], "a/d": ["a/d/s1", "a/d/extra"]}
    assert {entry.address: entry.folded for entry in drift_entries(plan, "m.yaml")} == {"a/old": 2, "a/d": 2}


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


def test_a_missing_device_names_what_went_with_it() -> None:
    [entry] = entries(
        change("a/d", Action.CREATE, after={"name": "Weather station"}),
        change("a/d/t", Action.CREATE, after={"name": "Air temperature"}),
        change("a/d/r", Action.CREATE),
    ).values()
    assert entry.below == (Below("a/d/t", Kind.SENSOR, "Air temperature"), Below("a/d/r", Kind.SENSOR, None))


def test_an_unmanaged_entity_carries_its_platform_name_and_serial() -> None:
    found = entries(
        change("a/d/#D34282", Action.UNMANAGED, live_ref_id="laptop-3", before={"name": "Temp probe"}),
        change("a/d/x", Action.NOOP, live_ref_id="s:a/d/x", before={"name": "X"}),
    )
    assert (found["a/d/#D34282"].name, found["a/d/#D34282"].serial) == ("Temp probe", "laptop-3")
    assert (found["a/d/x"].name, found["a/d/x"].serial) == (None, None)  # managed: its address says it


def test_a_password_or_key_in_an_unmanaged_entitys_serial_is_reported_masked() -> None:
    found = entries(
        change("a/d/#D34282", Action.UNMANAGED, live_ref_id="https://x:pw-83@r.example?token=t-84")
    )
    assert found["a/d/#D34282"].serial == "https://(sensitive)@r.example?token=(sensitive)"


def test_severity_puts_absence_and_copies_before_fields_before_what_cannot_be_read() -> None:
    found = entries(
        change("a/x", Action.CREATE),
        change("a/d#1A", Action.DUPLICATE, cause=Cause.DUPLICATE),
        change("a/d/s", Action.UPDATE, fields=(FieldChange("metrics[0].unit", "°F", "°C"),)),
        change("a/d", Action.UPDATE, fields=(FieldChange("name", "old", "new"),)),
        change("a/#2B", Action.UNMANAGED),
        change("g/edge", Action.PENDING, kind="edge", cause=Cause.GATEWAY_UNREACHABLE),
        change("h/edge", Action.REFUSED, kind="edge", cause=Cause.GATEWAY_MISMATCH),
        change("g/edge/port1.mode", Action.NOOP, kind="edge", cause=Cause.UNVERIFIABLE),
        change("a", Action.NOOP),
    )
    assert {address: entry.severity for address, entry in found.items()} == {
        "a/x": Severity.CRITICAL,
        "a/d#1A": Severity.CRITICAL,
        "h/edge": Severity.CRITICAL,  # another gateway answers at its address: nothing was read
        "a/d/s": Severity.HIGH,  # the unit its history is read in
        "a/d": Severity.MEDIUM,
        "a/#2B": Severity.LOW,
        "g/edge": Severity.LOW,
        "g/edge/port1.mode": Severity.INFO,
        "a": Severity.NONE,
    }


def test_sites_rank_by_their_worst_entry_and_sites_needing_nobody_come_last() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change("quiet", Action.NOOP),
            change("renamed", Action.UPDATE, fields=(FieldChange("name", "a", "b"),)),
            change("unread/edge/port1.mode", Action.NOOP, kind="edge", cause=Cause.UNVERIFIABLE),
            change("gone/d", Action.CREATE),
        ),
    )
    report = Report(target="t", entries=drift_entries(plan, "m.yaml"))
    ranked = [(site.key, site.needs_attention) for site in report.ranked_sites()]
    assert ranked == [("gone", True), ("renamed", True), ("unread", False), ("quiet", False)]


def test_a_replacement_says_what_the_next_apply_destroys_and_is_ranked_as_an_orphan_is() -> None:
    """A template change is a removal and a creation: its history goes as an orphan's does."""
    found = entries(
        change("a/d/t", Action.REPLACE, "template A → B cannot be updated in place", observations=7),
        change(
            "a/d/u", Action.REPLACE, "template A → B cannot be updated in place", observations_unknown=True
        ),
        change("a/d/v", Action.REPLACE, "template A → B cannot be updated in place"),
    )
    assert {a: (e.status, e.severity) for a, e in found.items()} == {
        "a/d/t": (Status.MODIFIED, Severity.CRITICAL),
        "a/d/u": (Status.MODIFIED, Severity.CRITICAL),  # a count not read is never taken as none
        "a/d/v": (Status.MODIFIED, Severity.HIGH),
    }
    said = "template A → B cannot be updated in place: the next apply replaces it"
    assert found["a/d/t"].reason == f"{said}, destroying 7 observations"
    assert found["a/d/u"].reason == f"{said}, destroying an unknown number of observations"
    assert found["a/d/v"].reason == f"{said} (it holds no observations)"


def test_every_view_of_a_replacement_says_what_it_destroys() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change("a/d/t", Action.REPLACE, "template A → B cannot be updated in place", observations=7),
        ),
    )
    report = Report(target="t", entries=drift_entries(plan, "m.yaml"))
    views = {
        "text": render_drift_text(report, color=False),
        "markdown": render_drift_markdown(report),
        "junit": render_drift_junit(report),
        "html": render_drift_html(report),
    }
    assert {name: "destroying 7 observations" in view for name, view in views.items()} == dict.fromkeys(
        views, True
    )


# A name another tool gave an entity: a right-to-left override and an isolate reorder what follows in a
# terminal, a pull-request comment and a CI page; ESC starts a terminal sequence.
HOSTILE = "Evil \u202etxt.exe \u2066x\u2069 \x1b[31mRED"


def test_what_reorders_or_drives_a_display_in_a_live_name_is_escaped_in_every_view() -> None:
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change(
                "a/#8D9370",
                Action.UNMANAGED,
                "not declared",
                live_ref_id="hand:\u202eevil",
                before={"name": HOSTILE},
            ),
            change("a/d", Action.UPDATE, "differs", fields=(FieldChange("name", HOSTILE, "Dam"),)),
        ),
    )
    report = Report(target="t", entries=drift_entries(plan, "m.yaml"))
    views = {
        "text": render_drift_text(report, color=False),
        "markdown": render_drift_markdown(report),
        "junit": render_drift_junit(report),
        "html": render_drift_html(report),
    }
    for name, view in views.items():
        assert not {"\u202e", "\u2066", "\u2069", "\x1b"} & set(view), name
        assert "\\u202etxt.exe" in view and "hand:\\u202eevil" in view, name


def test_an_unmanaged_entity_has_one_address_in_every_view_with_its_name_beside_it() -> None:
    """The address the plan and the JSON give it, so one view's address finds it in another."""
    plan = Plan(
        target="t",
        stack="s",
        manifest=ManifestSource("m.yaml", "digest"),
        changes=(
            change(
                "a/d/#8D9370",
                Action.UNMANAGED,
                "not declared",
                live_ref_id="hand:x",
                before={"name": "Probe"},
            ),
        ),
    )
    report = Report(target="t", entries=drift_entries(plan, "m.yaml"))
    labelled = 'a/d/#8D9370 "Probe" (serial hand:x)'
    assert f"sensor {labelled}: not declared" in render_drift_text(report, color=False)
    assert f"sensor `{labelled}`: not declared" in render_drift_markdown(report)
    assert f"<code>{html.escape(labelled)}</code>" in render_drift_html(report)
    [case] = ElementTree.fromstring(render_drift_junit(report)).iter("testcase")
    assert case.get("name") == "a/d/#8D9370" and (case.find("failure").text or "").startswith(labelled)


def test_a_refusal_is_told_with_the_drift_entry_of_the_entity_it_concerns_or_stops_the_report() -> None:
    """Drift reports a plan that `plan` and `apply` refuse; a refusal that no drift entry would carry
    (an in-sync entity's, or one naming no entity) leaves nothing to say it, and stops the report."""
    plan = plan_of(
        change("a", Action.NOOP, "in sync"),
        change("a/d", Action.UPDATE, "differs"),
        change("a/x", Action.CREATE),
        change("a/x/s", Action.CREATE, cause=Cause.WITH_PARENT),
    )
    found = drift_entries(plan, "m.yaml")
    told = with_refusals(found, [Refusal(Address("a/x/s"), "a/x/s: would create ...")])
    assert told is not None
    [missing] = [entry for entry in told if entry.address == "a/x"]
    assert missing.reason.endswith("; `plan` and `apply` refuse it: a/x/s: would create ...")
    updated = (with_refusals(found, [Refusal(Address("a/d"), "a/d: protected")]) or [])[1]
    assert (updated.address, updated.severity) == (
        "a/d",
        Severity.HIGH,
    )  # at least: it needs a person before any apply
    assert with_refusals(found, [Refusal(None, "dam-t: a THREAD problem")]) is None


def test_a_refusal_of_an_in_sync_entity_is_told_with_its_entry_or_its_nearest_ancestors_and_found() -> None:
    """A THREAD's port problem on an in-sync logger once stopped a whole night's report, every
    manifest's; now it is listed (NOT_CHECKED, refused, at least high) and the run finds it."""
    found = drift_entries(
        plan_of(change("a", Action.NOOP, "in sync"), change("a/d", Action.NOOP, "in sync")), "m.yaml"
    )
    for address, told_with in (("a/d", "a/d"), ("a/d/port3", "a/d"), ("a", "a")):
        told = with_refusals(found, [Refusal(Address(address), f"{address}: not a port of this THREAD")])
        assert told is not None
        [entry] = [entry for entry in told if entry.refused]
        assert (entry.address, entry.status, entry.severity) == (told_with, Status.NOT_CHECKED, Severity.HIGH)
        assert entry.found and entry.reason.endswith(f"refuse it: {address}: not a port of this THREAD")
    assert with_refusals(found, [Refusal(Address("b"), "b: elsewhere")]) is None


def test_a_refused_entry_is_a_junit_failure_and_never_skipped_as_well() -> None:
    found = drift_entries(
        plan_of(change("a", Action.NOOP, "in sync"), change("a/d", Action.NOOP, "in sync")), "m.yaml"
    )
    told = with_refusals(found, [Refusal(Address("a/d"), "a/d: not a port of this THREAD")])
    assert told is not None
    [suite] = ElementTree.fromstring(render_drift_junit(Report(target="t", entries=told)))
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "0")
