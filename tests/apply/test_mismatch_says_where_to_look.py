"""A write of unknown outcome that another THREAD may have taken (it answered at the gateway's
address right after) is not sent to `iotplan plan` to find out: that plan refuses the box (remote)
or plans the other THREAD's node (on-device). The report names the THREAD and what to check (cr54 #4)."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.errors import GatewayUnavailable
from iotplan.render.apply_report import render_apply_text
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")
UPDATE = setting_change("thread-north", "app_version", "7.17.0", "7.18.0")


class SwappedAfterWriting(FakeGateway):
    def _request(self, name: str, *args: Any) -> None:
        if self.writes:
            self.serial = "5D6E7F"
        super()._request(name, *args)


class SilentAfterWriting(FakeGateway):
    def _request(self, name: str, *args: Any) -> None:
        if self.writes:
            raise GatewayUnavailable("GET /api/serialNumber got no answer")
        super()._request(name, *args)


def report(fake: FakeGateway) -> str:
    outcome = asyncio.run(apply_gateway(fake, GATEWAY, [UPDATE], allow_disconnect=False))
    return render_apply_text([outcome], None, "", color=False, plan_again="iotplan plan site.yaml")


def test_a_write_another_thread_may_have_taken_names_it_and_what_to_check() -> None:
    shown = report(SwappedAfterWriting())
    assert (
        "    may or may not be applied: thread-north/edge/app_version (another THREAD, serial 5D6E7F, "
        "answers at the gateway's address: check that address, and on that THREAD whether it took them)\n"
    ) in shown
    assert "shows which" not in shown


def test_a_write_the_gateway_fell_silent_after_is_read_by_the_next_plan() -> None:
    shown = report(SilentAfterWriting())
    assert (
        "    may or may not be applied: thread-north/edge/app_version "
        "(`iotplan plan site.yaml` shows which)\n"
    ) in shown
