"""An update on a THREAD resends the props it does not declare as the read before it shows them
(SERIAL_NO, NODE_ID, NAME): one that shows another value than the plan read (a SERIAL_NO that is
not the refId REST listed, another gateway's NODE_ID) would write what the reviewed plan never
showed, so the unit stops before anything is sent, naming both values."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.apply.outcome import Status
from tests.apply.test_thread import NODE
from tests.apply.test_thread_update_reads import RENAMED, WRITES, Answer, Rewriting, apply_renamed

OTHER_NODE = "/fn/6C7D8E/node"


def with_prop(name: str, value: Any) -> Answer:
    return lambda entities: [{**e, "props": {**e["props"], name: value}} for e in entities]


CASES = {
    "device SERIAL_NO": ("getDevices", with_prop("SERIAL_NO", "999999"), "SERIAL_NO '999999'", "'032432'"),
    "device NODE_ID": (
        "getDevices",
        with_prop("NODE_ID", OTHER_NODE),
        f"NODE_ID '{OTHER_NODE}'",
        f"'{NODE}'",
    ),
    "sensor SERIAL_NO": ("getSensors", with_prop("SERIAL_NO", "999999"), "SERIAL_NO '999999'", "'032432'"),
    "sensor NODE_ID": (
        "getSensors",
        with_prop("NODE_ID", OTHER_NODE),
        f"NODE_ID '{OTHER_NODE}'",
        f"'{NODE}'",
    ),
    "node SERIAL_NO": ("getNodes", with_prop("SERIAL_NO", "6C7D8E"), "SERIAL_NO '6C7D8E'", "'4A1B2C'"),
}


@pytest.mark.parametrize(("method", "answer", "resent", "read"), CASES.values(), ids=CASES.keys())
def test_an_update_that_would_resend_another_value_than_the_plan_read_sends_nothing(
    method: str, answer: Answer, resent: str, read: str
) -> None:
    recorder = Rewriting(method, answer)
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.FAILED
    assert f"JSON-RPC {method} answers its {resent}, while the plan read {read}" in outcome.message
    assert "cannot be sure" in outcome.message and "nothing of it was written" in outcome.message
    assert not WRITES & set(recorder.methods)
    assert outcome.applied == outcome.unsure == [] and len(outcome.pending) == 3


def test_a_resent_serial_holding_a_credential_is_named_masked() -> None:
    recorder = Rewriting("getDevices", with_prop("SERIAL_NO", "https://bob:hunter2@example.com/x"))
    outcome = apply_renamed(recorder)
    assert outcome.status is Status.FAILED and "hunter2" not in outcome.message
    assert "SERIAL_NO 'https://" in outcome.message


def test_a_logger_whose_name_is_declared_is_not_held_to_the_name_read() -> None:
    """A NAME the update declares is written, not resent: another one read is no reason to stop."""
    recorder = Rewriting("getDevices", with_prop("NAME", "Renamed elsewhere"))
    outcome = apply_renamed(recorder, RENAMED)
    assert outcome.status is Status.APPLIED, outcome.message
    assert "updateDevice" in recorder.methods
