"""What the tests of a site pinned by `id:` trading places with another shard's share: two sites named
alike, k07 (shard 1's of three) and k01 (shard 2's), applied at two places, then declared at each
other's, k01 pinned by the id its connection has; one run's plan saved as one.json, each shard's as
p<i>.json. One run plans both moves: a connection pinned by `id:` is found by its id, and takes part in
no trade."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace

TEMPLATE = "pinned.yaml.j2"
_MANIFEST = """\
apiVersion: iotplan/v1
stack: pinned-trade
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
{%- for site in sites %}
      - key: {{ site.site }}
        kind: api
{%- if site.pinned_id %}
        id: "{{ site.pinned_id }}"
{%- endif %}
        name: "{{ site.name }}"
        location: {lat: {{ site.lat | float }}, lon: {{ site.lon | float }}}
        devices:
          - key: logger
            name: "{{ site.name }} logger"
            sensors:
              - {key: pz-1, name: PZ-1, metrics: [{custom_metric: pore_pressure, unit: Pa}]}
{%- endfor %}
"""
NORTH, SOUTH = "Twin dam,-36.58,173.07", "Twin dam,-42.5,168.7"


def shards_planned_with_k01_pinned(workspace: Workspace) -> None:
    (workspace.path / TEMPLATE).write_text(_MANIFEST)
    _sites(workspace, f"k07,{NORTH},", f"k01,{SOUTH},")
    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    pinned = workspace.live_entity("pinned-trade:k01")["id"]
    _sites(workspace, f"k07,{SOUTH},", f"k01,{NORTH},{pinned}")
    one_run = workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--out", "one.json")
    assert one_run.exit_code == 0, one_run.output
    assert "Plan: 0 to add, 2 to change, 0 to destroy." in one_run.output
    for shard in (1, 2, 3):
        planned = workspace.run(
            "plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{shard}/3", "--out", f"p{shard}.json"
        )
        assert planned.exit_code in (0, 2), planned.output


def shard_plans_saved_without_pinned_connections(workspace: Workspace, format_version: str) -> None:
    """Each shard's plan rewritten as `format_version` with no `pinned_connections`, as an iotplan
    before 1.16 saved it or as cut from the file."""
    for shard in (1, 2, 3):
        saved = workspace.path / f"p{shard}.json"
        plan = json.loads(saved.read_text())
        del plan["pinned_connections"]
        saved.write_text(json.dumps({**plan, "format_version": format_version}))


def _sites(workspace: Workspace, *rows: str) -> None:
    (workspace.path / "sites.csv").write_text(
        "site,name,lat,lon,pinned_id\n" + "".join(f"{r}\n" for r in rows)
    )
