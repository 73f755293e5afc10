"""A THREAD update the rate limit refuses (-32029) waits, then is sent again. It writes every declared
field and resends the rest as read before the writes, so a change made meanwhile (another writer's)
would be written over, unshown: any update, not only a data-model change, is read again first and held
to the plan as before the writes (apply/thread.py `_resend_guard`). Before, a rename was resent unread:
a sensor another writer moved to channel 5 during the wait, holding 500 observations, went back to its
declared channel 1, reported applied, with no plan showing it nor --allow-data-model-change given."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.sim.rpc_backend import RpcBackend
from tests.apply.test_thread import PROJECT, SITE, Recorder, applied
from tests.apply.test_thread_data_model_counted_again import TILT1
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import (
    LimitedWhileItWaits,
    channel_of,
)
from tests.apply.test_thread_update_reads import changed

RENAMED = SITE.replace("{key: tilt1,", "{key: tilt1, name: Tilt one,")
LISTS_LAG = "plan again later (the REST lists may not show a JSON-RPC write yet)"


def update_tilt1(recorder: Recorder, props: dict[str, object]) -> None:
    """Another writer's update of tilt1 (JSON-RPC's, through the emulator's backend)."""
    rpc = RpcBackend(recorder.emulator.app.backend)  # type: ignore[attr-defined]
    rpc.update("sensor", TILT1, props, rpc.scope(None, [PROJECT], writes=True))


def updated_meanwhile(props: dict[str, object]) -> Callable[[Recorder], None]:
    """Another writer's update of tilt1, holding history by then, while iotplan waits out -32029."""

    def update(recorder: Recorder) -> None:
        recorder.emulator.app.backend.add_observations(TILT1, 500)  # type: ignore[attr-defined]
        update_tilt1(recorder, props)

    return update


def renamed_refused_once(
    meanwhile: Callable[[Recorder], None], before: dict[str, object] | None = None
) -> tuple[Recorder, Outcome]:
    """tilt1 renamed (`before`: its props set first), its updateSensor refused once, `meanwhile` done in
    the wait."""
    recorder = LimitedWhileItWaits(meanwhile)
    plan = changed(recorder, RENAMED)
    if before:
        update_tilt1(recorder, before)
    (shown,) = [change for change in plan.writes if change.address == "thread/ipi/tilt1"]
    assert [field.key for field in shown.fields] == ["name"] and not shown.touches_data_model
    recorder.arm()
    return recorder, applied(recorder, plan)


def test_a_rename_resent_after_a_wait_does_not_move_the_channel_changed_meanwhile() -> None:
    recorder, outcome = renamed_refused_once(updated_meanwhile({"MUX_INDEX": 5}))
    assert channel_of(recorder) == 5, "not moved back to the declared channel 1 by a rename"
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith(
        "stopped before sending thread/ipi/tilt1 again after the rate limit refused it (-32029): it was not "
        "sent again: thread/ipi/tilt1: JSON-RPC getSensors answers its mux_index 5, while the plan read 1 "
        "and showed no change to it."
    ), outcome.message
    assert "--allow-data-model-change does not lift this" in outcome.message
    assert recorder.methods.count("updateSensor") == 1 and recorder.methods[-1] == "getSensors"
    assert outcome.applied == [] and "thread/ipi/tilt1" not in outcome.applied
    assert outcome.first_step == LISTS_LAG


def test_a_rename_resent_after_a_wait_does_not_write_back_what_it_resends_unchanged() -> None:
    """SAMPLING_RATE_MAX no manifest declares: resent as read before the writes, it would undo a change
    made during the wait."""
    recorder, outcome = renamed_refused_once(
        updated_meanwhile({"SAMPLING_RATE_MAX": 7}), {"SAMPLING_RATE_MAX": 5}
    )
    (sensor,) = recorder.read("getSensors", "sensors", [TILT1])
    assert sensor["props"]["SAMPLING_RATE_MAX"] == 7
    assert outcome.status is Status.FAILED
    assert "answers its SAMPLING_RATE_MAX 7, not 5 as" in outcome.message, outcome.message
    assert recorder.methods.count("updateSensor") == 1


def test_a_rename_unchanged_during_the_wait_is_sent_again_once_read_again() -> None:
    recorder, outcome = renamed_refused_once(lambda recorder: None)
    assert outcome.status is Status.APPLIED, outcome.message
    refused, resent = (index for index, method in enumerate(recorder.methods) if method == "updateSensor")
    assert recorder.methods[refused + 1 : resent] == ["getSensors"]  # read again, then sent
    (sensor,) = recorder.read("getSensors", "sensors", [TILT1])
    assert (sensor["props"]["NAME"], sensor["props"]["MUX_INDEX"]) == ("Tilt one", 1)


def test_a_rename_whose_entity_cannot_be_read_again_after_the_wait_is_not_sent_again() -> None:
    def removed(recorder: Recorder) -> None:  # another writer's removal: JSON-RPC no longer answers it
        recorder.emulator.app.backend.store.delete_tree(TILT1)  # type: ignore[attr-defined]

    recorder, outcome = renamed_refused_once(removed)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith(
        "stopped before sending thread/ipi/tilt1 again after the rate limit refused it (-32029): it was not "
        "sent again: reading it again failed (JSON-RPC getSensors did not answer "
    ), outcome.message
    assert recorder.methods.count("updateSensor") == 1


@pytest.mark.parametrize(("meanwhile", "said"), [(5.0, "5.0"), (True, "true")])
def test_a_prop_resent_is_held_to_its_json_form_read_before_the_writes(meanwhile: object, said: str) -> None:
    """`5 == 5.0 == True` in Python, not in JSON: another writer's 5.0 (or `true`) during the wait would
    be written back as 5, unseen."""
    recorder, outcome = renamed_refused_once(
        updated_meanwhile({"SAMPLING_RATE_MAX": meanwhile}),
        {"SAMPLING_RATE_MAX": 1 if meanwhile is True else 5},
    )
    (sensor,) = recorder.read("getSensors", "sensors", [TILT1])
    assert sensor["props"]["SAMPLING_RATE_MAX"] == meanwhile
    assert type(sensor["props"]["SAMPLING_RATE_MAX"]) is type(meanwhile)
    assert outcome.status is Status.FAILED, outcome.message
    assert f"answers its SAMPLING_RATE_MAX {said}, not " in outcome.message, outcome.message
    assert recorder.methods.count("updateSensor") == 1
