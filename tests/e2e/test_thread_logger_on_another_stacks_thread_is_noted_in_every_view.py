"""One logger (its type and serial) that stack site-a declares under its THREAD 4A1B2C, declared by
stack site-b under its own THREAD 5D6E7F: within one manifest `validate` refuses it, but across two
it was planned and applied (exit 0) without a word, a second device made for one box. THREAD
entities carry no stack marker, so iotplan cannot tell another stack's box from a gateway swapped
(a new THREAD declaring the old one's loggers, as README's THREAD section says to): nothing is
removed either way, so the plan does not refuse, it tells. The plan reads the project's device list
anyway (THREAD sites are read there): site-b's plan, in text, JSON and drift, says on the logger's
line which THREAD holds that box, its device and history, and both readings."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import devices_of

ALSO_UNDER = (
    "logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node (as "
    "/fn/4A1B2C/node/vwlogger/032433/device, holding 500 observations), which this manifest does not declare"
)
READINGS = ("a gateway swap", "another stack's", "a second device", "declare it in one manifest only")


def site(stack: str, serial: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: t-{serial.lower()}
        kind: thread
        id: /fn/{serial}/node
        name: THREAD of {stack}
        devices:
          - key: vw
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
"""


def test_a_logger_another_stacks_thread_holds_is_noted_on_its_line_in_every_view(
    workspace: Workspace,
) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "b.yaml").write_text(site("site-b", "5D6E7F"))

    plan = workspace.run("plan", "b.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "t-5d6e7f/vw (VW_LOGGER)" in each]
    assert ALSO_UNDER in line and all(reading in line for reading in READINGS), line
    assert "has its name" not in line, line  # told once: the name's note of that device is left out
    assert plan.stdout.count("is also under THREAD") == 1, plan.stdout  # its sensor is not told it
    (logger,) = [c for c in workspace.json("plan", "b.yaml")["changes"] if c["address"] == "t-5d6e7f/vw"]
    assert ALSO_UNDER in logger["reason"], logger
    (missing,) = [e for e in workspace.json("drift", "b.yaml")["entries"] if e["address"] == "t-5d6e7f/vw"]
    assert ALSO_UNDER in missing["reason"], missing

    assert workspace.run("apply", "b.yaml", "--auto-approve").exit_code == 0  # told, not refused
    assert devices_of(workspace, "5D6E7F") == ["/fn/5D6E7F/node/vwlogger/032433/device"]
