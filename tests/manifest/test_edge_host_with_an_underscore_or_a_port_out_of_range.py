"""`edge.host: proj_gw_1` (a Docker compose service's name, a hosts-file name) was refused as "not a
host name or IP", though the HTTP client connects to such a name: a name's parts may hold `_`. It is
taken. `gw.lan:123456` was told it is "not a host name or IP" too: its port is out of range, and it is
told that, as `gw.lan:70000` is."""

from __future__ import annotations

import pytest

from tests.manifest.edge_hosts import edge_host_manifest, edge_host_problem


@pytest.mark.parametrize("host", ["proj_gw_1", "iot_gw:8404", "http://iot_gw.site_1.lan:8404/", "_gw.lan"])
def test_a_name_with_an_underscore_is_taken(host: str) -> None:
    manifest = edge_host_manifest(host)
    assert manifest.manifest.projects[0].nodes[0].edge.host == host  # type: ignore[union-attr]


@pytest.mark.parametrize("port", ["123456", "70000", "0"])
def test_a_port_out_of_range_is_told_so_at_its_line(port: str) -> None:
    problem = edge_host_problem(f"gw.lan:{port}")
    assert (problem.line, problem.column) == (10, 17)
    assert f"port {int(port)} in 'gw.lan:{port}' is outside 1..65535" in problem.message
