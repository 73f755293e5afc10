"""fz118: sites named alike ("Pump house") whose keys were swapped 849 m apart, or rotated with legs of
1.39, 0.57 and 1.64 km, were planned as plain updates, exit 0, each history relabelled as another's: a
location was taken only by a connection moved more than APART_KM (1 km). In a closed cycle, each new
place another's live one, a leg more than TRADE_LEG_KM (twice SAME_PLACE_KM) is keys swapped all the
same. The 1 km rule stays for a lone move: a site moved 800 m to a fresh place as a new one takes its
old place is no shift, and namesakes re-surveyed metres apart, or one moved 80 m, trade nothing."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Kind, Plan, PlanOptions
from tests.plan.livebuilder import applied
from tests.plan.namesake_sites import manifest as fleet

A, B, C = (-39.198522, 169.997283), (-39.209488, 170.005066), (-39.208346, 170.01148)
NEAR_A = (-39.203242, 169.997458)  # 0.52 km from A
FAR_B = (-39.207666, 170.005489)  # 0.85 km from NEAR_A


def manifest(*sites: tuple[str, tuple[float, float]]) -> str:
    return fleet(*((key, lat, lon) for key, (lat, lon) in sites), name="Pump house")


def plan_of(live: list[tuple[str, tuple[float, float]]], *sites: tuple[str, tuple[float, float]]) -> Plan:
    applied_fleet = applied(parse_manifest(manifest(*live), "f.yaml"), observations=25)
    return make_plan(desired_state(parse_manifest(manifest(*sites), "f.yaml")), applied_fleet, PlanOptions())


@pytest.mark.parametrize(
    ("live", "declared", "said"),
    [
        (
            [("site-002", NEAR_A), ("site-004", FAR_B)],
            [("site-002", FAR_B), ("site-004", NEAR_A)],
            "the two connections trade locations",
        ),
        (
            [("site-001", A), ("site-003", B), ("site-006", C)],
            [("site-001", B), ("site-003", C), ("site-006", A)],
            "the three connections trade locations",
        ),
        (
            [("site-01", (-42.5, 168.7)), ("site-02", (-42.503, 168.7))],
            [("site-01", (-42.503, 168.7)), ("site-02", (-42.5, 168.7))],
            "the two connections trade locations",
        ),
    ],
    ids=["swapped 849 m apart", "rotated, one leg 0.57 km", "swapped 330 m apart"],
)
def test_namesakes_swapped_or_rotated_with_a_leg_under_1_km_are_refused(
    live: list[tuple[str, tuple[float, float]]], declared: list[tuple[str, tuple[float, float]]], said: str
) -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(live, *declared)

    [refusal] = refused.value.refusals
    assert said in refusal.text and refusal.text.count("holds 25 observations") == len(live), refusal.text


@pytest.mark.parametrize(
    ("live", "declared"),
    [
        # A site moved 800 m to a fresh place, a new namesake added where it stood.
        ([("site-001", A)], [("site-001", (-39.205722, 169.997283)), ("site-950", A)]),
        # Namesakes 20 m apart, each re-surveyed 5 m toward the other.
        (
            [("site-001", A), ("site-002", (-39.19834, 169.997283))],
            [
                ("site-001", (-39.198477, 169.997283)),
                ("site-002", (-39.198385, 169.997283)),
            ],
        ),
        # A namesake moved 80 m, another standing 100 m off.
        (
            [("site-001", A), ("site-002", (-39.199422, 169.997283))],
            [
                ("site-001", (-39.199242, 169.997283)),
                ("site-002", (-39.199422, 169.997283)),
            ],
        ),
    ],
    ids=["moved 800 m, a new one at its old place", "namesakes re-surveyed 5 m", "a namesake moved 80 m"],
)
def test_a_lone_move_under_1_km_or_a_re_survey_of_namesakes_is_planned(
    live: list[tuple[str, tuple[float, float]]], declared: list[tuple[str, tuple[float, float]]]
) -> None:
    plan = plan_of(live, *declared)

    assert any(c.kind is Kind.NODE and c.action is Action.UPDATE for c in plan.changes)
