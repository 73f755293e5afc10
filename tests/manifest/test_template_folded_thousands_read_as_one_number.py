"""A number a message writes with thousands separators is one value where sites' messages fold:
notes of 4,100, 5,200 and 4,100 characters were told `is 4 or 5,100 or 200 characters; the limit is
4,000`, three numbers read from each `4,100`."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.keyed_sites import problems_of, template_of

TEMPLATE = template_of(
    "      - key: {{ site.id }}\n        notes: \"{{ 'x' * (site.n | int) }}\"\n        devices: []\n"
)


def test_notes_too_long_for_three_sites_show_each_length_whole(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "n.csv", "id,n\na,4100\nb,5200\nc,4100\n", TEMPLATE)
    assert problem.message == (
        "notes: is 4,100 or 5,200 characters; the limit is 4,000 (in 3 sites: a, b, c)"
    ), problem.message
