"""A live name or notes holding the feed token this run resolves, or naming a credential inside
itself (`Password=...;`, `ApiKey ...`), as another tool may write them: no plan, saved plan, drift
report or merge shows them, and the saved plan still applies, writing the manifest's text (review
fz7, findings 1 and 2)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

TOKEN = "feed-token-of-this-run-7f3c1111aaaa"
PASSWORD = "db-password-7f410000"
API_KEY = "platform-key-7f3a1111aaaa"
DECLARED_NAME = "Lake Ellen dam - datalogger feed"


@pytest.fixture
def leaky(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The quickstart, its feed given a token, applied; then the feed's name and notes and the
    logger's notes (neither notes declared) written behind its back."""
    monkeypatch.setenv("FEED_TOKEN", TOKEN)
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: '${env:FEED_TOKEN}'\n"
    )
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    feed = {"NAME": f"made with {TOKEN}", "NOTES": f"SQL source Server=db1;User Id=iot;Password={PASSWORD};"}
    logger = {"NOTES": f"pushed with ApiKey {API_KEY}"}
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": logger, "sensors": []}
    workspace.integrate(
        {"integration": {"nodeId": node["id"], "changeState": "update", "props": feed, "devices": [device]}}
    )
    assert workspace.live_entity("quickstart:dam-a")["props"]["NOTES"].endswith(f"{PASSWORD};")
    return workspace


def _in_clear(text: str) -> list[str]:
    return [secret for secret in (TOKEN, PASSWORD, API_KEY) if secret in text]


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_a_plan_shows_none_of_them(leaky: Workspace, output_format: str) -> None:
    planned = leaky.run("plan", QUICKSTART, "--format", output_format)
    assert planned.exit_code == 0, planned.output
    assert _in_clear(planned.output) == []
    if output_format == "text":
        assert f'name: (sensitive) → "{DECLARED_NAME}"' in planned.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_shows_none_of_them(leaky: Workspace, output_format: str) -> None:
    drift = leaky.run("drift", QUICKSTART, "--format", output_format)
    assert drift.exit_code == 2, drift.output
    assert _in_clear(drift.output) == []
    assert "(sensitive)" in drift.stdout


def test_a_saved_plan_holds_none_of_them_and_applies_the_manifests_name(leaky: Workspace) -> None:
    assert leaky.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    assert _in_clear((leaky.path / "plan.json").read_text()) == []
    applied = leaky.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert _in_clear(applied.output) == []
    assert leaky.live_entity("quickstart:dam-a")["props"]["NAME"] == DECLARED_NAME


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_merge_of_shard_plans_shows_none_of_them(leaky: Workspace, output_format: str) -> None:
    for shard in ("1/2", "2/2"):
        planned = leaky.run("plan", QUICKSTART, "--shard", shard, "--out", f"shard-{shard[0]}.json")
        assert planned.exit_code == 0, planned.output
    merged = leaky.run("merge", "shard-1.json", "shard-2.json", "--format", output_format)
    assert merged.exit_code == 2, merged.output
    assert _in_clear(merged.output) == []
