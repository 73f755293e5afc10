"""check-platform under `pages-from-one`: its table says `differs` on the A5 paging line, where its
JSON said `"verdict": "fails", "ok": true`, a pair a tool cannot tell from the table; each check now
carries the table's word as `result`. The UNTESTED A3 and A4 lines quoted the lists' refusal whole,
advice included: "run `iotplan check-platform` and report its output", inside check-platform. They
point at the paging line instead, which says whether the platform counts pageNumber otherwise. (The
project holds a connection besides the scratch one: in an empty one the node list read after the
scratch connection's removal is one empty page, which repeats nothing, and A4 holds.)"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_check_platform import with_variant


@pytest.mark.parametrize("variant", [with_variant("pages-from-one")])
def test_check_platform_under_pages_from_one_says_in_json_what_its_table_says(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variant)
    json_run = workspace.run("check-platform", "--project", PROJECT, "--format", "json")
    text_run = workspace.run("check-platform", "--project", PROJECT, "--no-color")
    assert json_run.exit_code == text_run.exit_code == 1, text_run.output
    checks = {line["key"]: line for line in json.loads(json_run.stdout)["checks"]}

    table = {row.split()[0] for row in text_run.stdout.splitlines() if row[:1].isalpha()}
    assert {line["result"] for line in checks.values()} <= {word.lower() for word in table}
    assert (checks["paging"]["verdict"], checks["paging"]["result"]) == ("fails", "differs")
    assert text_run.stdout.count("\nUNTESTED ") == 2, text_run.stdout
    for key in ("device-removal", "connection-removal"):
        assert (checks[key]["result"], checks[key]["ok"]) == ("untested", False), checks[key]
        assert "check-platform" not in checks[key]["saw"], checks[key]
        assert "the A5 paging line says whether it does" in checks[key]["saw"], checks[key]
    assert "run `iotplan check-platform`" not in text_run.stdout
