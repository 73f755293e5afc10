"""`--sim-db` is the explicit way to the embedded platform: under CI, and beside a platform
credential under another name, it is chosen as asked, not refused as the implicit demo is."""

from __future__ import annotations

from pathlib import Path

from iotplan.clients.target import TargetOptions, choose_target


def test_sim_db_chooses_the_demo_under_ci(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    choice = choose_target(
        TargetOptions(sim_db=db), {"CI": "true", "ITWIN_API_KEY": "key-of-the-real-tenant"}
    )
    assert choice.url is None and choice.sim_db == db
