"""Issue 17's baselines, side by side with iotplan against the same emulator and the same fleet.

- iotplan's no-op plan of the **rendered** manifest (text output), so every tool reads the same
  plain YAML file and prints only differences;
- the per-connection script a user would write (`baseline_script.py`);
- a Terraform-style refresh, one read per resource (`baseline_refresh.py`): past
  `--refresh-sample` resources only the first ones are read and the rest extrapolated linearly.

iotplan and the script run `rounds` times, interleaved, and the median round is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import yaml

from benchmarks.child import ChildRun, run_script
from benchmarks.scenarios import Scenarios, bounds

HERE = Path(__file__).parent
SCRIPT = HERE / "baseline_script.py"
REFRESH = HERE / "baseline_refresh.py"
LISTS = ("nodes", "devices", "sensors")


def run_baselines(scenarios: Scenarios, *, refresh: bool = True) -> list[dict[str, Any]]:
    """iotplan and the script, `rounds` times each (median kept), then the refresh once."""
    rounds = max(1, scenarios.settings.rounds)
    plans, scripts = [], []
    for number in range(1, rounds + 1):
        plans.append(scenarios.plan_rendered(f"baselines-iotplan-{number}"))
        scripts.append(_script(scenarios, f"baselines-script-{number}"))
    phases = [median_phase(plans), median_phase(scripts)]
    return [*phases, _refresh(scenarios)] if refresh else phases


def median_phase(phases: list[dict[str, Any]]) -> dict[str, Any]:
    """The round of median wall time (the lower of the two middle ones), with every round's time."""
    ordered = sorted(phases, key=lambda phase: phase["wall_s"])
    return {**ordered[(len(ordered) - 1) // 2], "rounds_wall_s": [phase["wall_s"] for phase in phases]}


def _script(scenarios: Scenarios, name: str) -> dict[str, Any]:
    arguments = [str(scenarios.rendered), "--endpoint", scenarios.emulator.url]
    folder = scenarios.settings.folder
    return scenarios.measure(
        "baselines",
        "per-connection script",
        lambda: run_script(SCRIPT, arguments, folder, name),
        ChildRun.differences,
    )


# --- the per-resource refresh ----------------------------------------------------------------
def _refresh(scenarios: Scenarios) -> dict[str, Any]:
    settings = scenarios.settings
    state = write_state(scenarios.emulator.list_pages, scenarios.rendered, settings.folder)
    arguments = [str(scenarios.rendered), str(state), "--endpoint", scenarios.emulator.url]
    arguments += ["--parallelism", str(settings.parallelism)]
    if settings.refresh_sample:
        arguments += ["--limit", str(settings.refresh_sample)]
    phase = scenarios.measure(
        "baselines",
        "per-resource refresh",
        lambda: run_script(REFRESH, arguments, settings.folder, "baselines-refresh"),
        ChildRun.last_json_line,
    )
    return {**phase, **scaled_to_every_resource(phase, scenarios)}


def scaled_to_every_resource(phase: dict[str, Any], scenarios: Scenarios) -> dict[str, Any]:
    """A sampled refresh's figures for the whole state: the fixed part (start, load) once, the reads
    scaled linearly; the peak RSS is the sample's."""
    report = phase["outcome"] or {}
    read, resources = report.get("read", 0), report.get("resources", 0)
    if not read or read >= resources:
        return {"sampled": False}
    wall = extrapolate(phase["wall_s"], report["read_s"], read, resources)
    cpu = extrapolate(phase["iotplan_cpu_s"], report["read_cpu_s"], read, resources)
    requests = round(phase["requests"] * resources / read)
    return {
        "sampled": True,
        "sample": f"sampled {read:,} of {resources:,} resources, extrapolated linearly",
        "measured": {key: phase[key] for key in ("wall_s", "iotplan_cpu_s", "requests", "emulator_cpu_s")},
        "wall_s": wall,
        "iotplan_cpu_s": cpu,
        "requests": requests,
        "emulator_cpu_s": phase["emulator_cpu_s"] * resources / read,
        **bounds(requests, wall, scenarios.settings),
    }


def extrapolate(total_s: float, reads_s: float, read: int, resources: int) -> float:
    """`total_s` of a run that read `read` of `resources`, `reads_s` of it spent reading, as if it
    had read them all: what is not reading counted once, the reading scaled."""
    return total_s - reads_s + reads_s * resources / read


def write_state(list_pages: Callable[[str], list[bytes]], rendered: Path, folder: Path) -> Path:
    """What a Terraform state would hold: every declared resource's id and its connection, in
    manifest order, read from the platform's lists before the timed phase."""
    live = {ref: entity for kind in LISTS for ref, entity in _by_ref(list_pages(kind))}
    manifest = yaml.load(rendered.read_bytes(), Loader=yaml.CSafeLoader)
    resources = [
        _resource(address, kind, live[address], project) for address, kind, project in declared(manifest)
    ]
    path = folder / "refresh-state.json"
    path.write_text(json.dumps({"resources": resources}))
    return path


def _by_ref(pages: list[bytes]) -> Iterator[tuple[str, dict[str, Any]]]:
    for page in pages:
        for entity in orjson.loads(page):
            yield entity["props"].get("SERIAL_NO") or entity["id"], entity
            yield entity["id"], entity


def _resource(address: str, kind: str, entity: dict[str, Any], project: str) -> dict[str, Any]:
    node = entity["id"] if kind == "connection" else entity["props"]["NODE_ID"]
    return {"address": address, "kind": kind, "id": entity["id"], "node": node, "project": project}


def declared(manifest: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(address, kind, project) of every connection, device and sensor, in manifest order."""
    for project in manifest["projects"]:
        for node in project["nodes"]:
            ref = node.get("id") or f"{manifest['stack']}:{node['key']}"
            yield ref, "connection", project["id"]
            for device in node.get("devices", []):
                yield f"{ref}/{device['key']}", "device", project["id"]
                for sensor in device.get("sensors", []):
                    yield f"{ref}/{device['key']}/{sensor['key']}", "sensor", project["id"]
