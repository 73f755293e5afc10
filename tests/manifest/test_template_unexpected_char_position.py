"""A character Jinja2's lexer does not expect is told at its own line and column."""

from __future__ import annotations

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_an_unexpected_character_is_told_at_its_line_and_column(newline: str) -> None:
    template = newline.join(["apiVersion: iotplan/v1", "stack: s", 'name: {{ "abc }}', ""])
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", {})
    assert str(caught.value) == "t.j2:3:10: template syntax error: unexpected char '\"'"
