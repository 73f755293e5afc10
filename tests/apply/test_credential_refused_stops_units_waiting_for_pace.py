"""A credential the platform refuses (a 401) stops the writes of the units already started too:
waiting for `--rate-limit`'s pace, they sent each its write only to be refused alike. Now their
writes are not sent, their changes reported not applied; and the JSON report's reason names the unit
and its error, not a text "above" that JSON mode does not print."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.cli.test_entities_per_call import Handle, Proxy
from tests.e2e.conftest import PROJECT, Workspace

SITES = ("a", "b", "c", "d")


def fleet(device_name: str) -> str:
    nodes = "".join(
        f"      - key: {site}\n        kind: api\n        name: conn {site}\n        devices:\n"
        f"          - {{key: d1, name: {device_name}}}\n"
        for site in SITES
    )
    return f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"


class Revoked(Proxy):
    """The API key revoked: every integrate call answered 401, none passed on."""

    def __init__(self) -> None:
        super().__init__()
        self.integrates = 0

    def before(self, handle: Handle) -> Handle:
        async def answer(request: httpx.Request) -> httpx.Response:
            if not request.url.path.endswith("/integrations/integrate"):
                return await handle(request)
            self.integrates += 1
            refusal = {"code": "Unauthorized", "message": "API key revoked"}
            return httpx.Response(401, json={"error": refusal}, request=request)

        return answer


def apply(workspace: Workspace, device_name: str, *flags: str) -> Any:
    (workspace.path / "fleet.yaml").write_text(fleet(device_name))
    return workspace.run("apply", "fleet.yaml", "--auto-approve", "--no-color", *flags)


@pytest.fixture
def revoked(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Revoked:
    assert apply(workspace, "device").exit_code == 0
    proxy = Revoked()
    proxy.install(monkeypatch)
    return proxy


def renamed_at_pace(workspace: Workspace) -> Any:
    """Every site's device renamed, the four units started at once, spaced at 2 requests a second."""
    flags = ("--parallelism", "4", "--rate-limit", "120/min", "--format", "json")
    return apply(workspace, "renamed", *flags)


def test_units_waiting_for_their_pace_send_no_write_once_the_credential_is_refused(
    workspace: Workspace, revoked: Revoked
) -> None:
    result = renamed_at_pace(workspace)
    assert result.exit_code == 1, result.output
    assert revoked.integrates == 1  # the refused one: the others' writes were withdrawn, not sent
    outcomes = json.loads(result.stdout)["outcomes"]
    [refused] = [outcome for outcome in outcomes if outcome["status"] == "failed"]
    others = [outcome for outcome in outcomes if outcome is not refused]
    assert [outcome["status"] for outcome in others] == ["not started"] * 3
    for outcome in others:
        assert (outcome["calls"], outcome["applied"], outcome["outcome_unknown"]) == (0, [], [])
        assert outcome["not_applied"] == [f"{outcome['connection']}/d1"]
        assert outcome["message"].startswith(f"not started: credentials refused at {refused['connection']}")


def test_the_json_reason_names_the_unit_and_its_error_not_text_above(
    workspace: Workspace, revoked: Revoked
) -> None:
    result = renamed_at_pace(workspace)
    stopped = json.loads(result.stdout)["stopped"]
    assert "above" not in stopped, stopped
    assert stopped.startswith("credentials refused at ") and "API key revoked" in stopped, stopped
