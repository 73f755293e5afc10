"""A THREAD logger's port-sharing note is held to the loggers its plan (format 1.13) recorded it names
(`loggers_sharing_port`): another logger put on the port since is the platform's doing, weighed as a
note its review did not show (apply/stale.py), never the file's; any other word of the note edited,
or the note deleted, is the file's edit (it was left out of the check, and an edited list told as
the platform changed). A plan older than 1.13 reads the note as it did: left out of the check."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change
from iotplan.plan.thread import sharing_unshown
from tests.render.plans import change

NEW = "not on the platform"
NOTE = (
    "port 1 is also {}'s, and is not declared RS485 (`edge.port1.comm_type` or `mode`): only RS-485 lets "
    "two loggers share a port, so check the loggers' `port`"
)


def logger(*others: str, note: str = NOTE) -> Change:
    reason = f"{NEW}; {note.format(', '.join(others))}" if others else NEW
    return change(
        "tt/lg-a",
        Action.CREATE,
        reason,
        live_id="/fn/4A1B2C/node/vwlogger/032431/device",
        after={"name": "lg-a", "port": 1},
        loggers_sharing_port=tuple(map(Address, others)),
    )


def test_a_port_sharing_note_is_held_to_the_loggers_its_plan_recorded() -> None:
    reviewed = logger("tt/lg-b")
    assert edited_parts(reviewed, logger("tt/lg-b", "tt/lg-c"), "1.13") == []  # one put on the port since
    assert edited_parts(reviewed, logger(), "1.13") == []  # one that left it
    assert sharing_unshown([reviewed], [logger("tt/lg-b", "tt/lg-c")], "1.13") == {Address("tt/lg-a")}
    assert sharing_unshown([reviewed], [logger()], "1.13") == set()

    renamed = dataclasses.replace(reviewed, reason=reviewed.reason.replace("tt/lg-b's", "tt/lg-c's"))
    assert edited_parts(renamed, reviewed, "1.13") == ["reason"]
    assert sharing_unshown([renamed], [reviewed], "1.13") == set()  # the plan's record is the platform's
    reworded = dataclasses.replace(reviewed, reason=reviewed.reason.replace("only RS-485", "RS-485"))
    assert edited_parts(reworded, reviewed, "1.13") == ["reason"]
    deleted = dataclasses.replace(reviewed, reason=NEW)
    assert edited_parts(deleted, reviewed, "1.13") == ["reason"]
    assert edited_parts(deleted, logger(), "1.13") == ["reason"]  # the logger gone, the file's edit kept

    older = dataclasses.replace(renamed, loggers_sharing_port=())
    assert edited_parts(older, reviewed, "1.12") == []  # read as it was
    assert sharing_unshown([older], [reviewed], "1.12") == {Address("tt/lg-a")}
