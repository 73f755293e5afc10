"""A template's logger keyed `vw` with no `serial:` nor `id:` at each of its THREAD sites is one
logger per site, not one box declared twice: a key alone names no serial, so the check refusing a
logger serial under two THREAD nodes leaves such a fleet alone (only a written serial or id is one)."""

from __future__ import annotations

from pathlib import Path

from iotplan.manifest import load_manifest

SITES = "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n" + "".join(
    f"      - key: site-{n}\n        kind: thread\n        id: /fn/{serial}/node\n        name: Site {n}\n"
    "        devices:\n          - {key: vw, type: VW_LOGGER, port: 1}\n"
    for n, serial in enumerate(("6C7D8E", "7A7A7A", "4A1B2C"))
)


def test_one_logger_key_at_each_thread_site_is_no_serial_twice(tmp_path: Path) -> None:
    path = tmp_path / "fleet.yaml"
    path.write_text(SITES)

    manifest = load_manifest(str(path))

    assert [len(node.devices) for project in manifest.manifest.projects for node in project.nodes] == [
        1,
        1,
        1,
    ]
