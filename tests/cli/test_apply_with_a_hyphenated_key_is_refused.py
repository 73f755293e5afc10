"""`env 'IOTPLAN-API-KEY=...' iotplan apply site.yaml --auto-approve` (a name Docker, compose and
systemd pass on) applied to the embedded demo platform and exited 0: a green deploy that deployed
nothing. It is refused before the embedded platform is made."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_apply_with_a_hyphenated_key_fails_before_the_embedded_platform_is_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN-API-KEY", "real-key-123")
    result = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "'IOTPLAN-API-KEY' (did you mean IOTPLAN_API_KEY?)" in result.stderr
    assert "real-key-123" not in result.output
    assert not (workspace.path / ".iotplan").exists()
