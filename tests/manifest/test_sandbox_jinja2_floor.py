"""The sandbox relies on Jinja2's `wrap_str_format` hook (3.1.5) to bound `str.format`, and 3.1.0 to 3.1.5
have published sandbox escapes (CVE-2024-56326, CVE-2025-27516, fixed in 3.1.6): no version the
requirement admits may lack either."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def jinja2_floor() -> tuple[int, ...]:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    (found,) = [
        re.fullmatch(r"jinja2>=([0-9.]+)", spec) for spec in dependencies if spec.startswith("jinja2")
    ]
    assert found is not None, "jinja2 is required with a floor alone"
    return tuple(int(part) for part in found.group(1).split("."))


def test_the_jinja2_floor_has_the_sandbox_fixes() -> None:
    assert jinja2_floor() >= (3, 1, 6)
