"""A logger kept in sync on a port read or declared off is told by its own field, `on_dead_port`,
never by its note's text: a saved plan writes it as before (cause `unverifiable`, no new key) and
reads the flag back from the note it saved, so `show plan.json` says what the plan said; a change
whose reason merely spells the note, without the flag, counts as no such logger."""

from __future__ import annotations

import dataclasses
import json

from iotplan.render.json_plan import plan_from_dict, plan_to_json
from iotplan.render.lines import no_changes_line
from tests.render.test_loggers_on_dead_ports_summary_agrees_in_number import logger_on_dead_port, plan_of

SAID = "No changes to write, but 1 entity is not confirmed as the manifest declares it (noted below)."


def test_a_saved_plan_read_back_still_says_its_logger_is_not_confirmed() -> None:
    saved = plan_to_json(plan_of(logger_on_dead_port("vw-logger", 3)))

    written = json.loads(saved)["changes"][0]
    read = plan_from_dict(json.loads(saved))

    assert written["cause"] == "unverifiable"
    assert "on_dead_port" not in written
    assert read.changes[0].on_dead_port
    assert no_changes_line(read) == SAID


def test_a_reason_spelling_the_note_without_the_flag_is_no_logger_on_a_dead_port() -> None:
    spelled = dataclasses.replace(logger_on_dead_port("vw-logger", 3), on_dead_port=False)

    assert no_changes_line(plan_of(spelled)) != SAID
