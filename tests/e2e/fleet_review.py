"""Issue 16's acceptance on the benchmark fleet (benchmarks/fleet.yaml.j2), end to end against a served
emulator: what a reviewer sees when 1% of a fleet drifts.

1. The fleet is applied (cold).
2. 1% of its sites drift by hand, three ways in turn: two sensors renamed, a device deleted, a sensor
   added that no manifest declares.
3. `iotplan drift` writes the HTML and JSON reports in one read.
4. The manifest drops 1% of the sensors (rendered, then edited, as a person would edit it) and
   `iotplan plan` writes the Markdown comment and the JSON plan in one read.

`run_review` returns the figures; tests/e2e/test_fleet_review.py checks them at a small scale, and
`python -m tests.e2e.fleet_review --connections 1000 --out-dir DIR` measures the full fleet.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.fleet import PROJECT, STACK, TEMPLATE, FleetSize, pick_drift, write_seed, write_vars
from iotplan.manifest import derive_ref_id
from tests.served import served

API_KEY = "demo-key"  # the emulator's seeded key
COMMENT_LIMIT = 65_536  # characters in one GitHub pull-request comment


@dataclass
class Review:
    """What the reviewer got, and how long each step took."""

    drifted_sites: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)  # addresses the JSON plan removes
    unnamed_removals: list[str] = field(default_factory=list)  # of those, absent from the Markdown
    markdown_chars: int = 0
    summary_line: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def iotplan(url: str | None, *arguments: str, folder: Path, expect: tuple[int, ...] = (0,)) -> str:
    """`iotplan ARGUMENTS` as a user runs it, against the platform at `url` (None: reads no platform)."""
    environment = {**os.environ, "IOTPLAN_API_KEY": API_KEY, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "iotplan", *arguments, *(["--endpoint", url] if url else [])]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=folder, timeout=1800)
    assert done.returncode in expect, (
        f"{' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-3000:]}"
    )
    return done.stdout


def drift_sites(size: FleetSize, share: float, seed: int = 16) -> list[int]:
    count = max(1, round(size.connections * share))
    return sorted(random.Random(seed).sample(range(size.connections), count))


def drift_by_hand(url: str, size: FleetSize, sites: list[int]) -> None:
    """Integrate calls behind iotplan's back, one per site, the kind of drift turning with the site."""
    headers = {"Authorization": f"ApiKey {API_KEY}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        nodes = http.get("/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 10_000}).json()
        node_ids = {node["props"].get("SERIAL_NO"): node["id"] for node in nodes}
        for turn, site in enumerate(sites):
            device = {"refId": derive_ref_id(STACK, f"c{site}", "d0"), "props": {}}
            if turn % 3 == 0:
                device["changeState"] = "update"
                device["sensors"] = [
                    {"changeState": "update", "refId": derive_ref_id(STACK, f"c{site}", "d0", f"s{n}"),
                     "props": {"NAME": "Renamed by hand"}}
                    for n in range(min(2, size.sensors))
                ]  # fmt: skip
            elif turn % 3 == 1:
                device = {"changeState": "remove", "refId": device["refId"]}
            else:
                device["changeState"] = "update"
                stray = {"INTEGRATION_ID": "TEMPERATURE_SDE"}
                device["sensors"] = [{"changeState": "new", "refId": f"field-laptop-{site}", "props": stray}]
            body = {
                "integration": {"nodeId": node_ids[derive_ref_id(STACK, f"c{site}")], "devices": [device]}
            }
            answer = http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
            answer.raise_for_status()


def drop_sensors(rendered: str, size: FleetSize, share: float) -> str:
    """The rendered fleet without `share` of its sensors: a person's edit of the manifest."""
    dropped = {(s.connection, s.device, s.sensor) for s in pick_drift(size, share, seed=1616)}
    line = re.compile(r'^\s+- \{key: s\d+, name: "Sensor (\d+)\.(\d+)\.(\d+)"\}$')
    kept = []
    for text in rendered.splitlines(keepends=True):
        match = line.match(text.rstrip("\n"))
        if match and tuple(int(n) for n in match.groups()) in dropped:
            continue
        kept.append(text)
    return "".join(kept)


