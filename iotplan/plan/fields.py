"""Field-level differences between live and desired values: the only deepdiff user.

deepdiff's report is turned into iotplan's own FieldChange here, so a library upgrade cannot
change the plan format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from iotplan.plan.model import FieldChange

_PATH_PART = re.compile(r"\['([^']*)'\]|\[(\d+)\]")
_REPORTS = (
    "values_changed",
    "type_changes",
    "dictionary_item_added",
    "dictionary_item_removed",
    "iterable_item_added",
    "iterable_item_removed",
)


def field_changes(live: Mapping[str, Any], desired: Mapping[str, Any]) -> list[FieldChange]:
    """What must change for `live` to read as `desired`, over the fields `desired` names."""
    changes: list[FieldChange] = []
    for name, wanted in desired.items():
        current = live.get(name)
        if current == wanted and (type(current) is type(wanted) in _SCALARS or _alike(current, wanted)):
            continue  # the common case: no deepdiff call at all
        if isinstance(current, dict | list) and isinstance(wanted, type(current)):
            # deepdiff finds `[true]` and `[1]` alike: what it finds nothing in changes whole
            changes += _nested(name, current, wanted) or [FieldChange(name, current, wanted)]
        else:
            changes.append(FieldChange(name, current, wanted))
    return changes


def _alike(current: Any, wanted: Any) -> bool:
    """`_same_json` of two values Python finds equal (two of one scalar type are: told before the
    call), a pair of lists or maps walked once however many entities hold it (a read shares each
    live metric list, the manifest's defaults the declared one: `_nested`)."""
    if type(current) not in (dict, list):
        return _same_json(current, wanted)
    key = (id(current), id(wanted))
    known = _WALKED.get(key)
    if known is not None and known[0] is current and known[1] is wanted:
        return known[2]
    same = _same_json(current, wanted)
    if len(_WALKED) >= _DIFFED_MAX:
        _WALKED.clear()
    _WALKED[key] = (current, wanted, same)
    return same


_SCALARS = frozenset({str, int, float, bool, type(None)})
_WALKED: dict[tuple[int, int], tuple[Any, Any, bool]] = {}


def _same_json(one: Any, other: Any) -> bool:
    """Whether two values Python finds equal are one JSON value: in Python `True == 1`, yet a flag is
    never a number (a port another writer set to `true` is no port 1, as clients/values.py
    `integral_number` reads it too). A whole number and its decimal (1, 1.0) stay one value."""
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other)
    if isinstance(one, dict):  # equal, so `other` holds the same keys
        return all(_same_json(value, other[key]) for key, value in one.items())
    if isinstance(one, list):
        return all(map(_same_json, one, other))
    return True


def _nested(name: str, current: Any, wanted: Any) -> list[FieldChange]:
    """Each distinct pair is diffed once. A fleet-wide change (a unit of every sensor) compares the
    same two metric lists 100,000 times: a read shares each live list (plan/props.py folds each map
    set once) and the manifest's defaults share the declared one; deepdiff took 0.4 ms a sensor
    (4 s of a 10,000-sensor plan). Found again by the values' identities; the cache holds the
    values themselves, so no identity is reused while its entry stands (nothing changes them)."""
    key = (name, id(current), id(wanted))
    known = _DIFFED.get(key)
    if known is not None and known[0] is current and known[1] is wanted:
        return list(known[2])
    changes = _deep_diffed(name, current, wanted)
    if len(_DIFFED) >= _DIFFED_MAX:
        _DIFFED.clear()
    _DIFFED[key] = (current, wanted, tuple(changes))
    return changes


_DIFFED: dict[tuple[str, int, int], tuple[Any, Any, tuple[FieldChange, ...]]] = {}
_DIFFED_MAX = 10_000


def _deep_diffed(name: str, current: Any, wanted: Any) -> list[FieldChange]:
    from deepdiff import DeepDiff  # loaded only when a location or metric list differs

    report = DeepDiff({name: current}, {name: wanted}, verbose_level=2, view="tree")
    changes = []
    for kind in _REPORTS:
        for level in report.get(kind, []):
            path = _readable(level.path())
            before = None if kind.endswith("added") else level.t1
            after = None if kind.endswith("removed") else level.t2
            changes.append(FieldChange(path, before, after))
    return sorted(changes, key=lambda change: change.path)


def _readable(deepdiff_path: str) -> str:
    """`root['location']['lat']` → `location.lat`; `root['metrics'][1]` → `metrics[1]`."""
    text = ""
    for key, index in _PATH_PART.findall(deepdiff_path):
        text += f"[{index}]" if index else (f".{key}" if text else key)
    return text
