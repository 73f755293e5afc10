"""Saved plans of the quickstart renaming a crack meter whose in-sync entity reads otherwise at their
apply, for the tests of what it says of it: the piezometer beside it edited on the platform, or a
tiltmeter write the file turns into an in-sync line (the platform untouched, so the plan file alone
says the platform changed); a saved plan of the THREAD example renaming its VW logger; and the
refusal of a saved plan's apply, with the digest it showed."""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import SITE

TILT_1 = '"address":"dam-a/logger-1/tilt-1"'
PZ_1 = "quickstart:dam-a/logger-1/pz-1"


def plan_with_pz1_edited_since(ws: Workspace, props: dict[str, object]) -> None:
    """plan.json renaming the crack meter, made before the piezometer beside it, in sync, has `props`
    written in the web app."""
    assert ws.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    ws.edit(QUICKSTART, "name: Crack meter CM-1", "name: Crack meter CM-1b")
    assert ws.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    pz_1 = {"changeState": "update", "refId": PZ_1, "props": props}
    logger = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}, "sensors": [pz_1]}
    ws.integrate_under("quickstart:dam-a", [logger])


def plan_with_tilt1_turned_in_sync(ws: Workspace, iotplan_version: str | None = None) -> None:
    """plan.json of both renames, its tiltmeter's write edited into a no-op; `iotplan_version`: the
    version the file is edited to say made it."""
    assert ws.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    ws.edit(QUICKSTART, "name: Crack meter CM-1", "name: Crack meter CM-1b")
    ws.edit(QUICKSTART, "name: Tiltmeter TM-1", "name: Tiltmeter TM-1b")
    assert ws.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = ws.path / "plan.json"
    lines = saved.read_text().split("\n")
    (at,) = [number for number, line in enumerate(lines) if TILT_1 in line]
    comma = lines[at].rstrip().endswith(",")
    write = json.loads(lines[at].strip().removesuffix(","))
    write.update(actions=["no-op"], action="no-op", reason="in sync", cause="in-sync", fields=[])
    write.update(fingerprint=None, before=dict(write["after"]))
    lines[at] = "    " + json.dumps(write, separators=(",", ":")) + ("," if comma else "")
    text = (
        "\n".join(lines).replace('"change": 2,', '"change": 1,').replace('"unchanged": 6,', '"unchanged": 7,')
    )
    if iotplan_version is not None:
        made_by = json.loads(text)["iotplan_version"]
        text = text.replace(f'"iotplan_version": "{made_by}"', f'"iotplan_version": "{iotplan_version}"', 1)
    saved.write_text(text)


def plan_renaming_the_thread_vw_logger(ws: Workspace) -> None:
    """plan.json renaming the THREAD example's VW logger, made once the example is applied."""
    assert ws.run("apply", SITE, "--auto-approve").exit_code == 0
    ws.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")
    assert ws.run("plan", SITE, "--out", "plan.json").exit_code == 0


def saved_plan_refused_with_its_digest(ws: Workspace) -> tuple[str, str]:
    """plan.json applied: asserts it refused; its stderr, and the digest it showed of the plan."""
    refused = ws.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    (digest,) = re.findall(r"Applying the saved plan (\S+):", refused.stderr)
    return refused.stderr, digest
