"""Where an invalid-YAML block started is told in the template's lines, not the rendered text's."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

HEADER = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)


def test_where_invalid_yaml_started_is_told_in_template_lines(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("key,metric\nsite-01,p\nsite-02,p\n")
    loop = (
        "{%- for s in sites %}\n      - key: {{ s.key }}\n        devices:\n          - key: logger\n"
        "            sensors:\n              - key: pz-1\n"
        "                metrics: [{custom_metric: {{ s.metric }}, custom_unit: kPa}]\n"
        "{%- endfor -%}\nmoved: []\n"  # the whitespace slip joins `moved` to the last line
    )
    template = HEADER.removesuffix("\n") + "\n" + loop
    rendered = render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "s.csv")))
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert problem.line == 12
    assert problem.message.endswith("(while parsing a block mapping started at line 11)")


def test_where_a_duplicate_key_was_first_written_is_told_in_template_lines(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("key\nsite-01\n")
    loop = (
        "{#- a comment of three lines\n    above the loop, so rendered and template lines differ\n#}\n"
        "{%- for s in sites %}\n      - key: {{ s.key }}\n        devices: []\n        devices: []\n"
        "{%- endfor %}\n"
    )
    template = HEADER + loop
    rendered = render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "s.csv")))
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    first = template.splitlines().index("        devices: []") + 1
    assert first != rendered.text.splitlines().index("        devices: []") + 1  # a test that can fail
    assert problem.line == first + 1
    assert f"duplicate key 'devices' (first written at line {first})" in problem.message
