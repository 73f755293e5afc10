"""The next step a ZERO_DATE left out and not confirmed kept is told with is one the user can take:
declaring it on a logger or sensor holding history is a data-model change, so it names
--allow-data-model-change (and that a platform re-zeroing on a written ZERO_DATE re-zeroes it then);
the value is given as the manifest accepts it (its zone written as validate reads it), or, without a
zone, said to need one rather than guessed; and a ZERO_DATE spelling a secret iotplan holds is masked
in every message (the unit's, the report's list, the closing error's step)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from iotplan.apply import thread_zero_date as zero_date
from iotplan.apply.outcome import Outcome, Status
from iotplan.manifest.thread import ISO_DATE_PATTERN
from iotplan.secrets import forget_all, remember
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_zero_date_kept_through_an_update import (
    TILT1,
    UNDECLARED,
    Scripted,
    live_of,
    lost,
    made,
    plan_of,
)


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


def unconfirmed_holding(held: Any) -> Outcome:
    """tilt1 holding `held` as its ZERO_DATE, renamed, its read back lost: its ZERO_DATE unconfirmed."""
    recorder = Scripted(getSensors=(2, lost))
    made(recorder)
    recorder.write("updateSensor", {"sensor": TILT1, "props": {"ZERO_DATE": held}})
    plan = plan_of(UNDECLARED, live_of(recorder))
    recorder.armed = True
    outcome = applied_on(recorder, plan)
    assert outcome.status is Status.FAILED, outcome.message
    return outcome


def everything_said(outcome: Outcome) -> str:
    return "\n".join([outcome.message, *zero_date.unconfirmed(outcome), zero_date.next_steps([outcome])])


def test_the_advice_names_the_flag_a_logger_holding_history_needs() -> None:
    outcome = unconfirmed_holding("2026-03-01T00:00:00Z")
    for said in (outcome.message, zero_date.next_steps([outcome])):
        assert 'zero_date: "2026-03-01T00:00:00Z"' in said and "--allow-data-model-change" in said, said
        assert "re-zero" in said.split("zero_date:", 1)[1], said


def test_a_zero_date_with_its_zone_written_otherwise_is_given_as_the_manifest_accepts_it() -> None:
    outcome = unconfirmed_holding("2026-05-01T00:00:00+0000")
    given = outcome.message.split("zero_date: ", 1)[1].split("`", 1)[0].strip('"')
    assert ISO_DATE_PATTERN.fullmatch(given), given


def test_a_zero_date_without_a_zone_is_not_given_as_a_value_validate_refuses() -> None:
    outcome = unconfirmed_holding("2026-05-01")
    said = everything_said(outcome)
    assert 'zero_date: "2026-05-01"' not in said, said
    assert "'2026-05-01'" in outcome.message and "zone" in outcome.message.split("could not confirm", 1)[1]


def test_a_zero_date_spelling_a_held_secret_is_masked_in_every_message() -> None:
    remember("s3cret-api-key-4242")
    outcome = unconfirmed_holding("s3cret-api-key-4242")
    said = everything_said(outcome)
    assert "s3cret" not in said and "4242" not in said, said
    assert "(sensitive)" in outcome.message


def test_a_zero_date_finer_than_validate_takes_is_not_given_rounded() -> None:
    outcome = unconfirmed_holding("2026-05-01T00:00:00.123456789Z")
    said = everything_said(outcome)
    assert 'zero_date: "' not in said, said  # a microsecond value would be another instant
    assert "'2026-05-01T00:00:00.123456789Z'" in outcome.message, outcome.message
    assert "microseconds" in outcome.message and "with its zone" not in outcome.message, outcome.message


def test_a_zero_date_is_given_with_only_what_validate_needs_changed() -> None:
    outcome = unconfirmed_holding("2026-05-01T00:00:00.5+0000")
    given = outcome.message.split("zero_date: ", 1)[1].split("`", 1)[0].strip('"')
    assert given == "2026-05-01T00:00:00.5+00:00", given
