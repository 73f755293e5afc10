"""check-platform under `pages-from-one`: the UNTESTED A3 and A4 lines cut their reason mid-sentence
("… or the p…"), the part cut being the advice (fz112). Each line's reason is whole now (fx393)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_check_platform import SECOND, with_variant


@pytest.mark.parametrize("variant", [with_variant("pages-from-one")])
def test_check_platform_untested_lines_keep_their_advice_whole(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variant)
    report = json.loads(workspace.run("check-platform", "--project", SECOND, "--format", "json").stdout)
    text = workspace.run("check-platform", "--project", SECOND, "--no-color").stdout

    untested = [line for line in report["checks"] if line["verdict"] == "untested"]
    assert untested, report["checks"]
    for line in untested:
        assert "…" not in line["saw"] + line["iotplan"], line
        assert line["saw"].endswith("the A5 paging line says whether it does)"), line  # its advice, whole
    rows = _untested_rows(text)
    assert "…" not in rows and "says whether it does)" in " ".join(rows.split()), text


def _untested_rows(text: str) -> str:
    """The text table's UNTESTED lines, each with the wrapped lines beneath it."""
    rows, inside = [], False
    for row in text.splitlines():
        inside = row.startswith("UNTESTED") or (inside and row.startswith(" "))
        if inside:
            rows.append(row)
    return "\n".join(rows)
