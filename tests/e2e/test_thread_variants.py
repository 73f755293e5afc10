"""The THREAD example against every JSON-RPC emulator variant (`rpc-*`): a platform that breaks
one undocumented assumption of the JSON-RPC client, tried as a user runs it (apply twice, then
plan). Whatever the variant: never a duplicate device or sensor, apply exits 0 only when its
verifying plan is empty, and where iotplan cannot work it exits 1 with one clear message naming
the problem, and a rerun does no harm."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from iotplan.sim import KNOWN_VARIANTS
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, NODE, SITE, VW_LOGGER, rpc
from tests.e2e.test_variants import listed

IDS_NOT_KEPT = "rpc-device-id-rewritten"  # iotplan cannot converge there: it must stop instead
RPC_VARIANTS = sorted(name for name in KNOWN_VARIANTS if name.startswith("rpc-") and name != IDS_NOT_KEPT)
DECLARED = {"devices": 2, "sensors": 7}
TYPO = ("type: VW_PIEZOMETER, mux_index: 3}", "type: VW_PIEZOMETR, mux_index: 3}")


@pytest.fixture(params=RPC_VARIANTS)
def variant(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", request.param)
    return str(request.param)


def thread_names(workspace: Workspace, kind: str) -> Counter[str]:
    """The names of the THREAD's devices or sensors on the platform, each with its count."""
    return Counter(e["props"]["NAME"] for e in listed(workspace, kind) if e["id"].startswith(f"{NODE}/"))


def assert_no_duplicates(workspace: Workspace) -> None:
    for kind, declared in DECLARED.items():
        names = thread_names(workspace, kind)
        assert sum(names.values()) <= declared and max(names.values(), default=1) == 1, (kind, names)


def assert_honest_exit(applied: Any) -> None:
    """0 only with an empty verifying plan (or nothing to do); 1 with one `Error:` line and no
    traceback."""
    assert "Traceback" not in applied.output
    if applied.exit_code == 0:
        verified = "Verified: a fresh read shows no changes." in applied.stdout
        assert verified or "No changes." in applied.stdout, applied.output
    else:
        assert applied.exit_code == 1, applied.output
        assert applied.stderr.count("Error: ") == 1, applied.stderr


def test_the_thread_example_converges_without_duplicates_under_every_rpc_variant(
    workspace: Workspace, variant: str
) -> None:
    first = workspace.run("apply", SITE, "--auto-approve")
    second = workspace.run("apply", SITE, "--auto-approve")
    plan = workspace.run("plan", SITE, "--detailed-exitcode")
    assert_no_duplicates(workspace)
    for applied in (first, second):
        assert_honest_exit(applied)
    assert first.exit_code == 0, (variant, first.output)
    assert "No changes." in second.stdout and second.exit_code == 0, (variant, second.output)
    assert plan.exit_code == 0, (variant, plan.output)
    assert sum(thread_names(workspace, "sensors").values()) == DECLARED["sensors"]


@pytest.mark.parametrize("answers", ["rpc-ids-echoed", "rpc-errors-in-result"])
def test_a_create_the_platform_refuses_stops_apply_with_its_message_and_a_rerun_does_no_harm(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, answers: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", answers)
    workspace.edit(SITE, *TYPO)
    first = workspace.run("apply", SITE, "--auto-approve")
    rerun = workspace.run("apply", SITE, "--auto-approve")
    assert_no_duplicates(workspace)
    for applied in (first, rerun):
        assert_honest_exit(applied)
        assert applied.exit_code == 1
        assert "Unknown sensor type VW_PIEZOMETR" in applied.output, applied.output
        assert "tunnel-thread/vw-logger/pz-3" in applied.output


def test_a_type_the_platform_accepts_is_created_as_written_and_converges(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-any-type")
    workspace.edit(SITE, *TYPO)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0
    (pz3,) = rpc(workspace, "getSensors", {"sensors": [f"{VW_LOGGER}/pz-3/sensor"]})
    assert pz3["type"] == "VW_PIEZOMETR"  # iotplan sends the manifest's type; it checks none itself


def test_a_logger_renamed_by_a_replacing_update_is_planned_back_whole_and_told_its_lost_serial(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    # Another tool renames the logger; the platform replaces its props with NAME alone.
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"NAME": "renamed by hand"}})
    plan = workspace.json("plan", SITE)
    (update,) = [c for c in plan["changes"] if c["action"] == "update"]
    assert update["address"] == "tunnel-thread/vw-logger"
    fields = {field["path"]: (field["before"], field["after"]) for field in update["fields"]}
    assert fields["name"] == ("renamed by hand", "Section 3 VW Logger")
    assert fields["port"] == (None, 1)  # the lost port is planned back too
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert_honest_exit(applied)
    # The rename dropped its SERIAL_NO too, which iotplan does not write back: never "Verified" then.
    assert (
        applied.exit_code == 1 and "without a SERIAL_NO (another tool's update dropped it" in applied.stderr
    )
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0  # noted, nothing to write
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["NAME"] == "Section 3 VW Logger" and logger["props"]["EXTERNAL_PORT"] == 1


REGISTERED = """
apiVersion: iotplan/v1
stack: reg
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: new-thread
        kind: thread
        id: /fn/ABCDEF/node
        register: true
        version: 7.18.0
        name: New THREAD
"""


