"""Two loggers of different types sharing a serial are two ids (`.../dgsimlogger/1001/device`,
`.../vwlogger/1001/device`), under one THREAD node or two: the check refusing one logger declared
under two THREAD nodes compares a logger's type with its serial, as its id does (cr101: refused under
two nodes, accepted under one, and no `id:` could declare both)."""

from __future__ import annotations

from pathlib import Path

from iotplan.manifest import load_manifest

TWO_TYPES = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - key: a\n        kind: thread\n        id: /fn/6C7D8E/node\n        devices:\n"
    "          - {key: ipi, serial: '1001', type: DGSI_M_LOGGER, port: 2}\n"
    "      - key: b\n        kind: thread\n        id: /fn/7A7A7A/node\n        devices:\n"
    "          - {key: vw, serial: '1001', type: VW_LOGGER, port: 1}\n"
)


def test_one_serial_of_two_logger_types_under_two_threads_is_two_loggers(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(TWO_TYPES)

    loaded = load_manifest(str(path))

    assert [len(node.devices) for project in loaded.manifest.projects for node in project.nodes] == [1, 1]
