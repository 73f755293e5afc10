"""Excel's fill handle dragged row 3 of a --sites file over row 4: site-04 (Gowan dam 2) given site-03's
lat/lon, 800 km from its own, its name counted on from site-03's or pasted as `Gowan dam 1 - Copy`.
Planned "1 to change", exit 0, site-04's history then read at Gowan dam 1's logger. Now refused, naming
both sites and what each holds; restoring the row as applied plans nothing."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites

GOWAN_1 = "site-03,Gowan dam 1,-39.2383,169.5085,3,\n"
GOWAN_2 = "site-04,Gowan dam 2,-46.4093,168.7244,3,\n"


@pytest.mark.parametrize("name", ["Gowan dam 2", "Gowan dam 1 - Copy"])
def test_a_sites_row_filled_down_far_onto_another_sites_point_is_refused(
    workspace: Workspace, name: str
) -> None:
    applied_from(workspace, [GOWAN_1, GOWAN_2], {"site-03": 1200, "site-04": 300})
    sites(workspace, GOWAN_1, f"site-04,{name},-39.2383,169.5085,3,\n")

    planned = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    assert (
        "site-04: would be moved 800 km from (-46.4093, 168.7244) to (-39.2383, 169.5085), within 2 m of "
        "site-03's point, which site-03 keeps (named 'Gowan dam 1 - datalogger feed')" in said
    )
    assert "holds 300 observations" in said and "holds 1,200 observations" in said
    sites(workspace, GOWAN_1, GOWAN_2)
    assert workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--detailed-exitcode").exit_code == 0
