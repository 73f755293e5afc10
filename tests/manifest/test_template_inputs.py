"""Template input and output that say less than they seem to: empty --sites files, printed floats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

HEADER = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("zero.csv", b""),
        ("bomonly.csv", b"\xef\xbb\xbf"),
        ("blank.csv", b"\n\n"),
        ("zero.yaml", b""),
        ("comment.yaml", b"# exported 2026-03-01\n"),
    ],
)
def test_an_empty_sites_file_is_refused_never_read_as_no_sites(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    expected = rf"^{tmp_path / name}:1:1: --sites: the file is empty: .*CSV header alone, or \[\] in YAML$"
    with pytest.raises(TemplateError, match=expected):
        template_variables(None, str(tmp_path / name))


@pytest.mark.parametrize(("name", "content"), [("none.csv", "site,lat\n"), ("none.yaml", "[]\n")])
def test_a_header_alone_or_an_empty_list_says_no_sites(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    assert template_variables(None, str(tmp_path / name))["sites"] == []


@pytest.mark.parametrize(("value", "written"), [(-0.00005, "-5.0e-05"), (1e20, "1.0e+20")])
def test_a_float_the_template_prints_reads_back_as_that_float(value: float, written: str) -> None:
    rendered = render_template("lon: {{ lon }}\n", "t.yaml.j2", {"lon": value})
    hook = rendered.hook()
    data, _, _ = load_yaml(rendered.text, "t", hook)
    assert data == {"lon": value}
    assert rendered.final_text(hook) == f"lon: {written}\n"


@pytest.mark.parametrize("cell", ["1_000", " 7 ", "\u0663", "\uff13", "7\n"])
@pytest.mark.parametrize("converted", ["int", "float"])
def test_int_and_float_read_ascii_decimals_alone(cell: str, converted: str) -> None:
    with pytest.raises(TemplateError, match=rf"is not a (whole|finite) number \(\| {converted}\)"):
        render_template(f"a: {{{{ v | {converted} }}}}\n", "t.j2", {"v": cell})


@pytest.mark.parametrize(("cells", "column", "named"), [("1,2,abc", 83, "s.elev"), ("1,,3", 51, "s.lon")])
def test_a_refused_conversion_is_told_at_its_tag_naming_it(
    tmp_path: Path, cells: str, column: int, named: str
) -> None:
    (tmp_path / "n.csv").write_text(f"key,lat,lon,elev\nsite-01,{cells}\n")
    line = (
        "        location: {lat: {{ s.lat | float }}, lon: {{ s.lon | float }}, "
        "elevation: {{ s.elev | float }}}"
    )
    template = "{% for s in sites %}\n" + line + "\n{% endfor %}\n"
    refused = r"'.*' is not a finite number \(\| float\) \(site site-01, "
    expected = rf"^t\.yaml\.j2:2:{column}: {re.escape(named)}: {refused}"
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "n.csv")))


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
