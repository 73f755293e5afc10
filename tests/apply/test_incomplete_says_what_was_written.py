"""A gateway this apply wrote, which the verifying plan then could not read (another THREAD took its
address after the last write was confirmed, or it fell asleep), is not told "not changed" nor
"nothing was read or written": that read read nothing; the apply wrote."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.plan.model import Action, Cause
from iotplan.render.apply_report import render_apply_text
from tests.plan.edgebuilder import gateway_change
from tests.render.plans import plan

MISMATCH = (
    "identity mismatch: the gateway at 192.0.2.10 reports serial 5D6E7F, not 4A1B2C: "
    "nothing was read or written"
)


def test_a_gateway_written_then_refused_by_the_verifying_plan_is_told_written() -> None:
    after = plan(
        gateway_change("thread-north", Action.REFUSED, Cause.GATEWAY_MISMATCH, MISMATCH),
        gateway_change("thread-south", Action.PENDING, Cause.GATEWAY_ASLEEP, "asleep"),
    )
    written = Outcome("thread-north/edge", Status.APPLIED, calls=1, applied=["thread-north/edge/app_version"])
    untouched = Outcome("thread-south/edge", Status.APPLIED)
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(), [written, untouched], after).raise_if_incomplete()
    assert str(raised.value) == (
        "apply is incomplete; these gateways were not changed:\n"
        "  thread-south/edge: pending: asleep\n"
        "these gateways were written, then the verifying plan could not read them:\n"
        "  thread-north/edge: refused: identity mismatch: the gateway at 192.0.2.10 reports serial 5D6E7F, "
        "not 4A1B2C: the verifying plan read nothing of it"
    )


def test_an_apply_whose_verifying_plan_left_a_gateway_unread_is_not_told_complete() -> None:
    after = plan(gateway_change("thread-north", Action.REFUSED, Cause.GATEWAY_MISMATCH, MISMATCH))
    written = Outcome("thread-north/edge", Status.APPLIED, calls=1, applied=["thread-north/edge/app_version"])
    shown = render_apply_text([written], after, "", color=False)
    assert "Apply incomplete: 1 change applied; 1 write request sent." in shown
    assert "Apply complete" not in shown
