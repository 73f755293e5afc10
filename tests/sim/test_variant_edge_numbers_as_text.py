"""The `edge-numbers-as-text` variant: GET /configure answers a port's numbers as their digits."""

from __future__ import annotations

from tests.sim.test_integrate_rules import Platform

THREAD = "http://127.0.0.1:8401/api"  # 4A1B2C: 3 ports, X3
WRITTEN = {"COMM_TYPE": "USB", "BAUD_RATE": 38400, "DATA_BITS": 7, "PORT": 1212, "HOST": "192.168.254.3"}


def configured(platform: Platform) -> dict[str, object]:
    assert platform.call("PUT", f"{THREAD}/configure?port=1", json=WRITTEN).status_code == 200
    return dict(platform.call("GET", f"{THREAD}/configure?port=1").json())


def test_edge_numbers_as_text() -> None:
    assert configured(Platform()) == {**WRITTEN, "PARITY_BIT": "NONE"}
    as_text = {**WRITTEN, "BAUD_RATE": "38400", "DATA_BITS": "7", "PORT": "1212", "PARITY_BIT": "NONE"}
    assert configured(Platform("edge-numbers-as-text")) == as_text
