"""A live refId a message quotes is quoted as every other view quotes one (wording.quoted_serial):
what refIds are compared without (U+034F, the Hangul fillers, ...) escaped, so the refId a copy
carries never reads as the one declared."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.compare import duplicate
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.diff import _at_a_threads_address, _DeclaredThread
from iotplan.plan.model import Kind


def test_a_second_device_names_the_refid_it_carries_escaped() -> None:
    entity = DesiredEntity.of(
        kind=Kind.DEVICE,
        keys=("dam-a", "logger-1"),
        ref_id="site:dam-a/logger-1",
        project_id="p1",
        fields={"name": "L"},
    )
    props = {"SERIAL_NO": "site:dam-a/logger-1\u034f", "NAME": "L", "INTEGRATION_ID": "T"}
    extra = LiveEntity("/api/A/node/dynamic/0C0C0C/device", props)
    kept = LiveEntity("kept-id", {**props, "SERIAL_NO": "site:dam-a/logger-1"})

    reason = duplicate(entity, extra, kept).reason

    assert reason.startswith("a second device with refId 'site:dam-a/logger-1\\u034f' (kept: kept-id)"), (
        reason
    )


def test_a_connection_at_a_threads_address_names_its_refid_escaped() -> None:
    live = LiveConnection(
        LiveEntity("/api/0A0A0A/node", {"SERIAL_NO": "site:hub\u3164", "NAME": "Hub"}), "p1"
    )

    said = _at_a_threads_address(live, _DeclaredThread(Address("hub"), "/thread/1"), "site")

    assert "(refId 'site:hub\\u3164'" in said, said
    assert "\u3164" not in said
