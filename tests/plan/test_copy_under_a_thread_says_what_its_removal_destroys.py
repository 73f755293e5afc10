"""A device under a declared THREAD carrying a declared device's refId: the plan's `*` line said
"remove one of the two in the platform's web app" without saying what that removal destroys. It says
how many observations the copy holds, after the step that keeps them."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied
from tests.plan.test_copy_under_a_thread import WITH_A_THREAD, _changes, _copy_of_the_logger, _thread
from tests.plan.test_diff import load


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    live = applied(load(WITH_A_THREAD))
    thread = _thread(live)
    device = _copy_of_the_logger(live, thread)
    props = {"SERIAL_NO": "vw-1", "NAME": "VW 1", "OBSERVATION_COUNT": 42}
    thread.sensors[device.id] = [LiveEntity(f"{device.id}/5A5A5A/sensor", props, device.id)]
    copy = _changes(WITH_A_THREAD, live)["tunnel/#4991ED"]
    assert copy.action is Action.DUPLICATE
    kept, _, removed = copy.reason.partition("remove it there")
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in kept, (
        copy.reason
    )
    assert removed.startswith(", destroying 42 observations"), copy.reason
