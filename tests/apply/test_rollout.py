"""Rollout policy: waves, failure budgets, and when the gate closes."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.rollout import FailureBudget, Gate, Rollout

UNITS = [f"site-{n:02}" for n in range(1, 11)]


@pytest.mark.parametrize(
    ("text", "units", "allowed"), [("3", 50, 3), ("10%", 50, 5), ("10%", 9, 0), ("0", 5, 0)]
)
def test_a_budget_is_a_count_or_a_share(text: str, units: int, allowed: int) -> None:
    assert FailureBudget.parse(text).allowed(units) == allowed


@pytest.mark.parametrize("text", ["", "-1", "ten", "101%", "5.5%"])
def test_a_budget_that_is_neither_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a count"):
        FailureBudget.parse(text)


def test_canary_then_batches() -> None:
    waves = Rollout(canary=2, batch_size=3).waves(UNITS)
    assert [len(wave) for wave in waves] == [2, 3, 3, 2]
    assert [unit for wave in waves for unit in wave] == UNITS


def test_without_batches_the_rest_goes_at_once() -> None:
    assert [len(wave) for wave in Rollout(canary=4).waves(UNITS)] == [4, 6]
    assert Rollout().waves(UNITS) == [UNITS]


def failed(name: str) -> Outcome:
    return Outcome(name, Status.FAILED, "500")


def test_the_gate_closes_once_failures_exceed_the_budget() -> None:
    gate = Gate(Rollout(max_failures=FailureBudget.parse("20%")), units=10)
    gate.record(failed("a"))
    gate.record(Outcome("b", Status.PENDING))  # an unreachable gateway is not a failure
    gate.record(failed("c"))
    assert gate.admit()
    gate.record(failed("d"))
    assert not gate.admit() and gate.reason == "3 failures exceed --max-failures 20% (2 of 10 allowed)"


def test_the_stop_reason_counts_the_failures_of_units_in_flight_as_the_budget_was_crossed() -> None:
    """The report lists every failed unit: the reason it gives for stopping counts them all."""
    gate = Gate(Rollout(max_failures=FailureBudget(1)), units=10)
    for name in "abc":  # a wave of three in flight, the budget crossed at the second failure
        gate.record(failed(name))
    assert gate.reason == "3 failures exceed --max-failures 1 (1 of 10 allowed)"


def test_one_failed_canary_stops_the_rollout() -> None:
    gate = Gate(Rollout(canary=2), units=10)
    gate.record(Outcome("a", Status.APPLIED))
    gate.record(failed("b"))
    assert gate.admit()  # the canary wave finishes what it started
    gate.after_wave(0)
    assert not gate.admit() and gate.reason.startswith("a canary failed")
