"""THREAD gateways as a field engineer's manifest drives them: issue 5's acceptance."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import Workspace
from tests.served import seed_with_gateway_ports, served

EDGE = "examples/edge/site.yaml"


def writes(workspace: Workspace) -> dict[str, int]:
    return {g["serial"]: g["writes"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]}


def test_the_edge_example_applies_and_then_plans_empty(workspace: Workspace) -> None:
    plan = workspace.run("plan", EDGE)
    assert "~ edge thread-south/edge/port1.baud_rate: differs from the manifest" in plan.stdout
    assert (
        "Not written: 5 settings iotplan cannot verify (port1.mode, port2.mode, port2.power and 1 more"
        in (plan.stdout)
    )
    applied = workspace.run("apply", EDGE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", EDGE, "--detailed-exitcode").exit_code == 0


def test_a_mode_apply_leaves_unwritten_is_said_so_in_the_plan_and_each_apply_report(
    workspace: Workspace,
) -> None:
    plan = workspace.run("plan", EDGE, "--detail")  # without it, one line counts them
    assert (
        "= edge thread-north/edge/port1.mode: unverifiable (the gateway cannot report it), so not written: "
        '--force-write-only writes "RS485"'
    ) in plan.stdout
    text = workspace.run("apply", EDGE, "--auto-approve")
    assert text.exit_code == 0, text.output
    assert (
        "Not written: 5 settings iotplan cannot verify (thread-north/edge/port1.mode, "
        "thread-north/edge/port2.mode, thread-north/edge/port2.power, thread-south/edge/port1.mode, "
        "thread-portal/edge/port3.mode): apply writes them only with --force-write-only."
    ) in text.stdout
    modes = {g["serial"]: g["ports"]["1"]["mode"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]}
    assert modes["4A1B2C"] == "OFF"  # as documented: written only when forced
    workspace.edit(EDGE, "baud_rate: 19200", "baud_rate: 38400")
    report = workspace.json("apply", EDGE, "--auto-approve")
    assert report["converged"] is True
    assert [(each["address"], each["value"]) for each in report["not_written"]] == [
        ("thread-north/edge/port1.mode", "RS485"),
        ("thread-north/edge/port2.mode", "RS232"),
        ("thread-north/edge/port2.power", "off"),  # it measures 0 V, which does not prove it off
        ("thread-south/edge/port1.mode", "RS232"),
        ("thread-portal/edge/port3.mode", "ANALOG"),
    ]
    assert workspace.run("plan", EDGE, "--detailed-exitcode").exit_code == 0  # a note, never a change


def test_one_changed_baud_rate_is_one_field_change_and_one_write(workspace: Workspace) -> None:
    workspace.run("apply", EDGE, "--auto-approve")
    workspace.edit(EDGE, "baud_rate: 19200", "baud_rate: 38400")
    plan = workspace.json("plan", EDGE)
    changed = [(c["address"], c["fields"]) for c in plan["changes"] if c["action"] == "update"]
    assert changed == [
        (
            "thread-south/edge/port1.baud_rate",
            [{"path": "port1.baud_rate", "before": 19200, "after": 38400, "sensitive": False}],
        )
    ]
    before = writes(workspace)
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    after = writes(workspace)
    assert {serial: after[serial] - before[serial] for serial in after} == {
        "4A1B2C": 0,
        "5D6E7F": 1,
        "8A9B0C": 0,
        "6C7D8E": 0,
    }


def test_a_gateway_whose_serial_does_not_match_is_refused_and_never_written(workspace: Workspace) -> None:
    workspace.run("plan", EDGE)  # creates the embedded platform
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:9999"})
    workspace.api(
        "POST", "/_sim/gateways/8A9B0C", json={"host": "127.0.0.1:8401"}
    )  # the wrong box on the right IP
    before = writes(workspace)
    plan = workspace.run("plan", EDGE)
    assert (
        "! edge thread-north/edge: identity mismatch: the gateway at 127.0.0.1:8401 reports serial 8A9B0C"
        in plan.stdout
    )
    result = workspace.run("apply", EDGE, "--auto-approve")
    assert result.exit_code == 1
    assert "thread-north/edge: refused" in result.stderr
    after = writes(workspace)
    assert after["8A9B0C"] == before["8A9B0C"] and after["4A1B2C"] == before["4A1B2C"]


def test_an_unreachable_gateway_is_pending_and_the_others_converge(workspace: Workspace) -> None:
    workspace.run("plan", EDGE)
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})
    result = workspace.run("apply", EDGE, "--auto-approve")
    assert result.exit_code == 1
    assert "thread-portal/edge: pending" in result.stderr
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "ok"})
    plan = workspace.json("plan", EDGE)
    remaining = {c["address"] for c in plan["changes"] if c["action"] == "update"}
    assert remaining and all(address.startswith("thread-portal/") for address in remaining)


def test_a_port_the_model_lacks_fails_at_plan_time(workspace: Workspace) -> None:
    workspace.edit(
        EDGE,
        "          port1:\n            mode: RS232\n            power: 15V",
        "          port3:\n            mode: RS232\n            power: 15V",
    )
    result = workspace.run("plan", EDGE)
    assert result.exit_code == 1
    assert "thread-south/edge/port3: this THREAD has no port 3 (its ports: 1, 2)" in result.stderr


def test_settings_that_can_cut_a_gateway_off_need_a_flag(workspace: Workspace) -> None:
    workspace.edit(EDGE, "cloud_connection: true", "cloud_connection: false")
    result = workspace.run("apply", EDGE, "--auto-approve")
    assert result.exit_code == 1
    assert "--allow-disconnect" in result.stdout + result.stderr
    assert workspace.run("apply", EDGE, "--auto-approve", "--allow-disconnect").exit_code == 0


def test_the_edge_example_round_trips_against_sim_serve(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = seed_with_gateway_ports(tmp_path)
    hosts = [g["host"] for g in yaml.safe_load(seed.read_text())["gateways"]]
    for default, moved in zip(("127.0.0.1:8401", "127.0.0.1:8402", "127.0.0.1:8403"), hosts[:3], strict=True):
        workspace.edit(EDGE, f"host: {default}", f"host: {moved}")
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed) as url:
        assert workspace.run("apply", EDGE, "--endpoint", url, "--auto-approve").exit_code == 0
        assert workspace.run("plan", EDGE, "--endpoint", url, "--detailed-exitcode").exit_code == 0
        assert httpx.get(f"http://{hosts[1]}/api/configure?port=1").json()["BAUD_RATE"] == 19200


def test_a_plan_with_a_gateway_unread_never_says_the_platform_matches(workspace: Workspace) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})
    plan = workspace.run("plan", EDGE)
    assert "matches the manifest" not in plan.stdout
    assert (
        "No changes to make now; 1 gateway could not be read (pending): its settings are not compared."
        in plan.stdout
    )


@pytest.mark.parametrize(
    ("manifest", "serial", "node"),
    [("examples/thread/site.yaml", "6C7D8E", "tunnel-thread"), (EDGE, "8A9B0C", "thread-portal")],
    ids=["thread-site", "edge-site"],
)
def test_a_gateway_asleep_through_an_apply_is_reported_and_the_run_never_converged(
    workspace: Workspace, manifest: str, serial: str, node: str
) -> None:
    workspace.run("plan", manifest)
    workspace.api("POST", f"/_sim/gateways/{serial}", json={"status": "asleep"})
    result = workspace.run("apply", manifest, "--auto-approve", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["converged"] is False
    outcomes = {outcome["connection"]: outcome for outcome in report["outcomes"]}
    assert outcomes[f"{node}/edge"]["status"] == "pending"
    # each setting its `edge:` block declares, never the gateway itself: not read, so not checked
    not_checked = outcomes[f"{node}/edge"]["not_checked"]
    assert not_checked and all(address.startswith(f"{node}/edge/") for address in not_checked)
    assert outcomes[f"{node}/edge"]["not_applied"] == []


def test_the_text_report_says_a_gateway_asleep_was_not_verified(workspace: Workspace) -> None:
    workspace.run("plan", EDGE)
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "asleep"})
    result = workspace.run("apply", EDGE, "--auto-approve")
    assert result.exit_code == 1
    assert "Verified: a fresh read" not in result.stdout
    assert "thread-portal/edge: pending" in result.stdout
    assert "Not verified: 1 gateway could not be read (pending)" in result.stdout


def one_gateway(workspace: Workspace, host: str) -> str:
    """thread-south alone, its port 1 powered and at another baud rate than the seed's."""
    (workspace.path / "south.yaml").write_text(
        "apiVersion: iotplan/v1\nstack: edge\nprojects:\n"
        "  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
        "      - {key: thread-south, kind: thread, id: /fn/5D6E7F/node, edge: "
        f"{{host: '{host}', port1: {{power: 15V, baud_rate: 19200}}}}}}\n"
    )
    return "south.yaml"


