"""Names opening with an HTTP scheme's word (`Bearer Creek feed`, `Basic Outflow logger`, `Bearer lake
level`): plans and drift show their live value, and `import` writes them. Each was `(sensitive)`, and
import left the name out as holding a credential."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

NAMES = {
    "Lake Ellen dam - datalogger feed": "Bearer Creek feed",
    "Crest datalogger": "Basic Outflow logger",
    "Piezometer PZ-1": "Bearer lake level",
}


@pytest.fixture
def applied(workspace: Workspace) -> Workspace:
    for name, named in NAMES.items():
        workspace.edit(QUICKSTART, f"name: {name}", f"name: {named}")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    return workspace


@pytest.mark.parametrize("command", ["plan", "drift"])
def test_plan_and_drift_show_the_live_names(applied: Workspace, command: str) -> None:
    for name in NAMES.values():
        applied.edit(QUICKSTART, f"name: {name}", f"name: {name} 2")
    shown = applied.run(command, QUICKSTART, "--no-color")
    assert shown.exit_code in (0, 2), shown.output
    assert "(sensitive)" not in shown.stdout
    assert [name for name in NAMES.values() if f'"{name}"' not in shown.stdout] == []


def test_import_writes_the_names(applied: Workspace) -> None:
    imported = applied.run("import", "--project", PROJECT, "--stack", "quickstart", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    written = (applied.path / "imported.yaml").read_text()
    assert "not imported" not in written
    assert [name for name in NAMES.values() if f"name: {name}\n" not in written] == []
