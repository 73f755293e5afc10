"""A THREAD update sends only the props whose value changes, so a platform that acts on a prop
written back as it stands (a ZERO_DATE re-zeroing, `rpc-rewrite-rezeroes`) is never given one where
update* merges; it used to get every declared prop and what the create gave besides (A14). What
update* does with props it is not sent is learnt once per run: its first update is the probe, its
entity read again at once. On a merging platform that read is all there is more; on one that
replaces props, what the probe's entity dropped is written back at once, and a write-back refused,
or a read that fails, fails the unit saying what the entity held."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.clients.jsonrpc_transport import Handler
from tests.apply.test_thread import LOGGER, NODE, SITE, Recorder
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_update_reads import RENAMED, changed

TILT1 = f"{LOGGER}/tilt1/sensor"
UPDATES = ("updateNode", "updateDevice", "updateSensor")
LOGGER_RENAMED = SITE.replace("port: 2", "port: 2\n            name: Renamed logger")


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
                if method == self.lost and turn > 1:  # the probe's read
                    return [{"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": -32603}}]
            return await handler(request)

        return answer


def renamed(recorder: Sent, manifest: str = RENAMED, caplog: pytest.LogCaptureFixture | None = None) -> Any:
    plan = changed(recorder, manifest)
    if caplog is not None:
        caplog.clear()  # what the first apply said (its own run, its own probe)
    recorder.methods.clear()
    recorder.armed = True
    return applied_on(recorder, plan)


def test_a_rename_on_a_merging_platform_sends_the_names_alone_and_reads_the_probe_alone_again() -> None:
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
        "updateNode",
        "getNodes",  # the probe: the node read again at once, nothing dropped, so the platform merges
        "updateDevice",  # and the run's later updates are read again by nothing
        "updateSensor",
    ]
    assert outcome.written_back == {}


def test_a_rename_where_updates_replace_writes_back_what_the_probe_dropped_and_resends_after(
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder = Sent(variants=("rpc-update-replaces",))
    outcome = renamed(recorder, caplog=caplog)
    assert outcome.status is Status.APPLIED, outcome.message
    nodes = [params["props"] for method, params in recorder.params if method == "updateNode"]
    assert nodes[0] == {"NAME": "Tunnel THREAD"}  # the probe: what changes alone
    assert nodes[1]["NAME"] == "Tunnel THREAD" and nodes[1]["SERIAL_NO"] == "4A1B2C"  # written back
    (device,) = [params["props"] for method, params in recorder.params if method == "updateDevice"]
    assert device["NAME"] == "Renamed logger"  # one update, what it holds resent with what changes
    assert device["EXTERNAL_PORT"] == 2 and device["SERIAL_NO"] == "032432"
    (logger,) = recorder.read("getDevices", "devices", [LOGGER])
    assert (logger["props"]["SERIAL_NO"], logger["props"]["EXTERNAL_PORT"]) == ("032432", 2)
    (node,) = recorder.read("getNodes", "nodes", [NODE])
    assert node["props"]["SERIAL_NO"] == "4A1B2C"
    assert outcome.written_back == {"thread": ["SERIAL_NO"]}
    said = [line for line in caplog.messages if "replaces props" in line]
    assert len(said) == 1 and said[0].startswith("thread: the platform dropped the props"), caplog.messages
    assert "iotplan wrote SERIAL_NO back as it was" in said[0]
    assert "each update of this run resends, as they stand, the props the entity holds" in said[0]
    assert "re-zeroed by a ZERO_DATE written" in said[0]


def test_a_write_back_refused_is_sent_again_without_the_serial_and_fails_the_unit_naming_it() -> None:
    recorder = Sent(variants=("rpc-update-replaces",), refused=("updateDevice", 2))
    outcome = renamed(recorder, LOGGER_RENAMED)
    assert outcome.status is Status.FAILED
    backs = [params["props"] for method, params in recorder.params if method == "updateDevice"][1:]
    assert "SERIAL_NO" in backs[0] and "SERIAL_NO" not in backs[1] and backs[1]["EXTERNAL_PORT"] == 2
    (logger,) = recorder.read("getDevices", "devices", [LOGGER])
    assert logger["props"]["EXTERNAL_PORT"] == 2 and "SERIAL_NO" not in logger["props"]
    assert outcome.message.startswith("thread/ipi: the platform dropped SERIAL_NO ('032432') when it was")
    assert "writing them back failed (" in outcome.message
    assert "SERIAL_NO of a device cannot be updated" in outcome.message
    assert "(it wrote back EXTERNAL_PORT)" in outcome.message
    assert "running apply again will not restore SERIAL_NO" in outcome.message
    assert outcome.not_written_back == {"thread/ipi": "SERIAL_NO ('032432')"}
    assert outcome.written_back == {"thread/ipi": ["EXTERNAL_PORT"]}
    assert "thread/ipi" in outcome.applied  # the rename itself was made


def test_a_probe_read_that_fails_fails_the_unit_saying_what_the_entity_held() -> None:
    recorder = Sent(variants=("rpc-update-replaces",), lost="getDevices")
    outcome = renamed(recorder, LOGGER_RENAMED)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("thread/ipi: its update was written, but reading it again failed")
    assert "whether the props the update did not send survived it is unknown" in outcome.message
    assert (
        "it held EXTERNAL_PORT (2), NODE_ID ('/fn/4A1B2C/node') and SERIAL_NO ('032432')" in outcome.message
    )
