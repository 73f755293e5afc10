"""A saved plan removing a sensor that holds history, for the tests of what its file may say of it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from click.testing import Result

from tests.e2e.conftest import QUICKSTART, Workspace

REMOVED = "quickstart:dam-a/logger-1/pz-1"


def platform_state(ws: Workspace) -> str:
    """A digest of every row the emulator holds: what an apply that wrote nothing leaves alike."""
    connection = sqlite3.connect(ws.path / ".iotplan" / "sim.db")
    tables = connection.execute("select name from sqlite_master where type='table' order by name")
    rows = [(t, sorted(map(repr, connection.execute(f"select * from '{t}'")))) for (t,) in tables.fetchall()]
    connection.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def removal_plan(ws: Workspace, count: int = 1000) -> dict[str, Any]:
    """plan.json removing pz-1, which holds `count` observations, read back as a document."""
    assert ws.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = ws.live_entity(REMOVED)
    ws.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": count})
    text = (ws.path / QUICKSTART).read_text()
    start, end = text.index("              - key: pz-1"), text.index("              # catalog metric")
    (ws.path / QUICKSTART).write_text(text[:start] + text[end:])
    planned = ws.run("plan", QUICKSTART, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    return json.loads((ws.path / "plan.json").read_text())


def save(ws: Workspace, plan: dict[str, Any]) -> None:
    (ws.path / "plan.json").write_text(json.dumps(plan))


def applied_saved(ws: Workspace, plan: dict[str, Any]) -> tuple[Result, str]:
    """`plan` saved and applied with --allow-destroy; the apply's result and the platform_state before it."""
    save(ws, plan)
    before = platform_state(ws)
    return ws.run("apply", "plan.json", "--allow-destroy"), before
