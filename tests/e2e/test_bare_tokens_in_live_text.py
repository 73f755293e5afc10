"""A token pasted into live text with no name before it (a JWT, as IMS hands out bearer tokens; a
GitHub or AWS key): known by its shape, it is hidden in every plan and drift view as a named one is,
and `import` writes no manifest field of it. Ordinary serials, UUIDs and units stay visible."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMSVZFIn0.LIVEjwt2sig"
GITHUB = "ghp_GHtok16charsABCDEFGHIJKLMNOPQRSTUVWX"
AWS = "AKIAIOSFODNN7EXAMPLE"
NOTES = {
    "quickstart:dam-a/logger-1/crack-1": f"tok {JWT}",
    "quickstart:dam-a/logger-1/pz-1": f"gh {GITHUB}",
    "quickstart:dam-a/logger-1/tilt-1": f"aws {AWS}",
}
CANARIES = ("LIVEjwt2sig", "GHtok16chars", AWS)


@pytest.fixture
def pasted(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensors = [
        {"changeState": "update", "refId": ref, "props": {"NOTES": notes}} for ref, notes in NOTES.items()
    ]
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": sensors}
    workspace.integrate_under("quickstart:dam-a", [device])
    return workspace


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_a_plan_hides_a_bare_token_in_live_notes(pasted: Workspace, output: str) -> None:
    planned = pasted.run("plan", QUICKSTART, "--format", output, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    shown = planned.output + (pasted.path / "plan.json").read_text()
    assert "notes" in shown and not [canary for canary in CANARIES if canary in shown]


@pytest.mark.parametrize("output", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_hides_a_bare_token_in_live_notes(pasted: Workspace, output: str) -> None:
    reported = pasted.run("drift", QUICKSTART, "--format", output)
    assert reported.exit_code == 2, reported.output
    assert not [canary for canary in CANARIES if canary in reported.output]


def test_import_writes_no_field_of_a_bare_token(pasted: Workspace) -> None:
    imported = pasted.run("import", "--project", PROJECT, "--stack", "imp", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    written = (pasted.path / "imported.yaml").read_text()
    assert not [canary for canary in CANARIES if canary in written + imported.output]
    assert "crack-1" in written
