"""One logger (its type and serial) that stack site-a declares under its THREAD 4A1B2C, declared by
stack site-b under its own THREAD 5D6E7F: within one manifest `validate` refuses it, but across two
it was planned and applied (exit 0), a second device made for one box. The plan reads the project's
device list anyway (THREAD sites are read there), so site-b's plan finds the box under 4A1B2C with no
request more, and refuses its creation, naming where it is; nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import devices_of


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


def test_a_logger_another_stacks_thread_holds_is_refused_naming_where_it_is(workspace: Workspace) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "b.yaml").write_text(site("site-b", "5D6E7F"))
    for command in (["plan"], ["apply", "--auto-approve"]):
        refused = workspace.run(*command, "b.yaml")
        assert refused.exit_code == 1, refused.output
        assert (
            "t-5d6e7f/vw: logger VW_LOGGER serial '032433' is already on the platform under THREAD "
            "/fn/4A1B2C/node (as /fn/4A1B2C/node/vwlogger/032433/device"
        ) in refused.stderr, refused.output
    assert devices_of(workspace, "5D6E7F") == []
