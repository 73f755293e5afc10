"""`--sim-db` is the explicit way to the embedded platform: beside a platform credential under another
name, it is chosen as asked, not refused as the implicit demo is."""

from __future__ import annotations

from pathlib import Path

from iotplan.clients.target import TargetOptions, choose_target


def test_sim_db_chooses_the_demo_beside_a_platform_credential(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    choice = choose_target(TargetOptions(sim_db=db), {"ITWIN_API_KEY": "key-of-the-real-tenant"})
    assert choice.url is None and choice.sim_db == db
