"""The text view: Terraform's shape, colour only when asked, linear in the size of the plan."""

from __future__ import annotations

import dataclasses
import math
import re
import time

import pytest

from iotplan.plan.address import Address
from iotplan.plan.drift import Difference, Entry, Status
from iotplan.plan.impact import impact_of, pace_of
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind
from iotplan.render import render_markdown, render_text
from iotplan.render.drift import difference_lines
from tests.render.plans import SCENARIOS, change, plan

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_pinned_summary_line_is_the_last_line(scenario: str) -> None:
    the_plan = SCENARIOS[scenario]()
    for color in (False, True):
        lines = ANSI_ESCAPE.sub("", render_text(the_plan, color=color)).rstrip("\n").splitlines()
        assert lines[-1] == the_plan.summary.line()
        assert lines[-2] == ""


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_colour_is_ansi_only_when_asked_and_changes_nothing_else(scenario: str) -> None:
    the_plan = SCENARIOS[scenario]()
    coloured, plain = render_text(the_plan, color=True), render_text(the_plan, color=False)
    assert ANSI_ESCAPE.search(coloured)
    assert "\x1b" not in plain
    assert ANSI_ESCAPE.sub("", coloured) == plain


def test_unchanged_entities_are_counted_not_shown() -> None:
    text = render_text(SCENARIOS["update"](), color=False)
    assert "pz-2" not in text and "in sync" not in text
    assert "# connection dam-a: 3 to change, 2 unchanged" in text


def test_a_connection_split_by_late_removals_is_shown_once() -> None:
    text = render_text(SCENARIOS["destruction"](), color=False)
    assert text.count("# connection dam-a:") == 1
    assert text.index("pz-4") < text.index("pz-3") < text.index("# connection dam-b")


def test_a_setting_the_gateway_cannot_report_is_said_although_it_is_a_no_op() -> None:
    unverifiable = Change(
        address=Address("thread-north/edge/port1.mode"),
        kind=Kind.EDGE,
        action=Action.NOOP,
        cause=Cause.UNVERIFIABLE,
        project_id="p",
        connection="thread-north",
        reason="unverifiable: the gateway cannot report it",
    )
    detail = render_text(plan(unverifiable), color=False, detail=True)
    assert "  = edge thread-north/edge/port1.mode: unverifiable" in detail
    # Without --detail, one line says them all (a converged fleet's plan was half these lines).
    text = render_text(plan(unverifiable), color=False)
    assert "Not written: 1 setting iotplan cannot verify (port1.mode on 1 gateway; --detail lists it)" in text


def test_ten_thousand_entities_render_in_linear_time() -> None:
    changes = [
        change(
            f"site-{n // 100}/logger/s-{n}",
            Action.UPDATE,
            "differs from the manifest",
            fields=(FieldChange("name", "a", "b"),),
        )
        for n in range(10_000)
    ]
    started = time.perf_counter()
    text = render_text(plan(*changes), color=True)
    assert time.perf_counter() - started < 5  # quadratic work would take minutes
    assert text.count("# connection site-") == 100


def _unit_changes(count: int) -> list[Change]:
    field = FieldChange("metrics[0].unit", "mm", "millimeter")
    return [
        change(f"dam-a/logger-1/pz-{n}", Action.UPDATE, "differs from the manifest", fields=(field,))
        for n in range(count)
    ]


def test_identical_updates_of_a_connection_are_one_line_unless_detail_is_asked() -> None:
    text = render_text(plan(*_unit_changes(12)), color=False)
    assert '  ~ 12 sensors: metrics[0].unit: "mm" → "millimeter"' in text
    assert "dam-a/logger-1/pz-0, dam-a/logger-1/pz-1, dam-a/logger-1/pz-2 and 9 more" in text
    detailed = render_text(plan(*_unit_changes(12)), color=False, detail=True)
    assert detailed.count('metrics[0].unit: "mm" → "millimeter"') == 12


def test_a_few_identical_updates_are_listed_one_by_one() -> None:
    text = render_text(plan(*_unit_changes(4)), color=False)
    assert text.count("  ~ sensor dam-a/logger-1/pz-") == 4
    assert text.count("→") == 4 + 1  # and once in the line per distinct update


def test_connections_that_destroy_history_come_first() -> None:
    calm = change(
        "dam-a", Action.UPDATE, "differs from the manifest", fields=(FieldChange("name", "a", "b"),)
    )
    risky = change("dam-b/logger-1", Action.REMOVE, "not in the manifest", observations=5)
    text = render_text(plan(calm, risky), color=False)
    assert text.index("# connection dam-b") < text.index("# connection dam-a")


