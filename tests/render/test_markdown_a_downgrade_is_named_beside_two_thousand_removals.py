"""An app_version older than the gateway reports needs --allow-downgrade, as a setting that may cut a
gateway off needs --allow-disconnect: the Markdown comment called out the one, not the other (cr107
F2). Beside 2,000 removals the downgrade's block found no room and the comment said nothing of it,
the cut-off its callout: a reviewer approved a plan whose apply then stopped for a flag, or was
re-run with it unread. It has a callout of its own, its room held before the removals take theirs."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind
from iotplan.render import render_markdown
from iotplan.render.markdown import COMMENT_LIMIT
from tests.render.plans import PROJECT, change, plan


def _downgrade() -> Change:
    return Change(
        address=Address("zz-thread/edge/app_version"),
        kind=Kind.EDGE,
        action=Action.UPDATE,
        cause=Cause.DIFFERS,
        project_id=PROJECT,
        connection="zz-thread",
        reason="downgrade: the gateway reports app version 7.17.0, newer than the manifest's 7.16.0",
        live_id="/fn/4A1B2C/node",
        before={"value": "7.17.0"},
        after={"value": "7.16.0"},
        counted=False,
        fields=(FieldChange("app_version", "7.17.0", "7.16.0"),),
    )


def test_a_downgrade_is_named_beside_two_thousand_removals() -> None:
    removals = [
        change(f"site-{s:04}/logger/pz-9", Action.REMOVE, "not in the manifest", observations=400)
        for s in range(2_000)
    ]
    markdown = render_markdown(plan(*removals, _downgrade()), saved_as="plan.json")
    assert len(markdown) <= COMMENT_LIMIT
    assert (
        "> 1 gateway setting would send a gateway back to an older application (needs `--allow-downgrade`): "
        "`zz-thread/edge/app_version`"
    ) in markdown
