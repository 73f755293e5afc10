"""A logger serial written under one THREAD node (`ipi`, serial 032434) and declared by its key alone
under another is refused whatever the order the loggers are written in: a key-only `032434` written
first under the first node hid the written one from the check, and apply made the DGSI logger a
second time on the other gateway, exit 0 (cr101)."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.refused_sites import only_problem

ORDER = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - key: a\n        kind: thread\n        id: /fn/6C7D8E/node\n        devices:\n"
    "          - {key: '032434', type: VW_LOGGER, port: 1}\n"
    "          - {key: ipi, serial: '032434', type: DGSI_M_LOGGER, port: 2}\n"
    "      - key: b\n        kind: thread\n        id: /fn/4A1B2C/node\n        devices:\n"
    "          - {key: '032434', type: DGSI_M_LOGGER, port: 2}\n"
)


def test_logger_serial_under_two_threads_refused_whatever_the_order(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, ORDER)
    assert problem.address == "b/032434"
    assert "also declared under THREAD node a (as a/ipi)" in problem.message
