"""The /_sim/ control plane refuses a bad request with 400 and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sim.test_integrate_rules import PROJECT, Platform

BAD_REQUESTS = {
    "faults: a fail_rate in words": ("/_sim/faults", {"fail_rate": "abc"}),
    "faults: a drop_rate above 1": ("/_sim/faults", {"drop_rate": 2}),
    "faults: shares adding up past 1": ("/_sim/faults", {"fail_rate": 0.6, "drop_rate": 0.6}),
    "faults: a negative latency": ("/_sim/faults", {"latency_ms": -5}),
    "faults: an unreadable rate limit": ("/_sim/faults", {"rate_limit": "fast"}),
    "faults: a rate limit of none a minute (it limited nothing)": ("/_sim/faults", {"rate_limit": "0/min"}),
    "faults: a rate limit in other digits": ("/_sim/faults", {"rate_limit": "\u0665/s"}),
    "faults: a seed in words": ("/_sim/faults", {"seed": "seven"}),
    "faults: an unknown setting": ("/_sim/faults", {"fail_rat": 0.1}),
    "faults: a list": ("/_sim/faults", [0.1]),
    "seed: a project without an id": ("/_sim/seed", {"projects": [{"name": "x"}]}),
    "seed: a list": ("/_sim/seed", [1]),
    "seed: an unknown section": ("/_sim/seed", {"project": []}),
    "seed: a gateway in an unknown project": (
        "/_sim/seed",
        {"gateways": [{"serial": "ABCDEF", "host": "h:1", "project": "nowhere"}]},
    ),
    "seed: a gateway on a THREAD's address": (
        "/_sim/seed",
        {"gateways": [{"serial": "ABCDEF", "host": "127.0.0.1:8401", "project": PROJECT}]},
    ),
    "seed: a network the integrate rules refuse": (
        "/_sim/seed",
        {"networks": [{"project": PROJECT, "connections": [{"devices": [{"props": {"NAME": "x"}}]}]}]},
    ),
    "reset: a seed that is not one": ("/_sim/reset", {"api_keys": "demo-key"}),
    "observations: a count in words": ("/_sim/observations", {"sensor_id": "x", "count": "abc"}),
    "observations: no sensor": ("/_sim/observations", {"count": 3}),
    "tokens: an expiry in words": ("/_sim/tokens", {"expires_in": "abc"}),
    "gateways: an unknown status": ("/_sim/gateways/4A1B2C", {"status": "broken"}),
    "gateways: another THREAD's address": ("/_sim/gateways/4A1B2C", {"host": "127.0.0.1:8402"}),
}


def state(platform: Platform) -> Any:
    return (
        platform.call("GET", "/_sim/faults").json(),
        platform.call("GET", "/_sim/gateways").json(),
        platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json(),
        platform.call("GET", f"/api/projects/{PROJECT}").status_code,
    )


@pytest.mark.parametrize(("path", "body"), BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_a_bad_control_request_is_refused_with_400_and_changes_nothing(path: str, body: Any) -> None:
    platform = Platform()
    before = state(platform)
    response = platform.call("POST", path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["message"]
    assert state(platform) == before


def test_after_a_refused_fault_setting_requests_are_answered() -> None:
    platform = Platform()
    platform.call("POST", "/_sim/faults", json={"fail_rate": "abc"})
    assert platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT}).status_code == 200


def test_the_refusal_names_the_setting() -> None:
    answer = Platform().call("POST", "/_sim/faults", json={"fail_rate": "abc"}).json()
    assert answer["error"]["message"].startswith("fail_rate: ")
