"""A replacement removed, then the call creating it again refused 409, its read back showing the
entity as the call wrote it. Where that call carried more than one change, a platform keeping part of
a refused call (`integrate-partial`) may have kept this very entry before refusing another: the read
back cannot tell it from another writer's copy. Before, the message and the advice said as a fact that
another writer's copy stood there ("what stands there now is another writer's"), and a user might have
removed it or hunted for a writer. Now either is said, and that the history before the removal is gone
either way; it is still found made, never applied. Carried alone, nothing of the call was kept before
its refusal: that entity is another writer's, said as before."""

from __future__ import annotations

from iotplan.apply.outcome import Outcome
from tests.apply.test_refused import MANIFEST, REPLACING, RemovesThenRefuses, advice_after, apply_three

AIR = "dam-a/logger-1/air"
# air's template changes alone: the call creating it again carries nothing else.
REPLACING_ALONE = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE")


def recreated_then_refused_409(text: str) -> Outcome:
    platform = RemovesThenRefuses(recreated=True)
    platform.status = 409
    return apply_three(platform, text)


def test_a_replacement_read_back_as_written_after_a_refused_409_call_is_not_said_another_writers() -> None:
    outcome = recreated_then_refused_409(REPLACING)  # air created again, logger-1 renamed: two changes
    assert outcome.found_made == [AIR] and outcome.applied == [], outcome.message
    assert outcome.removed_not_recreated == [AIR] and outcome.pending == ["dam-a/logger-1"]
    assert "another writer's (found made)" not in outcome.message
    assert outcome.message.endswith(
        "Read back, the connection shows 1 of the call's 2 changes made (found made, not counted as applied "
        "by this run: another writer's, or this call's own kept by a platform that keeps part of a refused "
        "call). Removed by this run, and not counted as created again by it: what stands there now reads as "
        "the call wrote it: another writer's, or this call's own kept by a platform that keeps part of a "
        f"refused call (found made); either way its history before the removal is gone: {AIR}."
    )
    assert advice_after(outcome).endswith(
        f"(1 replacement removed and not created again, its history gone: {AIR}; the next plan shows what "
        "stands there now (found made: another writer's, or this run's own kept by a platform that keeps "
        "part of a refused call))"
    )
    alone = recreated_then_refused_409(REPLACING_ALONE)  # nothing before it to keep: another writer's
    assert alone.found_made == [AIR] and alone.removed_not_recreated == [AIR], alone.message
    assert alone.message.endswith(
        "Read back, the connection shows 1 of the call's 1 change made (found made, not counted as applied "
        "by this run). Removed by this run, its history gone, and not created again by it: what stands "
        f"there now is another writer's (found made): {AIR}."
    )
    assert advice_after(alone).endswith(
        "the next plan shows what stands there now (another writer's copy, found made))"
    )
