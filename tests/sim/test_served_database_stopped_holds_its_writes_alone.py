"""`iotplan sim serve --db x.db` stopped (SIGTERM, as CI and a fuzzer stop it) leaves its writes in
x.db itself, not in an `x.db-wal` beside it: copied alone to start another run from, the file holds
every write (a copy without its -wal lost 30 of 300 connections)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.served import serving


def test_a_stopped_servers_database_copied_alone_holds_every_write(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with serving(None, "--db", str(db), "--edge-port-base", "0"):
        pass
    copy = tmp_path / "copy.db"
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as read:
        tables = [row[0] for row in read.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables, "the database file alone holds no table: its writes stayed in the -wal file"
    assert not (tmp_path / "x.db-wal").exists() or (tmp_path / "x.db-wal").stat().st_size == 0
