"""The likely-earlier-copy guard compares names as a person reads them: a live unmanaged entity whose
NAME differs from the one to create only in a trailing blank (pasted from a spreadsheet), a no-break
space, case or how an accent is encoded (Unicode NFC or NFD) is still a likely copy, and no second one
is created beside it."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import MANIFEST, load, plan_for
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

# (the manifest's name, the live NAME, how the refusal shows the live one)
READ_ALIKE = {
    "trailing blank": ("Crest logger", "Crest logger ", "'Crest logger '"),
    "no-break space": ("Toe logger", "Toe\u00a0logger", "'Toe\\xa0logger'"),
    "case": ("BERM logger", "Berm logger", "'Berm logger'"),
    "NFD accent": ("Pr\u00e9sa", "Pre\u0301sa", "'Pre\\u0301sa'"),
    "zero-width space": ("Gauge", "Gauge\u200b", "'Gauge\\u200b'"),
}
# How the refusal shows the manifest's name: escaped too where an accent is encoded otherwise.
DECLARED_SHOWN = {"Pr\u00e9sa": "'Pr\\xe9sa'"}


def _refusal_beside_a_stray_named(declared: str, live_name: str) -> tuple[str, str]:
    """dam-a/logger-1, named `declared`, gone; in its place another tool's device named `live_name`:
    the plan's refusal, and that device's id."""
    live = applied(load())
    connection = first_connection(live)
    logger = find(live, "site:dam-a/logger-1")
    connection.devices.remove(logger)
    del connection.sensors[logger.id]
    stray = LiveEntity(
        f"{connection.node.id}/dynamic/0B0B0B/device",
        {"NAME": live_name, "SERIAL_NO": "u-1"},
        connection.node.id,
    )
    connection.devices.append(stray)
    with pytest.raises(PlanError) as refused:
        plan_for(load(MANIFEST.replace("name: Logger\n", f'name: "{declared}"\n')), live)
    return str(refused.value), stray.id


@pytest.mark.parametrize(("declared", "live_name", "shown"), READ_ALIKE.values(), ids=READ_ALIKE.keys())
def test_a_device_named_alike_but_for_blanks_case_or_encoding_is_a_likely_earlier_copy(
    declared: str, live_name: str, shown: str
) -> None:
    refused, stray = _refusal_beside_a_stray_named(declared, live_name)
    read_as = DECLARED_SHOWN.get(declared, repr(declared))
    assert (
        f"dam-a/logger-1: not found by its refId, but device {stray} named {shown}, which reads as this "
        f"manifest's {read_as} (only case, blanks or accent encoding differ) (SERIAL_NO 'u-1') is not "
        "this stack's: likely an earlier copy"
    ) in refused


@pytest.mark.parametrize(("declared", "live_name", "shown"), READ_ALIKE.values(), ids=READ_ALIKE.keys())
def test_a_thread_logger_named_alike_under_another_serial_is_refused_as_a_swap_or_copy(
    declared: str, live_name: str, shown: str
) -> None:
    state = desired(
        SITE.replace('serial: "032432"', 'serial: "032499"').replace("IPI chain", f'"{declared}"')
    )
    live = live_as_declared(desired(), **{LOGGER: {"NAME": live_name}})
    with pytest.raises(
        PlanError, match=f"but {LOGGER} in the same place carries its name with serial 032432"
    ):
        planned(state, live)
