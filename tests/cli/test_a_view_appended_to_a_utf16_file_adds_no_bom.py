"""`iotplan plan site.yaml >> plan.log` under PYTHONIOENCODING=utf-16: the view's encoder started with a
BOM whatever the file held, so the second run's view put a U+FEFF inside the text. As Python's own
text files do, a stream opened past its start gets none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from iotplan.cli.stdout import write_view


def test_a_view_appended_to_a_utf16_file_adds_no_bom(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = tmp_path / "plan.log"
    log.write_bytes("Plan: 1 to add.\n".encode("utf-16"))
    with log.open("ab") as appended:
        monkeypatch.setattr("sys.stdout", io.TextIOWrapper(appended, encoding="utf-16"))
        write_view("Plan: 0 to add.\n")
    assert log.read_bytes().decode("utf-16") == "Plan: 1 to add.\nPlan: 0 to add.\n"
