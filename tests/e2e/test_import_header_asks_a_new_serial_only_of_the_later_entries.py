"""Two sensors of another tool carrying one refId: import's header (and stderr) said "give each a new
SERIAL_NO", where each comment in the file asks it only of the later entry; read literally, the user
re-serials the first too, and the tool writing to it by that refId then fails. The header asks it of
each later entry, the first keeping its refId (cr158)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_import_sensors_sharing_a_ref_id_are_told_the_web_app_step import (
    feed_of_two_loggers_each_with_a_t1,
)


def test_import_header_asks_a_new_serial_only_of_the_later_entries(workspace: Workspace) -> None:
    feed_of_two_loggers_each_with_a_t1(workspace)
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 1, imported.output
    rows = (workspace.path / "site.yaml").read_text().splitlines()
    (header,) = [row for row in rows if row.startswith("# this file declares 1 entity whose refId")]
    (warning,) = [row for row in imported.stderr.splitlines() if "declares 1 entity whose refId" in row]
    for told in (header, warning):
        assert "give each a new SERIAL_NO" not in told, told
        assert "an earlier entry" in told and "the earlier one keeps its refId" in told, told