def test_a_unit_change_on_sensors_with_history_comes_after_every_removal() -> None:
    """A unit changed across the fleet ranked with removals, so a connection's removal, last in the
    plan, came after every connection the unit change touched (line 26,264 of 26,274)."""
    unit = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
    rereading = change(
        "dam-a/logger-1/pz-1", Action.UPDATE, "differs", fields=unit, touches_data_model=True, observations=9
    )
    calm = change("dam-b", Action.UPDATE, "differs", fields=(FieldChange("name", "a", "b"),))
    emptied = change("dam-c/logger-1", Action.REMOVE, "not in the manifest")
    destroying = change("dam-d", Action.REMOVE, "not in the manifest", observations=271_281)
    text = render_text(plan(rereading, calm, emptied, destroying), color=False)
    headers = [line.split(":")[0] for line in text.splitlines() if line.startswith("# connection")]
    assert headers == [f"# connection dam-{name}" for name in "dcab"]


def test_the_impact_counts_unknown_observations_and_the_requests_the_apply_sends() -> None:
    unknown = change("dam-b/logger-1", Action.REMOVE, "not in the manifest", observations_unknown=True)
    text = render_text(plan(unknown), color=False)
    why = "no count the platform gave can be relied on for 1 removal"
    assert f"Impact: destroys an unknown number of observations ({why})" in text
    assert "apply sends about 1 request" in text
    counted = change("dam-b/logger-2", Action.REMOVE, "not in the manifest", observations=1_230)
    both = render_text(plan(unknown, counted), color=False)
    assert f"destroys at least 1,230 observations ({why})" in both


def test_an_on_device_plans_impact_counts_requests_to_the_thread_and_quotes_no_platform_rate() -> None:
    setting = Change(
        address=Address("thread-south/edge/port1.baud_rate"),
        kind=Kind.EDGE,
        action=Action.UPDATE,
        cause=Cause.DIFFERS,
        project_id="p",
        connection="thread-south",
        reason="differs from the manifest",
    )
    on_device = dataclasses.replace(plan(setting), target_identity="thread:5D6E7F")
    # Its serial, the write, and the read-back: the serial before and after, and the ports' settings.
    said = (
        "apply sends about 7 requests to this THREAD (its local API, none to the platform), then a verifying"
    )
    for view in (render_text(on_device, color=False), render_markdown(on_device)):
        assert said in view and "requests/min" not in view


def test_the_impact_estimate_is_at_the_rate_limit_given_else_at_the_smallest_tier() -> None:
    writes = plan(*(change(f"dam-b/logger-{n}", Action.CREATE, "new") for n in range(6)))
    requests = impact_of(writes).write_requests
    assert f"~{math.ceil(requests / 500 * 60)} s at 500 requests/min, the smallest iTwin Platform tier" in (
        render_text(writes, color=False)
    )
    paced = render_text(writes, color=False, pace=pace_of(6 / 60))  # --rate-limit 6/min
    # paced at 90% of it, as the throttle keeps a rate under 2 a second (clients/throttle.py `known_pace`)
    assert f"(~{math.ceil(requests / 5.4 * 60)} s at 5.4 requests/min, 90% of --rate-limit)" in paced
    assert "at 5.4 requests/min, 90% of --rate-limit" in render_markdown(writes, pace=pace_of(0.1))


def test_what_reorders_or_drives_a_display_in_a_live_value_is_escaped() -> None:
    """A right-to-left override in a name another tool gave makes a line read differently."""
    hostile = "Evil \u202etxt.exe \u2066x\u2069 \x9b31m"
    the_plan = plan(
        change("dam-a/#8D9370", Action.UNMANAGED, "not declared", template="\u202eEDS_PMET"),
        change("dam-a/d", Action.UPDATE, "differs", fields=(FieldChange("name", hostile, "Dam"),)),
    )
    for view in (render_text(the_plan, color=False), render_markdown(the_plan)):
        assert not {"\u202e", "\u2066", "\u2069", "\x9b"} & set(view)
        assert '"Evil \\u202etxt.exe \\u2066x\\u2069 \\u009b31m"' in view and "(\\u202eEDS_PMET)" in view


def test_names_that_differ_only_in_how_accents_are_encoded_say_so_in_plan_and_drift() -> None:
    """`é` as one character (NFC) or as `e` and a combining accent (NFD) look alike on screen."""
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    the_plan = plan(
        change("dam-a/d", Action.UPDATE, "differs", fields=(FieldChange("name", composed, decomposed),)),
        change("dam-a/e", Action.UPDATE, "differs", fields=(FieldChange("name", "Cafe", "Caf\u00e9"),)),
    )
    view = render_text(the_plan, color=False)
    assert view.count("the same letters, encoded differently") == 1
    entry = Entry("site.yaml", "dam-a", Address("dam-a/d"), Kind.DEVICE, Status.MODIFIED, "differs")
    (line,) = difference_lines(
        dataclasses.replace(entry, differences=(Difference("name", decomposed, composed),))
    )
    assert line.endswith("(the same letters, encoded differently: Unicode NFC and NFD)")
