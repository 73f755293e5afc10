"""The note on a THREAD logger whose SERIAL_NO was edited behind iotplan quotes the platform's text:
a URL typed there with its password shows as every refId does (`https://(sensitive)@host`), in the
plan, the saved plan, `show` and every drift format."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace, workspace  # noqa: F401 (a fixture)
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PASSWORD = "SERpw1edited"
TYPED = f"sn https://u:{PASSWORD}@x.example"


@pytest.fixture
def edited(workspace: Workspace) -> Workspace:  # noqa: F811 (the fixture imported above)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": TYPED}})
    return workspace


def test_the_plan_and_the_saved_plan_quote_the_edited_serial_with_its_password_masked(
    edited: Workspace,
) -> None:
    plan = edited.run("plan", SITE, "--no-color", "--out", "plan.json")
    assert plan.exit_code == 0, plan.output
    assert "reads SERIAL_NO 'sn https://(sensitive)@x.example' on the platform" in plan.stdout
    shown = edited.run("show", "plan.json", "--no-color")
    assert shown.exit_code == 0 and "(sensitive)@x.example" in shown.stdout, shown.output
    saved = (edited.path / "plan.json").read_text()
    assert PASSWORD not in plan.output + saved + shown.output


@pytest.mark.parametrize("format", ["json", "markdown", "junit", "html"])
def test_every_drift_format_quotes_the_edited_serial_with_its_password_masked(
    edited: Workspace, format: str
) -> None:
    drift = edited.run("drift", SITE, "--no-color", "--out", f"{format}=drift.{format}")
    assert drift.exit_code == 2, drift.output
    written = (edited.path / f"drift.{format}").read_text()
    assert "https://(sensitive)@x.example" in written
    assert PASSWORD not in drift.output + written
