"""The README says a CSV header alone, or [] in YAML, says there are no sites: the multi-site example
renders them as `nodes: []`, not `nodes:` (null), which the schema refuses ("expected a list, got
nothing")."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.manifest import load_manifest
from tests.conftest import ROOT

EXAMPLE = str(ROOT / "examples/multi-site/site.yaml.j2")
HEADER = "site,name,lat,lon,piezometers,weather_station\n"


@pytest.mark.parametrize(("name", "content"), [("none.csv", HEADER), ("none.yaml", "[]\n")])
def test_the_example_renders_no_sites_as_no_nodes(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    [project] = load_manifest(EXAMPLE, sites_file=str(tmp_path / name)).manifest.projects
    assert project.nodes == []


def test_the_example_still_renders_each_site(tmp_path: Path) -> None:
    (tmp_path / "two.csv").write_text(HEADER + "s1,A,1,2,3,\ns2,B,3,4,5,true\n")
    [project] = load_manifest(EXAMPLE, sites_file=str(tmp_path / "two.csv")).manifest.projects
    assert [node.key for node in project.nodes] == ["s1", "s2"]
