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

    said = _refused(workspace)

    assert (
        "site-04: would be moved 800 km from (-46.4093, 168.7244) to (-39.2383, 169.5085), within 2 m of "
        "site-03's point, which site-03 keeps (named 'Gowan dam 1 - datalogger feed')" in said
    )
    assert "holds 300 observations" in said and "holds 1,200 observations" in said
    sites(workspace, GOWAN_1, GOWAN_2)
    assert workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--detailed-exitcode").exit_code == 0


def test_a_sites_row_filled_down_after_its_re_survey_is_refused(workspace: Workspace) -> None:
    """Gowan dam 1 re-surveyed 10 m in the same edit, then its row filled over Gowan dam 2's: site-04 would
    land on the point site-03 is re-surveyed to, not its live one. Planned, exit 0, before."""
    applied_from(workspace, [GOWAN_1, GOWAN_2], {"site-03": 1200, "site-04": 300})
    sites(
        workspace,
        "site-03,Gowan dam 1,-39.23839,169.5085,3,\n",
        "site-04,Gowan dam 2,-39.23839,169.5085,3,\n",
    )

    said = _refused(workspace)

    assert (
        "within 2 m of site-03's point, the one site-03 is re-surveyed to (named 'Gowan dam 1 - datalogger "
        "feed')" in said
    )


def test_a_sign_typo_fixed_onto_a_kin_sites_point_converges_by_the_way_forward_offered(
    workspace: Workspace,
) -> None:
    """Both loggers stand at Gowan dam 1's point, site-04 applied with its latitude's sign flipped. Fixing
    the sign reads as a row filled down: refused, offering a name of another stem for one apply, then the
    name back. Followed literally, two applies converge with site-04's history its own."""
    applied_from(workspace, [GOWAN_1, "site-04,Gowan dam 2,39.2383,169.5085,3,\n"], {"site-04": 300})
    sensor = workspace.live_entity("multi-site:site-04/logger/pz-1")["id"]
    fixed = "site-04,Gowan dam 2,-39.2383,169.5085,3,\n"
    sites(workspace, GOWAN_1, fixed)

    said = _refused(workspace)

    assert (
        "if site-04's live point was mistyped (its latitude's sign flipped) and its logger stands at "
        "site-03's site, apply it there with a word of its own, 'relocated', added to its name in the "
        "--sites row, then put its name back in the next apply" in said
    )
    _apply_under_the_word_then_the_name(workspace, [GOWAN_1], fixed, "Gowan dam 2")
    assert workspace.live_entity("multi-site:site-04/logger/pz-1")["id"] == sensor


def test_a_sites_row_filled_down_from_a_site_relocated_in_the_same_edit_is_refused(
    workspace: Workspace,
) -> None:
    """Gowan dam 1 relocated 2 km, its row then filled over Gowan dam 2's: site-04 would land 800 km off
    on the point site-03 is moved to. Planned "2 to change", exit 0, before."""
    applied_from(workspace, [GOWAN_1, GOWAN_2], {"site-03": 1200, "site-04": 300})
    sites(
        workspace, "site-03,Gowan dam 1,-39.2563,169.5085,3,\n", "site-04,Gowan dam 2,-39.2563,169.5085,3,\n"
    )

    said = _refused(workspace)

    assert (
        "site-04: would be moved 798 km from (-46.4093, 168.7244) to (-39.2563, 169.5085), within 2 m of "
        "site-03's point, the one site-03 is moved to" in said
    )


def test_a_logger_relocated_onto_a_hut_three_share_converges_by_the_way_forward_offered(
    workspace: Workspace,
) -> None:
    """Hut A's loggers 1-3 share one point; logger 4, 3 km off, relocated onto it: refused (a row filled
    down reads so), not saying loggers never share a point, and offering a word added for one apply.
    Followed literally, two applies converge, every sensor keeping its id."""
    hut = [f"site-0{i},Hut A logger {i},-39.2383,169.5085,3,\n" for i in (1, 2, 3)]
    applied_from(workspace, [*hut, "site-04,Hut A logger 4,-39.2653,169.5085,3,\n"], {"site-04": 500})
    ids = {
        site: workspace.live_entity(f"multi-site:{site}/logger/pz-1")["id"] for site in ("site-01", "site-04")
    }
    relocated = "site-04,Hut A logger 4,-39.2383,169.5085,3,\n"
    sites(workspace, *hut, relocated)

    said = _refused(workspace)

    assert "never on one point" not in said
    assert (
        "if site-04's logger stands on that very point, as site-01, site-02 and site-03 do, apply it there "
        "with a word of its own, 'relocated', added to its name in the --sites row, then put its name back "
        "in the next apply" in said
    )
    _apply_under_the_word_then_the_name(workspace, hut, relocated, "Hut A logger 4")
    assert {site: workspace.live_entity(f"multi-site:{site}/logger/pz-1")["id"] for site in ids} == ids


def _apply_under_the_word_then_the_name(workspace: Workspace, others: list[str], row: str, name: str) -> None:
    """The way forward offered, followed literally: `row` applied with 'relocated' added to `name`, then
    as it is; the plan after is clean."""
    sites(workspace, *others, row.replace(name, f"{name} relocated"))
    assert workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve").exit_code == 0
    sites(workspace, *others, row)
    assert workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve").exit_code == 0
    assert workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--detailed-exitcode").exit_code == 0


def _refused(workspace: Workspace) -> str:
    """The plan of sites.csv, refused (exit 1): its output, wrapping undone."""
    planned = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    assert planned.exit_code == 1, planned.output
    return " ".join(planned.output.split())
