"""A new THREAD logger whose entry writes its serial is compared, by its declared type and that
serial, with the loggers of THREADs the manifest does not declare, by their TYPE and SERIAL_NO as the
read holds them (folded as `validate` folds them), never by a pattern of their ids: a platform may
spell an id's type part otherwise (`vw_logger`) or give ids of its own form."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity, LiveProject
from iotplan.plan.model import Action
from tests.plan.test_thread_unnamed import NODE, PROJECT, SITE, planned

OTHER = "/fn/4A1B2C/node"


def other_thread(*loggers: tuple[str, str, str]) -> LiveConnection:
    """A THREAD the manifest does not declare, holding each (id, TYPE, SERIAL_NO) with 90 observations."""
    thread = LiveConnection(LiveEntity(OTHER, {"NAME": "Elsewhere"}), PROJECT)
    for logger_id, kind, serial in loggers:
        thread.devices.append(LiveEntity(logger_id, {"NAME": "box", "SERIAL_NO": serial}, None, kind))
        sensor = {"NAME": "s", "OBSERVATION_COUNT": 90}
        thread.sensors[logger_id] = [LiveEntity(f"{logger_id}/s/sensor", sensor, None, "VW_PIEZOMETER")]
    return thread


def created_reasons(*loggers: tuple[str, str, str], text: str = SITE) -> dict[str, str]:
    project = LiveProject(PROJECT, exists=True, other_threads={OTHER: other_thread(*loggers)})
    project.connections[NODE] = LiveConnection(LiveEntity(NODE, {"NAME": "t3"}), PROJECT)  # no logger yet
    return {str(c.address): c.reason for c in planned(text, project).changes if c.action is Action.CREATE}


def test_a_live_logger_of_that_type_and_serial_is_found_whatever_form_its_id_has() -> None:
    for spelled in (f"{OTHER}/vw_logger/032433/device", f"{OTHER}/logger-7/device"):
        said = created_reasons((spelled, "VW_LOGGER", "032433"))["t3/vw"]
        assert said.startswith(
            f"not on the platform; logger VW_LOGGER serial '032433' is also under THREAD {OTHER} "
            f"(as {spelled}, holding 90 observations), which this manifest does not declare"
        ), said
        assert created_reasons((spelled, "VW_LOGGER", "032433"))["t3/vw2"] == "not on the platform"


def test_a_live_logger_of_another_type_or_serial_is_no_match() -> None:
    said = created_reasons(
        (f"{OTHER}/vwlogger/032499/device", "VW_LOGGER", "032499"),
        (f"{OTHER}/dgsimlogger/032433/device", "DGSI_M_LOGGER", "032433"),
    )
    assert said["t3/vw"] == "not on the platform"


def test_a_type_and_serial_written_in_another_case_are_the_same_box() -> None:
    text = SITE.replace("032433", "abc1")
    said = created_reasons((f"{OTHER}/vwlogger/ABC1/device", "vw_logger", "ABC1"), text=text)
    assert "logger vw_logger serial 'ABC1' is also under THREAD" in said["t3/vw"], said


def test_a_logger_declared_by_its_key_alone_names_no_box() -> None:
    key_only = SITE.replace('            serial: "032433"\n', "", 1)
    said = created_reasons((f"{OTHER}/vwlogger/vw/device", "VW_LOGGER", "vw"), text=key_only)
    assert said["t3/vw"] == "not on the platform"
