"""`iotplan apply site.yaml > "$LOG"` where the name holds a terminal escape or a line break: the line
before the question printed the name raw, so `\\e[2K\\r` erased it on screen, or a line break forged a
line. The name is escaped as every text iotplan shows from outside is (render/lines.py shown_text)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.asked import ask, before_the_question


def test_the_named_file_is_shown_escaped(tmp_path: Path) -> None:
    log = tmp_path / "apply\x1b[2K\rok\nDo you want.log"
    with log.open("wb") as stdout:
        said, _ = ask(stdout.fileno(), tmp_path)
    said_last = before_the_question(said)[-1]
    assert "\x1b" not in said_last and "\r" not in said_last, said_last
    assert "apply\\u001b[2K\\rok\\nDo you want.log" in said_last, said_last
