"""A ZERO_DATE an update left out is written back only where the read back shows the entity exactly as
the update left it (what it sent, and the props the platform keeps itself), its ZERO_DATE gone. Where
it shows more or other (another writer's change in the window), a write-back would overwrite that
writer: nothing is written, the unit fails naming the entity, the ZERO_DATE it held and what differs."""

from __future__ import annotations

from typing import Any

from iotplan.apply.outcome import Status
from iotplan.clients.jsonrpc_transport import Handler
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_zero_date_kept_through_an_update import (
    TILT1,
    UNDECLARED,
    ZERO,
    ZEROED,
    Scripted,
    live_of,
    made,
    plan_of,
    sent_updates,
    zero_date_of,
)


class AnotherWriterBeforeTheReadBack(Scripted):
    """Another writer's updateSensor of tilt1 (`props`) arrives between iotplan's update and its read back."""

    def __init__(self, props: dict[str, Any], variants: tuple[str, ...] = ()) -> None:
        super().__init__(variants=variants)
        self.props, self.done = props, False

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.armed and not self.done and request["method"] == "getSensors" and self.updates:
                self.done = True
                params = {"sensor": TILT1, "props": self.props, "projectIds": request["params"]["projectIds"]}
                await handler({"jsonrpc": "2.0", "method": "updateSensor", "id": 900, "params": params})
                self.updates.pop()  # not iotplan's
            return await handler(request)

        return answer


def renamed_while(recorder: AnotherWriterBeforeTheReadBack, location: str | None = None) -> Any:
    live = made(recorder, ZEROED)
    if location is not None:  # another tool's prop, which no manifest declares
        recorder.write("updateSensor", {"sensor": TILT1, "props": {"LOCATION": location}})
        live = live_of(recorder)
    plan = plan_of(UNDECLARED, live)
    recorder.armed = True
    return applied_on(recorder, plan)


def test_a_channel_another_writer_set_in_the_window_on_a_replacing_platform_is_not_overwritten() -> None:
    theirs = {"NAME": "Their tilt", "SERIAL_NO": "032432", "NODE_ID": "/fn/4A1B2C/node", "MUX_INDEX": 2}
    recorder = AnotherWriterBeforeTheReadBack(theirs, variants=("rpc-update-replaces",))
    outcome = renamed_while(recorder)
    assert outcome.status is Status.FAILED, outcome.message
    assert len(sent_updates(recorder)) == 1, "no write-back over the other writer's change"
    (tilt,) = recorder.read("getSensors", "sensors", [TILT1])
    assert tilt["props"]["MUX_INDEX"] == 2 and tilt["props"]["NAME"] == "Their tilt"
    assert "thread/ipi/tilt1" in outcome.message and f"its ZERO_DATE '{ZERO}'" in outcome.message
    assert "MUX_INDEX" in outcome.message and "NAME" in outcome.message
    assert f"{ZERO}' written back" not in outcome.message and "dropped props not sent" not in outcome.message


def test_a_zero_date_another_writer_cleared_on_a_merging_platform_is_not_written_back() -> None:
    recorder = AnotherWriterBeforeTheReadBack({"ZERO_DATE": None})
    outcome = renamed_while(recorder, location="crown")
    assert outcome.status is Status.FAILED, outcome.message
    assert len(sent_updates(recorder)) == 1 and zero_date_of(recorder) is None, "not re-zeroed by iotplan"
    assert "LOCATION" in outcome.message and f"its ZERO_DATE '{ZERO}'" in outcome.message
    assert "dropped props not sent" not in outcome.message
