"""A gateway swap: stack site-a's new THREAD ABCDEF (registered by the plan) declares the box its
retired THREAD 4A1B2C holds (VW_LOGGER `032433`, 500 observations), under another key (`vw-1`, was
`vw`). The swap note was keyed by the logger's name, and a registered gateway exempted its loggers
from the box check: the new logger was created without a word of the history left on the old one.
Its line now says which THREAD holds that box, its device and history, whatever the names."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread_logger_on_another_stacks_thread_is_noted_in_every_view import ALSO_UNDER, site

NEW_GATEWAY = f"""\
apiVersion: iotplan/v1
stack: site-a
projects:
  - id: {PROJECT}
    nodes:
      - key: gw
        kind: thread
        id: /fn/ABCDEF/node
        register: true
        version: "7.17.0"
        name: Site A gateway v2
        devices:
          - key: vw-1
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
"""


def test_a_registered_gateways_logger_under_another_key_says_where_its_history_stays(
    workspace: Workspace,
) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "new.yaml").write_text(NEW_GATEWAY)
    plan = workspace.run("plan", "new.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "gw/vw-1 (VW_LOGGER)" in each]
    assert ALSO_UNDER in line and "a gateway swap" in line, line
