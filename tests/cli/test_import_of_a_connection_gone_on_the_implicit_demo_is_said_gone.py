"""A 404 at import's read on the embedded demo chosen by nothing given is said to be the project not
found there only when the project's list answered it: a connection removed between that list and its
own read (answered 404, `EntityNotFound`) is still said to be gone, not its project missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.sim.backend import SimBackend
from iotplan.sim.errors import SimError
from tests.commands.test_paged_lists_read_again import applied, connection, listed, site
from tests.guards.fleet import PROJECT


def test_import_of_a_connection_gone_on_the_implicit_demo_is_said_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / ".iotplan" / "sim.db"
    applied(db, site(connection("c1", "d1")))
    [c1] = [node["id"] for node in listed(db, "nodes") if node["props"].get("SERIAL_NO") == "st:c1"]

    def gone(*_: object, **__: object) -> object:
        raise SimError(404, "EntityNotFound", "Node was not found")

    monkeypatch.setattr(SimBackend, "integration_of", gone)
    result = CliRunner().invoke(cli, ["import", "--project", PROJECT, "--node", c1])
    assert result.exit_code == 1, result.output
    said = result.stderr.splitlines()[-1]
    assert "was listed but was gone when read (answered 404)" in said
    assert "embedded demo" not in said
