"""A stack renamed with its connection and devices named otherwise, applied first with `sensors: []`
(cr80 #1): nothing it held told it from another network, and the sensors of a second apply made the
network twice, exit 0. The stack owns nothing and lands on stack quickstart's keys: refused."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.stack_rename import (
    CONN,
    LOGGER,
    V2,
    WEATHER,
    applied,
    edited,
    made_by_v2,
    said,
    without_sensors,
)


def test_stack_renamed_with_its_devices_made_without_sensors_first_is_refused_at_its_first_apply(
    workspace: Workspace,
) -> None:
    assert applied(workspace).exit_code == 0
    first = applied(workspace, without_sensors(edited(workspace, V2, CONN, LOGGER, WEATHER)))
    assert first.exit_code == 1, first.output
    assert (
        "stack 'quickstart-v2' owns nothing in the projects read and would create at keys stack "
        f"'quickstart' uses in project {PROJECT} (dam-a): if this stack was renamed from 'quickstart', "
        "keep `stack: quickstart`"
    ) in said(first)
    assert made_by_v2(workspace) == {"nodes": 0, "devices": 0, "sensors": 0}
