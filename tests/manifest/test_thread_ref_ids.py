"""A THREAD's loggers and sensors carry ids, not refIds: the refId rules (length, case) are not theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest

LONG = "x" * 60  # a valid key (up to 63): three of them make an address past 128 characters


def _thread_site(tmp_path: Path, sensors: str, node: str = LONG, device: str = LONG) -> str:
    path = tmp_path / "site.yaml"
    path.write_text(
        "apiVersion: iotplan/v1\nstack: a-stack\nprojects:\n  - id: p1\n    nodes:\n"
        f"      - {{key: {node}, kind: thread, id: /fn/6C7D8E/node,\n"
        f"         devices: [{{key: {device}, type: VW_LOGGER, port: 1,\n"
        f"                    sensors: [{sensors}]}}]}}\n"
    )
    return str(path)


def _messages(path: str) -> list[str]:
    with pytest.raises(ManifestError) as raised:
        load_manifest(path)
    return [problem.message for problem in raised.value.problems]


def test_a_thread_sensor_under_long_keys_is_not_held_to_the_ref_id_limit(tmp_path: Path) -> None:
    path = _thread_site(tmp_path, f"{{key: {LONG}, type: VW_PIEZOMETER, mux_index: 1}}")
    sensor = load_manifest(path).manifest.projects[0].nodes[0].devices[0].sensors[0]
    assert sensor.key == LONG


def test_thread_sensors_differing_only_in_case_are_told_by_their_ids_alone(tmp_path: Path) -> None:
    """An api node's sensors that differ only in case still clash as refIds."""
    path = tmp_path / "site.yaml"
    path.write_text(
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: p1\n    nodes:\n"
        "      - {key: g, kind: thread, id: /fn/6C7D8E/node,\n"
        "         devices: [{key: d, type: VW_LOGGER, port: 1, sensors: [\n"
        "           {key: s0-A, type: VW_PIEZOMETER, mux_index: 1},\n"
        "           {key: s0-a, type: VW_PIEZOMETER, mux_index: 2}]}]}\n"
        "      - {key: n, devices: [{key: d, sensors: [\n"
        "           {key: A, template: T_SDE}, {key: a, template: T_SDE}]}]}\n"
    )
    assert _messages(str(path)) == [
        "id '/fn/6C7D8E/node/vwlogger/d/device/s0-a/sensor' differs only in case from "
        "'/fn/6C7D8E/node/vwlogger/d/device/s0-A/sensor', the id of g/d/s0-A: the platform may not tell them "
        "apart (its reference gives no rule for case)",
        "refId 's:n/d/a' differs only in case from 's:n/d/A', the refId of n/d/A: two entities would be one "
        "on the platform",
    ]


def test_a_long_api_ref_id_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(
        "apiVersion: iotplan/v1\nstack: a-stack\nprojects:\n  - id: p1\n    nodes:\n"
        f"      - {{key: {LONG}, devices: [{{key: d, sensors: [{{key: {LONG}, template: T_SDE}}]}}]}}\n"
    )
    [message] = _messages(str(path))
    assert message.startswith(f"refId 'a-stack:{LONG}/d/{LONG}' is 131 characters; the limit is 128")


def _sensors_with_ids(tmp_path: Path, *segments: str) -> str:
    device = "/fn/6C7D8E/node/vwlogger/d/device"
    sensors = ", ".join(
        f'{{key: s{index}, id: "{device}/{segment}/sensor", type: VW_PIEZOMETER, mux_index: {index}}}'
        for index, segment in enumerate(segments, 1)
    )
    return _thread_site(tmp_path, sensors, node="g", device="d")


def test_thread_ids_that_differ_only_as_refids_fold_are_one_id(tmp_path: Path) -> None:
    """`ß` folds to `ss` and an accent's encodings (NFC `é`, NFD `e` and U+0301) to one, as refIds
    do: the plan compares ids so, and two entries would be one sensor on the platform."""
    device = "/fn/6C7D8E/node/vwlogger/d/device"
    assert _messages(_sensors_with_ids(tmp_path, "Straße", "STRASSE", "Caf\u00e9", "Cafe\u0301")) == [
        f"id '{device}/STRASSE/sensor' differs only in case from '{device}/Straße/sensor', the id of "
        "g/d/s1: the platform may not tell them apart (its reference gives no rule for case)",
        f'id "{device}/Cafe\\u0301/sensor" differs only in Unicode encoding (the same letters, encoded '
        f'differently: NFC and NFD) from "{device}/Caf\\u00e9/sensor", the id of g/d/s3: the platform '
        "may not tell them apart (its reference gives no rule for case, Unicode form or invisible "
        "characters)",
    ]
