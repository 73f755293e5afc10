"""`iotplan apply site.yaml` at a terminal, its stdout that very terminal (stdin's; stderr piped here):
the plan is above the question, which says nothing of where it went. Told apart from another terminal
by the device, not by stdout being a terminal."""

from __future__ import annotations

from pathlib import Path

from tests.cli.asked import ask, before_the_question


def test_a_plan_on_the_terminal_of_the_question_is_not_pointed_to(tmp_path: Path) -> None:
    said, _ = ask(None, tmp_path)
    assert not any("The plan was written" in line for line in before_the_question(said)), said.decode()
