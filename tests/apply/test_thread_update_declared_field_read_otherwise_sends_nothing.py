"""An update on a THREAD resends a declared field the plan showed unchanged as the platform holds it: one
JSON-RPC's read before the writes shows otherwise (changed since the plan, or the REST lists the plan read
lagging, A16) would be kept unlike the manifest and the update reported applied, which the reviewed plan
never showed, so the unit stops before anything is sent, naming the field as each read shows it. A value
the plan reads as the one declared (a port held as text) is no difference."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Status
from tests.apply.test_thread_update_reads import WRITES, Answer, Rewriting, apply_renamed
from tests.apply.test_thread_update_resends_as_planned import with_prop

CASES = {
    "logger port": (
        "getDevices",
        with_prop("EXTERNAL_PORT", 3),
        "port 3, while the plan read 2",
        "keep port 3 where the manifest declares 2 and report it applied",
    ),
    "sensor channel": (
        "getSensors",
        with_prop("MUX_INDEX", 5),
        "mux_index 5, while the plan read 1",
        "keep mux_index 5 where the manifest declares 1 and report it applied",
    ),
}


@pytest.mark.parametrize(("method", "answer", "read", "written"), CASES.values(), ids=CASES.keys())
def test_a_declared_field_read_otherwise_than_the_plan_read_it_is_not_written(
    method: str, answer: Answer, read: str, written: str
) -> None:
    recorder = Rewriting(method, answer)
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.FAILED
    assert f"JSON-RPC {method} answers its {read} and showed no change to it" in outcome.message
    assert f"so it would {written}" in outcome.message and "nothing of thread was written" in outcome.message
    assert ("(a data-model change" in outcome.message) is (method == "getSensors"), "a channel is one"
    assert not WRITES & set(recorder.methods)
    assert outcome.applied == outcome.unsure == [] and len(outcome.pending) == 3


def test_a_declared_port_held_as_text_is_the_one_declared_and_is_written() -> None:
    recorder = Rewriting("getDevices", with_prop("EXTERNAL_PORT", "2"))
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.APPLIED, outcome.message
    assert "updateDevice" in recorder.methods
