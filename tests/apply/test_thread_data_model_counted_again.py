"""A THREAD entity's channel, zero date or mode changed, planned while it held no history (so
without --allow-data-model-change), is counted again by the read its update makes anyway, before the
unit's first write: holding history now, or a count that is unknown now, nothing of the unit is
written and the rollout stops, said as a saved plan's change is (apply/stale.py `rereads_held_now`,
`rereads_uncounted_now`). A change reviewed with history is not held for more of it."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.thread import apply_thread, thread_groups
from tests.apply.test_thread import LOGGER, applied
from tests.apply.test_thread_update_reads import RENAMED as SITE
from tests.apply.test_thread_update_reads import WRITES, Rewriting, apply_renamed, changed

TILT1 = f"{LOGGER}/tilt1/sensor"
CHANNEL_3 = SITE.replace("mux_index: 1}", "mux_index: 3}")
NOT_COUNTED_YET = (
    "the platform has not counted an upload yet (a count of 0 beside a last observation): a sensor reported "
    "since the review, so plan again to review it"
)


def reported_uncounted(sensors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each sensor as a platform that has not counted an upload yet answers it: 0 beside a
    LAST_OBSERVATION (variant `observation-count-lags`)."""
    last = {"timestamp": "2026-12-05T12:00:00.000Z"}
    return [{**s, "props": {**s["props"], "OBSERVATION_COUNT": 0, "LAST_OBSERVATION": last}} for s in sensors]


def test_a_channel_change_reviewed_without_history_is_refused_where_its_count_is_unknown_now() -> None:
    """Said as a REST connection's recount says it, with the one cause the read shows (an upload not
    counted yet), not as "the platform changed": nothing read shows it did."""
    recorder = Rewriting("getSensors", reported_uncounted)
    outcome = apply_renamed(recorder, CHANNEL_3)
    said = (
        "what thread's data-model changes reread could not be counted again before its writes: update "
        "thread/ipi/tilt1: its count, read when reviewed, cannot be read now: unknown, treated as holding "
        f"data: {NOT_COUNTED_YET}. A new plan shows counts it cannot read as unknown, and removes them only "
        "with --allow-destroy (changes their metrics, units, channel, zero date or mode only with "
        "--allow-data-model-change)"
    )
    assert outcome.status is Status.FAILED and not outcome.unreviewed
    assert outcome.message == f"nothing was written: {said}"
    assert outcome.halt == said
    assert not WRITES & set(recorder.methods)
    assert outcome.applied == [] and "thread/ipi/tilt1" in outcome.pending


def test_a_channel_change_reviewed_without_history_is_refused_where_it_holds_some_now() -> None:
    recorder = Rewriting("getSensors", lambda sensors: sensors)
    plan = changed(recorder, CHANNEL_3)
    recorder.emulator.app.backend.add_observations(TILT1, 42)  # type: ignore[attr-defined]
    recorder.methods.clear()
    outcome = applied(recorder, plan)
    assert outcome.status is Status.FAILED and outcome.unreviewed
    assert outcome.message.endswith(
        "update thread/ipi/tilt1: it would change how 42 observations read, none when reviewed"
    )
    sent = [method for method in recorder.methods if method != "authenticate"]
    assert sent == ["getNodes", "getDevices", "getSensors"]  # the reads an update makes, no write


def test_a_channel_change_reviewed_with_history_is_written_with_more_of_it_now() -> None:
    """--allow-data-model-change weighed its history: more of it is the same sensor still reporting."""
    reported = itertools.count(100, 50)  # each read counts more: 100 when planned, 150 just before

    def reporting(sensors: list[dict[str, Any]]) -> list[dict[str, Any]]:
        count = next(reported)
        return [{**s, "props": {**s["props"], "OBSERVATION_COUNT": count}} for s in sensors]

    recorder = Rewriting("getSensors", reporting)
    recorder.armed = True  # the plan's read too (the first apply reads no sensor)
    plan = changed(recorder, CHANNEL_3)
    (shown,) = [change for change in plan.writes if change.address == "thread/ipi/tilt1"]
    assert shown.rereads_data and shown.observations == 100
    outcome = applied(recorder, plan)
    assert outcome.status is Status.APPLIED, outcome.message
    assert next(reported) == 200  # read once more, by the update


def test_a_channel_change_confirmed_at_the_prompt_whose_count_is_unknown_now_is_not_told_to_plan_again() -> (
    None
):
    """Its person answered `yes` to a plan shown, and ran no `iotplan plan`: the apply's refusal says
    the one next step (run apply again), so the cause ends at what the read found (a234e860)."""
    recorder = Rewriting("getSensors", reported_uncounted)
    plan = changed(recorder, CHANNEL_3)
    recorder.armed = True
    (changes,) = thread_groups(plan).values()

    async def go() -> Outcome:
        async with recorder.client() as client:
            return await apply_thread(client, "thread", changes, plan_again=False)

    outcome = asyncio.run(go())
    assert outcome.status is Status.FAILED
    assert "a sensor reported since the review. A new plan shows counts" in outcome.message
    assert "plan again" not in outcome.message
