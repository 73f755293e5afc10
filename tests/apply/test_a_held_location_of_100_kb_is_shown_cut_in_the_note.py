"""A LOCATION another tool stored with a 100 KB key of its own: the plan's note, one line, quotes the
held value cut (how much is said, the keys named), not 100 KB of it; the step still names the key to
remove and `held_forms`, the data, keeps the value whole."""

from __future__ import annotations

import json
import re

from iotplan.apply.bodies import held_form_notes, held_forms_worded
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER = "site:dam-a/logger-1"
BIG = "A" * 100_000


def test_a_100_kb_held_location_is_quoted_cut_naming_its_keys() -> None:
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = {"type": "Point", "coordinates": [174.78, -41.27, 20.0], "crs": {"big": BIG}}
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest")), live)
    [(line, [held])] = held_form_notes(list(plan.changes), {logger.id: dict(logger.props)}).items()
    assert json.loads(held.held)["crs"]["big"] == BIG
    note = held_forms_worded(line, [held])
    assert len(note) < 2_000, len(note)
    said = re.search(r"… \((\d[\d,]*) more characters, its keys coordinates, crs and type\)", note)
    assert said, note
    shown = len(held.held) - int(said[1].replace(",", ""))  # the count is what the quote leaves out
    assert f"{held.held[:shown]}… (" in note
    assert "removing its key crs" in note
