"""A plan saved on a THREAD whose setting's `before` and `fields[].before` were both edited alike
(4800, where the THREAD held 9600 when planned and holds it still) was refused as "the gateway
changed since the plan was made, by another writer or by an earlier apply", though nobody touched
the gateway: nothing was written, but the message sent its reader looking for another writer. A
setting carries no fingerprint of the gateway's read, so nothing in the file tells the two apart:
both are said, as the platform's saved-plan notes say "the platform changed … or the file was
edited", and the plan to make again is the THREAD's own (`iotplan plan <manifest> --on-device`)."""

from __future__ import annotations

import json

from tests.e2e.awaiting_confirmation import gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import on_device, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

SETTING = "thread-south/edge/port1.baud_rate"  # 9600 on the THREAD, 19200 in the manifest
EITHER = (
    "either the gateway changed since the plan was made (in its web page, or by another writer), or the "
    "plan file was edited (compare the digest above, sha256:"
)
AGAIN = "with its review's): plan again here with `iotplan plan examples/edge/site.yaml --on-device`"


def saved_plan(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0


def before_edited(thread: Workspace, name: str, value: int) -> None:
    """The saved plan `name` with its setting's `before` and `fields[].before` both edited to `value`."""
    path = thread.path / name
    plan = json.loads(path.read_text())
    line = next(change for change in plan["changes"] if change["address"] == SETTING)
    line["before"]["value"] = line["fields"][0]["before"] = value
    path.write_text(json.dumps(plan))


def refused(thread: Workspace, read: str) -> None:
    before = writes(thread)
    applied = on_device(thread, "apply", manifest="south.json")
    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.stderr.split())
    assert (
        f"Error: this THREAD reads otherwise now than the plan file says it did ({SETTING}: {read}): " in said
    )
    assert EITHER in said and AGAIN in said, said
    assert writes(thread) == before  # nothing written
    assert gateway_port(thread, "GET", 1, host="localhost")["BAUD_RATE"] != 19200


def test_a_saved_plans_before_edited_alike_on_device_is_told_maybe_edited(thread: Workspace) -> None:
    saved_plan(thread)
    before_edited(thread, "south.json", 4800)

    refused(thread, "9600 now, 4800 in the file")


def test_a_setting_changed_on_the_gateway_since_the_saved_plan_is_told_alike(thread: Workspace) -> None:
    saved_plan(thread)
    gateway_port(thread, "PUT", 1, {"BAUD_RATE": 57600}, host="localhost")  # its web page, say

    refused(thread, "57600 now, 9600 in the file")