def test_a_registered_thread_renamed_where_updates_replace_props_keeps_its_serial_and_version(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    (workspace.path / "reg.yaml").write_text(REGISTERED)
    assert workspace.run("apply", "reg.yaml", "--auto-approve").exit_code == 0  # createNode
    workspace.edit("reg.yaml", "name: New THREAD", "name: New THREAD renamed")
    renamed = workspace.run("apply", "reg.yaml", "--auto-approve")  # updateNode
    assert renamed.exit_code == 0, renamed.output
    (node,) = rpc(workspace, "getNodes", {"nodes": ["/fn/ABCDEF/node"]})
    assert node["props"]["NAME"] == "New THREAD renamed"
    assert node["props"]["SERIAL_NO"] == "ABCDEF" and node["props"]["VERSION"] == "7.18.0"


def test_a_logger_and_sensor_renamed_where_updates_replace_props_keep_their_serial(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain B")
    workspace.edit(SITE, "name: IPI Tilt 1 (-2 m)", "name: IPI Tilt 1 (-2 m) B")
    renamed = workspace.run("apply", SITE, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [f"{IPI_LOGGER}/tilt1/sensor"]})
    assert logger["props"]["NAME"] == "Section 3 IPI Chain B" and tilt["props"]["NAME"].endswith(" B")
    assert logger["props"]["SERIAL_NO"] == "032434" == tilt["props"]["SERIAL_NO"]
    assert logger["props"]["NODE_ID"] == NODE == tilt["props"]["NODE_ID"]
    (node,) = rpc(workspace, "getNodes", {"nodes": [NODE]})
    assert node["props"]["SERIAL_NO"] == "6C7D8E"  # the first apply renamed it too


def test_a_documented_prop_declared_after_create_is_accepted_where_unknown_props_are_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-unknown-prop-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(
        SITE, "            port: 1\n", '            port: 1\n            zero_date: "2026-04-01T00:00:00Z"\n'
    )
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["ZERO_DATE"].startswith("2026-04-01")


@pytest.mark.parametrize("reads", ["rpc-foreign-project-empty", "rpc-any-reachable-project"])
def test_a_project_out_of_reach_stops_before_any_write(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, reads: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", reads)
    unknown = "00000000-0000-4000-8000-000000000000"
    workspace.edit(SITE, "id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537", f"id: {unknown}")
    for _ in range(2):
        applied = workspace.run("apply", SITE, "--auto-approve")
        assert_honest_exit(applied)
        assert applied.exit_code == 1 and f"Project {unknown} was not found" in applied.stderr
    assert thread_names(workspace, "devices") == Counter()  # nothing created anywhere


def test_a_platform_that_rewrites_the_id_of_a_new_logger_stops_apply_and_the_rerun_creates_no_copy(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", IDS_NOT_KEPT)
    first = workspace.run("apply", SITE, "--auto-approve")
    rerun = workspace.run("apply", SITE, "--auto-approve")
    rewritten = VW_LOGGER.replace("/vwlogger/", "/vw_logger/")
    assert first.exit_code == 1 and f"created as {rewritten}" in first.output, first.output
    assert rerun.exit_code == 1 and f"Adopt it with `id: {rewritten}`" in rerun.stderr, rerun.output
    assert_honest_exit(rerun)
    assert thread_names(workspace, "devices")["Section 3 VW Logger"] == 1
    workspace.edit(SITE, 'serial: "032433"', f'serial: "032433"\n            id: {rewritten}')
    adopted = workspace.run("apply", SITE, "--auto-approve")  # the next new logger is rewritten too
    assert f"Adopt it with `id: {rewritten}`" not in adopted.stderr, adopted.output  # adopted
    assert "tunnel-thread/ipi-chain: created as" in adopted.output  # and the rollout stops again, cleanly
    assert thread_names(workspace, "devices")["Section 3 VW Logger"] == 1


def test_a_thread_whose_platform_writes_stop_gets_no_gateway_settings_pushed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", IDS_NOT_KEPT)
    first = workspace.run("apply", SITE, "--auto-approve")
    assert first.exit_code == 1 and "tunnel-thread: failed" in first.output, first.output
    stopped = (
        "did not keep an id it was sent (tunnel-thread/vw-logger created as /fn/6C7D8E/node/vw_logger/032433/"
        "device, not as /fn/6C7D8E/node/vwlogger/032433/device)\n    tunnel-thread/edge ("
    )
    assert stopped in first.output, (
        first.output
    )  # it waited for its THREAD's writes, which stopped the rollout
    assert "tunnel-thread/edge: applied" not in first.output


def test_where_updates_refuse_a_loggers_serial_even_unchanged_a_rename_stops_saying_why_and_changes_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """iotplan resends the serial a create gave, for a platform whose update replaces props; one that
    refuses it instead cannot be updated by iotplan: it stops, and nothing is changed or lost."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-identity-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain B")
    for _ in range(2):
        applied = workspace.run("apply", SITE, "--auto-approve")
        assert_honest_exit(applied)
        assert applied.exit_code == 1
        assert "-32602: NODE_ID, SERIAL_NO of a device cannot be updated" in applied.stdout
        assert "not applied: tunnel-thread/ipi-chain" in applied.stdout
        assert "iotplan sent NODE_ID, SERIAL_NO unchanged, as the entity has it" in applied.stdout
        # The unit says a rerun is refused alike: the closing advice names the way out instead.
        closing = " ".join(applied.stderr.split())
        assert "running apply again is refused the same way" in applied.stdout
        assert "run it again" not in closing
        assert (
            "apply did not finish: deal with the errors above: make the change of tunnel-thread/ipi-chain in "
            "the platform's web app"
        ) in closing
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["NAME"] == "Section 3 IPI Chain" and logger["props"]["SERIAL_NO"] == "032434"
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 2
