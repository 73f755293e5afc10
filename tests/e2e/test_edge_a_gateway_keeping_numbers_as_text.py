"""A THREAD that answers its port's numbers as text (variant `edge-numbers-as-text`: BAUD_RATE
"19200" once 19200 is written) holds the number the manifest declares: the reference types
BAUD_RATE and DATA_BITS integers. The edge example applies, verified, and then plans empty."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


@pytest.fixture(autouse=True)
def numbers_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "edge-numbers-as-text")


def test_a_number_held_as_its_digits_is_planned_in_sync(workspace: Workspace) -> None:
    plan = workspace.run("plan", EDGE)
    assert "~ port1.baud_rate: 9600 → 19200" in plan.stdout  # thread-south's, declared 19200
    assert "thread-north/edge/port1.baud_rate" not in plan.stdout  # declared 9600, held "9600"
    assert "data_bits" not in plan.stdout  # declared 8 on both, held "8"


def test_the_edge_example_applies_verified_and_then_plans_empty(workspace: Workspace) -> None:
    applied = workspace.run("apply", EDGE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "verification failed" not in applied.output
    assert workspace.run("plan", EDGE, "--detailed-exitcode").exit_code == 0
    held = {
        g["serial"]: g["ports"]["1"]["config"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]
    }
    assert held["5D6E7F"]["BAUD_RATE"] == 19200  # written as the number; only its answer is text
