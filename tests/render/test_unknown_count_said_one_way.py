"""A count iotplan cannot rely on (none given, or a 0 beside a LAST_OBSERVATION, or one its connection's
count contradicts) is said one way in every message and view: a refusal said "no count reported" of a
count the platform did report, and the Impact line called a sensor whose count is unknown one "with
history"."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import Permissions, refuse_data_loss, refuse_data_model_changes
from iotplan.plan.model import Action
from iotplan.render import render_markdown, render_text
from iotplan.render.lines import data_model_phrase
from iotplan.wording import NO_RELIABLE_COUNT
from tests.render.plans import change, plan

UNCOUNTED_REMOVAL = change("dam-b/logger-1", Action.REMOVE, "not in the manifest", observations_unknown=True)
UNCOUNTED_UNIT = change(
    "dam-a/logger-1/pz-1", Action.UPDATE, "differs", touches_data_model=True, observations_unknown=True
)
COUNTED_UNIT = change(
    "dam-a/logger-1/pz-2", Action.UPDATE, "differs", touches_data_model=True, observations=9
)


def refusal(guard, *changes) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(IotplanError) as raised:
        guard(plan(*changes), Permissions())
    return str(raised.value)


@pytest.mark.parametrize(
    "said",
    [
        lambda: refusal(refuse_data_loss, UNCOUNTED_REMOVAL),
        lambda: refusal(refuse_data_model_changes, UNCOUNTED_UNIT),
        lambda: render_text(plan(UNCOUNTED_REMOVAL, UNCOUNTED_UNIT), color=False),
        lambda: render_markdown(plan(UNCOUNTED_REMOVAL, UNCOUNTED_UNIT)),
    ],
    ids=["removal refused", "data-model change refused", "text plan", "markdown plan"],
)
def test_every_view_and_refusal_says_why_a_count_is_unknown_in_the_same_words(said) -> None:  # type: ignore[no-untyped-def]
    text = said()
    assert NO_RELIABLE_COUNT in text
    said_otherwise = ("no count reported", "without a count", "not reported", "did not count")
    assert not [words for words in said_otherwise if words in text]


def test_the_impact_says_for_how_many_removals_no_count_can_be_relied_on() -> None:
    text = render_text(plan(UNCOUNTED_REMOVAL), color=False)
    assert f"Impact: destroys an unknown number of observations ({NO_RELIABLE_COUNT} for 1 removal)" in text


def test_a_sensor_whose_count_is_unknown_is_not_said_to_hold_history() -> None:
    assert data_model_phrase(plan(UNCOUNTED_UNIT), 1) == (
        f"1 sensor that may hold history ({NO_RELIABLE_COUNT}) changes metrics or units"
    )
    assert data_model_phrase(plan(UNCOUNTED_UNIT, COUNTED_UNIT), 2) == (
        f"2 sensors that hold or may hold history ({NO_RELIABLE_COUNT} for 1) change metrics or units"
    )
    assert data_model_phrase(plan(COUNTED_UNIT), 1) == "1 sensor with history changes metrics or units"


def test_a_change_whose_count_is_unknown_says_so_on_its_own_line() -> None:
    text = render_text(plan(UNCOUNTED_UNIT), color=False)
    assert (
        "changes how an unknown number of observations read (metrics or units of a sensor that may hold "
        f"history: {NO_RELIABLE_COUNT}): needs --allow-data-model-change"
    ) in text
