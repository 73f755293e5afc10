"""`iotplan apply site.yaml > apply.log` with apply.log deleted while open (a log rotated away): the
plan went to a file nobody can open again, yet the question asked for its approval. Refused as
`> /dev/null` is, saying the file is deleted."""

from __future__ import annotations

from pathlib import Path

from tests.cli.asked import QUESTION, ask


def test_a_plan_to_a_deleted_file_is_refused_not_asked(tmp_path: Path) -> None:
    log = tmp_path / "apply.log"
    with log.open("wb") as stdout:
        log.unlink()
        said, code = ask(stdout.fileno(), tmp_path)
    assert QUESTION not in said and code == 1, said.decode()
    assert f"(stdout is {log}, deleted)" in said.decode(), said.decode()
