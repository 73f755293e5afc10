"""A setting that may cut a gateway off is never counted unflagged among the distinct updates the text
plan leaves out (cr59 #3: past ten distinct data-model changes, `cloud_connection: false` on 30 THREADs
fell into `31 more distinct updates ...` with only the data-model ones flagged)."""

from __future__ import annotations

from iotplan.plan.model import Change, FieldChange
from iotplan.render.distinct import DISTINCT_SHOWN
from tests.render.distinct_gateways import gateway_setting, text_lines, unit


def _cloud_connection_off(gateway: int) -> Change:
    return gateway_setting(
        gateway, FieldChange("cloud_connection", True, False), "differs from the manifest", cuts_off=True
    )


def test_the_rest_count_settings_that_may_cut_a_gateway_off_apart() -> None:
    units = [each for n in range(DISTINCT_SHOWN + 2) for each in unit(n)]
    lines = text_lines([*units, *(_cloud_connection_off(g) for g in range(30))])
    assert (
        "  ! 3 more distinct updates on 34 entities (2 of them, on 4 sensors, change how 12 observations "
        "read: needs --allow-data-model-change; 1 of them, on 30 gateways, may cut a gateway off from the "
        "platform: needs --allow-disconnect), each in its connection above"
    ) in lines


def test_a_setting_on_many_gateways_is_said_on_gateways() -> None:
    lines = text_lines([*unit(0), *(_cloud_connection_off(g) for g in range(30))])
    assert (
        "  ! cloud_connection: true → false on 30 gateways (thr-0, thr-1, thr-2 and 27 more): "
        "may cut a gateway off from the platform: needs --allow-disconnect"
    ) in lines
