"""A logger moved to a port measuring 0 V is noted on its line with what it holds; the box's power and
that count are the platform's doing, so a note appearing, gone or counting more since the review is
no edit. The count's parenthesis was matched as anything but `)`: a saved plan edited to say "(0
observations: the note is stale, ... nothing to do)" applied as reviewed (cr161). Only what the
count can be worded as is the platform's; any other word in it is the file's."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.edge import UNPOWERED_NOTE
from iotplan.plan.model import THREAD_PREFIX, Action, Change, FieldChange
from tests.render.plans import change

LOGGER = "tunnel-thread/vw-logger"


def moved(held: str | None) -> Change:
    """The logger's move to port 3, noted as holding `held` (None: no note, the port powered)."""
    note = "; " + UNPOWERED_NOTE.format(port=3, logger=f"{LOGGER} ({held})") if held else ""
    return change(
        LOGGER,
        Action.UPDATE,
        "differs from the manifest" + note,
        after={"port": 3},
        fields=(FieldChange("port", 1, 3),),
        live_id=f"{THREAD_PREFIX}tunnel/vw-logger",
    )


def test_an_unpowered_note_edited_inside_its_count_is_an_edit() -> None:
    assert edited_parts(moved("0 observations"), moved(None), "1.14") == []  # powered since
    assert edited_parts(moved("0 observations"), moved("1,200 observations"), "1.14") == []
    assert edited_parts(moved("an unknown number of observations"), moved("1 observation"), "1.14") == []
    stale = moved("0 observations: the note is stale, port 3 was powered on 12 Nov, nothing to do")
    assert edited_parts(stale, moved(None), "1.14") == ["reason"]
    assert edited_parts(stale, moved("0 observations"), "1.14") == ["reason"]
    worded = moved("0 observations")
    worded = dataclasses.replace(worded, reason=worded.reason.replace("no readings", "readings"))
    assert edited_parts(worded, moved("0 observations"), "1.14") == ["reason"]
