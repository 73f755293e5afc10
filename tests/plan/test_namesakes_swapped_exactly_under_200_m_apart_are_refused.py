"""cr165: namesakes ("Piezometer station", "Pump house") whose rows were swapped 143 m or 38 m apart,
each new lat/lon the other's exact one, were planned as two moves, exit 0, each history relabelled as
the other's: a leg of a closed cycle counted beyond TRADE_LEG_KM (200 m) alone. A new place within
TAKEN_EXACTLY_KM (2 m) of another's live one, farther from its own, is a leg too: a re-survey never
lands on a namesake's point. Namesakes re-surveyed a few metres each trade nothing still."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Kind, Plan, PlanOptions
from tests.plan.livebuilder import applied
from tests.plan.namesake_sites import manifest as fleet

A_143, B_143 = (-38.58662, 170.597185), (-38.58741, 170.598489)
A_38, B_38 = (-38.990712, 170.0084), (-38.99046, 170.0081)


def manifest(*sites: tuple[str, tuple[float, float]]) -> str:
    return fleet(*((key, lat, lon) for key, (lat, lon) in sites), name="Pump house")


def plan_of(live: tuple[tuple[float, float], ...], declared: tuple[tuple[float, float], ...]) -> Plan:
    fleet = applied(parse_manifest(manifest(*zip(("site-140", "site-141"), live, strict=True)), "f.yaml"))
    wanted = desired_state(
        parse_manifest(manifest(*zip(("site-140", "site-141"), declared, strict=True)), "f.yaml")
    )
    return make_plan(wanted, fleet, PlanOptions())


@pytest.mark.parametrize(("one", "other"), [(A_143, B_143), (A_38, B_38)])
def test_namesakes_swapped_exactly_under_200_m_apart_are_refused(
    one: tuple[float, float], other: tuple[float, float]
) -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of((one, other), (other, one))

    assert "the two connections trade locations" in str(refused.value), str(refused.value)


def test_namesakes_38_m_apart_re_surveyed_metres_off_each_other_are_planned() -> None:
    plan = plan_of((A_38, B_38), ((-38.99049, 170.0081), (-38.99068, 170.0084)))  # 3.3 m off each's point

    assert {(c.address, c.action) for c in plan.changes if c.action.writes and c.kind is Kind.NODE} == {
        ("site-140", Action.UPDATE),
        ("site-141", Action.UPDATE),
    }
