"""Where JSON-RPC `update*` replaces props and re-zeroes on any ZERO_DATE written, and the REST lists show
a JSON-RPC write only once another follows (`lists-lag-rpc-writes`), a rename of a logger holding history
whose entry declares its ZERO_DATE has that ZERO_DATE dropped and not written back (exit 1, as told). Applied
again without `--allow-data-model-change`, the plan, reading the lagging lists, still sees the ZERO_DATE and
shows only the rename; JSON-RPC's read before the update shows it gone. An update writes every declared
field, so it would write the ZERO_DATE back, which re-zeroes the logger: a data-model change the reviewed
plan never showed nor the flag allowed. Nothing of the THREAD is written; the apply says why, exit 1. A rerun
plans from the same lists, so the closing advice is to plan again later, not to run it again; and the flag,
which allows only what a plan shows, does not lift it, as the refusal says."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc
from tests.e2e.thread_zero_date import ipi_logger_with_history, rename_ipi_logger

REPLACES_REZEROES = "rpc-update-replaces,rpc-rewrite-rezeroes"


def test_a_zero_date_the_plan_read_from_lagging_lists_is_not_written_unshown(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = ipi_logger_with_history(workspace, monkeypatch, REPLACES_REZEROES)
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", f"{REPLACES_REZEROES},lists-lag-rpc-writes")
    rename_ipi_logger(workspace)
    dropped = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    assert dropped.exit_code == 1 and "ZERO_DATE possibly lost" in dropped.output, dropped.output

    again = workspace.run("apply", SITE, "--auto-approve", "--no-color")

    assert "zero_date" not in again.stdout.split("Plan:")[0], "the plan shows only the rename"
    assert again.exit_code == 1, again.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"].get("ZERO_DATE") is None, "not written: the plan did not show it"
    assert (made["props"]["ZERO_BASELINE"], logger["props"]["ZERO_BASELINE"]) == (0, 0), "not re-zeroed"
    said = " ".join(again.output.split())
    assert "tunnel-thread/ipi-chain: JSON-RPC getDevices answers its zero_date (unset)" in said, said
    assert "nothing of tunnel-thread was written" in said and "applied (" not in said, said
    closing = " ".join(again.stderr.split())
    assert "run it again" not in closing, closing
    assert (
        "apply did not finish: deal with the errors above: plan again later (the REST lists may not show a "
        "JSON-RPC write yet)"
    ) in closing, closing
    assert "--allow-data-model-change does not lift this" in said

    allowed = workspace.run("apply", SITE, "--auto-approve", "--no-color", "--allow-data-model-change")
    assert allowed.exit_code == 1 and "zero_date" not in allowed.stdout.split("Plan:")[0], allowed.output
    assert "JSON-RPC getDevices answers its zero_date (unset)" in " ".join(allowed.output.split())
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"].get("ZERO_DATE") is None and logger["props"]["ZERO_BASELINE"] == 0
