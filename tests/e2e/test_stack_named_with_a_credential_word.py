"""A stack named with a credential word (`pin`, `bearer-lake`: valid stacks): plans show the
connection's refId, and `import` finds the stack by its refIds. Each was `(sensitive)`, and import
named no stack ("found: none")."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

NAMES = {"Lake Ellen dam - datalogger feed": "Lake Ellen feed", "Crest datalogger": "Crest logger"}


@pytest.fixture(params=["pin", "bearer-lake"])
def stack(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def applied(workspace: Workspace, stack: str) -> Workspace:
    workspace.edit(QUICKSTART, "stack: quickstart", f"stack: {stack}")
    for name, named in NAMES.items():
        workspace.edit(QUICKSTART, f"name: {name}", f"name: {named}")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    return workspace


def test_a_plan_shows_the_ref_ids_and_the_names(applied: Workspace, stack: str) -> None:
    for name in NAMES.values():
        applied.edit(QUICKSTART, f"name: {name}", f"name: {name} 2")
    planned = applied.json("plan", QUICKSTART)
    befores = [change["before"] for change in planned["changes"] if change["before"]]
    assert "(sensitive)" not in str(befores)
    assert {"name": "Lake Ellen feed", "external_id": f"{stack}:dam-a"}.items() <= befores[0].items()


def test_import_finds_the_stack_by_its_ref_ids(applied: Workspace) -> None:
    imported = applied.run("import", "--project", PROJECT, "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    written = (applied.path / "imported.yaml").read_text()
    assert "not imported" not in written
    assert [name for name in NAMES.values() if f"name: {name}\n" not in written] == []
    planned = applied.run("plan", "imported.yaml", "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output
