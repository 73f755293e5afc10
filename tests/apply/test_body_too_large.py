"""A call refused as too large a body (413) is refused alike on every rerun: the report says so and
how much smaller to make the calls (half of what the refused one carried), else that no smaller call
exists. What the call made is settled as any refused call's (the 413 may be a proxy's or the platform's)."""

from __future__ import annotations

import asyncio

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome, Status
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
CATALOG = "metrics: [{metric: f, unit: Hz}, {metric: cum_distance, unit: mm}]"
TOO_LARGE = "The platform (or a proxy in front of it) refused the request body as too large"


def with_new_sensors(count: int) -> str:
    added = "".join(f"              - key: s{i}\n                template: RAIN_SDE\n" for i in range(count))
    return MANIFEST.replace(AIR, AIR + added, 1)


def refused(
    platform: Refusing, text: str, entities_per_call: int = 500, live_text: str = MANIFEST
) -> Outcome:
    plan = plan_for(load(text), applied(load(live_text)))
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    resolve = lambda reference: "x"  # noqa: E731
    return asyncio.run(
        apply_connection(platform, "dam-a", changes, resolve, entities_per_call=entities_per_call)
    )


def test_the_advice_halves_what_the_refused_call_carried_not_the_most_a_call_may() -> None:
    """The device and its three new sensors: 4 entities in a call that could hold 500."""
    outcome = refused(Refusing(applied(load()), status=413), with_new_sensors(3))
    assert outcome.status is Status.FAILED
    assert (
        f"{TOO_LARGE}: rerun with --entities-per-call 2 (half of this call's 4 entities)" in outcome.message
    )


def test_under_a_smaller_size_the_advice_halves_the_first_call_refused() -> None:
    outcome = refused(Refusing(applied(load()), status=413), with_new_sensors(9), entities_per_call=8)
    assert "rerun with --entities-per-call 4 (half of this call's 8 entities)" in outcome.message


def test_a_call_of_one_device_and_one_sensor_has_no_smaller_call_to_advise() -> None:
    renamed = MANIFEST.replace("name: Piezometer", "name: PZ")
    outcome = refused(Refusing(applied(load()), status=413), renamed)
    assert f"{TOO_LARGE}, and this call carries 2 entities: no smaller call can carry it" in outcome.message
    assert "--entities-per-call" not in outcome.message
    # Read live with custom metrics, the sensor's update clears them by sending null: a 422 brings A2's
    # advice, which is about the content; a 413 is about the size.
    custom = MANIFEST.replace(CATALOG, "metrics: [{custom_metric: pressure, custom_unit: kPa_g}]")
    for status in (422, 413):
        sent = refused(Refusing(applied(load(custom)), status=status), MANIFEST, live_text=custom)
        assert ("by sending null" in sent.message) is (status == 422), sent.message
