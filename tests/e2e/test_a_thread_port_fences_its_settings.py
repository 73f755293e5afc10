"""`--exclude t1/edge/port1` (or `--target`) was refused: "matches no address in this plan", for a
gateway setting's address is `t1/edge/port1.baud_rate` and the port itself none (fz96), though it is
the natural way to fence a port. A port's path now selects or fences all its settings, as an ancestor
would, in one run and in a shard alike."""

from __future__ import annotations

import pytest

from tests.e2e.awaiting_confirmation import SHOWN, applied_base
from tests.e2e.conftest import Workspace

SETTING = "t1/edge/port1.baud_rate"
CREATED = "t1/vw/pz-2"


@pytest.mark.parametrize("shard", [(), ("--shard", "1/1")], ids=["one run", "a shard"])
def test_a_ports_path_targets_and_fences_its_settings(workspace: Workspace, shard: tuple[str, ...]) -> None:
    applied_base(workspace)
    (workspace.path / "shown.yaml").write_text(SHOWN)

    targeted = workspace.run("plan", "shown.yaml", "--target", "t1/edge/port1", *shard)
    assert targeted.exit_code == 0, targeted.output
    assert SETTING in targeted.stdout and CREATED not in targeted.stdout, targeted.stdout

    fenced = workspace.run("plan", "shown.yaml", "--exclude", "t1/edge/port1", *shard)
    assert fenced.exit_code == 0, fenced.output
    assert CREATED in fenced.stdout and SETTING not in fenced.stdout, fenced.stdout