def gateway_writes(url: str) -> int:
    counts = httpx.get(f"{url}/_sim/requests").json()["requests"]
    return sum(n for route, n in counts.items() if route.startswith(("PUT edge", "POST edge", "DELETE edge")))


@pytest.mark.parametrize(
    "fault",
    [
        {"drop_rate": 1.0, "routes": "/api/deviceVoltage"},
        {"fail_rate": 1.0, "routes": "/api/deviceVoltage", "seed": 5},
    ],
    ids=["answer-lost", "server-error"],
)
def test_a_gateway_write_without_an_answer_may_or_may_not_be_applied_and_is_counted(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: dict[str, object]
) -> None:
    seed = seed_with_gateway_ports(tmp_path)
    (host,) = [g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "5D6E7F"]
    manifest = one_gateway(workspace, host)
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed) as url:
        httpx.post(f"{url}/_sim/faults", json=fault).raise_for_status()
        result = workspace.run("apply", manifest, "--endpoint", url, "--auto-approve", "--format", "json")
        sent = gateway_writes(url)
    assert result.exit_code == 1
    (outcome,) = json.loads(result.stdout)["outcomes"]
    assert outcome["status"] == "failed" and "may or may not have been applied" in outcome["message"]
    assert "asleep" not in outcome["message"]
    assert outcome["outcome_unknown"] == ["thread-south/edge/port1.power"]
    assert outcome["not_applied"] == [] and outcome["applied"] == ["thread-south/edge/port1.baud_rate"]
    assert outcome["calls"] == sent


