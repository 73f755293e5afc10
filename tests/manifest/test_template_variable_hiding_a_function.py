"""A --vars key or a --var named like a function the sandbox gives templates (`range`) would hide it:
`range(3)` would call the variable. Refused at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest import template_data
from iotplan.manifest.limits import Budget
from iotplan.manifest.sandbox import BoundedEnvironment
from iotplan.manifest.template_data import template_variables


def test_a_vars_key_named_range_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text("region: north\nrange: 5\n")
    expected = (
        rf"^{tmp_path / 'v.yaml'}:2:1: --vars: a variable named range would hide the template's function"
    )
    with pytest.raises(TemplateError, match=expected):
        template_variables(str(tmp_path / "v.yaml"), None)


def test_a_var_named_dict_is_refused() -> None:
    with pytest.raises(TemplateError, match=r"^--var dict: a variable named dict would hide"):
        template_variables(None, None, (("dict", "x"),))


def test_the_functions_refused_are_the_sandboxs_own() -> None:
    own = {name for name in BoundedEnvironment(Budget(), str).globals if not name.startswith("iotplan_")}
    assert set(template_data.TEMPLATE_FUNCTIONS) == own
