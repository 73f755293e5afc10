"""Loading: positions, defaults, and the rules that are easy to get subtly wrong."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

HEADER = """apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
"""


def load(body: str):
    return parse_manifest(HEADER + body, "site.yaml")


def problems(body: str) -> list[str]:
    with pytest.raises(ManifestError) as caught:
        load(body)
    return [str(problem) for problem in caught.value.problems]


def test_the_written_stack_is_the_ownership_scope_whatever_the_file_is_called() -> None:
    text = HEADER.replace("stack: site", "stack: north") + "      - key: dam-a\n"
    assert parse_manifest(text, "site.yaml").stack == "north"
    assert parse_manifest(text, "sites/lake-ellen.yaml").stack == "north"


def test_a_manifest_without_a_stack_is_refused_at_the_top_of_the_file_saying_why() -> None:
    text = "# site\n" + HEADER.replace("stack: site\n", "") + "      - key: dam-a\n"
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "dam.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("dam.yaml", 1, 1)
    assert "missing required field 'stack'" in problem.message
    assert "never taken from the file name" in problem.message


@pytest.mark.parametrize("stack", ["''", "'a:b'", "a/b", "'-a'", "'a b'", "'é'", "a" * 64, "1", "[a]"])
def test_a_stack_that_cannot_prefix_a_ref_id_is_refused_at_its_line(stack: str) -> None:
    text = HEADER.replace("stack: site", f"stack: {stack}") + "      - key: dam-a\n"
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "site.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 8)


def test_defaults_fill_only_what_an_entity_left_unset() -> None:
    text = (
        "defaults:\n  sensor:\n    notes: from defaults\n"
        "    metrics: [{custom_metric: p, custom_unit: kPa}]\n"
        + HEADER
        + """      - key: dam-a
        devices:
          - key: logger-1
            sensors:
              - {key: pz-1}
              - {key: pz-2, notes: own notes, metrics: [{metric: T, unit: C}]}
"""
    )
    sensors = parse_manifest(text, "site.yaml").manifest.projects[0].nodes[0].devices[0].sensors
    assert [s.notes for s in sensors] == ["from defaults", "own notes"]
    assert sensors[0].metrics is not None and sensors[0].metrics[0].custom_metric == "p"
    assert sensors[1].metrics is not None and sensors[1].metrics[0].metric == "T"


def test_a_broken_default_is_reported_once_where_it_is_written_not_at_every_entity() -> None:
    text = "defaults:\n  sensor:\n    protect: 'yes'\n" + HEADER
    text += "      - key: dam-a\n        devices:\n          - key: d\n            sensors:\n"
    text += "".join(f"              - {{key: s{n}, metrics: [{{metric: T, unit: C}}]}}\n" for n in range(3))
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "site.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 14)


def test_an_entitys_own_invalid_value_is_reported_not_taken_for_a_default() -> None:
    body = "      - key: dam-a\n        devices:\n          - {key: d, protect: 'no'}\n"
    [problem] = problems(body)
    assert "protect" in problem and ":8:" in problem


def test_one_anchored_mapping_used_as_a_device_and_a_sensor_takes_each_kinds_defaults() -> None:
    text = "defaults:\n  sensor:\n    metrics: [{custom_metric: p, custom_unit: kPa}]\n" + HEADER
    text += """      - key: dam-a
        devices:
          - &both {key: d}
      - key: dam-b
        devices:
          - key: d
            sensors: [*both]
"""
    nodes = parse_manifest(text, "s.yaml").manifest.projects[0].nodes
    assert nodes[0].devices[0].template == "IMPORT_DEVICE_SDE"
    sensor = nodes[1].devices[0].sensors[0]
    assert sensor.template == "GENERIC_SENSOR_SDE" and sensor.metrics is not None


def test_templates_default_to_the_import_device_and_the_generic_sensor() -> None:
    body = "      - key: dam-a\n        devices:\n          - key: d\n            sensors:\n"
    body += "              - {key: s, metrics: [{metric: T, unit: C}]}\n"
    device = load(body).manifest.projects[0].nodes[0].devices[0]
    assert device.template == "IMPORT_DEVICE_SDE"
    assert device.sensors[0].template == "GENERIC_SENSOR_SDE"
    assert device.protect is False


def test_sensor_default_metrics_do_not_reach_catalog_templates() -> None:
    text = "defaults:\n  sensor:\n    metrics: [{custom_metric: p, custom_unit: kPa}]\n" + HEADER
    text += "      - key: dam-a\n        devices:\n          - key: d\n            sensors:\n"
    text += "              - {key: air, template: TEMPERATURE_SDE}\n"
    sensor = parse_manifest(text, "s.yaml").manifest.projects[0].nodes[0].devices[0].sensors[0]
    assert sensor.metrics is None


def test_merge_keys_are_not_mistaken_for_duplicates() -> None:
    body = """      - &base {key: dam-a, notes: shared}
      - <<: *base
        key: dam-b
"""
    nodes = load(body).manifest.projects[0].nodes
    assert [(n.key, n.notes) for n in nodes] == [("dam-a", "shared"), ("dam-b", "shared")]


def test_a_literal_token_of_any_type_is_never_echoed() -> None:
    for literal in ("hunter2-token", "123456789"):
        found = problems(f"      - key: dam-a\n        auth_token: {literal}\n")
        assert len(found) == 1
        assert literal not in found[0]


def test_a_secret_reference_is_accepted() -> None:
    node = load("      - key: dam-a\n        auth_token: ${env:DAM_A_TOKEN}\n").manifest.projects[0].nodes[0]
    assert node.auth_token == "${env:DAM_A_TOKEN}"


def test_moved_may_follow_a_renamed_parent() -> None:
    body = "      - key: dam-b\n        devices: [{key: logger-2}]\n"
    body += "moved:\n  - {from: dam-a, to: dam-b}\n  - {from: dam-a/logger-1, to: dam-b/logger-2}\n"
    assert len(load(body).manifest.moved) == 2


def test_problems_are_sorted_by_position() -> None:
    found = problems("      - key: dam-a\n        colour: x\n      - key: 'b c'\n")
    lines = [int(problem.split(":")[1]) for problem in found]
    assert lines == sorted(lines) and len(lines) == 2


def test_digest_changes_with_the_text() -> None:
    assert load("      - key: dam-a\n").digest != load("      - key: dam-b\n").digest


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
def test_an_elevation_that_is_not_a_number_is_refused(value: str) -> None:
    # Integrate bodies are encoded by orjson, which would send NaN as null (clients/platform.py).
    found = problems(f"      - key: dam-a\n        location: {{lat: 46.1, lon: 7.4, elevation: {value}}}\n")
    assert len(found) == 1 and "elevation" in found[0]


def test_notes_take_windows_line_endings_as_the_web_apps_form_sends_them() -> None:
    loaded = load('      - {key: dam-a, notes: "Installed 2024\\r\\nBy: contractor\\r\\n"}\n')
    assert loaded.manifest.projects[0].nodes[0].notes == "Installed 2024\r\nBy: contractor\r\n"


def test_a_carriage_return_alone_in_notes_is_refused_saying_where_it_is_taken() -> None:
    [problem] = problems('      - {key: dam-a, notes: "ok\\rhidden"}\n')
    assert "a carriage return (U+000D) not followed by a newline at character 3" in problem
    assert "only in a Windows line ending" in problem
