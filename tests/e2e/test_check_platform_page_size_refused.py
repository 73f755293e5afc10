"""Where the platform refuses pageSize=1000, the list probes read at 100 as iotplan's own reads do
(clients/platform.py `_paged`): A5 differs, saying so, and nothing blocks; before, A5+ and the counts
were untested for a 400 iotplan never meets, and the check exited 1 (fz56 #2)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_check_platform import check, not_holding


def test_a_refused_page_size_reads_at_100_and_blocks_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-size-over-100-refused")
    code, report = check(workspace)
    assert code == 0 and not_holding(report) == {"paging"}, report["checks"]
    [paging] = [line for line in report["checks"] if line["key"] == "paging"]
    assert paging["verdict"] == "fails" and paging["saw"].endswith("1000 refused; reads at 100"), paging
