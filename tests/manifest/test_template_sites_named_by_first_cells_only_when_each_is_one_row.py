"""A folded mistake lists its sites by their first cells only where each first cell is one row's:
rows `A,dup`, `B,dup`, `A,dup` were listed `(in 2 sites: B, A)` after `first written ... for site A,
e3.csv:2`, so the listed `A`, the CSV's line 4, read as line 2 writing the key twice itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.manifest.keyed_sites import problems_of, template_of

TEMPLATE = template_of('      - key: {{ site.b }}\n        name: "n{{ loop.index }}"\n        devices: []\n')


@pytest.mark.parametrize(
    "rows",
    [
        "A,dup\nB,dup\nA,dup\n",  # the first cell of a listed row is the first-written row's
        "X,dup\nA,dup\nB,dup\nA,ok\n",  # ... or of a row the message does not name
    ],
)
def test_a_first_cell_two_rows_share_names_no_listed_site(tmp_path: Path, rows: str) -> None:
    sites = tmp_path / "e3.csv"
    [problem] = problems_of(sites, "a,b\n" + rows, TEMPLATE)
    assert problem.message.endswith(f"(in 2 sites: {sites}:3, {sites}:4)"), problem.message
