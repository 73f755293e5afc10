"""A Jinja2 filter given a value of the wrong type is told at the template's line, for its site."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize(
    ("expression", "raised"),
    [
        ('"abc" | truncate(-1)', "AssertionError: expected length >= 3, got -1"),
        ('"x" | xmlattr', "AttributeError: 'str' object has no attribute 'items'"),
        ("site.items() | dictsort", "AttributeError: 'dict_items' object has no attribute 'items'"),
        ("42 | wordwrap(5)", "AttributeError: 'int' object has no attribute 'splitlines'"),
    ],
)
def test_a_filter_given_the_wrong_type_is_told_at_its_line_and_site(
    tmp_path: Path, expression: str, raised: str
) -> None:
    (tmp_path / "sites.csv").write_text("site,count\ns1,3\n")
    template = f"{{% for site in sites %}}\n- key: {{{{ site.site }}}}\n  name: {{{{ {expression} }}}}\n"
    template += "{% endfor %}\n"
    variables = template_variables(None, str(tmp_path / "sites.csv"))
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", variables)
    assert str(caught.value) == f"t.j2:3:9: {raised} (site s1, {tmp_path / 'sites.csv'}:2)"
