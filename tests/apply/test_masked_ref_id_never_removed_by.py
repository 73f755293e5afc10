"""A saved plan shows a live refId masked; a removal is only ever sent by the refId the platform
holds. One built from a masked refId is iotplan's bug: refused before anything is sent."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.bodies import connection_calls
from iotplan.errors import IotplanError
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for


def test_a_removal_by_a_masked_ref_id_is_refused() -> None:
    without_air = MANIFEST.replace(
        "              - key: air\n                template: TEMPERATURE_SDE\n", ""
    )
    changes = list(plan_for(load(without_air), applied(load())).changes)
    masked = "site:dam-a/logger-1/air?token=(sensitive)"
    changes = [
        dataclasses.replace(c, live_ref_id=masked) if c.action is Action.REMOVE else c for c in changes
    ]
    with pytest.raises(IotplanError, match="would be written holding \\(sensitive\\)"):
        connection_calls(changes, resolve=lambda ref: "resolved")
