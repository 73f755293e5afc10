"""Kubernetes puts IOTPLAN_SERVICE_HOST, IOTPLAN_PORT, IOTPLAN_PORT_<n>_TCP... in every pod of a
namespace holding a Service named iotplan (IOTPLAN_API_SERVICE_HOST... for one named iotplan-api),
service links being on by default, and Docker as much in a container linked to one aliased so:
iotplan refused them all as variables it does not read, and the user could not unset them. Whatever
the target, they are neither refused nor said on the target line: for IPv6 cluster IPs and Docker's
port ranges too."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import PLATFORM_URL, TargetOptions, choose_target

KUBERNETES = {
    "IOTPLAN_SERVICE_HOST": "10.0.0.5",
    "IOTPLAN_SERVICE_PORT": "443",
    "IOTPLAN_SERVICE_PORT_HTTPS": "443",
    "IOTPLAN_PORT": "tcp://10.0.0.5:443",
    "IOTPLAN_PORT_443_TCP": "tcp://10.0.0.5:443",
    "IOTPLAN_PORT_443_TCP_PROTO": "tcp",
    "IOTPLAN_PORT_443_TCP_PORT": "443",
    "IOTPLAN_PORT_443_TCP_ADDR": "10.0.0.5",
    "IOTPLAN_API_SERVICE_HOST": "10.0.0.6",
    "IOTPLAN_API_SERVICE_PORT": "80",
    "IOTPLAN_API_PORT": "tcp://10.0.0.6:80",
    "IOTPLAN_API_PORT_80_TCP_ADDR": "10.0.0.6",
}
KUBERNETES_IPV6 = {
    "IOTPLAN_SIM_SERVICE_HOST": "fd00::5",
    "IOTPLAN_SIM_SERVICE_PORT": "443",
    "IOTPLAN_SIM_SERVICE_PORT_METRICS": "9090",
    "IOTPLAN_SIM_PORT": "tcp://[fd00::5]:443",
    "IOTPLAN_SIM_PORT_443_TCP": "tcp://[fd00::5]:443",
    "IOTPLAN_SIM_PORT_443_TCP_ADDR": "fd00::5",
    "IOTPLAN_SIM_PORT_9090_SCTP_PROTO": "sctp",
}
DOCKER = {
    "IOTPLAN_NAME": "/web/iotplan",
    "IOTPLAN_ENV_LANG": "C.UTF-8",
    "IOTPLAN_ENV_IOTPLAN_ENDPOINT": "https://iiot.example.invalid",  # the linked container's own
    "IOTPLAN_PORT_8000_UDP": "udp://172.17.0.2:8000",
    "IOTPLAN_PORT_8000_UDP_START": "udp://172.17.0.2:8000",
    "IOTPLAN_PORT_8000_UDP_END": "udp://172.17.0.2:8010",
    "IOTPLAN_PORT_8000_UDP_PORT_START": "8000",
    "IOTPLAN_PORT_8000_UDP_PORT_END": "8010",
}
PLATFORM = {"IOTPLAN_ENDPOINT": "http://127.0.0.1:9", "IOTPLAN_API_KEY": "real-key-123"}
# No endpoint given: where a variable naming another run's address is refused too.
DEFAULT_PLATFORM = {"IOTPLAN_API_KEY": "real-key-123"}


@pytest.mark.parametrize(
    ("target", "url"),
    [(PLATFORM, "http://127.0.0.1:9"), (DEFAULT_PLATFORM, PLATFORM_URL), ({}, None)],
    ids=["platform", "default-platform", "embedded"],
)
@pytest.mark.parametrize(
    "links", [KUBERNETES, KUBERNETES_IPV6, DOCKER], ids=["kubernetes", "kubernetes-ipv6", "docker"]
)
def test_service_link_variables_are_never_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: dict[str, str],
    url: str | None,
    links: dict[str, str],
) -> None:
    monkeypatch.chdir(tmp_path)
    choice = choose_target(TargetOptions(), {**links, **target})
    assert choice.url == url and choice.unread == ()
