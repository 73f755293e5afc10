"""A new THREAD logger's or sensor's box and history notes are held to what its plan (format 1.13)
recorded they name (`histories_elsewhere`): a note appearing since the review (another THREAD now
holding the box, a namesake recording its first observation) or naming another is the platform's
doing (apply/stale.py says it, as the platform changed), never the file's; it was refused as the
file's edit, "was the plan file edited or cut?". A note naming what was recorded and worded
otherwise is the file's edit. A plan older than 1.13 reads the notes as it did."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.model import Action, Change
from tests.render.plans import change

NEW = "declared in the manifest, not on the platform"
HOLDER = "/fn/4A1B2C/node/vwlogger/032433/device"
BOX = (
    f"logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node (as {HOLDER}, holding "
    "500 observations), which this manifest does not declare: if this is a gateway swap, that is expected "
    "(a THREAD logger cannot move to another THREAD, so this one starts with no history, which stays on "
    "the old one); if that THREAD is another stack's, this apply makes a second device for one box: "
    "declare it in one manifest only"
)


def new_logger(*notes: str) -> Change:
    return change(
        "t-b/vw",
        Action.CREATE,
        "; ".join([NEW, *notes]),
        live_id="/fn/5D6E7F/node/vwlogger/032433/device",
        histories_elsewhere=(HOLDER,) if notes else (),
        box_notes=notes,
    )


def test_a_history_note_appearing_since_the_review_is_no_edit() -> None:
    assert edited_parts(new_logger(), new_logger(BOX), "1.13") == []
    assert edited_parts(new_logger(BOX), new_logger(), "1.13") == []  # the box gone from there

    reviewed = new_logger(BOX)
    edited = dataclasses.replace(reviewed, reason=reviewed.reason.replace("one manifest", "any manifest"))
    assert edited_parts(edited, new_logger(BOX), "1.13") == ["reason"]
    deleted = dataclasses.replace(reviewed, reason=NEW)
    assert edited_parts(deleted, new_logger(BOX), "1.13") == ["reason"]
    base_edited = dataclasses.replace(reviewed, reason=reviewed.reason.replace("declared in", "made in"))
    assert edited_parts(base_edited, new_logger(), "1.13") == ["reason"]

    older = dataclasses.replace(new_logger(), histories_elsewhere=())
    assert edited_parts(older, new_logger(BOX), "1.12") == ["reason"]  # read as it was
