"""A THREAD node whose LOCATION another writer stored with text coordinates and keys of its own holding
secrets (an API key, a Bearer token), renamed, on a platform whose update* checks types
(`rpc-update-types-strict`): the refusal quotes the held LOCATION masked, as REST's refusal and the plan
do, in `apply` of the manifest, of a saved plan and `--format json` alike; its step still names the
keys to remove."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc
from tests.e2e.test_thread_renamed_keeps_a_port_and_channel_held_as_text import TEXT_LOCATION

API_KEY = "sk_live_51HxQsecretKEYzz9"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQssw5c"
)
SECRETS = (API_KEY, "51HxQsecret", JWT, "eyJhbGci", "SflKxwRJ")


def test_a_rename_refused_over_a_held_location_never_shows_the_secrets_in_its_keys(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    held = {**TEXT_LOCATION, "api_key": API_KEY, "auth": f"Bearer {JWT}"}
    rpc(workspace, "updateNode", {"node": NODE, "props": {"LOCATION": held}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-types-strict")
    workspace.edit(SITE, "name: Tunnel Section 3 THREAD", "name: Tunnel S3 THREAD")
    assert workspace.run("plan", SITE, "--out", "p.plan").exit_code == 0
    runs = [
        workspace.run("--no-color", "apply", SITE, "--auto-approve"),
        workspace.run("--no-color", "apply", "p.plan", "--auto-approve"),
        workspace.run("--no-color", "apply", SITE, "--auto-approve", "--format", "json"),
    ]
    for applied in runs:
        assert applied.exit_code == 1, applied.output
        assert "LOCATION as the platform holds it" in applied.output
        assert "removing its keys api_key and auth" in " ".join(applied.output.split())
        assert [secret for secret in SECRETS if secret in applied.output] == []
    assert [secret for secret in SECRETS if secret in (workspace.path / "p.plan").read_text()] == []
