"""Two stacks whose THREADs share a name ("Main gateway", as many sites call theirs), site-b declaring
the logger site-a's THREAD holds. The check let a new logger through when the THREAD holding its box
had this node's name, taken for a swapped gateway: planned and applied without a word (exit 0), a
second device for one box. A name tells no stack apart: the logger's line says where the box is."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def site(stack: str, key: str, serial: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: {key}
        kind: thread
        id: /fn/{serial}/node
        name: Main gateway
        devices:
          - {{key: vw, type: VW_LOGGER, serial: "032433", port: 1}}
"""


def test_a_logger_on_a_thread_named_as_this_one_is_told_where_its_box_is(workspace: Workspace) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "gw", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "b.yaml").write_text(site("site-b", "t-b", "5D6E7F"))
    plan = workspace.run("plan", "b.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "t-b/vw (VW_LOGGER)" in each]
    assert "logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node" in line, line
