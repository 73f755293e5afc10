"""What the tests of two sites trading names share: the multi-site example applied from a sites file
of two rows (site-01 Aoraki dam, with a weather station; site-02 Benmore dam), each site's first
piezometer given observations."""

from __future__ import annotations

from collections.abc import Mapping

from click.testing import Result

from tests.e2e.conftest import Workspace

TEMPLATE = "examples/multi-site/site.yaml.j2"
HEADER = "site,name,lat,lon,piezometers,weather_station\n"
AORAKI = "Aoraki dam,-39.2383,169.5085,3,true\n"
BENMORE = "Benmore dam,-42.5093,168.7244,3,\n"


def sites(workspace: Workspace, *rows: str) -> None:
    """sites.csv holding `rows` (`site-01,` + a row's cells) under the header."""
    (workspace.path / "sites.csv").write_text(HEADER + "".join(rows))


def applied_with_history(workspace: Workspace) -> None:
    """The two rows above applied; site-01 holding 1,200 observations, site-02 300."""
    applied_from(workspace, ["site-01," + AORAKI, "site-02," + BENMORE], {"site-01": 1200, "site-02": 300})


def applied_from(workspace: Workspace, rows: list[str], history: Mapping[str, int]) -> None:
    """sites.csv holding `rows`, applied; then each site in `history` given that many observations on
    its first piezometer."""
    sites(workspace, *rows)
    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    for site, count in history.items():
        sensor = workspace.live_entity(f"multi-site:{site}/logger/pz-1")["id"]
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": count})


def shards_planned(workspace: Workspace, *shards: int) -> None:
    """Each of `shards` (of three) planned from sites.csv as it stands, saved as p<i>.json."""
    for shard in shards:
        planned = workspace.run(
            "plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{shard}/3", "--out", f"p{shard}.json"
        )
        assert planned.exit_code in (0, 2), planned.output


def planned_then_each_shard_applied(workspace: Workspace, count: int) -> tuple[Result, list[Result]]:
    """One run's plan of sites.csv, then the `apply --shard i/count` of each of the `count` shards."""
    one_run = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    return one_run, [
        workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--shard", f"{i}/{count}", "--auto-approve")
        for i in range(1, count + 1)
    ]
