"""A plan removing a REST device beside a THREAD write: the estimate left out JSON-RPC's authenticate
wherever the plan removed any device or sensor, on the ground that the plan's count read of it opened
the session the THREAD writes go on. That read happens only where REST gave no count, or a 0 it
doubts: a REST device whose sensor REST counts as holding observations is weighed by REST's count,
no JSON-RPC session is opened, and the apply's THREAD writes authenticate. Counted here as the
embedded platform receives them from the plan's confirmation on (as `apply --debug` logs them)."""

from __future__ import annotations

import re
from typing import Any

import pytest

import iotplan.commands.apply as apply_command
from tests.apply.test_impact_counts_the_thread_requests_sent import Counter
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
REST_SITE = """
      - key: dam-a
        kind: api
        name: Dam A feed
        devices:
          - key: logger-1
            name: Crest datalogger
            sensors:
              - key: pz-1
                name: Piezometer PZ-1
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
          - key: logger-2
            name: Toe datalogger
            sensors:
              - key: pz-2
                name: Piezometer PZ-2
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
"""
REMOVED = "          - key: logger-2\n"


def applied(workspace: Workspace, counter: Counter, *flags: str) -> tuple[int, list[str]]:
    counter.sent = []
    done = workspace.run("apply", SITE, "--auto-approve", "--no-color", *flags)
    assert done.exit_code == 0, done.output
    estimate = re.search(r"apply sends about (\d+) request", done.output)
    assert estimate is not None, done.output
    return int(estimate.group(1)), counter.sent


def with_a_rest_site(workspace: Workspace, counter: Counter) -> None:
    workspace.edit(SITE, "    nodes:\n", f"    nodes:{REST_SITE}")
    applied(workspace, counter)


def without_logger_2(workspace: Workspace) -> None:
    text = (workspace.path / SITE).read_text()
    start = text.index(REMOVED)
    end = text.index("custom_unit: kPa_gauge}\n", start) + len("custom_unit: kPa_gauge}\n")
    (workspace.path / SITE).write_text(text[:start] + text[end:])


def observations_on_pz_2(workspace: Workspace) -> None:
    sensors = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    [pz_2] = [s["id"] for s in sensors if s["props"].get("SERIAL_NO") == "tunnel:dam-a/logger-2/pz-2"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz_2, "count": 7})


def a_thread_sensor_renamed_by_hand(workspace: Workspace) -> None:
    rpc(workspace, "updateSensor", {"sensor": f"{VW_LOGGER}/pz-1/sensor", "props": {"NAME": "by hand"}})


class FromConfirmation(Counter):
    """Counts from the plan's confirmation on: the recount of what the removals destroy (read once
    confirmed, which the estimate counts) as well as the units' requests."""

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().install(monkeypatch)
        refuse = apply_command.refuse_taking_more_now

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.counting = True
            try:
                return await refuse(*args, **kwargs)
            finally:
                self.counting = False

        monkeypatch.setattr(apply_command, "refuse_taking_more_now", counted)


@pytest.fixture
def confirmed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> FromConfirmation:
    counting = FromConfirmation()
    counting.install(monkeypatch)
    return counting


def test_a_rest_device_holding_data_removed_beside_a_thread_write(
    workspace: Workspace, confirmed: FromConfirmation
) -> None:
    """REST counts the device's history: the plan reads no count through JSON-RPC, and the THREAD's
    writes open the session. Estimated "about 6", 7 sent."""
    with_a_rest_site(workspace, confirmed)
    observations_on_pz_2(workspace)
    without_logger_2(workspace)
    a_thread_sensor_renamed_by_hand(workspace)

    estimate, sent = applied(workspace, confirmed, "--allow-destroy")

    assert "rpc authenticate" in sent and sent.count("rpc updateSensor") == 1, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_a_rest_device_holding_nothing_removed_beside_a_thread_write(
    workspace: Workspace, confirmed: FromConfirmation
) -> None:
    """REST's 0 is doubted: the plan reads the count through JSON-RPC, whose session the THREAD's
    writes go on, so they send no authenticate, and the estimate counts none; the apply's recount
    doubts that 0 too and asks JSON-RPC again, which the estimate counts."""
    with_a_rest_site(workspace, confirmed)
    without_logger_2(workspace)
    a_thread_sensor_renamed_by_hand(workspace)

    estimate, sent = applied(workspace, confirmed, "--allow-destroy")

    assert "rpc authenticate" not in sent and sent.count("rpc updateSensor") == 1, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_a_rest_device_holding_data_removed_alone(workspace: Workspace, confirmed: FromConfirmation) -> None:
    with_a_rest_site(workspace, confirmed)
    observations_on_pz_2(workspace)
    without_logger_2(workspace)

    estimate, sent = applied(workspace, confirmed, "--allow-destroy")

    assert not any(request.startswith("rpc") for request in sent), sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"
