"""`iotplan apply site.yaml | tee apply.log` at a terminal: stdout is a pipe, so Python buffers it,
and a plan under 8 KiB waited in that buffer while the question (on stderr) asked for an answer:
approval was given to a plan not yet shown. A view is flushed as soon as it is written."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli.asked import ask, before_the_question


def test_apply_asks_for_approval_after_the_plan_reached_a_piped_stdout(tmp_path: Path) -> None:
    said, _ = ask(subprocess.PIPE, tmp_path, stderr=subprocess.STDOUT)
    assert "Plan: 8 to add" in "\n".join(before_the_question(said)), said.decode()
