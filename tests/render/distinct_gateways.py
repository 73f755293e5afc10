"""What the tests of distinct updates on many gateways share: data-model unit changes, two sensors a
connection, each its own distinct update; a gateway setting changed alike on many THREADs; the text
plan's lines."""

from __future__ import annotations

import dataclasses
from typing import Any

from iotplan.plan.model import Action, Change, FieldChange, Kind
from iotplan.render import render_text
from tests.render.plans import change, plan


def unit(n: int) -> list[Change]:
    unit = (FieldChange("metrics[0].unit", "Pa", f"unit{n}"),)
    return [
        change(
            f"dm-{n}/l/s{s}", Action.UPDATE, "differs", fields=unit, touches_data_model=True, observations=3
        )
        for s in range(2)
    ]


def gateway_setting(gateway: int, field: FieldChange, reason: str, **flags: Any) -> Change:
    """`field` changed on THREAD thr-<gateway>'s edge, not counted apart from its gateway."""
    setting = change(
        f"thr-{gateway}/edge/{field.path}", Action.UPDATE, reason, fields=(field,), counted=False, **flags
    )
    return dataclasses.replace(setting, kind=Kind.EDGE)


def text_lines(changes: list[Change]) -> list[str]:
    return render_text(plan(*changes), color=False).splitlines()
