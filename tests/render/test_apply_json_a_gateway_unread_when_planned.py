"""The JSON apply report says of a gateway its plan could not read what the text says: its declared
settings under `not_checked`, never compared, not under `not_applied`, which keeps what was left
undone by a unit that ran (and a waiting gateway whose settings were not known, listing itself)."""

from __future__ import annotations

from typing import Any

from iotplan.apply.outcome import Outcome, Status
from iotplan.render.apply_report import apply_report_dict

GATEWAY = "tunnel-thread/edge"
SETTINGS = [f"{GATEWAY}/port{port}.{name}" for port in (1, 2) for name in ("mode", "power", "baud_rate")]
ASLEEP = "asleep: the THREAD is asleep when planned: nothing was written to it; plan again"


def reported(outcome: Outcome) -> dict[str, Any]:
    [only] = apply_report_dict([outcome], None, "")["outcomes"]
    return dict(only)


def test_a_gateway_asleep_when_planned_lists_its_settings_not_checked() -> None:
    outcome = reported(Outcome(GATEWAY, Status.PENDING, ASLEEP, pending=list(SETTINGS), waiting=True))
    assert (outcome["not_checked"], outcome["not_applied"]) == (SETTINGS, [])


def test_a_gateway_unit_that_ran_keeps_what_it_did_not_write_as_not_applied() -> None:
    outcome = reported(Outcome(GATEWAY, Status.PENDING, "asleep: the THREAD is asleep", pending=SETTINGS[:1]))
    assert (outcome["not_checked"], outcome["not_applied"]) == ([], SETTINGS[:1])


def test_a_waiting_outcome_naming_itself_alone_keeps_not_applied() -> None:
    outcome = reported(Outcome(GATEWAY, Status.REFUSED, "refused", pending=[GATEWAY], waiting=True))
    assert (outcome["not_checked"], outcome["not_applied"]) == ([], [GATEWAY])
