"""A plan saved on the embedded demo, chosen by nothing given, then applied with ITWIN_API_KEY set: the
refusal advised setting the credential as IOTPLAN_API_KEY first, and following it met a second refusal
("this plan was made against embedded:..."). A saved plan names its target: the refusal says to give
that one, --sim-db first for a plan made on the demo, and so given the apply runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


def test_apply_of_a_demo_plan_beside_a_platform_credential_names_the_plans_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(cli, ["plan", QUICKSTART, "--out", "plan.json"])
    assert made.exit_code == 0, made.output
    beside = {"ITWIN_API_KEY": "key-of-the-tenant"}
    refused = CliRunner().invoke(cli, ["apply", "plan.json", "--auto-approve"], env=beside)
    assert refused.exit_code == 1, refused.output
    said = refused.stderr.splitlines()[-1]
    assert said.startswith("Error: ITWIN_API_KEY is set, but iotplan reads no credential under that name")
    assert ": give the target the plan was made against: --sim-db .iotplan/sim.db " in said
    assert "key-of-the-tenant" not in refused.output
    advised = ["apply", "plan.json", "--auto-approve", "--sim-db", ".iotplan/sim.db"]
    applied = CliRunner().invoke(cli, advised, env=beside)
    assert applied.exit_code == 0, applied.output
