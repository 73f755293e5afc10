"""Issue 17's targets judged from given figures, the refresh's extrapolation, the median round."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.baselines import extrapolate, median_phase
from benchmarks.curve import curve_size, parse_counts
from benchmarks.fleet import FleetSize
from benchmarks.targets import (
    SideBySide,
    cpu_per_entity,
    faster_than_script,
    issue7_targets,
    near_the_floor,
    nearest,
    no_429,
    rss_per_entity,
    within_io_bound,
    within_rate_and_cpu_floor,
)


def point(
    entities: int, iotplan: float, script: float | None = None, floor: float | None = None
) -> SideBySide:
    return SideBySide(
        entities, iotplan, iotplan_cpu_s=iotplan, peak_rss_mib=100, script_wall_s=script, floor_s=floor
    )


def test_three_times_faster_than_the_script_is_met_at_3_and_not_below() -> None:
    met = faster_than_script([point(111_100, 2.0, script=6.0)], 111_000, 3.0)
    missed = faster_than_script([point(111_100, 2.0, script=5.9)], 111_000, 3.0)
    assert (met["met"], met["ratio"]) == (True, 3.0)
    assert missed["met"] is False and missed["ratio"] == pytest.approx(2.95)
    assert "at 111,100 entities" in met["figure"]


def test_not_slower_than_the_script_allows_a_tie() -> None:
    assert faster_than_script([point(11_110, 0.94, script=0.94)], 11_100, 1.0)["met"] is True
    assert faster_than_script([point(11_110, 0.95, script=0.94)], 11_100, 1.0)["met"] is False


def test_a_target_is_judged_on_the_nearest_size_within_a_factor_of_two() -> None:
    points = [point(11_110, 1.0, script=1.0), point(111_100, 5.0, script=6.0)]
    assert nearest(points, 11_100, "script_wall_s") == points[0]
    assert nearest(points, 111_000, "script_wall_s") == points[1]
    assert nearest(points, 1_000_000, "script_wall_s") is None  # 111,100 is not within 2× of it
    assert nearest([point(111_100, 5.0)], 111_000, "script_wall_s") is None  # no script run there


def test_a_size_not_measured_is_neither_met_nor_missed() -> None:
    judged = faster_than_script([point(339, 1.0, script=0.4)], 111_000, 3.0)
    assert judged["met"] is None and judged["ratio"] is None
    assert "not measured" in judged["figure"] and "339" in judged["figure"]


def test_within_twice_the_floor() -> None:
    assert near_the_floor([point(111_100, 3.2, floor=1.6)])["met"] is True
    missed = near_the_floor([point(111_100, 5.6, floor=1.6)])
    assert missed["met"] is False and missed["ratio"] == pytest.approx(3.5)


def test_cpu_and_memory_per_entity_on_the_largest_fleet() -> None:
    small, large = SideBySide(11_110, 1.0, 0.9, 80), SideBySide(111_100, 5.6, 5.0, 595)
    cpu = cpu_per_entity([small, large])
    assert cpu["ratio"] == pytest.approx(5.0e6 / 111_100 / 15) and cpu["met"] is False
    assert cpu_per_entity([SideBySide(111_100, 2.0, 1.6, 100)])["met"] is True  # 14.4 µs
    memory = rss_per_entity([small, large])
    assert memory["met"] is False and memory["ratio"] == pytest.approx(595 * 1024 / 111_100 / 1.5)
    assert rss_per_entity([SideBySide(111_100, 2.0, 1.6, 162)])["met"] is True  # 1.49 KiB


def apply_phase(wall: float, bound: float, exit_code: int = 0) -> dict[str, Any]:
    return {"wall_s": wall, "latency_bound_s": bound, "requests": 1118, "exit_code": exit_code}


def test_an_apply_within_three_times_its_io_bound() -> None:
    assert within_io_bound("cold apply", apply_phase(4.1, 1.4))["met"] is True
    assert within_io_bound("cold apply", apply_phase(4.3, 1.4))["met"] is False
    assert within_io_bound("cold apply", apply_phase(2.0, 1.4, exit_code=1))["met"] is False
    assert within_io_bound("cold apply", apply_phase(2.0, 0.0))["met"] is None


def test_rate_limited_within_the_rate_plus_the_cpu_floor() -> None:
    limited = {"wall_s": 3.46, "rate_bound_s": 2.04, "exit_code": 0, "too_many_requests": 0}
    judged = within_rate_and_cpu_floor(limited, {"cpu_floor_s": 0.9})
    assert judged["ratio"] == pytest.approx(3.46 / 2.94) and judged["met"] is True
    assert within_rate_and_cpu_floor(limited, {"cpu_floor_s": 0.2})["met"] is False
    assert within_rate_and_cpu_floor(limited, None)["met"] is None
    assert no_429(limited)["met"] is True and no_429({**limited, "too_many_requests": 6})["met"] is False


def test_a_sampled_refresh_counts_its_fixed_part_once() -> None:
    # 3 s in all, 2 s of it reading 2,000 of 111,100 resources: 1 s + 2 s × 55.55
    assert extrapolate(3.0, 2.0, 2_000, 111_100) == pytest.approx(1.0 + 2.0 * 55.55)
    assert extrapolate(3.0, 2.0, 500, 500) == pytest.approx(3.0)


def test_the_median_round_is_a_real_round() -> None:
    rounds = [{"wall_s": wall} for wall in (5.0, 4.0, 6.0)]
    assert median_phase(rounds)["wall_s"] == 5.0
    assert median_phase(rounds)["rounds_wall_s"] == [5.0, 4.0, 6.0]
    assert median_phase(rounds[:2])["wall_s"] == 4.0  # the lower middle


def test_curve_sizes_give_the_entity_counts_the_issue_names() -> None:
    entities = [curve_size(count, 10, 10).entity_count for count in parse_counts("100,300,1000,9000")]
    assert entities == [11_110, 33_330, 111_100, 999_900]
    with pytest.raises(ValueError):
        parse_counts("100,0")


def test_the_1_gib_target_weighs_iotplan_alone_not_the_baselines() -> None:
    def run(scenario: str, step: str, rss: float) -> dict[str, Any]:
        return {"scenario": scenario, "step": step, "peak_rss_mib": rss}

    phases = [run("baselines", "iotplan plan", 600), run("baselines", "per-resource refresh", 2000)]
    (judged,) = issue7_targets(FleetSize(), phases, {}, None)
    assert judged["met"] is True and judged["figure"] == "600 MiB (baselines iotplan plan)"
