"""Drift lists a THREAD logger given its `id:` whose `type` is edited MODIFIED at its own address,
refused: it listed it NOT_CHECKED, "in sync; `plan` and `apply` refuse it", as though only its type
were unread (cr105 F4)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_logger_type_edited import REFUSAL, SITE, applied_then_type_edited_by_id


def test_drift_lists_a_logger_refused_by_id_modified_at_its_own_address(workspace: Workspace) -> None:
    applied_then_type_edited_by_id(workspace)
    entries = workspace.json("drift", SITE)["entries"]
    refused = [entry for entry in entries if entry["refused"]]
    assert [entry["address"] for entry in refused] == ["tunnel-thread/ipi-chain"], refused
    assert refused[0]["status"] == "MODIFIED", refused[0]
    assert not refused[0]["reason"].startswith("in sync"), refused[0]
    assert REFUSAL in refused[0]["reason"]
