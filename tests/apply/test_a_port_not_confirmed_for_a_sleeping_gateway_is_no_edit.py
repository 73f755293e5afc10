"""A logger moved to port 3 is noted on its line when its gateway could not confirm the port (asleep,
silent, rate limited). That note tells what the gateway did when each plan was made, the platform's
doing: a note appearing since the review (the gateway asleep now), gone since (it answered), or
saying another why is no edit of the file; it was refused as one ("(reason): was the plan file
edited or cut?"). Any other word of the note edited is the file's, and so is the note of a node with
no `edge:` block, which the manifest alone decides."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.live.model import GatewayStatus
from iotplan.plan.model import Action, Change, FieldChange
from iotplan.plan.thread import NO_EDGE_BLOCK, PORTS_UNREAD
from tests.render.plans import change

MOVED = "differs from the manifest"
ASLEEP = PORTS_UNREAD[GatewayStatus.ASLEEP][0]
SILENT = PORTS_UNREAD[GatewayStatus.UNREACHABLE][0]


def moved(why: str | None = None) -> Change:
    note = f"; port 3 not confirmed: {why}; some THREAD models have two ports" if why else ""
    port = (FieldChange("port", 2, 3),)  # the move its note is about
    return change("t1/ipi", Action.UPDATE, MOVED + note, after={"port": 3}, fields=port, live_id="id-t1/ipi")


def test_a_port_not_confirmed_for_a_sleeping_gateway_is_no_edit() -> None:
    assert edited_parts(moved(), moved(ASLEEP), "1.13") == []
    assert edited_parts(moved(ASLEEP), moved(), "1.13") == []  # the gateway answered since
    assert edited_parts(moved(ASLEEP), moved(SILENT), "1.13") == []
    assert edited_parts(moved(ASLEEP), moved(ASLEEP), "1.0") == []

    reviewed = moved(ASLEEP)
    worded = dataclasses.replace(reviewed, reason=reviewed.reason.replace("two ports", "three ports"))
    assert edited_parts(worded, moved(ASLEEP), "1.13") == ["reason"]
    base_edited = dataclasses.replace(reviewed, reason=reviewed.reason.replace("differs", "matches"))
    assert edited_parts(base_edited, moved(), "1.13") == ["reason"]
    assert edited_parts(moved(), moved(NO_EDGE_BLOCK[0]), "1.13") == ["reason"]
