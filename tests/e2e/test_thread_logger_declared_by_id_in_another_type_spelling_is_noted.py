"""Stack site-a's THREAD 4A1B2C holds logger VW_LOGGER `032433` (`.../vwlogger/032433/device`).
Stack site-b declares that box by `id:` under its THREAD 5D6E7F, the id's type part spelled
`vw_logger`. The check read a box's type and serial from ids with a pattern, so the type parts told
the two apart: planned and applied without a word (exit 0), a second device for one box. The live
logger's TYPE and SERIAL_NO, as the plan's read holds them, are compared with the declared `type`
and the serial the `id:` holds: the logger's line says where the box is."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread_logger_on_another_stacks_thread_is_noted_in_every_view import site

BY_ID = f"""\
apiVersion: iotplan/v1
stack: site-b
projects:
  - id: {PROJECT}
    nodes:
      - key: t-5d6e7f
        kind: thread
        id: /fn/5D6E7F/node
        name: THREAD of site-b
        devices:
          - key: vw
            type: VW_LOGGER
            id: /fn/5D6E7F/node/vw_logger/032433/device
            port: 1
"""


def test_a_logger_declared_by_an_id_spelling_its_type_otherwise_is_told_where_its_box_is(
    workspace: Workspace,
) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "b.yaml").write_text(BY_ID)
    plan = workspace.run("plan", "b.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "t-5d6e7f/vw (VW_LOGGER)" in each]
    assert (
        "logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node (as "
        "/fn/4A1B2C/node/vwlogger/032433/device, holding 0 observations)"
    ) in line, line
