"""A bare yes, no, on or off of --vars or a YAML --sites file (a boolean to YAML 1.1, text to YAML 1.2) is
the boolean to a condition and refused where it would be printed as Python's `True`/`False`."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest import source
from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

VARS = "city: Oslo\ncountry: NO\nbase: &b {lamp: On}\nmore:\n  <<: *b\nflags: [&x off, *x]\n"
READINGS = "by YAML 1.1 (iotplan) as the boolean {} and by YAML 1.2 as text: if it is text, write it quoted"


@pytest.mark.parametrize(
    ("printed", "word"),
    [
        ("{{ city }} {{ country }}", "NO (--vars VARS:2:10) is read " + READINGS.format("false") + ": 'NO'"),
        ('{{ "x" ~ country }}', "NO (--vars VARS:2:10)"),
        ('{{ [city, country] | join(" ") }}', "NO (--vars VARS:2:10)"),
        ('{{ "%s" | format(country) }}', "NO (--vars VARS:2:10)"),
        ("{{ country | upper }}", "NO (--vars VARS:2:10)"),
        ("{{ country | int(0) }}", "NO (--vars VARS:2:10)"),
        ('{{ "y" if country == "NO" else "n" }}', "NO (--vars VARS:2:10)"),
        ("{{ more | tojson }}", "On (--vars VARS:3:17) is read " + READINGS.format("true") + ": 'On'"),
        ("{{ flags[1] }}x", "off (--vars VARS:6:9)"),
    ],
)
def test_a_bare_yes_or_no_printed_or_compared_with_text_is_refused_where_it_is(
    tmp_path: Path, printed: str, word: str
) -> None:
    (tmp_path / "vars.yaml").write_text(VARS)
    variables = template_variables(str(tmp_path / "vars.yaml"), None)
    with pytest.raises(TemplateError) as caught:
        render_template(f"a: 1\nname: {printed}\n", "t.j2", variables)
    assert str(caught.value).startswith("t.j2:2:7: " + word.replace("VARS", str(tmp_path / "vars.yaml")))


def test_a_yaml_sites_cell_names_its_row(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("- {site: s1, country: SE}\n- {site: s2, country: no}\n")
    variables = template_variables(None, str(tmp_path / "sites.yaml"))
    template = "{% for site in sites %}\n- name: {{ site.site }} {{ site.country }}\n{% endfor %}\n"
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", variables)
    sites = tmp_path / "sites.yaml"
    assert str(caught.value).startswith(f"t.j2:2:9: no (--sites {sites}:2:23) is read by YAML 1.1")
    assert str(caught.value).endswith(f"if a boolean, write false (site s2, {sites}:2)")


def test_a_bare_yes_or_no_is_its_boolean_to_a_condition_and_refused_printed(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text("on_duty: yes\noff_duty: OFF\nexplicit: !!bool yes\n")
    variables = template_variables(str(tmp_path / "vars.yaml"), None)
    conditions = [
        "on_duty",
        "not off_duty",
        "on_duty is true",
        "off_duty is false",
        "on_duty is boolean",
        "on_duty | bool",
        "on_duty == true",
        "explicit is true",
    ]
    template = "".join(f"c{index}: {{{{ 1 if {test} else 0 }}}}\n" for index, test in enumerate(conditions))
    rendered = render_template(template, "t.j2", variables)
    assert rendered.text == "".join(f"c{index}: 1\n" for index in range(len(conditions)))
    with pytest.raises(TemplateError, match=r"^t\.j2:1:7: yes \(--vars .*:1:10\) is read by YAML 1\.1"):
        render_template("name: {{ on_duty }}\n", "t.j2", variables)


@pytest.mark.parametrize(
    ("template", "rendered"),
    [
        ("{% for s in sites if s.active is sameas true %}{{ s.site }} {% endfor %}", "a c "),
        ("{% for s in sites | sort(attribute='active') %}{{ s.site }} {% endfor %}", "b a c "),
        ("{% for g in sites | groupby('active') %}{{ g.list | length }} {% endfor %}", "1 2 "),
        ("{{ sites | map(attribute='active') | select('sameas', false) | list | length }}", "1"),
    ],
)
def test_a_bare_yes_or_no_is_its_boolean_to_sameas_and_to_ordering(
    tmp_path: Path, template: str, rendered: str
) -> None:
    """`is sameas true` read False for a bare yes, so filtering sites by it dropped them silently."""
    (tmp_path / "sites.yaml").write_text(
        "- {site: a, active: yes}\n- {site: b, active: no}\n- {site: c, active: true}\n"
    )
    variables = template_variables(None, str(tmp_path / "sites.yaml"))
    made = render_template(f"x: {template}\n", "t.j2", variables)
    data, _, _ = load_yaml(made.text, "t", made.hook())
    assert str(data["x"]) == rendered.strip()


@pytest.mark.parametrize(("written", "parsed_again"), [("true", 0), ("yes", 1)])
def test_only_a_file_holding_a_bare_yes_or_no_is_parsed_again_for_where_it_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, parsed_again: int
) -> None:
    """Finding where its booleans stand costs a second parse: a 100,000-row file of `true` paid it."""
    (tmp_path / "sites.yaml").write_text(f"- {{site: a, active: {written}}}\n- {{site: b, active: false}}\n")
    parses = []
    positional = source._load
    monkeypatch.setattr(source, "_load", lambda *given: parses.append(given) or positional(*given))
    template_variables(None, str(tmp_path / "sites.yaml"))
    assert len(parses) == parsed_again
