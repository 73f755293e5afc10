"""Where JSON-RPC `update*` both replaces props and re-zeroes on any ZERO_DATE written, a rename of a
logger holding history whose entry declares its ZERO_DATE as it stands leaves the ZERO_DATE out, the
platform drops it, and iotplan writes nothing back (the read back shows ZERO_BASELINE, unsent): exit 1.
Its unit line and the closing error do not tell the user to declare what the entry declares: `plan`
shows it to be written again, applied with --allow-data-model-change once checked in the web app. And
that step is the one that works: the plan shows it, refuses it without the flag, and with it restores
the ZERO_DATE (a re-zero there, as told)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc
from tests.e2e.thread_zero_date import ipi_logger_with_history, rename_ipi_logger


def test_a_declared_zero_date_not_written_back_is_told_to_be_applied_again_not_declared(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = ipi_logger_with_history(workspace, monkeypatch, "rpc-update-replaces,rpc-rewrite-rezeroes")
    zero = made["props"]["ZERO_DATE"]
    assert f'zero_date: "{zero}"' in (workspace.path / SITE).read_text(), "its entry declares it"
    rename_ipi_logger(workspace)

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    lines = [" ".join(line.split()) for line in renamed.output.splitlines()]

    assert renamed.exit_code == 1, renamed.output
    unit = [line for line in lines if line.startswith("tunnel-thread/ipi-chain: iotplan could not confirm")]
    closing = [line for line in lines if line.startswith("Error: apply did not finish")]
    assert len(unit) == len(closing) == 1, renamed.output
    for line in unit + closing:
        said = line.lower()
        assert "declare `zero_date" not in said and "before declaring" not in said, line
        assert (
            "its entry in the manifest declares it" in said and "`plan` shows it to be written again" in said
        )
        assert "web app first" in said and "--allow-data-model-change" in said, line

    planned = workspace.run("plan", SITE, "--no-color")
    assert f'zero_date: (unset) → "{zero}"' in planned.output, planned.output
    assert "needs --allow-data-model-change" in planned.output, planned.output
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 1, "refused without the flag"
    restored = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change", "--no-color")
    assert restored.exit_code == 0, restored.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == zero and logger["props"]["ZERO_BASELINE"] == 40, (
        "re-zeroed, as told"
    )
