"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a THREAD logger renamed lost
what another tool set on it, and apply said so pointing at check-platform's A2, which probes REST
updates only; and it said ACCESSIBLE was dropped, "set them again in the platform's web app": the
platform's own status, which nobody sets (fz74 #2). Then only props someone set were named, with the
docs row that says where updates replace them. Now the rename, the run's first update (the probe), is
read again at once, what the platform dropped (the other tool's NOTES among it) written back as it
was, and that said, naming only props someone set."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc


def test_a_thread_logger_updated_where_updates_replace_writes_back_only_what_someone_set(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"NOTES": "another tool's"}})
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert "ACCESSIBLE" in logger["props"]  # the platform's own status, not set by anyone
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: VW Logger renamed")
    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    said = [" ".join(line.split()) for line in caplog.messages if "dropped" in line]
    assert len(said) == 1, said  # the unit's, not the verifying read's besides
    assert said[0].startswith("tunnel-thread/vw-logger: the platform dropped ")
    assert "NOTES" in said[0] and "ACCESSIBLE" not in said[0] and "A2" not in said[0]
    assert "JSON-RPC `update*`: docs/api-assumptions.md A14, variant `rpc-update-replaces`" in said[0]
    assert "back as they were" in said[0]
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["NOTES"] == "another tool's" and logger["props"]["NAME"] == "VW Logger renamed"
