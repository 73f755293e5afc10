"""The text and Markdown drift reports end with one "Next:" line fitting what was found, where no
entry's reason gives a step: a field changed in the web app (MODIFIED), an entity deleted there
(MISSING), a gateway not read (UNREACHABLE, asleep) or another box at a gateway's address. One line
for the report, not one per entry; none where nothing was found. The HTML page is left as it is."""

from __future__ import annotations

import shlex
from typing import Any

import pytest

from iotplan.plan.address import Address
from iotplan.plan.drift import Difference, Entry, Report, Status
from iotplan.plan.model import Kind
from iotplan.render.drift import render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from tests.render import drifts

VIEWS = {
    "text": lambda report, **given: render_drift_text(report, color=False, **given),
    "markdown": render_drift_markdown,
}


def _last_line(report: Report, view: str) -> str:
    return VIEWS[view](report).rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("view", VIEWS)
def test_modified_entities_end_with_plan_showing_what_the_next_apply_writes_back(view: str) -> None:
    report = drifts.SCENARIOS["modified"]()
    modified = report.counts[Status.MODIFIED]
    last = _last_line(report, view)
    assert last.startswith(("Next:", "**Next:**"))
    assert "iotplan plan" in last and "sites/dams.yaml" in last
    assert f"writes back ({modified} modified)" in last
    assert "belongs in the manifest" in last


@pytest.mark.parametrize("view", VIEWS)
def test_missing_entities_are_counted_in_the_next_step(view: str) -> None:
    report = drifts.SCENARIOS["missing"]()
    assert f"({report.counts[Status.MISSING]} missing)" in _last_line(report, view)


@pytest.mark.parametrize("view", VIEWS)
def test_gateways_not_read_and_another_box_answering_each_get_a_step(view: str) -> None:
    last = _last_line(drifts.SCENARIOS["gateways"](), view)
    assert "drift again once" in last  # the unreachable and the asleep gateway
    assert "another box answers" in last  # the identity mismatch at thread-east
    assert last.count("Next:") == 1


@pytest.mark.parametrize("view", VIEWS)
def test_a_report_with_nothing_found_gives_no_next_step(view: str) -> None:
    assert "Next:" not in VIEWS[view](drifts.SCENARIOS["clean"]())


def test_the_html_page_gives_no_next_line() -> None:
    page = render_drift_html(drifts.SCENARIOS["modified"]())
    assert "Next:" not in page


# --- what the step says it found ------------------------------------------------------------
def _thread_report(*entries: Entry) -> Report:
    return Report(target=drifts.TARGET, entries=list(entries))


def _entry(address: str, kind: Kind, status: Status, **fields: Any) -> Entry:
    return Entry("thread.yaml", "tunnel-thread", Address(address), kind, status, "its own reason", **fields)


@pytest.mark.parametrize("view", VIEWS)
def test_a_pending_thread_sensor_is_not_counted_as_a_gateway_not_read(view: str) -> None:
    """A sensor JSON-RPC holds that the REST lists do not show yet: its reason says drift again later;
    no gateway went unread."""
    pending = _entry("tunnel-thread/ipi-chain/tilt4", Kind.SENSOR, Status.PENDING)
    assert "Next:" not in VIEWS[view](_thread_report(pending))
    asleep = _entry("tunnel-thread/edge", Kind.EDGE, Status.PENDING)
    assert "(1 asleep)" in _last_line(_thread_report(pending, asleep), view)


@pytest.mark.parametrize("view", VIEWS)
def test_a_serial_no_apply_never_writes_back_is_not_sent_to_plan(view: str) -> None:
    """A logger's SERIAL_NO cleared or a sensor's retyped: the next apply writes neither back (its
    reason names the web app, or a key to give); `plan` would show nothing of it."""
    serial = _entry("tunnel-thread/vw-logger", Kind.DEVICE, Status.MODIFIED)
    retyped = _entry(
        "tunnel-thread/ipi-chain/tilt6",
        Kind.SENSOR,
        Status.MODIFIED,
        differences=(Difference("type", "TILT_BIAXIAL_DGSI", "VW_PIEZOMETER"),),
    )
    last = _last_line(_thread_report(serial, retyped), view)
    assert "iotplan plan" not in last and "writes back" not in last
    assert "2 modified" in last and "each one's own step" in last


@pytest.mark.parametrize("view", VIEWS)
def test_the_plan_command_carries_the_template_inputs_and_target_drift_was_given(view: str) -> None:
    report = drifts.SCENARIOS["modified"]()
    inputs = ("--sites", "ms.csv", "--var", "region=north", "--endpoint", "http://127.0.0.1:9420")
    last = VIEWS[view](report, plan_flags=inputs).rstrip("\n").splitlines()[-1]
    assert f"iotplan plan sites/dams.yaml {shlex.join(inputs)}" in last
