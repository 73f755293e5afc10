"""A logger keyed `edge` under a THREAD node was valid: its sensors' addresses were the gateway's
settings' (`tunnel-thread/edge/port1.power` both a sensor and a port setting, two changes at one
address), and `--target`/`--exclude tunnel-thread/edge` silently took the logger and the settings."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem

LOGGER_KEYED_EDGE = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - key: tunnel-thread\n        kind: thread\n        id: /fn/6C7D8E/node\n        name: S3\n"
    "        devices:\n          - key: edge\n            type: VW_LOGGER\n            port: 1\n"
    "            sensors:\n              - {key: port1.power, type: VW_PIEZOMETER, mux_index: 1}\n"
    "        edge: {host: 127.0.0.1:8404, port1: {power: 12V}}\n"
)


def test_a_logger_keyed_edge_under_a_thread_is_refused_at_its_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, LOGGER_KEYED_EDGE)
    assert (problem.line, problem.column, problem.address) == (11, 18, "tunnel-thread/edge")
    assert "device key 'edge' is reserved under a THREAD node" in problem.message
    assert "tunnel-thread/edge/port1.power" in problem.message
    assert "give the logger another key" in problem.message
    # its id was derived from the key (no `serial:`): the new key keeps it only with `serial: edge`
    assert "write `serial: edge` under the new key" in problem.message
