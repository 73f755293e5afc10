"""A field that is no secret prop (a name, notes) holding the value an `${env:NAME}` reference
elsewhere in the manifest resolves to is refused before any read or write: the plan would show it
(or hide it as `(sensitive)`, and then nobody could review what apply writes), and apply would write
it in clear. The message names the field and the reference, never the value."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.secret_in_another_field import notes_naming, planned

TOKEN = "Xk29PqLm7"


@pytest.mark.parametrize("command", [("plan",), ("apply", "--auto-approve")])
def test_a_secret_held_in_notes_stops_naming_the_field_and_the_reference(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    manifest = tmp_path / "site.yaml"
    manifest.write_text(notes_naming(TOKEN))
    database = tmp_path / "sim.db"
    runner = CliRunner()
    result = runner.invoke(cli, [*command, str(manifest), "--sim-db", str(database)], env={"TOKEN_01": TOKEN})
    assert result.exit_code != 0, result.output
    assert "site-01" in result.output and "notes" in result.output, result.output
    assert "holds the value ${env:TOKEN_01} gives" in result.output, result.output
    assert TOKEN not in result.output
    # Nothing was written: a plan of the same manifest without the token in its notes adds the node.
    manifest.write_text(notes_naming("rotated"))
    _, again = planned(manifest, database, TOKEN)
    assert "+ node site-01" in again, again


def test_a_manifest_whose_other_fields_hold_no_secret_plans_as_before(tmp_path: Path) -> None:
    manifest = tmp_path / "site.yaml"
    manifest.write_text(notes_naming("rotated"))
    result = CliRunner().invoke(
        cli, ["plan", str(manifest), "--sim-db", str(tmp_path / "sim.db")], env={"TOKEN_01": TOKEN}
    )
    assert result.exit_code in (0, 2), result.output
    assert "+ node site-01" in result.output
