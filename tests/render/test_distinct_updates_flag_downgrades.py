"""An app_version downgrade made on many gateways is one distinct update in the text plan: its line,
and the count of those left out, say it needs --allow-downgrade, as a setting that may cut a gateway
off says --allow-disconnect (cr107 F2: `~ app_version: "7.17.0" → "7.16.0" on 30 gateways` said no
flag)."""

from __future__ import annotations

from iotplan.plan.model import Change, FieldChange
from iotplan.render.distinct import DISTINCT_SHOWN
from tests.render.distinct_gateways import gateway_setting, text_lines, unit


def _downgrade(gateway: int) -> Change:
    return gateway_setting(
        gateway,
        FieldChange("app_version", "7.17.0", "7.16.0"),
        "downgrade: the gateway reports app version 7.17.0, newer than the manifest's 7.16.0",
    )


def test_a_downgrade_on_many_gateways_says_its_flag() -> None:
    lines = text_lines([*unit(0), *(_downgrade(g) for g in range(30))])
    assert (
        '  ! app_version: "7.17.0" → "7.16.0" on 30 gateways (thr-0, thr-1, thr-2 and 27 more): '
        "sends a gateway back to an older application: needs --allow-downgrade"
    ) in lines


def test_the_rest_count_downgrades_apart() -> None:
    units = [each for n in range(DISTINCT_SHOWN + 2) for each in unit(n)]
    lines = text_lines([*units, *(_downgrade(g) for g in range(30))])
    assert (
        "  ! 3 more distinct updates on 34 entities (2 of them, on 4 sensors, change how 12 observations "
        "read: needs --allow-data-model-change; 1 of them, on 30 gateways, sends a gateway back to an older "
        "application: needs --allow-downgrade), each in its connection above"
    ) in lines
