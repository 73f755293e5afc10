"""A merged plan of two shards, each changing six identical sensors a site: what `show`, `merge`
and `apply` of a merged plan print."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

TEMPLATE = "examples/multi-site/site.yaml.j2"
SENSORS = [f"site-{site}/logger/pz-{n}" for site in (1, 2, 3, 4) for n in range(1, 7)]


def merged_fleet(workspace: Workspace) -> Workspace:
    """Four sites of six piezometers applied, then every piezometer's unit changed; planned in two
    shards (plan-1.json, plan-2.json), merged into merged.json."""
    rows = [f"site-{site},Dam {site},-41.{site},174.{site},6," for site in (1, 2, 3, 4)]
    (workspace.path / "sites.csv").write_text(
        "site,name,lat,lon,piezometers,weather_station\n" + "\n".join(rows)
    )
    fleet = (TEMPLATE, "--sites", "sites.csv")
    assert workspace.run("apply", *fleet, "--auto-approve").exit_code == 0
    workspace.edit(
        TEMPLATE, "{custom_metric: pore_pressure, unit: Pa}", "{custom_metric: pore_pressure, unit: kPa}"
    )
    for shard in ("1/2", "2/2"):
        done = workspace.run("plan", *fleet, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert done.exit_code == 0, done.output
    done = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.json")
    assert done.exit_code == 2, done.output
    return workspace
