"""`iotplan apply site.yaml > apply.log` at a terminal: the plan went to the file and the question
came on the screen with nothing above it to approve. The question says where the plan is."""

from __future__ import annotations

from pathlib import Path

from tests.cli.asked import ask, before_the_question


def test_the_question_names_the_file_stdout_is(tmp_path: Path) -> None:
    log = tmp_path / "apply.log"
    with log.open("wb") as stdout:
        said, _ = ask(stdout.fileno(), tmp_path)
    assert b"Plan: 8 to add" in log.read_bytes()
    assert str(log) in before_the_question(said)[-1], said.decode()
