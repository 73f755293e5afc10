"""A saved plan renames the VW logger and holds the IPI chain logger in sync; its ZERO_DATE is then
edited in the web app. The apply is refused naming the logger and its zero date as the platform's
change unless the file was edited, not as a write the plan lacks, and nothing is written."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc

EDITED = "2026-04-01T00:00:00Z"


def test_a_thread_loggers_zero_date_edited_since_a_saved_plan_is_named_as_the_platforms_change(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")
    assert workspace.run("plan", SITE, "--out", "plan.json").exit_code == 0
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"ZERO_DATE": EDITED}})

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    (digest,) = re.findall(r"Applying the saved plan (\S+):", refused.stderr)
    assert refused.stderr.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(tunnel-thread/ipi-chain: its zero_date): either the platform changed since the plan was made, in "
        f"the web app or by another writer, or the plan file was edited (compare the digest above, {digest}, "
        "with its review's): run iotplan plan again\n"
    ), refused.stderr
    assert "the plan holds no write" not in refused.stderr
    (vw,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    (ipi,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert (vw["props"]["NAME"], ipi["props"]["ZERO_DATE"]) == ("Section 3 VW Logger", EDITED)
