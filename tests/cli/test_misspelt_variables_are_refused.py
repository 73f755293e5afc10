"""`IOTPLAN_ENDPONT=... IOTPLAN_APIKEY=... iotplan apply site.yaml --auto-approve` applied to the
embedded demo platform and exited 0, "Apply complete": in CI, a green deploy that deployed nothing."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_apply_with_misspelt_variables_fails_before_the_embedded_platform_is_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_ENDPONT", "https://iiot.example.invalid")
    monkeypatch.setenv("IOTPLAN_APIKEY", "real-key-123")
    result = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "did you mean IOTPLAN_API_KEY?" in result.stderr and "real-key-123" not in result.output
    assert not (workspace.path / ".iotplan").exists()
