"""A refusal that quotes text read from the platform shows it as plan diffs do: every character a
terminal acts on (NUL, ESC, a bidirectional override) escaped, and a long text cut to about 80
characters with an ellipsis. fz2 saw a 100,000-character SERIAL_NO echoed whole (100 KB on stderr)
and a logger's serial with a bidi override and NUL printed raw."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from iotplan.plan.copies import earlier_copy
from tests.plan.test_thread import LOGGER, NODE, SITE, desired, live_as_declared, planned

LONG = "a" * 100_000
TRICKY = "ü\u202eevil\x00 \x1b[31m"


def test_an_earlier_copys_long_serial_is_cut_in_the_refusal() -> None:
    said = earlier_copy(
        "Dam A", [LiveEntity("/api/ABCDEF/node", {"NAME": "Dam A", "SERIAL_NO": LONG})], "node", "id", depth=0
    )
    assert "(SERIAL_NO 'aaaa" in said and "...') is not this stack's: likely an earlier copy" in said
    assert len(said) < 500


@pytest.mark.parametrize("serial", [TRICKY, LONG], ids=["control characters", "100,000 characters"])
def test_a_swapped_loggers_live_serial_is_escaped_and_cut_in_the_refusal(serial: str) -> None:
    state = desired()
    connection = live_as_declared(state)
    swapped = LOGGER.replace("/032432/", f"/{serial}/")
    connection.devices[0] = LiveEntity(
        swapped, {"NAME": "IPI chain", "SERIAL_NO": serial}, NODE, "DGSI_M_LOGGER"
    )
    with pytest.raises(PlanError, match="carries its name with serial") as error:
        planned(state, connection)
    said = str(error.value)
    assert not {"\x00", "\x1b", "\u202e"} & set(said)
    assert (
        "carries its name with serial "
        + ("ü\\u202eevil\\x00 \\x1b[31m:" if serial == TRICKY else "a" * 77 + "...:")
        in said
    )


def test_the_id_of_an_undeclared_sensor_on_the_channel_is_escaped_in_the_refusal() -> None:
    """A sensor someone else made under the logger, with an OSC title sequence in its id, holds the
    channel a renamed key would take: its id and key are quoted escaped, whole (for the `id:`)."""
    connection = live_as_declared(desired())
    taken = connection.sensors[LOGGER][1]
    hostile = f"{LOGGER}/t\x1b]0;X\x07/sensor"
    connection.sensors[LOGGER][1] = LiveEntity(hostile, taken.props, None, taken.type)
    renamed = desired(SITE.replace("{key: tilt2,", "{key: tilt-2,"))
    with pytest.raises(PlanError, match="is the channel of") as error:
        planned(renamed, connection)
    said = str(error.value)
    assert not {"\x1b", "\x07"} & set(said)
    assert f"`id: {LOGGER}/t\\x1b]0;X\\x07/sensor`; if" in said  # a key no manifest takes: not offered


def test_a_look_alike_key_on_the_channel_is_not_offered_back_and_its_id_is_escaped() -> None:
    """The undeclared sensor on the channel is `pz‐1` (U+2010 for `-`): "or its key back, `pz‐1`"
    offered a key the manifest refuses (keys are ASCII), and its `id:`, typed as seen, named another."""
    connection = live_as_declared(desired())
    taken = connection.sensors[LOGGER][1]
    look_alike = f"{LOGGER}/tilt\u20102/sensor"
    connection.sensors[LOGGER][1] = LiveEntity(look_alike, taken.props, None, taken.type)
    renamed = desired(SITE.replace("{key: tilt2,", "{key: tilt-2,"))
    with pytest.raises(PlanError, match="is the channel of") as error:
        planned(renamed, connection)
    said = str(error.value)
    assert "its key back" not in said, said
    assert f'giving this entry `id: "{LOGGER}/tilt\\u20102/sensor"`; if that sensor is gone' in said, said
