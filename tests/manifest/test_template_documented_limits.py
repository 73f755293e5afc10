"""README's "Rendering is bounded" gives the limits the errors name, in iotplan's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.limits import MAX_PRODUCED
from iotplan.manifest.rendered import MAX_OUTPUT
from iotplan.manifest.template import render_template

README = Path(__file__).parents[2] / "README.md"


def bounded_bullet() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"\*\*Rendering is bounded\*\*(.*?)\n- ", text, re.S)
    assert found is not None
    return found.group(1)


def test_readme_gives_the_output_limits_the_errors_name() -> None:
    bullet = bounded_bullet()
    assert f"{MAX_OUTPUT:,} characters" in bullet
    assert f"{MAX_PRODUCED:,} printed" in bullet


def test_a_range_too_long_is_refused_with_the_limit_readme_gives() -> None:
    with pytest.raises(TemplateError) as caught:
        render_template("a: {% for i in range(200000) %}{% endfor %}\n", "t.yaml.j2", {})
    limit = re.search(r"range\(\) gives at most ([0-9,]+) numbers, the limit$", str(caught.value))
    assert limit is not None, str(caught.value)
    assert f"`range()` of at most {limit.group(1)} numbers" in bounded_bullet()
