"""A logger moved from one THREAD to another, both declared in one manifest: dropped under `ta`,
declared under `tb` with another key. A THREAD logger cannot move, so the new device starts with no
history, which stays on the old one, kept unmanaged under `ta`. Its line said nothing of it (cr107
F4), where the same box under a THREAD the manifest does not declare is told: it is told alike."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

VW = """\
          - key: vw
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {key: pz-1, type: VW_PIEZOMETER, mux_index: 1}
"""
MOVED = VW.replace("key: vw", "key: moved").replace("pz-1", "pz-9")


HEAD = f"""\
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: ta
        kind: thread
        id: /fn/4A1B2C/node
        name: THREAD A
        devices:
          - {{key: dg, type: DGSI_M_LOGGER, serial: "032431", port: 2}}
"""


def site(under_ta: str, under_tb: str, tb: str = "tb") -> str:
    """`ta` and a second THREAD keyed `tb` (the key places it in a shard), each with a DGSI logger."""
    return (
        HEAD
        + under_ta
        + f"""\
      - key: {tb}
        kind: thread
        id: /fn/5D6E7F/node
        name: THREAD {tb[1:].upper()}
        devices:
          - {{key: dg, type: DGSI_M_LOGGER, serial: "032432", port: 2}}
"""
        + under_tb
    )


def test_a_logger_moved_between_two_declared_threads_is_told_where_its_history_stays(
    workspace: Workspace,
) -> None:
    (workspace.path / "site.yaml").write_text(site(VW, ""))
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "site.yaml").write_text(site("", MOVED))

    plan = workspace.run("plan", "site.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "tb/moved (VW_LOGGER)" in each]
    assert (
        "logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node (as "
        "/fn/4A1B2C/node/vwlogger/032433/device, holding 500 observations)"
    ) in line, line
    assert "kept there unmanaged" in line and "starts with no history" in line, line
    (missing,) = [e for e in workspace.json("drift", "site.yaml")["entries"] if e["address"] == "tb/moved"]
    assert "is also under THREAD /fn/4A1B2C/node" in missing["reason"], missing
