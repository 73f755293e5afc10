"""A new THREAD logger or sensor named like one that keeps its history elsewhere says what that one
holds, which grows while it reports: a saved or confirmed plan whose note counts fewer observations
(or fewer others of that name holding some) than a plan made now is no edit of the plan file (cr107
F1: one reading more refused it, "was the plan file edited or cut?"). Any other word of the note
edited is the file's."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.model import Action, Change
from tests.render.plans import change

NEW = "declared in the manifest, not on the platform"
ON_ANOTHER = (
    "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor on another THREAD has its name and keeps its {}: "
    "a THREAD sensor cannot move to another THREAD, so this one starts with no history"
)
SENSOR = "/fn/5D6E7F/node/vwlogger/032433/device/pz-1/sensor"


def new_sensor(note: str) -> Change:
    return change("t-b/vw/pz-1", Action.CREATE, f"{NEW}; {note}", live_id=SENSOR)


def test_history_note_counts_grown_since_the_review_are_no_edit() -> None:
    reviewed = new_sensor(ON_ANOTHER.format("500 observations"))
    grown = ON_ANOTHER.format("501 observations (another of that name holds observations too)")
    assert edited_parts(reviewed, new_sensor(grown)) == []
    assert edited_parts(reviewed, new_sensor(ON_ANOTHER.format("an unknown number of observations"))) == []
    edited = dataclasses.replace(reviewed, reason=reviewed.reason.replace("another THREAD", "this THREAD"))
    assert edited_parts(edited, reviewed) == ["reason"]
