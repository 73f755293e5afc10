"""A float a template prints reads back as that float, however small or large."""

from __future__ import annotations

import pytest

from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template


@pytest.mark.parametrize(("value", "written"), [(-0.00005, "-5.0e-05"), (1e20, "1.0e+20")])
def test_a_float_the_template_prints_reads_back_as_that_float(value: float, written: str) -> None:
    rendered = render_template("lon: {{ lon }}\n", "t.yaml.j2", {"lon": value})
    hook = rendered.hook()
    data, _, _ = load_yaml(rendered.text, "t", hook)
    assert data == {"lon": value}
    assert rendered.final_text(hook) == f"lon: {written}\n"
