"""Every target the run can judge, each met, not met, or not measured (`None`), with its figure and ratio.

Issue 7's targets judge the phases of the main run. Issue 17's compare tools side by side at named
fleet sizes (111,000 and 11,100 entities): each is judged on the measured size nearest to the one
it names (the main run's, or a point of the scaling curve), and only if that is within a factor of
`NEAR` of it; the figure says which size was judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from benchmarks.fleet import CATALOG_CALLS, FleetSize

GIB_IN_MIB = 1024
KIB_IN_MIB = 1024
ENGINE_LIMIT_S = 3.0
NOOP_RATIO_LIMIT = 1.5
RATE_RATIO_LIMIT = 1.2
# Issue 17
LARGE_FLEET, SMALL_FLEET = 111_000, 11_100  # entities the side-by-side targets name
NEAR = 2.0  # a size within this factor of a named one stands for it
SCRIPT_SPEEDUP = 3.0  # the script's wall time ÷ iotplan's, at least, at LARGE_FLEET
FLOOR_RATIO_LIMIT = 2.0  # iotplan's wall time ÷ the floor, at most, at LARGE_FLEET
CPU_BASELINE_US = 45.0  # CPU per entity of the no-op plan when issue 17 was filed
CPU_LIMIT_US = CPU_BASELINE_US / 3
RSS_LIMIT_KIB = 1.5  # peak RSS per entity: 1,000,000 sensors in one process on the 2-core machine
IO_RATIO_LIMIT = 3.0  # cold and drift apply: wall time ÷ requests × latency ÷ parallelism


@dataclass(frozen=True)
class SideBySide:
    """iotplan's no-op plan at one fleet size, with what it is compared with at that size."""

    entities: int
    iotplan_wall_s: float
    iotplan_cpu_s: float
    peak_rss_mib: float
    script_wall_s: float | None = None
    floor_s: float | None = None


