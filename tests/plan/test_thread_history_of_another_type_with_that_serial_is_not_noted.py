"""A new THREAD logger is tied to a namesake on another THREAD by its serial only where the type is
its own too: a logger's box is its type and serial (`validate` compares both), so a DEMO logger
`032432` declared where a VW_LOGGER `032432` of that name holds history had its sensors told their
history stayed on the other's, another box's (cr107 F7). The same type still ties them, its id's
type part spelled the platform's way (`dgsi_m_logger`) or iotplan's."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity, LiveProject
from tests.plan.test_thread import PROJECT
from tests.plan.test_thread_history_elsewhere import CANNOT_MOVE, REGISTERED, SWAPPED_OUT, reasons


def thread_holding(logger_id: str, kind: str) -> LiveConnection:
    """A THREAD of another name the manifest does not declare, its logger named as the manifest's."""
    thread = LiveConnection(LiveEntity(SWAPPED_OUT, {"NAME": "Bridge THREAD"}), PROJECT)
    thread.devices.append(LiveEntity(logger_id, {"NAME": "IPI chain", "SERIAL_NO": "032432"}, None, kind))
    sensor = LiveEntity(f"{logger_id}/tilt1/sensor", {"NAME": "Tilt 1", "OBSERVATION_COUNT": 500})
    thread.sensors[logger_id] = [sensor]
    return thread


def said_of_tilt1(logger_id: str, kind: str) -> str:
    """What the new sensor `Tilt 1` under the declared logger is told: the logger itself is told of a
    box of its type and serial by the box's own note (`_box_elsewhere`)."""
    project = LiveProject(PROJECT, exists=True, other_threads={SWAPPED_OUT: thread_holding(logger_id, kind)})
    return reasons(project, REGISTERED)["thread/ipi/tilt1"]


def test_a_namesake_of_another_type_with_that_serial_is_not_noted() -> None:
    assert CANNOT_MOVE not in said_of_tilt1(f"{SWAPPED_OUT}/demo/032432/device", "DEMO")
    assert CANNOT_MOVE in said_of_tilt1(f"{SWAPPED_OUT}/dgsi_m_logger/032432/device", "DGSI_M_LOGGER")
