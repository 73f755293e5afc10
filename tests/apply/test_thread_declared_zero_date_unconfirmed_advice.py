"""A ZERO_DATE left out of an update because its entry declares it as it stands, and then not
confirmed kept, is not told to be declared: the manifest already does. Its next step is the one the
user can take: `plan` shows it to be written again where it is gone, and applying that is a data-model
change on a logger or sensor holding history (--allow-data-model-change; a platform re-zeroing on a
ZERO_DATE written re-zeroes it then); where iotplan withheld its write-back (the entity changed after
the update), the web app first, as another writer may have cleared it on purpose. Said alike in the
unit's message, the report's list, the closing error's step and an interrupt's; the value masked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from iotplan.apply import finishing
from iotplan.apply import thread_zero_date as zero_date
from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.commands.apply import _cut_short
from iotplan.secrets import forget_all, remember
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_zero_date_kept_through_an_update import (
    RENAMED,
    ZERO,
    HangsOnTheReadBack,
    Scripted,
    lost,
    made,
    plan_of,
    renamed,
)
from tests.apply.test_thread_zero_date_not_written_back_over_another_writer import (
    AnotherWriterBeforeTheReadBack,
)

DECLARES = "its entry in the manifest declares it"
TOLD_TO_DECLARE = ("declare `zero_date", "before declaring", "declare its zero_date", "declare it ")


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


def steps(outcome: Outcome) -> list[str]:
    """Each place the unit's next step is said: its message, and the closing error's step."""
    return [outcome.message, zero_date.next_steps([outcome])]


def told_its_declared(said: str) -> None:
    lowered = said.lower()
    assert DECLARES in lowered and "`plan` shows it to be written again" in said, said
    assert "--allow-data-model-change" in said and "re-zero" in said.split("`plan`", 1)[1], said
    assert not any(wrong in lowered for wrong in TOLD_TO_DECLARE), said


def test_a_declared_zero_date_whose_update_answer_was_lost_is_not_told_to_be_declared() -> None:
    outcome = renamed(Scripted(updateSensor=(1, lost)), then=RENAMED)
    assert outcome.status is Status.FAILED and "its update's answer was lost" in outcome.message
    for said in steps(outcome):
        told_its_declared(said)
        assert "web app" in said, said


def test_a_declared_zero_date_another_writer_cleared_is_checked_in_the_web_app_then_applied() -> None:
    recorder = AnotherWriterBeforeTheReadBack({"ZERO_DATE": None, "LOCATION": "crown"})
    plan = plan_of(RENAMED, made(recorder))
    recorder.armed = True
    outcome = applied_on(recorder, plan)
    assert outcome.status is Status.FAILED, outcome.message
    (withheld,) = zero_date.unconfirmed(outcome)
    for said in [*steps(outcome), withheld]:
        told_its_declared(said)
        assert "web app first" in said and "only if it should be back" in said, said
    warning = zero_date.verifying_read_said(
        "thread/ipi/tilt1", outcome.zero_dates_unconfirmed["thread/ipi/tilt1"]
    )
    told_its_declared(warning)


def test_a_declared_zero_date_an_interrupt_left_unconfirmed_is_not_told_to_be_declared() -> None:
    recorder = HangsOnTheReadBack()
    plan = plan_of(RENAMED, made(recorder))
    recorder.armed = True
    (changes,) = thread_groups(plan).values()
    progress = not_started("thread", changes)

    async def interrupted() -> None:
        async with recorder.client() as client:
            task = asyncio.create_task(apply_thread(client, "thread", changes, progress))
            await recorder.reading_back.wait()
            task.cancel()  # the first signal lets the read back finish
            await asyncio.sleep(0.05)
            finishing.abandon()  # the second abandons it
            await asyncio.gather(task, return_exceptions=True)

    asyncio.run(interrupted())
    cut = _cut_short(progress)
    assert cut.status is Status.INTERRUPTED and "(it was not read back)" in cut.message, cut.message
    for said in steps(cut):
        told_its_declared(said)


def test_a_declared_zero_date_spelling_a_held_secret_is_masked_in_every_message() -> None:
    remember(ZERO)
    outcome = renamed(Scripted(updateSensor=(1, lost)), then=RENAMED)
    assert outcome.status is Status.FAILED, outcome.message
    said = "\n".join([*steps(outcome), *zero_date.unconfirmed(outcome)])
    assert ZERO not in said and "(sensitive)" in outcome.message, said
