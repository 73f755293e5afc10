"""On-device mode as a THREAD's timer runs it: the edge example's manifest, run on one THREAD,
plans and applies that THREAD's own settings through its local API, with no platform.

The embedded platform's THREAD 5D6E7F (thread-south) is moved to `localhost`, so it stands in
for the gateway's own `http://localhost/api`, the default; `--sim-db` reaches it in-process.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import Result

from tests.e2e.conftest import Workspace
from tests.served import free_port, seed_with_gateway_ports, served

EDGE = "examples/edge/site.yaml"
SIM = ".iotplan/sim.db"


@pytest.fixture
def thread(workspace: Workspace) -> Workspace:
    """The workspace, its THREAD 5D6E7F answering at localhost."""
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    return workspace


def on_device(workspace: Workspace, command: str, *args: str, manifest: str = EDGE) -> Result:
    return workspace.run(command, manifest, "--on-device", "--sim-db", SIM, *args)


def writes(workspace: Workspace) -> dict[str, int]:
    return {g["serial"]: g["writes"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]}


def settings(workspace: Workspace, serial: str) -> dict:
    [gateway] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == serial]
    return dict(gateway)


def test_the_dry_run_shows_this_threads_changes_only_and_writes_nothing(thread: Workspace) -> None:
    before = writes(thread)
    result = on_device(thread, "plan", "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    assert "Target: the THREAD at http://localhost (on-device" in result.stderr
    assert "~ edge thread-south/edge/port1.baud_rate: differs from the manifest" in result.stdout
    assert "thread-north" not in result.stdout and "thread-portal" not in result.stdout
    assert "Plan: 0 to add, 4 to change, 0 to destroy." in result.stdout
    assert "requests to this THREAD (its local API, none to the platform)" in result.stdout
    assert writes(thread) == before


def test_apply_converges_and_a_second_run_is_a_no_op(thread: Workspace) -> None:
    before = writes(thread)
    applied = on_device(thread, "apply", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "thread-south/edge: applied (4 changes)" in applied.stdout
    assert "Verified: a fresh read shows no changes." in applied.stdout
    after = writes(thread)
    assert {serial: after[serial] - before[serial] for serial in after} == {
        "4A1B2C": 0,
        "5D6E7F": 3,  # port 1's serial properties in one request, power, connection
        "8A9B0C": 0,
        "6C7D8E": 0,
    }
    port = settings(thread, "5D6E7F")["ports"]["1"]["config"]
    assert (port["BAUD_RATE"], port["PARITY_BIT"]) == (19200, "EVEN")
    again = on_device(thread, "apply", "--auto-approve")
    assert again.exit_code == 0, again.output
    # a port's mode is never written nor compared (unverifiable): the THREAD matches but for it
    assert (
        "No changes. This THREAD matches the manifest but for 1 setting iotplan cannot verify" in again.stdout
    )
    assert writes(thread) == after
    assert on_device(thread, "plan", "--detailed-exitcode").exit_code == 0


def test_the_outcome_and_the_plan_come_as_json_too(thread: Workspace) -> None:
    plan = json.loads(on_device(thread, "plan", "--format", "json").stdout)
    assert plan["target_identity"] == "thread:5D6E7F"
    assert {c["address"] for c in plan["changes"]} >= {"thread-south/edge/port1.baud_rate"}
    assert all(c["address"].startswith("thread-south/") for c in plan["changes"])
    result = on_device(thread, "apply", "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [outcome] = report["outcomes"]
    assert outcome["connection"] == "thread-south/edge" and outcome["status"] == "applied"


def test_a_manifest_without_this_threads_node_is_refused_naming_the_serial(thread: Workspace) -> None:
    before = writes(thread)
    for command, *flags in (("plan",), ("apply", "--auto-approve")):
        result = on_device(thread, command, *flags, manifest="examples/quickstart/site.yaml")
        assert result.exit_code == 1
        assert "this THREAD reports serial 5D6E7F" in result.stderr
        assert "declares no node /fn/5D6E7F/node" in result.stderr
    assert writes(thread) == before


def test_a_plan_saved_on_another_thread_is_not_applied_here(thread: Workspace) -> None:
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"host": "127.0.0.1:8402"})
    thread.api("POST", "/_sim/gateways/4A1B2C", json={"host": "localhost"})
    assert on_device(thread, "plan", "--out", "north.json").exit_code == 0
    thread.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:8401"})
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    before = writes(thread)
    result = on_device(thread, "apply", manifest="north.json")
    assert result.exit_code == 1
    assert "made against thread:4A1B2C, not on this THREAD (thread:5D6E7F)" in result.stderr
    assert writes(thread) == before


def test_a_plan_saved_on_this_thread_applies_without_a_prompt(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    result = on_device(thread, "apply", manifest="south.json")
    assert result.exit_code == 0, result.output
    assert on_device(thread, "plan", "--detailed-exitcode").exit_code == 0


def test_a_plan_saved_on_this_thread_whose_manifest_lost_its_node_is_stale_not_nodeless(
    thread: Workspace,
) -> None:
    """Its node moved to another serial: planned again, this THREAD would have no node to plan."""
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    thread.edit(EDGE, "id: /fn/5D6E7F/node", "id: /fn/5D6E70/node")
    before = writes(thread)
    result = on_device(thread, "apply", manifest="south.json")
    assert result.exit_code == 1 and "declares no node" not in result.stderr
    assert (
        f"the manifest {EDGE} changed since the plan was made: run `iotplan plan {EDGE} --on-device` again"
        in result.stderr
    )
    assert writes(thread) == before


@pytest.mark.parametrize("url", [(), ("--gateway-url", "http://localhost")], ids=["default-url", "given-url"])
def test_the_saved_plans_hint_is_a_command_that_applies_it_on_this_thread(
    thread: Workspace, url: tuple[str, ...]
) -> None:
    saved = on_device(thread, "plan", *url, "--out", "south.json")
    hint = re.search(r"apply it with `iotplan (apply .*)`\.", saved.stderr)
    assert hint, saved.stderr
    hinted = shlex.split(hint.group(1))
    assert "--on-device" in hinted and all(option in hinted for option in url)
    result = thread.run(*hinted, "--sim-db", SIM)  # the embedded THREAD stands in for localhost
    assert result.exit_code == 0, result.output
    assert on_device(thread, "plan", "--detailed-exitcode").exit_code == 0


def test_a_gateway_url_with_a_password_is_refused_without_showing_it(thread: Workspace) -> None:
    saved = on_device(thread, "plan", "--gateway-url", "http://gw:GwUrlPw77@localhost", "--out", "south.json")
    assert saved.exit_code == 1 and "GwUrlPw77" not in saved.output, saved.output
    assert "--gateway-url holds a user name or password" in saved.stderr
    assert not (thread.path / "south.json").exists()


def test_settings_that_can_cut_the_thread_off_need_allow_disconnect(workspace: Workspace) -> None:
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": "localhost"})
    workspace.edit(EDGE, "cloud_connection: true", "cloud_connection: false")
    before = writes(workspace)
    refused = on_device(workspace, "apply", "--auto-approve")
    assert refused.exit_code == 1
    assert "can cut a gateway off" in refused.stderr and "--allow-disconnect" in refused.stderr
    assert writes(workspace) == before  # refused before the first write, the safe ones too
    allowed = on_device(workspace, "apply", "--auto-approve", "--allow-disconnect")
    assert allowed.exit_code == 0, allowed.output
    assert settings(workspace, "8A9B0C")["cloud_connection"] is False


@pytest.mark.parametrize(("status", "said"), [("unreachable", "no THREAD answers at"), ("asleep", "asleep")])
def test_a_thread_that_does_not_answer_exits_non_zero_and_says_so(
    thread: Workspace, status: str, said: str
) -> None:
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"status": status})
    for command, *flags in (("plan",), ("apply", "--auto-approve")):
        result = on_device(thread, command, *flags)
        assert result.exit_code == 1
        assert said in result.stderr and "http://localhost" in result.stderr
        assert "Traceback" not in result.output


def test_nothing_listening_at_the_gateway_url_is_one_clear_line(workspace: Workspace) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = workspace.run("plan", EDGE, "--on-device", "--gateway-url", url)
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.startswith(f"Error: no THREAD answers at {url}, so this machine's gateway cannot be known")
    assert "give --gateway-url" in line


def test_gateway_url_without_on_device_and_on_device_with_an_endpoint_are_refused(
    workspace: Workspace,
) -> None:
    alone = workspace.run("plan", EDGE, "--gateway-url", "http://localhost")
    assert alone.exit_code == 1 and "--gateway-url is for --on-device" in alone.output
    both = workspace.run("plan", EDGE, "--on-device", "--endpoint", "http://127.0.0.1:8400")
    assert both.exit_code == 1 and "drop --endpoint" in both.output


def test_on_device_with_an_rpc_endpoint_is_refused_as_with_an_endpoint(workspace: Workspace) -> None:
    refused = workspace.run("plan", EDGE, "--on-device", "--rpc-endpoint", "ws://127.0.0.1:4201/")
    assert refused.exit_code == 1 and "never to a platform: drop --rpc-endpoint" in refused.output


def test_on_device_over_real_sockets_needs_no_platform_credential(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = seed_with_gateway_ports(tmp_path)
    south = next(g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "5D6E7F")
    # A platform named in the environment that does not exist: on-device mode never asks it.
    monkeypatch.setenv("IOTPLAN_ENDPOINT", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("IOTPLAN_API_KEY", "not-a-key")
    with served(seed):
        monkeypatch.setenv("IOTPLAN_GATEWAY_URL", f"http://{south}")
        applied = workspace.run("apply", EDGE, "--on-device", "--auto-approve")
        assert applied.exit_code == 0, applied.output
        assert workspace.run("plan", EDGE, "--on-device", "--detailed-exitcode").exit_code == 0
        assert httpx.get(f"http://{south}/api/configure?port=1").json()["BAUD_RATE"] == 19200


def test_a_write_of_unknown_outcome_points_to_this_threads_own_plan_not_the_platforms(
    workspace: Workspace, tmp_path: Path
) -> None:
    """On a THREAD, a bare `iotplan plan` plans the embedded platform: the hints name its own plan,
    with the --gateway-url given (without it, the plan would read another gateway)."""
    seed = seed_with_gateway_ports(tmp_path)
    south = next(g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "5D6E7F")
    with served(seed) as url:
        fault = {"fail_rate": 1.0, "routes": "/api/deviceVoltage"}
        httpx.post(f"{url}/_sim/faults", json=fault).raise_for_status()
        result = workspace.run(
            "apply", EDGE, "--on-device", "--gateway-url", f"http://{south}", "--auto-approve"
        )
    assert result.exit_code == 1
    own_plan = f"`iotplan plan {EDGE} --on-device --gateway-url http://{south}`"
    assert f"run {own_plan} on this THREAD to see the truth" in result.stdout
    assert (
        f"may or may not be applied: thread-south/edge/port1.power ({own_plan} shows which)" in result.stdout
    )
    assert "This THREAD still differs from the manifest after apply" in result.stderr
    assert "`iotplan plan`" not in result.output and "platform still differs" not in result.output


def test_a_timer_forcing_the_interface_mode_succeeds_every_run(thread: Workspace) -> None:
    for _ in range(2):  # the mode cannot be read back: each run writes it again, and passes
        applied = on_device(thread, "apply", "--auto-approve", "--force-write-only")
        assert applied.exit_code == 0, applied.output
        assert "still differs" not in applied.output
    assert settings(thread, "5D6E7F")["ports"]["1"]["mode"] == "RS232"


def test_a_thread_that_does_not_answer_is_told_once_in_one_sentence(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "no THREAD answers at URL, ...: no THREAD answers at URL: ... GET /api/serialNumber.. ..."."""
    # The embedded platform's own API, answering a host none of its THREADs has, stands in for a
    # server that is no THREAD: --sim-db's own refusal of such a host is let pass.
    monkeypatch.setattr("iotplan.clients.local_gateway._refuse_a_thread_not_simulated", lambda *args: None)
    result = on_device(workspace, "plan")  # no THREAD at localhost in this embedded platform
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.count("http://localhost answered") == 1 and ".." not in line
    assert "not with a THREAD's serial, so this machine's gateway cannot be known (GET" in line
    assert "GET /api/serialNumber answered 404" in line
