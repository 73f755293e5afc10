"""cr165: a row copied down over its neighbour: site-02 given site-01's name and place (site-01 in
sync, keeping its key), site-03 added with Benmore's row. The refusal's `moved` way forward ran the
whole chain: `{from: site-02, to: site-03}`, apply, then `{from: site-01, to: site-02}`: with the
file as it is, validate rejects it ('from: site-01' is still declared); with each step's file as the
refusal words it, site-01's history moved under site-02 and an empty site-01 was added. The steps
now stop at the last connection that moves, then the file applies as it is. Followed literally, each
step applies, the plan after them has no change, and each site's sensor is the one that held its
history."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_from, sites

STEP_TEMPLATE = "step.yaml.j2"


def with_moved(workspace: Workspace, moves: list[tuple[str, str]]) -> None:
    """The multi-site template with a `moved:` list of `moves` above its defaults, as STEP_TEMPLATE."""
    listed = "".join(f"  - {{from: {old}, to: {new}}}\n" for old, new in moves)
    text = (workspace.path / TEMPLATE).read_text().replace("defaults:\n", f"moved:\n{listed}defaults:\n", 1)
    (workspace.path / TEMPLATE).with_name(STEP_TEMPLATE).write_text(text)


def sensor_id(workspace: Workspace, site: str) -> str:
    return str(workspace.live_entity(f"multi-site:{site}/logger/pz-1")["id"])


def test_a_key_shift_onto_a_site_keeping_its_key_followed_as_its_moved_steps_say_keeps_every_history(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + AORAKI, "site-02," + BENMORE], {"site-01": 1200, "site-02": 300})
    aoraki, benmore = sensor_id(workspace, "site-01"), sensor_id(workspace, "site-02")
    copied_down = ["site-01," + AORAKI, "site-02," + AORAKI, "site-03," + BENMORE]
    sites(workspace, *copied_down)
    refused = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    steps = re.findall(r"`\{from: (\S+), to: (\S+)\}`", said)

    rows = {"site-01": AORAKI, "site-02": BENMORE}
    applied_steps = []
    for old, new in steps:
        rows[new] = rows.pop(old)
        sites(workspace, *(f"{key},{row}" for key, row in rows.items()))
        with_moved(workspace, [(old, new)])
        step = workspace.run(
            "apply",
            str((workspace.path / TEMPLATE).with_name(STEP_TEMPLATE)),
            "--sites",
            "sites.csv",
            "--auto-approve",
        )
        applied_steps.append((step.exit_code, step.output))
    sites(workspace, *copied_down)
    then = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    after = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")

    assert steps and [code for code, _ in applied_steps] == [0] * len(steps), applied_steps
    assert then.exit_code == 0 and "0 to destroy" in then.output, then.output
    assert after.exit_code == 0 and "No changes" in after.output, after.output
    assert (sensor_id(workspace, "site-01"), sensor_id(workspace, "site-03")) == (aoraki, benmore)
