"""The quickstart manifest edited as a stack renamed (`quickstart-v2`), and what that stack made: the
cases of plan/renamed_stack.py (tests/e2e/test_stack_renamed_*)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

V2 = ("stack: quickstart ", "stack: quickstart-v2 ")
CONN = ("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed")
LOGGER = ("name: Crest datalogger", "name: Crest logger")
WEATHER = ("name: Weather station", "name: Wx station")
SHARE = ("stack: quickstart-v2 ", "shares_keys_with: [quickstart]\nstack: quickstart-v2 ")
MOVED = "moved:\n  - {from: dam-a, to: dam-x}\n"
SENSORS = ("Piezometer PZ-1", "Crack meter CM-1", "Tiltmeter TM-1", "Air temperature", "Battery")


def made_by_v2(workspace: Workspace) -> dict[str, int]:
    """How many nodes, devices and sensors stack quickstart-v2 made."""
    query = {"projectIds": PROJECT, "pageSize": 1000}
    listed = {
        kind: list(workspace.api("GET", f"/api/{kind}/all", params=query))
        for kind in ("nodes", "devices", "sensors")
    }
    return {
        kind: sum(e["props"].get("SERIAL_NO", "").startswith("quickstart-v2:") for e in each)
        for kind, each in listed.items()
    }


def edited(workspace: Workspace, *edits: tuple[str, str]) -> str:
    text = (workspace.path / QUICKSTART).read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def without_devices(text: str) -> str:
    return text[: text.index("        devices:")]


def without_sensors(text: str) -> str:
    """Each device declared with `sensors: []`."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.strip() == "sensors:":
            kept.append(line.replace("sensors:", "sensors: []"))
            skipping = True
        elif skipping and (
            line.startswith("              ") or line.strip().startswith("#") or not line.strip()
        ):
            continue
        else:
            skipping = False
            kept.append(line)
    return "".join(kept)


def applied(workspace: Workspace, text: str | None = None) -> Any:
    if text is not None:
        (workspace.path / QUICKSTART).write_text(text)
    return workspace.run("apply", QUICKSTART, "--auto-approve")


def said(result: Any) -> str:
    return " ".join(result.stderr.split())
