"""A --force-write-only write of a setting the gateway cannot report back (a port's `mode`) whose
answer was lost: the report's line for it said plan cannot tell and that `apply --force-write-only`
writes it again, but the unit's message above it, and the closing error, still said "run `iotplan
plan` to see the truth", which shows such a setting unverifiable, "No changes". Every line agrees."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import Workspace
from tests.served import seed_with_gateway_ports, served

LOST = {"drop_rate": 1.0, "routes": "/api/deviceRsSel"}
SEE_THE_TRUTH = "run `iotplan plan` to see the truth"
CANNOT_TELL = (
    "the gateway cannot report it back, so no plan can tell: an apply with --force-write-only writes it again"
)


def one_forced_mode(workspace: Workspace, host: str) -> str:
    """thread-south alone, its port 1's mode, which no read reports, declared."""
    (workspace.path / "south.yaml").write_text(
        "apiVersion: iotplan/v1\nstack: edge\nprojects:\n"
        "  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
        "      - {key: thread-south, kind: thread, id: /fn/5D6E7F/node, edge: "
        f"{{host: '{host}', port1: {{power: 15V, mode: RS485}}}}}}\n"
    )
    return "south.yaml"


def test_a_lost_forced_write_is_not_sent_to_plan_by_its_message_nor_the_closing_error(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = seed_with_gateway_ports(tmp_path)
    (host,) = [g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "5D6E7F"]
    manifest = one_forced_mode(workspace, host)
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed) as url:
        httpx.post(f"{url}/_sim/faults", json=LOST).raise_for_status()
        text = workspace.run("apply", manifest, "--endpoint", url, "--auto-approve", "--force-write-only")
        as_json = workspace.run(
            "apply", manifest, "--endpoint", url, "--auto-approve", "--force-write-only", "--format", "json"
        )

    assert text.exit_code == 1, text.output
    said = " ".join(text.output.split())
    assert SEE_THE_TRUTH not in said, said
    assert "got no answer (RemoteProtocolError" in said and CANNOT_TELL in said, said
    assert "`iotplan plan` cannot tell: `iotplan apply --force-write-only` writes it again" in said, said
    (outcome,) = json.loads(as_json.stdout)["outcomes"]
    assert outcome["outcome_unknown"] == ["thread-south/edge/port1.mode"]
    assert SEE_THE_TRUTH not in outcome["message"] and CANNOT_TELL in outcome["message"], outcome
