"""THREAD entity ids: derived by one rule from the reference's examples, or given outright."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest
from iotplan.manifest.thread import device_id, sensor_id, type_segment


@pytest.mark.parametrize(
    ("entity_type", "segment"),
    [
        ("DGSI_M_LOGGER", "dgsimlogger"),
        ("DEMO", "demo"),
        ("DYNAMIC", "dynamic"),
        ("VW_LOGGER_2", "vwlogger2"),
    ],
)
def test_a_type_becomes_the_id_segment_the_reference_prints(entity_type: str, segment: str) -> None:
    assert type_segment(entity_type) == segment


def test_the_reference_example_device_and_sensor_ids_are_derived() -> None:
    device = device_id("/fn/6C4F6D/node", "DGSI_M_LOGGER", "032432")
    assert device == "/fn/6C4F6D/node/dgsimlogger/032432/device"
    assert sensor_id(device, "tilt4") == "/fn/6C4F6D/node/dgsimlogger/032432/device/tilt4/sensor"


def test_a_thread_site_loads_with_its_devices_and_sensors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(
        "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
        "      - {key: n, kind: thread, id: /fn/6C7D8E/node, name: N, register: true, version: v4_6,\n"
        "         devices: [{key: d, type: DGSI_M_LOGGER, port: 2, mode: IPI_BIAXIAL,\n"
        "                    sensors: [{key: s, type: TILT_BIAXIAL_DGSI, mux_index: 4}]}]}\n"
    )
    node = load_manifest(str(path)).manifest.projects[0].nodes[0]
    assert node.register_node and node.version == "v4_6"
    assert node.devices[0].template is None and node.devices[0].sensors[0].mux_index == 4


THREAD_SITE = (
    "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
    "      - {key: n, kind: thread, id: /fn/6C7D8E/node, name: N,\n"
    "         devices: [{key: d, type: DGSI_M_LOGGER, port: 2, mode: IPI_BIAXIAL,\n"
    "                    sensors: [{key: s2, type: TILT_BIAXIAL_DGSI, mux_index: 4}]}]}\n"
)


def test_a_move_on_a_thread_is_refused_where_it_would_make_a_second_entity(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(THREAD_SITE + "moved:\n  - {from: n/d/s, to: n/d/s2}\n")
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    [problem] = raised.value.problems
    assert (problem.line, problem.address) == (10, "moved[0]")
    assert "is on a THREAD, where devices and sensors are found by their id" in problem.message


def test_two_loggers_whose_ids_differ_only_in_case_are_refused_naming_each_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "site.yaml"
    path.write_text(
        "apiVersion: iotplan/v1\nstack: t\nprojects:\n  - id: p1\n    nodes:\n"
        "      - {key: n, kind: thread, id: /fn/6C7D8E/node, name: N,\n"
        "         devices: [{key: ABC1, type: VW_LOGGER, serial: ABC1, port: 1},\n"
        "                   {key: abc1-2, type: VW_LOGGER, serial: abc1, port: 2}]}\n"
    )
    with pytest.raises(ManifestError) as raised:
        load_manifest(str(path))
    [problem] = raised.value.problems
    assert problem.address == "n/abc1-2"
    assert "'/fn/6C7D8E/node/vwlogger/abc1/device' differs only in case" in problem.message
    assert "'/fn/6C7D8E/node/vwlogger/ABC1/device', the id of n/ABC1" in problem.message
