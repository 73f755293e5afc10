"""The gateway lock was keyed by the URL as typed: a timer on the default `http://localhost` and a
person's run with `--gateway-url http://127.0.0.1` (or `http://[::1]`) took two locks, and both wrote
to the one THREAD behind that port. A loopback port by any of its names is one gateway, as validate
says: one lock. Two ports stay two gateways."""

from pathlib import Path

import pytest

from iotplan.clients import gateway_lock
from iotplan.errors import IotplanError

NAMES = ["http://localhost:8404", "http://127.0.0.1:8404", "http://[::1]:8404", "https://LOCALHOST:8404/"]


def test_each_name_of_a_loopback_port_takes_one_lock_file() -> None:
    assert len({gateway_lock.lock_file(url, None) for url in NAMES}) == 1
    assert gateway_lock.lock_file("http://127.0.0.1", None) == gateway_lock.lock_file(
        "http://localhost:80", None
    )


def test_two_ports_or_two_simulated_platforms_take_two() -> None:
    assert gateway_lock.lock_file("http://localhost:8404", None) != gateway_lock.lock_file(
        "http://localhost:8405", None
    )
    one, other = Path("one.db"), Path("other.db")
    assert gateway_lock.lock_file(NAMES[0], one) == gateway_lock.lock_file(NAMES[1], one)
    assert gateway_lock.lock_file(NAMES[0], one) != gateway_lock.lock_file(NAMES[0], other)


def test_a_run_on_another_name_of_the_port_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_lock, "LOCK_DIRECTORY", tmp_path)
    with (
        gateway_lock.holding_the_gateway("http://localhost:8404", None),
        pytest.raises(IotplanError, match="another iotplan run holds the THREAD"),
        gateway_lock.holding_the_gateway("http://127.0.0.1:8404", None),
    ):
        pass
