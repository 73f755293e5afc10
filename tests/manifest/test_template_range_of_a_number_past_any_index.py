"""`range()` of a --sites number too large for an index (99999999999999999999) ended the render in
`OverflowError: Python int too large to convert to C ssize_t`, where 9223372036854775807 was told the
documented limit. Both, and a range that large made by a start below zero, are told the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

LOOP = "{% for site in sites %}\n{% for i in RANGE %}{% endfor %}\n{% endfor %}\n"


@pytest.mark.parametrize("count", ["99999999999999999999", "9223372036854775807"])
@pytest.mark.parametrize("call", ["range(site.count | int)", "range(-(site.count | int), 1)"])
def test_a_range_past_any_index_is_told_the_limit(tmp_path: Path, count: str, call: str) -> None:
    (tmp_path / "sites.csv").write_text(f"site,count\ns1,{count}\n")
    variables = template_variables(None, str(tmp_path / "sites.csv"))
    with pytest.raises(TemplateError) as refused:
        render_template(LOOP.replace("RANGE", call), "t.yaml.j2", variables)
    said = str(refused.value)
    assert "range() gives at most 100,000 numbers, the limit" in said, said
    assert "OverflowError" not in said
