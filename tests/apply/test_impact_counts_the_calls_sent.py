"""The Impact line's request estimate counts an apply's integrate calls as they are built: a device
takes a place in every call that carries its sensors. Two sensor replacements at
`--entities-per-call 2` were estimated "about 2 requests" and sent 4."""

from __future__ import annotations

import re

import pytest

from tests.cli.test_entities_per_call import Proxy
from tests.e2e.conftest import PROJECT, Workspace

Devices = dict[str, list[str]]  # each device's key → its sensors' templates, in order


def manifest(devices: Devices) -> str:
    lines = [f"apiVersion: iotplan/v1\nstack: calls\nprojects:\n  - id: {PROJECT}\n    nodes:"]
    lines.append("      - key: c1\n        kind: api\n        name: conn\n        devices:")
    for device, templates in devices.items():
        lines.append(f"          - key: {device}\n            name: {device}\n            sensors:")
        lines += [f"              - {{key: s{index}, template: {t}}}" for index, t in enumerate(templates)]
    return "\n".join(lines) + "\n"


def estimated_and_sent(
    workspace: Workspace, proxy: Proxy, devices: Devices, per_call: int
) -> tuple[int, int]:
    (workspace.path / "calls.yaml").write_text(manifest(devices))
    proxy.bodies = []
    flags = ["--allow-destroy", "--auto-approve", "--no-color", "--entities-per-call", str(per_call)]
    done = workspace.run("apply", "calls.yaml", "--sim-db", "sim.db", *flags)
    assert done.exit_code == 0, done.output
    estimate = re.search(r"apply sends about (\d+) request", done.output)
    assert estimate is not None, done.output
    return int(estimate.group(1)), len(proxy.bodies)


T, M = "TEMPERATURE_SDE", "MOISTURE_SDE"
SHAPES: list[tuple[str, Devices, Devices, int]] = [
    # name, applied first, then applied (its estimate against the calls it sends), entities per call
    ("two sensors replaced under their device", {"d0": [T, T]}, {"d0": [M, M]}, 2),
    ("a new device with seven sensors", {}, {"d0": [T] * 7}, 3),
    ("twelve new devices of one sensor each", {}, {f"d{index}": [T] for index in range(12)}, 5),
    (
        "a device removed, sensors added and replaced under others",
        {"d0": [T], "d1": [T, T, T], "d2": [T]},
        {"d1": [M, T, T, T, T], "d2": [M, M, T, T]},
        3,
    ),
]


@pytest.mark.parametrize(("name", "before", "after", "per_call"), SHAPES, ids=[shape[0] for shape in SHAPES])
def test_the_estimate_is_the_integrate_calls_the_apply_sends(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    before: Devices,
    after: Devices,
    per_call: int,
) -> None:
    proxy = Proxy()
    proxy.install(monkeypatch)
    if before:
        estimated_and_sent(workspace, proxy, before, per_call)
    estimate, sent = estimated_and_sent(workspace, proxy, after, per_call)
    assert estimate == sent, f"estimated {estimate}, sent {sent}"
