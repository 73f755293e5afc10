"""A port setting's line naming a logger in doubt ("port 1 may feed t1/vw ...: its move to port 2 is
left out, ...") was read back by its note's text alone (fx333). Since format 1.14 the plan carries the
doubt as data (`loggers_in_doubt`), and a saved plan's apply reads that: a note whose text and data
disagree is the file's edit. A plan saved at 1.13, which holds no such data, is read from its text
as before."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.edge import loggers_noted
from tests.apply.test_a_cut_off_note_the_platform_changed_is_no_edit import logger, relinked

DOUBT = "its move to port 2 is left out, the platform records it on port 1, and its cable may be on either"


def test_a_saved_doubt_is_read_from_its_plan_data() -> None:
    vw = logger("vw", 2, 1)
    doubted = relinked([vw], [vw])
    assert "port 1 may feed t1/vw (50 observations): this may cut off" in doubted.reason, doubted.reason
    assert doubted.loggers_in_doubt == (("t1/vw", DOUBT),)
    assert loggers_noted(doubted, "1.14") == {"t1/vw": DOUBT}
    # The data says it cuts the logger off, the note's text that it may: the file's edit.
    undoubted = dataclasses.replace(doubted, loggers_in_doubt=())
    assert loggers_noted(undoubted, "1.14") == {"t1/vw": ""}
    assert edited_parts(undoubted, doubted, "1.14") == ["reason"]
    # A plan saved at 1.13 holds no such data: its note's text says the doubt.
    assert loggers_noted(undoubted, "1.13") == {"t1/vw": DOUBT}
    assert edited_parts(undoubted, doubted, "1.13") == []
