"""A forced write of a setting the gateway cannot report back (a port's `mode`) whose answer was lost
may or may not be applied, and no plan can tell: it shows the setting unverifiable, "No changes", exit
0. The report sent the user to `iotplan plan` to see which; it says plan cannot tell, and that an apply
with --force-write-only writes it again."""

from __future__ import annotations

import asyncio

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome
from iotplan.errors import TransportError
from iotplan.plan.model import Cause, Change, ManifestSource, Plan
from iotplan.render.apply_report import render_apply_text
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")
LOST = TransportError("POST /api/deviceRsSel got no answer", outcome_unknown=True)
MODE = setting_change(
    "thread-north",
    "port1.mode",
    None,
    "RS485",
    cause=Cause.FORCED_WRITE,
    reason="unverifiable; --force-write-only",
)
VERSION = setting_change("thread-north", "app_version", "7.17.0", "7.18.0")


def lost_answer(change: Change, fail: str) -> tuple[Outcome, Plan]:
    """The outcome of applying `change` whose request `fail` got no answer, and the plan applied."""
    fake = FakeGateway(fail={fail: LOST})
    outcome = asyncio.run(apply_gateway(fake, GATEWAY, [change], allow_disconnect=False))
    return outcome, Plan(
        target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=(change,)
    )


def test_a_lost_forced_write_says_plan_cannot_tell_and_how_to_write_it_again() -> None:
    outcome, plan = lost_answer(MODE, "set_interface_mode")
    assert outcome.unsure == ["thread-north/edge/port1.mode"]

    shown = render_apply_text([outcome], None, "", color=False, plan_again="iotplan plan", plan=plan)

    assert (
        "    may or may not be applied: thread-north/edge/port1.mode (the gateway cannot report it back, so "
        "`iotplan plan` cannot tell: `iotplan apply --force-write-only` writes it again)\n"
    ) in shown
    assert "shows which" not in shown


def test_on_a_thread_the_apply_to_run_is_its_own() -> None:
    outcome, plan = lost_answer(MODE, "set_interface_mode")
    own_plan = "iotplan plan site.yaml --on-device --gateway-url http://127.0.0.1:8404"

    shown = render_apply_text([outcome], None, "", color=False, plan_again=own_plan, plan=plan)

    assert (
        "`iotplan apply site.yaml --on-device --gateway-url http://127.0.0.1:8404 --force-write-only` "
        "writes it again)\n"
    ) in shown


def test_a_lost_write_a_plan_reads_is_still_sent_to_plan() -> None:
    outcome, plan = lost_answer(VERSION, "update")
    assert outcome.unsure == ["thread-north/edge/app_version"]

    shown = render_apply_text([outcome], None, "", color=False, plan_again="iotplan plan", plan=plan)

    assert (
        "    may or may not be applied: thread-north/edge/app_version (`iotplan plan` shows which)\n" in shown
    )
