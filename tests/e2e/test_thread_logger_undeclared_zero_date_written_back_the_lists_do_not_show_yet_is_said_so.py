"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`) and the REST lists lag behind its
writes (`lists-lag-rpc-writes`), a rename of a logger holding a ZERO_DATE the manifest does not declare
has it dropped, then written back; the verifying read, from the lists, does not show it yet. That is
said as the ZERO_DATE this apply wrote back, maybe not listed yet, never "the platform dropped
ZERO_DATE ... set them again in the platform's web app" beside "written back"."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

ZERO = "2026-05-01T00:00:00Z"


def test_an_undeclared_zero_date_written_back_that_the_lists_do_not_show_yet_is_said_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"ZERO_DATE": ZERO}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces,lists-lag-rpc-writes")
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")

    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    output = renamed.output + "\n".join(" ".join(record.getMessage().split()) for record in caplog.records)

    said = (
        f"tunnel-thread/vw-logger: the platform dropped props not sent: its ZERO_DATE '{ZERO}' written back"
    )
    assert said in output, output
    assert "set them again in the platform's web app" not in output, output
    assert "written back by this apply" in output and "not listed yet" in output, output
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["ZERO_DATE"] == ZERO
