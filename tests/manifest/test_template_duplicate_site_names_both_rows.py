"""The multi-site example given a CSV with one `site` twice names both rows: their labels are the
same (site-01), so only the rows' lines tell the user which two rows to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import load_manifest

EXAMPLE = Path(__file__).parents[2] / "examples" / "multi-site"


def test_a_site_written_twice_names_both_its_rows(tmp_path: Path) -> None:
    rows = (EXAMPLE / "sites.csv").read_text().splitlines()
    sites = tmp_path / "sites.csv"
    sites.write_text("\n".join([*rows[:3], rows[1]]) + "\n")
    with pytest.raises(ManifestError) as refused:
        load_manifest(str(EXAMPLE / "site.yaml.j2"), sites_file=str(sites))
    [problem] = refused.value.problems
    assert problem.address == "site-01"
    assert problem.message.endswith(
        f"(first written at line {problem.line}, for site site-01, {sites}:2) (site site-01, {sites}:4)"
    )
