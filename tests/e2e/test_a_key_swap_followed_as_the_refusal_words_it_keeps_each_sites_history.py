"""Two sites whose keys were swapped in the --sites file, the keys meant to follow the sites: the
refusal's `moved` steps through a spare key, each step's file "holding each entry's `to` key in place of
its `from`, the first step's the spare key", could not be followed from the swapped file the user
holds: its step 1 put the spare key in Aoraki's row (site-02's there), and the plan was refused again.
It now says where to start, the file as applied before the swap, and in which row the spare key
goes. Followed word for word, each step applies and each site keeps its history under its new key."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_with_history, sites

STEP = "step.yaml.j2"


def test_a_key_swap_followed_as_the_refusal_words_it_keeps_each_sites_history(workspace: Workspace) -> None:
    applied_with_history(workspace)
    aoraki, benmore = (
        workspace.live_entity(f"multi-site:{s}/logger/pz-1")["id"] for s in ("site-01", "site-02")
    )
    sites(workspace, "site-02," + AORAKI, "site-01," + BENMORE)
    refused = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "starting from the file as applied before the swap" in said
    assert "the spare key in the row of the site the entry moves" in said

    rows = [["site-01", AORAKI], ["site-02", BENMORE]]  # the file as applied before the swap
    template = (workspace.path / TEMPLATE).read_text()
    for old, new in re.findall(r"\{from: (\S+), to: (\S+)\}", said.split("through a spare key")[-1]):
        next(row for row in rows if row[0] == old)[0] = new  # the entry's `to` in place of its `from`
        sites(workspace, *(f"{key},{row}" for key, row in rows))
        moved = f"stack: multi-site\nmoved:\n  - {{from: {old}, to: {new}}}\n"
        (workspace.path / STEP).write_text(template.replace("stack: multi-site\n", moved, 1))
        step = workspace.run("apply", STEP, "--sites", "sites.csv", "--auto-approve")
        assert step.exit_code == 0, f"{old} -> {new}: {step.output}"

    assert rows == [["site-02", AORAKI], ["site-01", BENMORE]]  # the swapped file, each key its site's
    assert "No changes" in workspace.run("plan", TEMPLATE, "--sites", "sites.csv").output
    assert workspace.live_entity("multi-site:site-02/logger/pz-1")["id"] == aoraki
    assert workspace.live_entity("multi-site:site-01/logger/pz-1")["id"] == benmore
