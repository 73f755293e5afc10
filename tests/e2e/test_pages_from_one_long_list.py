"""A platform counting `pageNumber` from 1 (variant `pages-from-one`) whose connection list spans
pages (`page-cap-100`: 100 a page): the list is read from page 1 to its end, so the site, listed on
its second page behind 150 connections another tool made, is found and not planned again (A5)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

OTHERS = 150  # connections another tool made first: the site's lands on the list's second page


def test_a_connection_list_of_two_pages_counted_from_one_is_read_to_its_end(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "pages-from-one,page-cap-100")
    for number in range(OTHERS):
        node = {"changeState": "new", "refId": f"other:{number}", "props": {"NAME": f"other {number}"}}
        workspace.integrate({"integration": node})
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    planned = workspace.json("plan", QUICKSTART)
    assert planned["summary"]["add"] == 0 and planned["summary"]["change"] == 0, planned
    listed = [  # pages of 100 counted from 1, as this platform serves them
        node["props"].get("SERIAL_NO", "")
        for number in (1, 2, 3)
        for node in workspace.api(
            "GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageNumber": number, "pageSize": 100}
        )
    ]
    assert [ref for ref in listed if ref.startswith("quickstart:")] == ["quickstart:dam-a"]  # made once
    assert listed.index("quickstart:dam-a") >= 100  # listed past the first page
