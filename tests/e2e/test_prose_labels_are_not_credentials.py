"""A person's label before a colon in live notes (`Passage: north 4`, `Compass: 270 deg`, `Author:
Jane Doe`) holds a credential word only inside a longer word: shown by drift and written by import,
where they hid it and left it out. A label that is a credential word (`Password: ...`) still hides."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

LABELS = ("Passage: north 4", "Compass: 270 deg", "Author: Jane Doe")
SENSORS = ("crack-1", "pz-1", "tilt-1")


def noted(workspace: Workspace, notes: tuple[str, ...]) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensors = [
        {"changeState": "update", "refId": f"quickstart:dam-a/logger-1/{key}", "props": {"NOTES": note}}
        for key, note in zip(SENSORS, notes, strict=False)
    ]
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": sensors}
    workspace.integrate_under("quickstart:dam-a", [device])
    return workspace


def test_drift_and_import_show_a_prose_label_holding_a_credential_word_inside(workspace: Workspace) -> None:
    noted(workspace, LABELS)
    reported = workspace.run("drift", QUICKSTART, "--no-color")
    assert reported.exit_code == 2, reported.output
    assert [label for label in LABELS if label not in reported.output] == []
    imported = workspace.run("import", "--project", PROJECT, "--stack", "imp", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    written = (workspace.path / "imported.yaml").read_text()
    assert [label for label in LABELS if label not in written] == []


def test_a_label_that_is_a_credential_word_still_hides_its_text(workspace: Workspace) -> None:
    noted(workspace, ("Password: hunter2",))
    reported = workspace.run("drift", QUICKSTART, "--no-color")
    assert reported.exit_code == 2, reported.output
    assert "hunter2" not in reported.output


def test_a_label_with_a_credential_word_among_its_words_still_hides_its_text(workspace: Workspace) -> None:
    """`WifiPassword:`, `accessToken:`, `Secrets:`: a word of the label is one, parted as names are."""
    secrets = ("WifiPassword: hunter2", "accessToken: abc123xyz", "Secrets: s3cr3tval")
    noted(workspace, secrets)
    reported = workspace.run("drift", QUICKSTART, "--no-color")
    assert reported.exit_code == 2, reported.output
    imported = workspace.run("import", "--project", PROJECT, "--stack", "imp", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    shown = reported.output + (workspace.path / "imported.yaml").read_text()
    assert [value for value in ("hunter2", "abc123xyz", "s3cr3tval") if value in shown] == []
