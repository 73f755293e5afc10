"""Shared setup of the tests of THREAD sensors sharing a channel (mux_index) of the logger: the manifests
that move, add or leave undeclared a sensor's channel, and the refusal a plan of them meets."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import IotplanError
from iotplan.live import LiveConnection
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import SITE, desired, planned

TILT2 = "{key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}"
NEW_TILT3_ON_2 = "\n              - {key: tilt3, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 3}"

# tilt2 moves from channel 2 to 3, and a new tilt3 takes channel 2.
MOVED = SITE.replace(TILT2, TILT2.replace("mux_index: 2", "mux_index: 3") + NEW_TILT3_ON_2)

# tilt2's entry loses its mux_index (it stays on 2), and a new tilt3 is declared on 2.
UNDECLARED_BESIDE_A_NEW_ONE = SITE.replace(TILT2, TILT2.replace("mux_index: 2, ", "") + NEW_TILT3_ON_2)


def refusal(
    error: type[IotplanError], manifest: str, connection: LiveConnection, options: PlanOptions | None = None
) -> str:
    """What planning `manifest` against `connection` under `options` is refused with, as an `error`."""
    state: Any = desired(manifest)
    with pytest.raises(error) as refused:
        planned(state, connection, options)
    return str(refused.value)
