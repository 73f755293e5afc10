"""A saved plan's fingerprint leaves out a URL's password, so the plan cannot be used to test a guessed
one; a user name and password before a host without a `scheme://` (`sa:pw@db.example`, which plans
show as `(sensitive)@db.example`) is left out alike, in a prop's text or inside a list or map of texts.
The host and the rest of the text still count: a change to them is a change to the entity."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.compare import fingerprint


def fingerprint_holding(password: str, host: str = "db.example") -> dict[str, str]:
    def of(props: dict[str, Any]) -> str:
        return fingerprint(LiveEntity("/api/A1B2C3/sensor", {"SERIAL_NO": "s:pz-1", **props}))

    held = f"sa:{password}@{host}"
    return {
        "notes": of({"NOTES": f"ODBC {held}"}),
        "name": of({"NAME": held}),
        "metrics": of({"METRIC_NAMES": [held, "kPa"]}),
        "map": of({"EXTRA": {"dsn": held}}),
    }


@pytest.mark.parametrize("where", ["notes", "name", "metrics", "map"])
def test_a_guessed_password_reads_the_same_and_another_host_does_not(where: str) -> None:
    planned = fingerprint_holding("pw0rd1")[where]
    assert fingerprint_holding("guess1")[where] == planned
    assert fingerprint_holding("pw0rd1", "other.example")[where] != planned
