"""A THREAD node deleted in the web app and created again there, with its NAME and SERIAL_NO, under a
new id, in the same project (fz117 F1). The manifest pins the old id. Plans said the node "is not in
project ...; say `register: true` (with its `version`) to create it", naming no node of the project
that holds its SERIAL_NO; followed, the plan said "10 to add", and the platform refused the create
("already exists") with iotplan telling of "another project". Now the plan names the node that holds
the SERIAL_NO (its id, its NAME) and what to do, and never plans to register this THREAD beside it."""

from __future__ import annotations

import json
import sqlite3

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE

NEW_ID = "5f0c3a9e2b7d41c8a6e1d3b2c4f5a6b7"


def recreated_in_the_web_app(
    workspace: Workspace, new_id: str = NEW_ID, serial: str = "6C7D8E", name: str | None = None
) -> None:
    """As the web app would: the node gone with its loggers and sensors, a new one of its NAME (or
    `name`) and SERIAL_NO (as `serial` is typed) under an id of its own (the sim's store, written
    behind iotplan's back)."""
    db = sqlite3.connect(workspace.path / ".iotplan" / "sim.db")
    with db:
        row = db.execute("select body from entities where id = ?", (NODE,)).fetchone()
        db.execute("delete from entities where id = ? or node_id = ?", (NODE, NODE))
        body = json.loads(row[0])
        kept = ("SERIAL_NO", "INTEGRATION_ID", "NAME", "PROJECT_ID")
        body["id"], body["props"] = new_id, {key: body["props"][key] for key in kept}
        body["props"]["SERIAL_NO"] = serial
        if name is not None:
            body["props"]["NAME"] = name
        db.execute(
            "insert into entities values (?,?,?,?,?,?,?,?,?)",
            (
                new_id,
                "node",
                body["props"]["PROJECT_ID"],
                None,
                None,
                serial,
                body["props"]["NAME"],
                99,
                json.dumps(body),
            ),
        )
    db.close()


def registered(workspace: Workspace) -> None:
    """The step the plan gave before it named the node holding the SERIAL_NO."""
    workspace.edit(
        SITE,
        "id: /fn/6C7D8E/node\n",
        "id: /fn/6C7D8E/node\n        register: true\n        version: 7.17.0\n",
    )


def test_a_thread_recreated_in_the_web_app_under_a_new_id_is_named_by_the_plan(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    recreated_in_the_web_app(workspace)

    plan = workspace.run("plan", SITE)
    assert plan.exit_code == 1, plan.output
    holds = f"node {NEW_ID} ('Tunnel Section 3 THREAD') of this project holds its SERIAL_NO, read as '6C7D8E'"
    assert f"{holds}, its observation count unread:" in plan.output
    assert "say `register: true` (with its `version`) to create it" not in plan.output
    assert "then say `register: true` (with its `version`)" in plan.output

    registered(workspace)
    registering = workspace.run("apply", SITE, "--auto-approve")
    assert registering.exit_code == 1, registering.output
    assert f"node {NEW_ID} ('Tunnel Section 3 THREAD') of this project holds" in registering.output
    assert "to add" not in registering.output and "another project" not in registering.output
    assert "then plan again: its `register: true` registers it" in registering.output
    assert "then say `register: true`" not in registering.output
