"""Without a canary, the units that create run alone, one after another, until one is applied:
only then does the apply know this platform keeps the refIds it sends (docs/api-assumptions.md)."""

from __future__ import annotations

import asyncio

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.rollout import Rollout
from iotplan.apply.units import Unit
from iotplan.commands import apply as apply_command
from tests.render.plans import plan


class Recorder:
    def __init__(self, results: dict[str, Outcome]) -> None:
        self.results, self.running, self.waves = results, set[str](), list[set[str]]()

    def unit(self, name: str, finds_ref_ids: bool = True) -> Unit:
        async def run() -> Outcome:
            self.running.add(name)
            self.waves.append(set(self.running))  # who ran beside it as it started
            await asyncio.sleep(0.01)
            self.running.discard(name)
            return self.results.get(name) or Outcome(name, Status.APPLIED)

        return Unit(name, [], run, finds_ref_ids=finds_ref_ids)


# These units remove nothing: none is counted again before its writes.
GOES_AHEAD = apply_command._JustBefore(plan(), apply_command._nothing_to_recount)


def run_in_waves(recorder: Recorder, names: list[str], rollout: Rollout = Rollout()) -> list[Outcome]:
    units = {name: recorder.unit(name) for name in names}
    request = apply_command.ApplyRequest(rollout=rollout)
    outcomes, _ = asyncio.run(
        apply_command._in_waves(units, request, lambda _: None, apply_command._Ledger(), GOES_AHEAD)
    )
    return outcomes


def test_a_probe_whose_outcome_is_unknown_is_followed_by_another_alone() -> None:
    unknown = Outcome("a", Status.FAILED, "answered 503: may or may not be applied", unsure=["a"])
    recorder = Recorder({"a": unknown})
    run_in_waves(recorder, ["a", "b", "c", "d"])
    assert recorder.waves[:2] == [{"a"}, {"b"}]  # b confirmed refIds are kept: the rest go together
    assert recorder.waves[3] == {"c", "d"}


def test_the_first_applied_probe_lets_the_rest_go_together() -> None:
    recorder = Recorder({})
    run_in_waves(recorder, ["a", "b", "c"])
    assert recorder.waves[0] == {"a"} and recorder.waves[2] == {"b", "c"}


def test_a_canary_wave_is_its_own_probe() -> None:
    recorder = Recorder({"a": Outcome("a", Status.FAILED, "refused", unsure=["a"])})
    outcomes = run_in_waves(recorder, ["a", "b", "c"], Rollout(canary=2))
    assert recorder.waves[1] == {"a", "b"}  # a and b started together
    assert [outcome.status for outcome in outcomes][2] is Status.NOT_STARTED
