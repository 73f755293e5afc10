"""The distinct updates' heading counts the gateways a gateway's settings are on, as each line below it
does: every setting is a change of its own, so 23 settings changed on 42 THREADs were `23 distinct
updates on 966 edges`, above lines each saying `on 42 gateways`."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Change, FieldChange, Kind
from iotplan.render import render_text
from tests.render.plans import change, plan

SETTINGS = {"port1.power": ("off", "12V"), "port1.baud_rate": (9600, 38400)}
GATEWAYS = 3


def _setting(gateway: int, name: str) -> Change:
    before, after = SETTINGS[name]
    setting = change(
        f"thr-{gateway}/edge/{name}",
        Action.UPDATE,
        "differs from the manifest",
        fields=(FieldChange(name, before, after),),
    )
    return dataclasses.replace(setting, kind=Kind.EDGE)


def test_the_distinct_updates_are_counted_on_gateways_not_on_their_settings() -> None:
    settings = [_setting(gateway, name) for gateway in range(GATEWAYS) for name in SETTINGS]
    lines = render_text(plan(*settings), color=False).splitlines()
    assert f"{len(SETTINGS)} distinct updates on {GATEWAYS} gateways:" in lines
