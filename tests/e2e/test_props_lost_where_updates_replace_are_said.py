"""Where the platform replaces props on update (`update-replaces`, docs/api-assumptions.md A2), a
connection imported (its URL holding a credential, its notes, a prop iotplan does not manage, each left
out of the file) then renamed and applied lost them all, and apply said "Verified: a fresh read shows no
changes", exit 0. The verifying read now says which props each updated entity lost, on stderr."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

PROPS = {
    "NAME": "Legacy feed",
    "URL": "https://bob:hunter2pass@feed.example.com/x",
    "NOTES": "wiki https://admin:pw-secret-9@wiki.example.com",
    "EXTRA": "another tool's",
    "EXTERNAL_ID": "legacy:feed",  # the platform's default (A4): import leaves it out
}


def test_props_an_update_lost_where_the_platform_replaces_them_are_said(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    workspace.integrate({"integration": {"changeState": "new", "refId": "legacy:feed", "props": PROPS}})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    workspace.edit("site.yaml", "name: Legacy feed", "name: Legacy feed (renamed)")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 0, (
        applied.output
    )  # the write is as planned: what the platform drops is its doing
    said = " ".join(caplog.text.split())
    assert "feed: the platform dropped EXTRA, NOTES and URL, which the manifest does not declare" in said
    assert (
        "feed: the platform dropped EXTERNAL_ID (its copy of the connection's refId at creation; iotplan "
        "does not use it)" in said
    )
    assert "check-platform" in said and "A2" in said
    assert "hunter2" not in said + applied.output and "pw-secret" not in said


def test_nothing_is_said_where_the_platform_merges_props(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workspace.integrate({"integration": {"changeState": "new", "refId": "legacy:feed", "props": PROPS}})
    assert (
        workspace.run("import", "--project", PROJECT, "--stack", "legacy", "--out", "site.yaml").exit_code
        == 0
    )
    workspace.edit("site.yaml", "name: Legacy feed", "name: Legacy feed (renamed)")
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "dropped" not in caplog.text
    assert workspace.live_entity("legacy:feed")["props"]["EXTRA"] == "another tool's"


def test_props_a_device_sent_as_it_stands_lost_where_the_platform_replaces_them_are_said(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A device the plan leaves as it is, sent only to reach a new sensor (A2+), was no update to the
    verifying read: the prop another tool set on it was lost and apply said nothing."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    extra = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {"EXTRA": "x"}}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [extra]}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    workspace.edit(QUICKSTART, "          - key: weather\n", NEW_CRACK_METER + "          - key: weather\n")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output  # as planned: what the platform drops is its doing
    assert "EXTRA" not in workspace.live_entity("quickstart:dam-a/logger-1")["props"]
    said = " ".join(caplog.text.split())
    assert (
        "dam-a/logger-1: the platform dropped EXTRA, which iotplan does not manage or holds only masked, "
        "when it was sent as it stands to reach its sensors" in said
    )
    assert "crack-2" not in said  # created, not updated: nothing of it was read before


NEW_CRACK_METER = (
    "              - key: crack-2\n"
    "                name: Crack meter CM-2\n"
    "                metrics: [{metric: f, unit: Hz}]\n"
)


def test_a_connection_renamed_where_updates_replace_props_is_told_its_external_id_is_not_iotplans(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """EXTERNAL_ID, the platform's copy of a connection's refId at creation (A4), is lost at each update
    there; iotplan does not use it, so "set them again in the web app" was no advice (fz74 #7)."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    said = " ".join(caplog.text.split())
    assert (
        "dam-a: the platform dropped EXTERNAL_ID (its copy of the connection's refId at creation; iotplan "
        "does not use it), as a platform whose update replaces props (`iotplan check-platform`, A2) does: "
        "set it again in the platform's web app only if another tool reads it"
    ) in said
    assert "set them again" not in said