def run_review(size: FleetSize, folder: Path, share: float = 0.01, latency_ms: float = 0) -> Review:
    review = Review()
    folder.mkdir(parents=True, exist_ok=True)
    vars_file, seed = write_vars(size, folder), write_seed(size, folder)
    # tests.served: any free port for the platform and its JSON-RPC endpoint, so runs side by side
    # (pytest-xdist) never meet on a fixed port.
    with served(seed, "--latency-ms", f"{latency_ms:g}") as url:
        fleet = (str(TEMPLATE), "--vars", str(vars_file))
        timed(review, "cold apply", lambda: iotplan(
            url, "apply", *fleet, "--auto-approve", "--format", "json", folder=folder
        ))  # fmt: skip
        sites = drift_sites(size, share)
        drift_by_hand(url, size, sites)
        review.drifted_sites = [f"c{site}" for site in sites]
        timed(review, "drift", lambda: iotplan(
            url, "drift", *fleet, "--out", "html=drift.html",
            "--out", "json=drift.json", folder=folder, expect=(2,),
        ))  # fmt: skip
        rendered = iotplan(None, "render", *fleet, folder=folder)
        (folder / "fleet.yaml").write_text(drop_sensors(rendered, size, share))
        timed(review, "plan", lambda: iotplan(
            url, "plan", "fleet.yaml", "--out", "plan.json", "--out", "markdown=plan.md", folder=folder
        ))  # fmt: skip
    markdown = (folder / "plan.md").read_text()
    plan = json.loads((folder / "plan.json").read_text())
    review.removals = [change["address"] for change in plan["changes"] if change["action"] == "remove"]
    review.unnamed_removals = [address for address in review.removals if f"`{address}`" not in markdown]
    review.markdown_chars = len(markdown)
    review.summary_line = markdown.rstrip().splitlines()[-1]
    review.files = {name: str(folder / name) for name in ("drift.html", "drift.json", "plan.md", "plan.json")}
    return review


# Appended to the report under test: which sites its attention list links, and which of them lie
# within the first screen, written where Chromium's --dump-dom reads it.
MEASURE = """<script>
const links = [...document.querySelectorAll("ol.attention li a")];
document.body.dataset.measured = JSON.stringify({
  listed: links.map(link => link.textContent.trim()),
  onFirstScreen: links.filter(link => link.getBoundingClientRect().bottom <= window.innerHeight)
    .map(link => link.textContent.trim()),
});
</script>"""
SCREEN = (1280, 900)


def chromium(browser: str, *arguments: str) -> str:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ]
    window = f"--window-size={SCREEN[0]},{SCREEN[1]}"
    done = subprocess.run([*command, window, *arguments], capture_output=True, text=True, timeout=300)
    done.check_returncode()
    return done.stdout


def first_screen(browser: str, report: Path) -> dict[str, list[str]]:
    """The sites the report's attention list names, and those a 1280×900 screen shows unscrolled."""
    measured = report.with_name("measured.html")
    measured.write_text(report.read_text().replace("</body>", MEASURE + "</body>"))
    dom = chromium(browser, "--dump-dom", measured.as_uri())
    found = re.search(r'data-measured="([^"]+)"', dom)
    assert found, "the measuring script did not run"
    return dict(json.loads(found.group(1).replace("&quot;", '"')))


def screenshot(browser: str, report: Path, shot: Path) -> None:
    chromium(browser, f"--screenshot={shot}", report.as_uri())


def timed(review: Review, step: str, work: Any) -> None:
    started = time.monotonic()
    work()
    review.seconds[step] = round(time.monotonic() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--sensors", type=int, default=10)
    parser.add_argument("--gateways", type=int, default=100)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--chromium", help="a Chromium binary: measure the report's first screen")
    parser.add_argument("--screenshot", type=Path, help="and write its screenshot here")
    arguments = parser.parse_args()
    size = FleetSize(arguments.connections, arguments.devices, arguments.sensors, arguments.gateways)
    review = run_review(size, arguments.out_dir, arguments.share)
    figures: dict[str, Any] = asdict(review)
    figures["removals"] = len(review.removals)
    report = Path(review.files["drift.html"])
    figures["drift_html_bytes"] = report.stat().st_size
    if arguments.chromium:
        figures["first_screen"] = first_screen(arguments.chromium, report)
        if arguments.screenshot:
            screenshot(arguments.chromium, report, arguments.screenshot)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
