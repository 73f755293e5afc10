"""A saved plan renames the VW logger and holds the IPI chain logger in sync; its ZERO_DATE is then
edited in the web app. The apply is refused naming the logger and its zero date as the platform's
change unless the file was edited, not as a write the plan lacks, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import (
    plan_renaming_the_thread_vw_logger,
    saved_plan_refused_with_its_digest,
)
from tests.e2e.test_thread import IPI_LOGGER, VW_LOGGER, rpc

EDITED = "2026-04-01T00:00:00Z"


def test_a_thread_loggers_zero_date_edited_since_a_saved_plan_is_named_as_the_platforms_change(
    workspace: Workspace,
) -> None:
    plan_renaming_the_thread_vw_logger(workspace)
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"ZERO_DATE": EDITED}})

    said, digest = saved_plan_refused_with_its_digest(workspace)

    assert said.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(tunnel-thread/ipi-chain: its zero_date): either the platform changed since the plan was made, in "
        f"the web app or by another writer, or the plan file was edited (compare the digest above, {digest}, "
        "with its review's): run iotplan plan again\n"
    ), said
    assert "the plan holds no write" not in said
    (vw,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    (ipi,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert (vw["props"]["NAME"], ipi["props"]["ZERO_DATE"]) == ("Section 3 VW Logger", EDITED)