def test_a_forced_write_only_mode_is_written_and_the_apply_exits_0(workspace: Workspace) -> None:
    applied = workspace.run("apply", EDGE, "--auto-approve", "--force-write-only", "--format", "json")
    assert applied.exit_code == 0, applied.output
    modes = {g["serial"]: g["ports"]["1"]["mode"] for g in workspace.api("GET", "/_sim/gateways")["gateways"]}
    assert (modes["4A1B2C"], modes["5D6E7F"]) == ("RS485", "RS232")  # thread-north's and thread-south's
    report = json.loads(applied.stdout)
    assert report["converged"] is True
    [north] = [o for o in report["outcomes"] if o["connection"] == "thread-north/edge"]
    assert "port1.mode, port2.mode" in north["message"] and "cannot be verified" in north["message"]
    text = workspace.run("apply", EDGE, "--auto-approve", "--force-write-only")
    assert text.exit_code == 0, text.output
    assert "written, cannot be verified (the gateway cannot report it): port1.mode, port2.mode" in text.stdout


def test_an_apply_with_only_a_gateway_waiting_still_prints_its_report(workspace: Workspace) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "asleep"})
    result = workspace.run("apply", EDGE, "--auto-approve", "--format", "json")
    assert result.exit_code == 1 and "apply is incomplete" in result.stderr
    report = json.loads(result.stdout)
    assert report["converged"] is False
    outcomes = {outcome["connection"]: outcome["status"] for outcome in report["outcomes"]}
    assert outcomes == {"thread-portal/edge": "pending"}


