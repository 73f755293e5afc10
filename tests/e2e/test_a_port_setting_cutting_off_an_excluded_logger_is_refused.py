"""`--exclude` of a THREAD logger fences it off, yet a port setting that cuts off its readings (port
1's power turned off, the logger on port 1 named in its line's note) was planned and applied: the
logger left alone had its readings stopped. Refused as a removal destroying what --exclude leaves
alone is, naming the setting, the logger and the glob that fences the setting off too."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, applied_base
from tests.e2e.conftest import Workspace


def test_a_port_setting_cutting_off_an_excluded_logger_is_refused(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "off.yaml").write_text(BASE.replace("power: 12V", "power: 'off'"))

    refused = workspace.run("apply", "off.yaml", "--exclude", "t1/vw", "--auto-approve")

    assert refused.exit_code == 1, refused.output
    assert (
        "t1/edge/port1.power: its update would cut off the readings of t1/vw, which --exclude leaves "
        "alone; exclude it too (--exclude 't1/edge/port1.power'), or narrow the exclusion"
    ) in refused.stderr, refused.output
    assert "No changes." in workspace.run("plan", "base.yaml").stdout  # port 1 still powered
    fenced = workspace.run(
        "apply", "off.yaml", "--exclude", "t1/vw", "--exclude", "t1/edge/port1.power", "--auto-approve"
    )
    assert fenced.exit_code == 0, fenced.output
    assert "No changes." in workspace.run("plan", "base.yaml").stdout
