"""A connection imported with its feed's token: the file declares `auth_token: ${env:...}`, and a team
that never knew the token, its variable unset, was told only "Export ... and re-run". The refusal also
gives the way out that works without it: delete the `auth_token:` line, leaving the token unmanaged,
as the platform holds it. Done so, the plan shows no changes and the platform keeps the token."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace

WAY_OUT = (
    "Or, where nobody knows the token of a connection that exists already, delete its `auth_token:` line: "
    "iotplan then leaves the token as the platform holds it, unmanaged"
)


def test_an_imported_token_nobody_knows_may_be_left_unmanaged_by_deleting_its_line(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = {
        "changeState": "new",
        "refId": "feed",
        "props": {"NAME": "Feed", "AUTH_TOKEN": "tok-0123456789ab"},
    }
    workspace.integrate({"integration": node})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "site.yaml").read_text()
    (declared,) = [row for row in text.splitlines(keepends=True) if "auth_token: ${env:" in row]
    variable = declared.split("${env:")[1].split("}")[0]
    monkeypatch.delenv(variable, raising=False)

    refused = workspace.run("plan", "site.yaml")
    assert refused.exit_code == 1, refused.output
    assert f"Export {variable} (or set the CI secret) and re-run." in refused.stderr, refused.stderr
    assert WAY_OUT in refused.stderr, refused.stderr

    (workspace.path / "site.yaml").write_text(text.replace(declared, ""))
    planned = workspace.run("plan", "site.yaml", "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output
    assert workspace.live_entity("feed")["props"]["AUTH_TOKEN"] == "tok-0123456789ab"


def test_a_connection_to_create_is_not_told_to_leave_its_token_out(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Created without its token, a feed has none: the way out is for a token the platform holds."""
    monkeypatch.delenv("FEED_TOKEN", raising=False)
    (workspace.path / "new.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        "      - {key: feed, name: Feed, auth_token: '${env:FEED_TOKEN}'}\n"
    )
    refused = workspace.run("plan", "new.yaml")
    assert refused.exit_code == 1 and "Export FEED_TOKEN" in refused.stderr, refused.output
    assert "auth_token:` line" not in refused.stderr, refused.stderr
