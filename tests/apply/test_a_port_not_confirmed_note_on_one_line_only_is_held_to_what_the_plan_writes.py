"""A saved plan made while a logger's gateway slept, applied once it woke: the saved line alone notes
"port 3 not confirmed: the gateway is asleep; ...", and that note is left out as the gateway's doing.
It was left out wherever it stood and whatever port it named, so a note naming another port than the
line's move (`port: 2 → 3`), one moved into the middle of the reason, or one put on a line the plan
never notes was applied as unedited. Only the note the plan would write there is the gateway's: the
port the line writes, at the end of its reason (before a port-sharing note), with a why the gateway
gave; any other is the file's edit."""

from __future__ import annotations

from iotplan.apply.edited import edited_parts
from iotplan.live.model import GatewayStatus
from iotplan.plan.model import Action, Change, FieldChange
from iotplan.plan.thread import PORTS_UNREAD
from tests.render.plans import change

ASLEEP = PORTS_UNREAD[GatewayStatus.ASLEEP][0]
MOVED = "differs from the manifest"
SHARING = (
    "port 3 is also t1/vw's, and is not declared RS485 (`edge.port3.comm_type` or `mode`): only RS-485 "
    "lets two loggers share a port, so check the loggers' `port`"
)


def note(port: int) -> str:
    return f"port {port} not confirmed: {ASLEEP}; some THREAD models have two ports"


def logger(reason: str, port: int = 3, field: FieldChange | None = None, **details: object) -> Change:
    written = field or FieldChange("port", 2, port)
    return change(
        "t1/ipi",
        Action.UPDATE,
        reason,
        before={"name": "IPI", "port": 2},
        after={"name": "IPI", "port": port},
        fields=(written,),
        live_id="id-t1/ipi",
        **details,
    )


def test_a_port_not_confirmed_note_on_one_line_only_is_held_to_what_the_plan_writes() -> None:
    woke = logger(MOVED)
    assert edited_parts(logger(f"{MOVED}; {note(3)}"), woke, "1.13") == []
    assert edited_parts(woke, logger(f"{MOVED}; {note(3)}"), "1.13") == []  # asleep since the review
    shared = {"loggers_sharing_port": ("t1/vw",)}
    saved = logger(f"{MOVED}; {note(3)}; {SHARING}", **shared)
    assert edited_parts(saved, logger(f"{MOVED}; {SHARING}", **shared), "1.13") == []

    assert edited_parts(logger(f"{MOVED}; {note(7)}"), woke, "1.13") == ["reason"]
    middle = logger(f"differs from the; {note(3)} manifest")
    assert edited_parts(middle, woke, "1.13") == ["reason"]
    renamed = FieldChange("name", "IPI", "IPI chain")
    assert edited_parts(
        logger(f"{MOVED}; {note(3)}", field=renamed), logger(MOVED, field=renamed), "1.13"
    ) == ["reason"]
    to_two = logger(f"{MOVED}; {note(2)}", port=2, field=FieldChange("port", 1, 2))
    assert edited_parts(to_two, logger(MOVED, port=2, field=FieldChange("port", 1, 2)), "1.13") == ["reason"]
