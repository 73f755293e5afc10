"""A THREAD logger whose declared `type` was edited has a new id (its type segment), beside the live
logger of its serial: the plan says a type cannot be changed (docs/api-assumptions.md A17), not that
the live one is an earlier copy to adopt, which would only lead to that refusal."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned


def test_a_logger_whose_type_was_edited_is_refused_as_a_type_change() -> None:
    connection = live_as_declared(desired())
    edited = desired(SITE.replace("type: DGSI_M_LOGGER", "type: DEMO"))
    with pytest.raises(
        PlanError, match=f"{LOGGER} is a DGSI_M_LOGGER, not a DEMO: a type cannot be changed"
    ) as error:
        planned(edited, connection)
    assert "earlier copy" not in str(error.value) and "Adopt it" not in str(error.value)
