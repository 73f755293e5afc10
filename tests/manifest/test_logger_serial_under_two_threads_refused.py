"""One logger (one serial) declared under two THREAD nodes: the apply made it a second time on the
other gateway, same SERIAL_NO and name, its history split between the two."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

TWO_THREADS = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - key: section-3\n        kind: thread\n        id: /fn/6C7D8E/node\n        name: S3\n"
    "        devices:\n          - {key: ipi, serial: '032434', type: DGSI_M_LOGGER, port: 2}\n"
    "      - key: other\n        kind: thread\n        id: /fn/7A7A7A/node\n        name: O\n"
    "        devices:\n          - {key: '032434', type: DGSI_M_LOGGER, port: 2}\n"
)


def test_a_logger_serial_under_two_thread_nodes_is_refused_naming_both(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, TWO_THREADS)
    assert (problem.line, problem.address) == (17, "other/032434")
    assert "also declared under THREAD node section-3 (as section-3/ipi)" in problem.message
    assert "first written at line 11" in problem.message
    assert "cannot move to another THREAD" in problem.message
    assert "declare it under the one it is on" in problem.message
