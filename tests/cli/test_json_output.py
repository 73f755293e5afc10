"""The JSON plan reaches stdout whether stdout takes bytes or only text."""

from __future__ import annotations

import contextlib
import io
import json

from iotplan.cli.stdout import write_chunks as _write_chunks
from iotplan.render import plan_json_chunks
from tests.render.plans import SCENARIOS


def test_a_text_only_stdout_gets_the_plan_as_text() -> None:
    the_plan = SCENARIOS["update"]()
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        _write_chunks(plan_json_chunks(the_plan))
    assert json.loads(captured.getvalue())["summary"]["change"] == the_plan.summary.change
