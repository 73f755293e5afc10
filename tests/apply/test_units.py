"""The one loop that runs apply work: admit, run, record, or report not started."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable

from iotplan.apply.outcome import Outcome, ProgressCallback, Status, not_started
from iotplan.apply.units import Unit, run_units
from iotplan.plan.model import Action, Change
from tests.render.plans import change, in_sync


def unit(name: str, *changes: Change, delay: float = 0.0, log: list[str] | None = None) -> Unit:
    """A unit that applies all its changes after `delay`, noting in `log` when it starts and ends."""
    events = log if log is not None else []

    async def run() -> Outcome:
        events.append(f"start {name}")
        await asyncio.sleep(delay)
        events.append(f"end {name}")
        outcome = Outcome(name, pending=[c.address for c in changes])
        outcome.mark_applied(list(changes))
        outcome.status = Status.APPLIED
        return outcome

    return Unit(name, list(changes), run)


def run(
    units: list[Unit],
    parallelism: int = 4,
    admit: Callable[[], bool] = lambda: True,
    on_done: ProgressCallback = lambda outcome: None,
) -> list[Outcome]:
    return asyncio.run(run_units(units, parallelism=parallelism, admit=admit, on_done=on_done))


def test_every_unit_is_reported_in_the_order_given_whatever_order_they_finish_in() -> None:
    outcomes = run([unit("slow", delay=0.03), unit("fast")])
    assert [(o.connection, o.status) for o in outcomes] == [
        ("slow", Status.APPLIED),
        ("fast", Status.APPLIED),
    ]


def test_no_more_units_run_at_once_than_the_parallelism_allows() -> None:
    log: list[str] = []
    run([unit(name, delay=0.01, log=log) for name in "abc"], parallelism=2)
    running, most = 0, 0
    for event in log:
        running += 1 if event.startswith("start") else -1
        most = max(most, running)
    assert most == 2 and log[:2] == ["start a", "start b"]


def test_a_unit_refused_by_the_gate_is_not_started_and_never_run() -> None:
    log: list[str] = []
    writes = [change("dam-b", Action.UPDATE, "differs"), in_sync("dam-b/logger-1")]
    outcomes = run([unit("dam-b", *writes, log=log)], admit=lambda: False)
    assert log == []
    [outcome] = outcomes
    assert (outcome.status, outcome.pending, outcome.applied, outcome.calls) == (
        Status.NOT_STARTED,
        ["dam-b"],
        [],
        0,
    )


def test_the_gate_is_asked_as_each_unit_starts_so_a_failure_stops_the_rest() -> None:
    finished: list[Outcome] = []
    outcomes = run(
        [unit(name) for name in ("a", "b", "c")],
        parallelism=1,
        admit=lambda: not finished,
        on_done=finished.append,
    )
    assert [o.status for o in outcomes] == [Status.APPLIED, Status.NOT_STARTED, Status.NOT_STARTED]


def test_progress_is_reported_once_per_unit_that_ran() -> None:
    finished: list[str] = []
    admitted = iter([True, False, True])
    run(
        [unit(name) for name in ("a", "b", "c")],
        parallelism=1,
        admit=lambda: next(admitted),
        on_done=lambda o: finished.append(o.connection),
    )
    assert finished == ["a", "c"]


def test_an_outcome_marks_applied_only_what_it_still_holds_pending() -> None:
    first, second = change("dam-a", Action.UPDATE, "x"), change("dam-a/logger-1", Action.CREATE, "y")
    outcome = Outcome("dam-a", pending=[first.address, second.address])
    outcome.mark_applied([first])
    outcome.mark_applied([first])  # twice is once
    assert (outcome.applied, outcome.pending) == (["dam-a"], ["dam-a/logger-1"])
    assert (
        outcome.to_dict()["not_applied"] == ["dam-a/logger-1"]
        and outcome.to_dict()["status"] == "not started"
    )


def test_a_unit_not_started_lists_only_the_writes_it_held() -> None:
    held = [
        change("dam-a", Action.NOOP, "in sync"),
        change("dam-a/x", Action.REMOVE, "gone"),
        change("dam-a/y", Action.UNMANAGED, "?"),
    ]
    outcome = not_started("dam-a", held, "not started: a canary failed")
    assert (outcome.status, outcome.pending, outcome.message) == (
        Status.NOT_STARTED,
        ["dam-a/x"],
        "not started: a canary failed",
    )


def failing(name: str, *changes: Change, log: list[str]) -> Unit:
    async def run() -> Outcome:
        log.append(f"start {name}")
        await asyncio.sleep(0.01)
        log.append(f"end {name}")
        return Outcome(name, Status.FAILED, "refused", pending=[c.address for c in changes])

    return Unit(name, list(changes), run)


def test_a_unit_after_another_starts_once_that_one_is_applied() -> None:
    log: list[str] = []
    thread = unit("t", change("t", Action.UPDATE, "differs"), delay=0.02, log=log)
    edge = dataclasses.replace(
        unit("t/edge", change("t/edge/port1.power", Action.UPDATE, "x"), log=log), after="t"
    )
    outcomes = run([edge, thread])
    assert log == ["start t", "end t", "start t/edge", "end t/edge"]
    assert [o.status for o in outcomes] == [Status.APPLIED, Status.APPLIED]


def test_a_unit_after_one_that_failed_is_not_started_and_says_why() -> None:
    log: list[str] = []
    edge = unit("t/edge", change("t/edge/port1.power", Action.UPDATE, "x"), log=log)
    done: list[Outcome] = []
    outcomes = run(
        [failing("t", change("t", Action.UPDATE, "differs"), log=log), dataclasses.replace(edge, after="t")],
        parallelism=1,
        on_done=done.append,
    )
    assert log == ["start t", "end t"]  # never run
    skipped = outcomes[1]
    assert (skipped.status, skipped.message) == (
        Status.NOT_STARTED,
        "not started: it waits for the writes of t's platform entities, which did not all succeed",
    )
    assert skipped.pending == ["t/edge/port1.power"] and done[-1] is skipped


def test_a_unit_after_one_of_an_earlier_wave_that_failed_is_not_started() -> None:
    earlier = {"t": Outcome("t", Status.FAILED, "refused")}
    edge = dataclasses.replace(unit("t/edge", change("t/edge/port1.power", Action.UPDATE, "x")), after="t")
    [outcome] = asyncio.run(run_units([edge], parallelism=2, earlier=earlier))
    assert outcome.status is Status.NOT_STARTED