def power_of(workspace: Workspace, serial: str, port: int) -> int:
    [gateway] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == serial]
    return int(gateway["ports"][str(port)]["power"])


def test_where_ports_read_0_v_whatever_their_power_a_powered_port_declared_off_is_never_in_sync(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "voltage-reads-zero")
    workspace.run("plan", EDGE)  # creates the embedded platform
    # A technician powers thread-north's port 2, declared off, at 15 V on the box.
    workspace.api("POST", "http://127.0.0.1:8401/api/deviceVoltage", json={"portNumber": 2, "value": 2})
    plan = workspace.run("plan", EDGE, "--detail")  # without it, one line counts them
    assert "= edge thread-north/edge/port2.power: unverifiable (the port measures 0 V" in plan.stdout
    drift = workspace.json("drift", EDGE)
    [entry] = [e for e in drift["entries"] if e["address"] == "thread-north/edge/port2.power"]
    assert entry["status"] == "NOT_CHECKED"
    workspace.run("apply", EDGE, "--auto-approve")
    assert power_of(workspace, "4A1B2C", 2) == 2  # never written on a guess, as a mode is not
    workspace.run("apply", EDGE, "--auto-approve", "--force-write-only")
    assert power_of(workspace, "4A1B2C", 2) == 0


def test_where_ports_read_0_v_whatever_their_power_a_power_written_on_is_not_verified_nor_said_to_converge(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "voltage-reads-zero")
    for _ in range(2):  # each run writes it again, and says the same
        result = workspace.run("apply", EDGE, "--auto-approve", "--target", "thread-south/edge/port1.power")
        assert result.exit_code == 1
        assert (
            "thread-south/edge: applied (1 change)\n    written, cannot be verified (the port still measures "
            "0 V: this THREAD did not keep it, or its ports read 0 V whatever their power"
        ) in result.stdout
        assert "converge" not in result.output and "verification failed" not in result.output
        assert "the ports written on still measure 0 V" in result.stderr
    assert power_of(workspace, "5D6E7F", 1) == 2  # 15 V, as declared


def test_a_saved_plan_whose_gateway_another_thread_now_answers_for_is_refused_as_a_mismatch(
    workspace: Workspace,
) -> None:
    saved = workspace.run("plan", EDGE, "--out", "edge-plan.json")
    assert "thread-north/edge/" in saved.stdout and "~ edge thread-north" in saved.stdout, saved.stdout
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:9999"})
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": "127.0.0.1:8401"})
    before = writes(workspace)
    result = workspace.run("apply", "edge-plan.json", "--auto-approve")
    assert result.exit_code == 1
    assert "the platform changed" not in result.stderr
    assert (
        "thread-north/edge is refused (identity mismatch: the gateway at 127.0.0.1:8401 reports serial "
        "8A9B0C, not 4A1B2C"
    ) in result.stderr
    assert writes(workspace) == before


def test_where_an_update_restarts_the_api_the_update_is_of_unknown_outcome_and_a_rerun_converges(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A11+: the reference does not say whether `POST /update` restarts the local API. Where it does,
    the serial asked after the update gets no answer: the update is neither reported applied nor sent
    again blindly, the node is pending (exit 1), and once the THREAD answers a rerun finds it in place."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-restarts")
    applied = workspace.run("apply", EDGE, "--auto-approve", "--target", "thread-north/edge/app_version")
    assert applied.exit_code == 1, applied.output
    assert "may or may not be applied: thread-north/edge/app_version" in " ".join(applied.stdout.split())
    assert "Apply complete" not in applied.stdout
    [north] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == "4A1B2C"]
    assert north["app_version"] == "7.18.0" and north["writes"] == 1  # the box took it, once
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"status": "ok"})  # the restart is over
    again = workspace.run("plan", EDGE, "--detailed-exitcode", "--target", "thread-north/edge/app_version")
    assert again.exit_code == 0, again.output
