"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`) and the REST lists show a JSON-RPC
write only once another follows (`lists-lag-rpc-writes`), a rename of a logger declaring the ZERO_DATE
it holds has it dropped, then written back; the verifying plan, reading the lists, still sees it
without one. That is said as what this apply wrote back, maybe not listed yet (as an update the lists
do not show yet is), never "set them again in the platform's web app" beside "written back", nor
"deal with the errors above" with none above; a plan made later shows no changes."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_zero_date_written_back_that_the_lists_do_not_show_yet_is_said_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces,lists-lag-rpc-writes")
    (made,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    zero = made["props"]["ZERO_DATE"]
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain (north)")

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")

    assert (
        f"tunnel-thread/ipi-chain: the platform dropped props not sent: its ZERO_DATE '{zero}' written back"
        in (renamed.output)
    )
    assert "set them again in the platform's web app" not in renamed.output, renamed.output
    assert "deal with the errors" not in renamed.output, renamed.output
    assert "maybe not listed yet" in renamed.output and "plan again later" in renamed.output.lower(), (
        renamed.output
    )
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == zero
