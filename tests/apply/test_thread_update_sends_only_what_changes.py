"""A THREAD update sends only the props whose value changes, so a platform that acts on a prop
written back as it stands (a ZERO_DATE re-zeroing, `rpc-rewrite-rezeroes`) is never given one; it
used to get every declared prop and what the create gave besides (A14). The updated entities are
read again after the unit's writes: on a platform whose update merges, that read is all there is
more; on one that replaces props, what it dropped is written back as read before, and a write-back
that fails, or a read after that fails, fails the unit saying what the entity held."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.clients.jsonrpc_transport import Handler
from tests.apply.test_thread import LOGGER, NODE, Recorder
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_update_reads import RENAMED, changed

TILT1 = f"{LOGGER}/tilt1/sensor"
UPDATES = ("updateNode", "updateDevice", "updateSensor")


class Sent(Recorder):
    """The emulator, with each request's params recorded (without its projectIds), and one request
    by method and turn answered with an error (`refused`), or its connection lost (`lost`)."""

    def __init__(
        self,
        variants: tuple[str, ...] = (),
        refused: tuple[str, int] | None = None,
        lost: str = "",
        refusal: str = "SERIAL_NO of a device cannot be updated.",
    ) -> None:
        super().__init__(variants=variants)
        self.params: list[tuple[str, dict[str, Any]]] = []
        self.refused, self.lost, self.refusal, self.armed = refused, lost, refusal, False

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            method = request["method"]
            if self.armed:
                params = {k: v for k, v in (request.get("params") or {}).items() if k != "projectIds"}
                self.params.append((method, params))
                turn = sum(1 for sent, _ in self.params if sent == method)
                if self.refused == (method, turn):
                    error = {"code": -32602, "message": self.refusal}
                    return [{"jsonrpc": "2.0", "id": request.get("id"), "error": error}]
                if method == self.lost and turn > 1:  # the read after the writes
                    return [{"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": -32603}}]
            return await handler(request)

        return answer


def renamed(recorder: Sent) -> Any:
    plan = changed(recorder, RENAMED)
    recorder.methods.clear()
    recorder.armed = True
    return applied_on(recorder, plan)


def test_a_rename_on_a_merging_platform_sends_the_names_alone_and_reads_each_entity_again_once() -> None:
    recorder = Sent()
    outcome = renamed(recorder)
    assert outcome.status is Status.APPLIED, outcome.message
    written = [(method, params) for method, params in recorder.params if method in UPDATES]
    assert written == [
        ("updateNode", {"node": NODE, "props": {"NAME": "Tunnel THREAD"}}),
        ("updateDevice", {"device": LOGGER, "props": {"NAME": "Renamed logger"}}),
        ("updateSensor", {"sensor": TILT1, "props": {"NAME": "Renamed tilt"}}),
    ]
    assert [method for method in recorder.methods if method != "authenticate"] == [
        *("getNodes", "getDevices", "getSensors"),  # the target check, the read before
        *UPDATES,
        *("getNodes", "getDevices", "getSensors"),  # the read after: nothing dropped, nothing more
    ]
    assert outcome.written_back == {}


def test_a_rename_where_updates_replace_writes_back_what_the_platform_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Sent(variants=("rpc-update-replaces",))
    outcome = renamed(recorder)
    assert outcome.status is Status.APPLIED, outcome.message
    back = [(m, p) for m, p in recorder.params if m == "updateDevice"][1]
    assert back[1]["props"]["NAME"] == "Renamed logger"  # with what the update changed
    assert back[1]["props"]["EXTERNAL_PORT"] == 2 and back[1]["props"]["SERIAL_NO"] == "032432"
    (device,) = recorder.read("getDevices", "devices", [LOGGER])
    assert (device["props"]["SERIAL_NO"], device["props"]["EXTERNAL_PORT"]) == ("032432", 2)
    assert outcome.written_back["thread/ipi"] == ["EXTERNAL_PORT", "SERIAL_NO"]
    said = [line for line in caplog.messages if line.startswith("thread/ipi: ")]
    assert len(said) == 1 and "dropped EXTERNAL_PORT and SERIAL_NO" in said[0], caplog.messages
    assert "wrote them back as they were" in said[0]


def test_a_write_back_refused_fails_the_unit_naming_each_prop_lost_and_its_value() -> None:
    recorder = Sent(variants=("rpc-update-replaces",), refused=("updateDevice", 2))
    outcome = renamed(recorder)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("thread/ipi: the platform dropped")
    assert "EXTERNAL_PORT (2) and SERIAL_NO ('032432')" in outcome.message
    assert "writing them back failed (" in outcome.message
    assert "SERIAL_NO of a device cannot be updated" in outcome.message
    assert "set them again in the platform's web app" in outcome.message
    assert "running apply again will not restore SERIAL_NO" in outcome.message  # its port is declared
    assert "thread/ipi" in outcome.applied  # the rename itself was made


def test_a_read_after_the_writes_that_fails_fails_the_unit_saying_what_the_entity_held() -> None:
    recorder = Sent(variants=("rpc-update-replaces",), lost="getDevices")
    outcome = renamed(recorder)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("thread: its updates were written, but reading them again failed")
    assert "whether the props each update did not send survived it is unknown" in outcome.message
    assert "thread/ipi held SERIAL_NO ('032432'), NODE_ID ('/fn/4A1B2C/node') and EXTERNAL_PORT (2)" in (
        outcome.message
    )
