"""live/read.py: a list read stopped at an item without its parent (A5+) says why the lists were read.

The project's registered THREADs go unread, so a plan creating a device in a one-connection API stack
reads the project's lists for a live carrier of its refId (A1++). It blamed THREAD sites and "more
connections than list pages", neither of which the manifest has (fz10 #1).
"""

from __future__ import annotations

import pytest

from iotplan.errors import PlatformError
from tests.commands.test_paged_lists_read_again import applied, connection, plan_counting, site


def test_a_plan_creating_a_device_beside_unread_threads_names_them_as_why_the_lists_were_read(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    applied(db, site(connection("c1", "d1")))
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-without-parents")
    said_why = r"without props.NODE_ID: .* \(docs/api-assumptions.md, A5\+\)"
    with pytest.raises(PlatformError, match=said_why) as stopped:
        plan_counting(db, site(connection("c1", "d1", "d2")), "GET /api/devices/all")
    said = str(stopped.value)
    assert "The project's lists were read because this plan creates a device or sensor there while" in said
    assert (
        "/fn/6C7D8E/node (a THREAD)" in said
        and "not read, could hold one with a refId it creates (A1++)" in said
    )
