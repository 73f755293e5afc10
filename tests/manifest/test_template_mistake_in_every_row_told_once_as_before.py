"""One mistake repeated in every row of a big --sites file (a key with a space in each) is located
row by row: each look-up walked the rendered text from its start, quadratic in the rows (4,000 rows
took minutes before any message). The message, built from every row's location, is unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.keyed_sites import problems_of, template_of

TEMPLATE = template_of('      - key: {{ site.a }}\n        name: "n{{ loop.index }}"\n        devices: []\n')
ROWS = 120


def test_a_key_with_a_space_in_every_row_is_one_problem_at_the_template_line(tmp_path: Path) -> None:
    rows = "a,b\n" + "".join(f"site {number},x\n" for number in range(1, ROWS + 1))
    [problem] = problems_of(tmp_path / "many.csv", rows, TEMPLATE)
    quoted = ", ".join(f"'site {number}'" for number in range(1, 51))
    listed = ", ".join(f"site {number}" for number in range(1, 51))
    assert (problem.file, problem.line, problem.column, problem.address) == ("k.yaml.j2", 7, 14, "nodes[0]")
    assert problem.message == (
        f"key: {quoted} or 70 more is not a valid key: use 1 to 63 letters, digits, '.', '_' or '-', "
        "starting with a letter or digit (no '/', ':' or whitespace: keys build addresses and refIds) "
        f"(in {ROWS} sites: {listed} and 70 more)"
    )
