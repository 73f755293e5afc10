"""Thirteen loggers all named `Borehole`, 1.8 km apart, their --sites lat/lon column shifted a row: the
refusal gives the twelve movers a word and a number each, the first ten listed, `… and 2 more, which
iotplan plan lists once these are added`. Followed as a user would, apply by apply, the next plan listed
the other two as `'relocated 1'` and `'relocated 2'`: the names site-01 and site-02 already took, two
sites then sharing one temporary name in an apply. The numbers now go on from those the apply holds
(`'relocated 11'`, `'relocated 12'`); followed to the end, the names put back, the plan is empty and every
site keeps its sensors."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, sites

ROWS = 13
LATS = [round(-39.2 - 0.0162 * n, 4) for n in range(ROWS + 1)]
KEYS = [f"site-{n:02}" for n in range(1, ROWS + 1)]


def rows(names: dict[str, str], shifted: int) -> list[str]:
    """Each site's row under `names`, its lat `shifted` rows on (1: the column pasted a row up)."""
    return [f"{key},{names[key]},{LATS[n + shifted]},170.0,3,\n" for n, key in enumerate(KEYS)]


def sensors(workspace: Workspace) -> list[str]:
    return [workspace.live_entity(f"multi-site:{key}/logger/pz-1")["id"] for key in KEYS]


def numbered_words(workspace: Workspace, names: dict[str, str]) -> list[tuple[str, str]]:
    """The plan of `names` shifted refused; the words and numbers it gives, by site."""
    sites(workspace, *rows(names, shifted=1))
    planned = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    said = " ".join(planned.output.split())
    assert planned.exit_code == 1, said
    given = [(key, word) for word, key in re.findall(r"'(\w+ \d+)' to (site-\d+)'s", said)]
    assert given, said
    return given


def test_a_shifted_column_of_many_namesakes_followed_with_numbered_words_keeps_every_history(
    workspace: Workspace,
) -> None:
    borehole = dict.fromkeys(KEYS, "Borehole")
    sites(workspace, *rows(borehole, shifted=0))
    assert workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve").exit_code == 0
    before = sensors(workspace)

    worded = dict(borehole)
    first = numbered_words(workspace, worded)
    worded |= {key: f"Borehole {word}" for key, word in first}
    then = numbered_words(workspace, worded)
    worded |= {key: f"Borehole {word}" for key, word in then}

    assert [key for key, _ in first] == KEYS[:10] and [key for key, _ in then] == KEYS[10:12]
    assert len(set(worded.values())) == ROWS, worded
    sites(workspace, *rows(worded, shifted=1))
    moved = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert moved.exit_code == 0, moved.output
    sites(workspace, *rows(borehole, shifted=1))
    named_back = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert named_back.exit_code == 0, named_back.output
    assert workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--detailed-exitcode").exit_code == 0
    assert sensors(workspace) == before
