from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template, template_variables


def test_missing_variable_names_the_template_file_and_line() -> None:
    text = "apiVersion: iotplan/v1\n\nstack: {{ stack_name }}\n"
    with pytest.raises(TemplateError, match=r"^site\.yaml\.j2:3: 'stack_name' is undefined$"):
        render_template(text, "site.yaml.j2", {})


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:2: template syntax error"):
        render_template("a: 1\nb: {% for %}\n", "t.j2", {})


def test_the_sandbox_refuses_unsafe_attribute_access() -> None:
    with pytest.raises(TemplateError, match=r"t\.j2:1"):
        render_template("{{ ''.__class__.__mro__ }}", "t.j2", {})


def test_a_site_row_overrides_the_vars(tmp_path: Path) -> None:
    (tmp_path / "vars.yaml").write_text("piezometers: 3\nowner: ops\n")
    (tmp_path / "sites.csv").write_text("site,piezometers,weather\nnorth,,true\nsouth,5,\n")
    variables = template_variables(str(tmp_path / "vars.yaml"), str(tmp_path / "sites.csv"))
    rows = variables["sites"]
    # An empty CSV cell still overrides with "nothing"; a template writes `site.piezometers or 3`.
    assert rows[0] == {"piezometers": None, "owner": "ops", "site": "north", "weather": True}
    assert rows[1]["piezometers"] == 5 and rows[1]["owner"] == "ops"


def test_yaml_sites_can_carry_structure(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("- site: north\n  extra_devices: [weather]\n")
    variables = template_variables(None, str(tmp_path / "sites.yaml"))
    assert variables["sites"][0]["extra_devices"] == ["weather"]


def test_sites_that_are_not_rows_are_refused(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("just: a mapping\n")
    with pytest.raises(TemplateError, match="--sites must be"):
        template_variables(None, str(tmp_path / "sites.yaml"))
