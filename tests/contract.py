"""Reading cassettes and comparing JSON structure: the documented shape against an actual answer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
ID_FORMS = {
    "sensor id": re.compile(r"/api/[0-9A-F]{6}/node/dynamic/[0-9A-F]{6}/device/[0-9A-F]{6}/sensor"),
    "device id": re.compile(r"/api/[0-9A-F]{6}/node/dynamic/[0-9A-F]{6}/device"),
    "node id": re.compile(r"/(api|fn)/[0-9A-F]{6}/node"),
}


def interactions(name: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((CASSETTES / f"{name}.yaml").read_text())["interactions"])


def documented(interaction: dict[str, Any]) -> Any:
    return json.loads(interaction["response"]["body"]["string"])


def structure_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """What the actual answer lacks or types differently; keys it adds are allowed."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {type(actual).__name__}"]
        return [d for key in expected for d in _key(expected, actual, key, path)]
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected an array, got {type(actual).__name__}"]
        if expected and not actual:
            return [f"{path}: expected items, got an empty array"]
        return _elements(expected, actual, path)
    return _scalar(expected, actual, path)


def _elements(expected: list[Any], actual: list[Any], path: str) -> list[str]:
    """Every element, not the first: each actual element has the structure of a documented one
    (the one at its index first), and each documented element is found among the actual ones."""
    found: list[str] = []
    for index, item in enumerate(actual):
        closest = expected[min(index, len(expected) - 1)]
        if structure_differences(closest, item) and not any(
            not structure_differences(candidate, item) for candidate in expected
        ):
            found += structure_differences(closest, item, f"{path}[{index}]")
    for index, candidate in enumerate(expected):
        if all(structure_differences(candidate, item) for item in actual):
            found.append(f"{path}: no element has the structure of documented element [{index}]")
    return found


def _key(expected: dict[str, Any], actual: dict[str, Any], key: str, path: str) -> list[str]:
    if key not in actual:
        return [f"{path}.{key}: missing"]
    return structure_differences(expected[key], actual[key], f"{path}.{key}")


def _scalar(expected: Any, actual: Any, path: str) -> list[str]:
    if expected is None or actual is None:
        return []  # null stands for "unset" in the reference (LOCATION [null, null, null])
    numbers = (int, float)
    same_type = isinstance(expected, numbers) and isinstance(actual, numbers) and not isinstance(actual, bool)
    if not same_type and type(expected) is not type(actual):
        return [f"{path}: expected {type(expected).__name__}, got {type(actual).__name__}"]
    form = id_form(expected) if isinstance(expected, str) else None
    if form and id_form(actual) != form:
        return [f"{path}: expected a {form}, got {actual!r}"]
    return []


def id_form(text: str) -> str | None:
    return next((name for name, pattern in ID_FORMS.items() if pattern.fullmatch(text)), None)
