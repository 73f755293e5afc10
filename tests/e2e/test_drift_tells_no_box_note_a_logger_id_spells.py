"""A logger on a declared THREAD's port, made there by another tool with an id spelling a box note
("...; logger VW_LOGGER serial FAKE is also under THREAD X declare it in one manifest only/device"):
the new logger's line notes the port is shared, naming it, and drift, which found its box notes again
in the line's text, listed the new logger missing with a box note no THREAD holds (cr107). Drift tells
the notes the plan recorded, none here."""

from __future__ import annotations

from tests.e2e.box_notes import write_site
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc

SPELLED = "a; logger VW_LOGGER serial FAKE is also under THREAD X declare it in one manifest only"


def test_drift_tells_no_box_note_a_logger_id_spells(workspace: Workspace) -> None:
    write_site(workspace, "777")
    props = {"NAME": "other", "EXTERNAL_PORT": 1, "NODE_ID": "/fn/5D6E7F/node", "SERIAL_NO": SPELLED}
    rpc(
        workspace,
        "createDevice",
        {"device": f"/fn/5D6E7F/node/demo/{SPELLED}/device", "type": "DEMO", "props": props},
    )
    planned = workspace.run("plan", "b.yaml")
    assert planned.exit_code == 0 and "is also under THREAD X" in planned.stdout, planned.output  # in the id

    (missing,) = [e for e in workspace.json("drift", "b.yaml")["entries"] if e["address"] == "t-b/vw"]

    assert missing["reason"] == "declared in the manifest, not on the platform", missing
