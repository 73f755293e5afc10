"""PYTHONIOENCODING=utf-16: each view was encoded on its own, each with its BOM, so a second view (the
apply report after its plan) put U+FEFF inside the text."""

from __future__ import annotations

import io

import pytest

from iotplan.cli.stdout import write_view


def test_two_views_to_a_utf16_stdout_are_one_utf16_text(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(pipe, encoding="utf-16"))
    write_view("Plan: 1 to add.\n")
    write_view("Apply complete.\n")
    assert pipe.getvalue().decode("utf-16") == "Plan: 1 to add.\nApply complete.\n"
