"""An imported connection's token nobody knows, its `auth_token:` line deleted (the way out the unset
token's refusal gives): the token is unmanaged, and where updates replace props (`update-replaces`,
check-platform A2) the next update of the connection drops it. A rename planned and applied there
loses it as A2 loses every prop an update does not send: the plan (which cannot know the platform
replaces) shows the rename alone, as it shows no other unmanaged prop an update drops, and apply's
verifying read names AUTH_TOKEN dropped on stderr (never its value), the exit code the write's: 0.
Pinned here: the loss is said, not silent, and the refusal that offered the way out said it first."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace

TOKEN = "tok-0123456789ab"


def imported_without_its_token(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    node = {"changeState": "new", "refId": "feed", "props": {"NAME": "Feed", "AUTH_TOKEN": TOKEN}}
    workspace.integrate({"integration": node})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "site.yaml").read_text()
    (declared,) = [row for row in text.splitlines(keepends=True) if "auth_token: ${env:" in row]
    (workspace.path / "site.yaml").write_text(text.replace(declared, ""))
    workspace.edit("site.yaml", "name: Feed", "name: Feed (renamed)")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")


def test_a_rename_where_updates_replace_says_the_unmanaged_token_it_drops(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    imported_without_its_token(workspace, monkeypatch)
    planned = workspace.run("plan", "site.yaml", "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output
    assert "Plan: 0 to add, 1 to change, 0 to destroy." in planned.stdout
    assert "auth_token" not in planned.output.lower()  # as for any unmanaged prop lost under A2
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 0, (
        applied.output
    )  # the write is as planned: what is dropped, the platform's doing
    said = " ".join(caplog.text.split())
    assert "feed: the platform dropped AUTH_TOKEN, which the manifest does not declare" in said
    assert "check-platform" in said and "A2" in said
    assert TOKEN not in said + applied.output + planned.output
    assert "AUTH_TOKEN" not in workspace.live_entity("feed")["props"]


def test_where_updates_merge_the_unmanaged_token_is_kept_and_nothing_is_said(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    imported_without_its_token(workspace, monkeypatch)
    monkeypatch.delenv("IOTPLAN_SIM_VARIANTS")
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    assert "dropped" not in caplog.text
    assert workspace.live_entity("feed")["props"]["AUTH_TOKEN"] == TOKEN
