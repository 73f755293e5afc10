"""The sites a folded mistake lists are all named one way: a row whose first cell cannot name it
(padded, empty, too long) was listed as `row 2` (its second row, on line 3) beside another listed
by its first cell, `x`, the first cell of two rows."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.keyed_sites import problems_of


def test_the_sites_of_a_folded_mistake_are_named_by_their_rows(tmp_path: Path) -> None:
    sites = tmp_path / "k3.csv"
    problems = problems_of(sites, "a,b\nx,y\n x,y\nx,y \n")
    assert len(problems) == 2, problems  # the key and the name, each folded for its two sites
    for problem in problems:
        assert problem.message.endswith(f"(in 2 sites: {sites}:3, {sites}:4)"), problem.message
