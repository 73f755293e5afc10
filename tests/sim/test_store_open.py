"""The embedded platform's database file: a file that is none is named, and left as it was."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.errors import IotplanError
from iotplan.sim import embedded_transport
from iotplan.sim.store import Store
from tests.conftest import ROOT

QUICKSTART = ROOT / "examples" / "quickstart" / "site.yaml"


def test_a_file_that_is_no_database_is_named_and_left_as_it_was(tmp_path: Path) -> None:
    manifest = tmp_path / "site.yaml"
    manifest.write_text("apiVersion: iotplan/v1\nstack: dams\n" * 100, encoding="utf-8")
    before = hashlib.sha256(manifest.read_bytes()).hexdigest()
    with pytest.raises(IotplanError, match=r"site\.yaml: not a database of the embedded platform"):
        Store(manifest)
    assert hashlib.sha256(manifest.read_bytes()).hexdigest() == before
    assert [path.name for path in tmp_path.iterdir()] == ["site.yaml"]  # no -wal or -shm beside it


def test_sim_db_naming_the_manifest_is_one_clear_error_not_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plausible slip: the manifest's path given twice."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(QUICKSTART, "site.yaml")
    done = CliRunner().invoke(cli, ["plan", "site.yaml", "--sim-db", "site.yaml"])
    assert done.exit_code == 1
    assert "Error: site.yaml: not a database of the embedded platform" in done.stderr
    assert "unexpected" not in done.stderr


def test_the_embedded_platforms_database_closes_with_the_client_that_used_it(tmp_path: Path) -> None:
    """A process running command after command (a test session, a script) kept each one open: three
    descriptors (the file, its -wal and -shm) a command, until select() could take no more."""
    transport = embedded_transport(tmp_path / "sim.db")

    async def used() -> None:
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            await http.get("/api/nodes/all", headers={"Authorization": "ApiKey demo-key"})

    asyncio.run(used())
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        transport.app.backend.store.db.execute("SELECT 1")  # type: ignore[attr-defined]
