"""Where REST gives devices and sensors no count (the reference's answers; emulator variant
`no-observation-counts`), every count a plan weighs comes from JSON-RPC, a count above 0 too. The
estimate took a count above 0 for REST's: it left out the recount's `getSensors` beside the read of
the connection (a device removed holding data: "about 2", 3 sent) and counted an authenticate the
THREAD's writes do not send, the plan's count read having opened the session (a data-model change
of a sensor holding data beside a THREAD write: one more estimated than sent). The plan now records
which of its counts JSON-RPC gave (`counted_through_rpc`), in one run and in a saved plan alike."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from tests.apply.test_impact_counts_an_authenticate_beside_a_rest_removal import (
    FromConfirmation,
    a_thread_sensor_renamed_by_hand,
    applied,
    confirmed,  # noqa: F401 (a fixture)
    observations_on_pz_2,
    with_a_rest_site,
    without_logger_2,
)
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


@pytest.fixture
def rest_counts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")


def saved_and_applied(workspace: Workspace, counter: FromConfirmation, *flags: str) -> tuple[int, list[str]]:
    """`plan --out plan.json`, then `apply plan.json`: the estimate its apply prints, and what it sent."""
    planned = workspace.run("plan", SITE, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    counter.sent = []
    done = workspace.run("apply", "plan.json", "--auto-approve", "--no-color", *flags)
    assert done.exit_code == 0, done.output
    estimate = re.search(r"apply sends about (\d+) request", done.output)
    assert estimate is not None, done.output
    saved = json.loads((workspace.path / "plan.json").read_text())["impact"]["write_requests"]
    assert saved == int(estimate.group(1)), f"saved {saved}, printed {estimate.group(1)}"
    return saved, counter.sent


@pytest.mark.usefixtures("rest_counts_nothing")
@pytest.mark.parametrize("applied_by", [applied, saved_and_applied], ids=["one-run", "saved-plan"])
def test_a_device_holding_data_removed(
    workspace: Workspace,
    confirmed: FromConfirmation,  # noqa: F811
    applied_by: Callable[..., tuple[int, list[str]]],
) -> None:
    with_a_rest_site(workspace, confirmed)
    observations_on_pz_2(workspace)
    without_logger_2(workspace)

    estimate, sent = applied_by(workspace, confirmed, "--allow-destroy")

    assert sent.count("rpc getSensors") == 1, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


@pytest.mark.usefixtures("rest_counts_nothing")
def test_a_saved_plan_changing_the_units_of_a_sensor_holding_data_beside_a_thread_write(
    workspace: Workspace,
    confirmed: FromConfirmation,  # noqa: F811
) -> None:
    """The plan counts pz-2 through JSON-RPC, whose session the THREAD's write goes on: no
    authenticate is sent, and none is estimated."""
    with_a_rest_site(workspace, confirmed)
    observations_on_pz_2(workspace)
    text = (workspace.path / SITE).read_text()
    at = text.index("key: pz-2")
    changed = text[at:].replace("kPa_gauge", "psi", 1)
    (workspace.path / SITE).write_text(text[:at] + changed)
    a_thread_sensor_renamed_by_hand(workspace)

    estimate, sent = saved_and_applied(workspace, confirmed, "--allow-data-model-change")

    assert "rpc authenticate" not in sent and sent.count("rpc updateSensor") == 1, sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"
