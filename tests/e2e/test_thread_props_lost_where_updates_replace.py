"""Where JSON-RPC `update*` replaces props (`rpc-update-replaces`), a THREAD logger renamed lost
what another tool set on it, and apply said so pointing at check-platform's A2, which probes REST
updates only; and it said ACCESSIBLE was dropped, "set them again in the platform's web app": the
platform's own status, which nobody sets (fz74 #2). Now only props someone set are named, with the
docs row that says where updates replace them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc


def test_a_thread_logger_updated_where_updates_replace_names_only_what_someone_set(
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
    said = " ".join(caplog.text.split())
    assert "tunnel-thread/vw-logger: the platform dropped NOTES, which the manifest does not declare" in said
    assert "ACCESSIBLE" not in said
    assert "JSON-RPC `update*`: docs/api-assumptions.md, variant `rpc-update-replaces`" in said
    assert "A2" not in said
