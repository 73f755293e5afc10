"""Two rows of --sites that make one node key are both named: the message told only the later row
(`x-y-z: duplicate node key 'x-y-z' ... (site x, k7.csv:4)`), so on a long CSV the user hunted for
the other."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.keyed_sites import problems_of


def test_a_key_two_rows_make_names_the_first_row_and_the_later(tmp_path: Path) -> None:
    sites = tmp_path / "k7.csv"
    [problem] = problems_of(sites, "a,b\nx-y,z\nq,r\nx,y-z\n")
    assert (problem.line, problem.address) == (7, "x-y-z")
    assert problem.message == (
        "duplicate node key 'x-y-z': keys must be unique in the manifest "
        f"(first written at line 7, for site x-y, {sites}:2) (site x, {sites}:4)"
    )
