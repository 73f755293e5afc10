"""Two sites named alike ("Twin dam", site-01 and site-04) whose keys were swapped in a --sites file
trade their lat/lon, but one's elevation is re-stated (25 where the other's was 20) or the column is
emptied, or one lat is a metre off (-42.50001). The plan compared whole locations, elevation and every
decimal: one run planned "2 to change", and `apply --shard` of each shard relabelled each site's
history as the other's, exit 0. Now a location is taken where the new lat/lon lies within
SAME_PLACE_KM of the other's live one, heights left out: each shard holding a side refuses it, and
nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace

TEMPLATE = """\
apiVersion: iotplan/v1
stack: twins
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
{%- for site in sites %}
      - key: {{ site.site }}
        kind: api
        name: "{{ site.name }}"
        location: {lat: {{ site.lat | float }}, lon: {{ site.lon | float }}\
{% if site.elev %}, elevation: {{ site.elev | float }}{% endif %}}
        devices:
          - key: logger
            sensors:
              - {key: pz-1, metrics: [{custom_metric: pore_pressure, unit: Pa}]}
{%- endfor %}
"""
APPLIED = ("Twin dam,-36.58,173.07,10", "Twin dam,-42.5,168.7,20")


@pytest.mark.parametrize(
    ("site_01", "site_04"),
    [
        ("Twin dam,-42.5,168.7,25", "Twin dam,-36.58,173.07,10"),
        ("Twin dam,-42.5,168.7,", "Twin dam,-36.58,173.07,"),
        ("Twin dam,-42.50001,168.7,", "Twin dam,-36.58,173.07,"),
    ],
    ids=["elevation re-stated", "elevation dropped", "a metre off"],
)
def test_a_location_trade_re_stating_elevation_or_a_metre_off_is_refused_by_each_shards_apply(
    workspace: Workspace, site_01: str, site_04: str
) -> None:
    (workspace.path / "twins.yaml.j2").write_text(TEMPLATE)
    _sites(workspace, *APPLIED)
    applied = workspace.run("apply", "twins.yaml.j2", "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    before = workspace.listed()
    _sites(workspace, site_01, site_04)

    one_run = workspace.run("plan", "twins.yaml.j2", "--sites", "sites.csv")
    shards = [
        workspace.run("apply", "twins.yaml.j2", "--sites", "sites.csv", "--shard", f"{i}/3", "--auto-approve")
        for i in (1, 2, 3)
    ]

    refused = [each for each in shards if each.exit_code == 1]
    assert len(refused) == 2, [each.output for each in shards]
    for each in refused:
        said = " ".join(each.output.split())
        assert "the two connections trade locations, so each one's history would read as the other's" in said
    assert one_run.exit_code == 1 and "the two connections trade locations" in one_run.output, one_run.output
    assert workspace.listed() == before


def _sites(workspace: Workspace, site_01: str, site_04: str) -> None:
    (workspace.path / "sites.csv").write_text(
        f"site,name,lat,lon,elev\nsite-01,{site_01}\nsite-04,{site_04}\n"
    )
