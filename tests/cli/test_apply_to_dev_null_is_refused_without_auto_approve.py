"""`iotplan apply site.yaml > /dev/null` at a terminal: the plan was thrown away, yet the run asked
`Do you want to perform these actions?` after `The plan was written to stdout, which is not this
terminal (/dev/null): read it there first.` Nobody can read it there, so a `yes` approved writes never
shown. It is refused before any read, as `--format json` without --auto-approve is."""

from __future__ import annotations

from pathlib import Path

from tests.cli.asked import QUESTION, ask


def test_a_plan_thrown_away_is_refused_not_asked(tmp_path: Path) -> None:
    with open("/dev/null", "wb") as null:
        said, code = ask(null.fileno(), tmp_path)
    assert QUESTION not in said and code == 1, said.decode()
    assert "stdout is /dev/null" in said.decode() and "--auto-approve" in said.decode(), said.decode()
    assert not (tmp_path / "sim.db").exists()  # refused before the platform was opened