def targets(
    size: FleetSize,
    phases: list[dict[str, Any]],
    engine: dict[str, Any] | None,
    floor: dict[str, Any] | None = None,
    curve: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Issue 7's targets, then issue 17's, for what this run measured."""
    found = {(phase["scenario"], phase["step"]): phase for phase in phases}
    points = side_by_sides(size, found, floor, curve or [])
    return [*issue7_targets(size, phases, found, engine), *issue17_targets(points, found, floor, curve or [])]


# --- issue 7 ---------------------------------------------------------------------------------
def issue7_targets(
    size: FleetSize,
    phases: list[dict[str, Any]],
    found: dict[tuple[str, str], dict[str, Any]],
    engine: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    noop = found.get(("noop-plan", "plan"))
    if noop:
        allowed = size.connections + size.list_pages() + CATALOG_CALLS
        checks += [
            check("noop-plan: no write", f"{noop['writes']} integrate calls", noop["writes"] == 0),
            check(
                "noop-plan: at most connections + list pages + catalog calls requests",
                f"{noop['requests']} requests (allowed {allowed})",
                noop["requests"] <= allowed,
            ),
            ratio_check("noop-plan: within 1.5× of its lower bound", noop, NOOP_RATIO_LIMIT),
        ]
    iotplan_runs = [p for p in phases if p["scenario"] != "baselines" or p["step"] == "iotplan plan"]
    if iotplan_runs:
        biggest = max(iotplan_runs, key=lambda phase: phase["peak_rss_mib"])
        checks.append(
            check(
                "peak RSS at most 1 GiB for the whole plan (largest iotplan process of any phase)",
                f"{biggest['peak_rss_mib']:.0f} MiB ({biggest['scenario']} {biggest['step']})",
                biggest["peak_rss_mib"] <= GIB_IN_MIB,
            )
        )
    drift = found.get(("drift", "apply"))
    if drift:
        checks.append(
            check(
                "drift apply: at most one integrate call per touched connection",
                f"{drift['writes']} integrate calls for {drift['touched_connections']} connections",
                0 < drift["writes"] <= drift["touched_connections"],
            )
        )
    if engine:
        checks.append(
            check(
                f"engine: at most {ENGINE_LIMIT_S:g} s for {engine['entities']:,} entities",
                f"{engine['best_s']:.2f} s",
                engine["best_s"] <= ENGINE_LIMIT_S,
            )
        )
    limited = found.get(("rate-limited", "plan"))
    if limited:
        checks += [
            check(
                "rate-limited: no 429 after the first",
                f"{limited['too_many_requests']} answers 429",
                limited["too_many_requests"] <= 1,
            ),
            ratio_check(
                "rate-limited: within 1.2× of requests ÷ rate", limited, RATE_RATIO_LIMIT, "rate_bound_s"
            ),
        ]
    return checks


def check(target: str, figure: str, met: bool | None, ratio: float | None = None) -> dict[str, Any]:
    return {"target": target, "figure": figure, "met": None if met is None else bool(met), "ratio": ratio}


def ratio_check(
    target: str, phase: dict[str, Any], limit: float, bound: str = "lower_bound_s"
) -> dict[str, Any]:
    if not phase[bound]:
        return check(target, "no bound: latency 0 and no rate limit", False)
    ratio = phase["wall_s"] / phase[bound]
    figure = f"{phase['wall_s']:.2f} s against {phase[bound]:.2f} s: {ratio:.1f}×"
    return check(target, figure, phase["exit_code"] == 0 and ratio <= limit, ratio)


# --- issue 17 --------------------------------------------------------------------------------
def side_by_sides(
    size: FleetSize,
    found: dict[tuple[str, str], dict[str, Any]],
    floor: dict[str, Any] | None,
    curve: list[dict[str, Any]],
) -> list[SideBySide]:
    """Every size at which iotplan's no-op plan was measured: the main run's (side by side with the
    script when the baselines ran, else the noop-plan scenario alone) and each point of the curve."""
    points = [_curve_point(point) for point in curve]
    plan = found.get(("baselines", "iotplan plan")) or found.get(("noop-plan", "plan"))
    if plan:
        script = found.get(("baselines", "per-connection script"))
        points.append(
            SideBySide(
                size.entity_count,
                plan["wall_s"],
                plan["iotplan_cpu_s"],
                plan["peak_rss_mib"],
                script["wall_s"] if script else None,
                floor["floor_s"] if floor else None,
            )
        )
    return points


def _curve_point(point: dict[str, Any]) -> SideBySide:
    noop = point["noop_plan"]
    return SideBySide(
        point["entities"],
        noop["wall_s"],
        noop["cpu_s"],
        noop["peak_rss_mib"],
        point["script"]["wall_s"],
        point["floor"]["floor_s"],
    )


def issue17_targets(
    points: list[SideBySide],
    found: dict[tuple[str, str], dict[str, Any]],
    floor: dict[str, Any] | None,
    curve: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    if points:
        checks += [
            faster_than_script(points, LARGE_FLEET, SCRIPT_SPEEDUP),
            near_the_floor(points),
            faster_than_script(points, SMALL_FLEET, 1.0),
            cpu_per_entity(points),
            rss_per_entity(points),
        ]
    checks += [within_io_bound(name, phase) for name, phase in _applies(found, curve)]
    limited = found.get(("rate-limited", "plan"))
    if limited:
        checks += [no_429(limited), within_rate_and_cpu_floor(limited, floor)]
    return checks


def nearest(points: list[SideBySide], entities: int, needs: str) -> SideBySide | None:
    """The measured size nearest to `entities` (within a factor of NEAR) that has the `needs` figure."""
    usable = [point for point in points if getattr(point, needs) is not None]
    if not usable:
        return None
    best = min(usable, key=lambda point: abs(point.entities - entities))
    return best if entities / NEAR <= best.entities <= entities * NEAR else None


def not_measured(target: str, points: list[SideBySide], entities: int, missing: str) -> dict[str, Any]:
    sizes = ", ".join(f"{point.entities:,}" for point in sorted(points, key=lambda p: p.entities))
    return check(target, f"not measured: no {missing} near {entities:,} entities (measured: {sizes})", None)


def faster_than_script(points: list[SideBySide], entities: int, speedup: float) -> dict[str, Any]:
    wording = f"at least {speedup:g}× faster than" if speedup > 1 else "not slower than"
    target = f"no-op plan at {entities:,} entities: {wording} the per-connection script"
    point = nearest(points, entities, "script_wall_s")
    if point is None or point.script_wall_s is None:
        return not_measured(target, points, entities, "script baseline")
    ratio = point.script_wall_s / point.iotplan_wall_s
    figure = (
        f"at {point.entities:,} entities: script {point.script_wall_s:.2f} s ÷ iotplan "
        f"{point.iotplan_wall_s:.2f} s = {ratio:.2f}×"
    )
    return check(target, figure, ratio >= speedup, ratio)


def near_the_floor(points: list[SideBySide]) -> dict[str, Any]:
    target = f"no-op plan at {LARGE_FLEET:,} entities: within {FLOOR_RATIO_LIMIT:g}× of the floor"
    point = nearest(points, LARGE_FLEET, "floor_s")
    if point is None or not point.floor_s:
        return not_measured(target, points, LARGE_FLEET, "floor")
    ratio = point.iotplan_wall_s / point.floor_s
    figure = (
        f"at {point.entities:,} entities: iotplan {point.iotplan_wall_s:.2f} s ÷ floor "
        f"{point.floor_s:.2f} s = {ratio:.2f}×"
    )
    return check(target, figure, ratio <= FLOOR_RATIO_LIMIT, ratio)


def cpu_per_entity(points: list[SideBySide]) -> dict[str, Any]:
    """Judged on the largest fleet measured, where the fixed costs weigh least."""
    point = max(points, key=lambda p: p.entities)
    micros = point.iotplan_cpu_s * 1e6 / point.entities
    target = f"no-op plan: CPU per entity at most a third of {CPU_BASELINE_US:g} µs ({CPU_LIMIT_US:g} µs)"
    figure = f"at {point.entities:,} entities: {point.iotplan_cpu_s:.2f} s = {micros:.1f} µs per entity"
    return check(target, figure, micros <= CPU_LIMIT_US, micros / CPU_LIMIT_US)


def rss_per_entity(points: list[SideBySide]) -> dict[str, Any]:
    """The whole process's peak RSS (interpreter and imports included) over the largest fleet measured."""
    point = max(points, key=lambda p: p.entities)
    kib = point.peak_rss_mib * KIB_IN_MIB / point.entities
    target = f"no-op plan: peak memory at most {RSS_LIMIT_KIB:g} KiB per entity"
    figure = f"at {point.entities:,} entities: {point.peak_rss_mib:.0f} MiB = {kib:.2f} KiB per entity"
    return check(target, figure, kib <= RSS_LIMIT_KIB, kib / RSS_LIMIT_KIB)


def _applies(
    found: dict[tuple[str, str], dict[str, Any]], curve: list[dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """The drift apply and the cold apply (the main run's, else the curve's largest) to judge."""
    applies = [("drift apply", found[("drift", "apply")])] if ("drift", "apply") in found else []
    cold = found.get(("cold-apply", "apply"))
    if cold is None and curve:
        cold = max(curve, key=lambda point: point["entities"])["cold_apply"]
    return [*applies, ("cold apply", cold)] if cold else applies


def within_io_bound(name: str, phase: dict[str, Any]) -> dict[str, Any]:
    target = f"{name}: within {IO_RATIO_LIMIT:g}× of its I/O bound (requests × latency ÷ parallelism)"
    bound = phase.get("latency_bound_s")
    if not bound:
        return check(target, "no bound: latency 0", None)
    ratio = phase["wall_s"] / bound
    figure = f"{phase['wall_s']:.2f} s against {bound:.2f} s ({phase['requests']:,} requests): {ratio:.1f}×"
    return check(target, figure, phase["exit_code"] == 0 and ratio <= IO_RATIO_LIMIT, ratio)


def no_429(phase: dict[str, Any]) -> dict[str, Any]:
    answers = phase["too_many_requests"]
    return check("rate-limited, rate known: not a single 429", f"{answers} answers 429", answers == 0)


def within_rate_and_cpu_floor(phase: dict[str, Any], floor: dict[str, Any] | None) -> dict[str, Any]:
    target = f"rate-limited: within {RATE_RATIO_LIMIT:g}× of requests ÷ rate + the CPU floor"
    if floor is None:
        return check(target, "not measured: the CPU floor needs the floor scenario", None)
    bound = phase["rate_bound_s"] + floor["cpu_floor_s"]
    ratio = phase["wall_s"] / bound
    figure = (
        f"{phase['wall_s']:.2f} s against {phase['rate_bound_s']:.2f} s + {floor['cpu_floor_s']:.2f} s "
        f"= {bound:.2f} s: {ratio:.2f}×"
    )
    return check(target, figure, phase["exit_code"] == 0 and ratio <= RATE_RATIO_LIMIT, ratio)
