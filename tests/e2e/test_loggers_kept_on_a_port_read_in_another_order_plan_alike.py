"""Loggers kept on a THREAD's port (on the platform, not declared) were planned, and named by the notes
of a port setting that cuts them off and of a logger sharing their port, in the order the platform
listed them. The platform keeps no order (docs/api-assumptions.md A5), so two plans of one platform
read differently, their digests too (cr131 F3). Kept loggers are planned and named by address."""

from __future__ import annotations

import json

import pytest

from tests.e2e.awaiting_confirmation import BASE, NODE, applied_base
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc


def test_loggers_kept_on_a_port_read_in_another_order_plan_alike(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_base(workspace)
    for serial in ("HAND04", "HAND01", "HAND03", "HAND02"):
        props = {"NODE_ID": NODE, "NAME": f"crew {serial}", "EXTERNAL_PORT": 1}
        rpc(
            workspace,
            "createDevice",
            {"device": f"{NODE}/demo/{serial}/device", "type": "DEMO", "props": props},
        )
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "unstable-list-order")

    plans = []
    for each in range(4):
        planned = workspace.run("plan", "cut.yaml", "--out", f"plan{each}.json")
        assert "t1/#HAND01 (0 observations) and t1/#HAND02" in planned.stdout, planned.output
        plan = json.loads((workspace.path / f"plan{each}.json").read_text())
        plan.pop("read_at")
        plans.append(plan)

    assert all(plan == plans[0] for plan in plans), "the plans read differently"
