"""How deep a YAML text nests, told without recursion.

A manifest nests eleven levels at most (projects → nodes → devices → sensors → metrics); deeper
data is a mistake or an attack on the parsers' recursion (PyYAML's composer recurses, libyaml
refuses 1,000 levels), refused before it gets there.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 32
TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels: no manifest field nests this deep"


def deepest(text: str, fast_loader: Any) -> tuple[int, int]:
    """Where the text first nests deeper than MAX_DEPTH, read as events (no recursion).

    libyaml reads up to 1,000 open brackets ahead before its first event, and refuses more; the
    pure-Python parser has no such limit but reads every bracket ahead too, so it reads a prefix
    first: the 33rd level is rarely far from the start of a nest.
    """
    attempts = [(fast_loader, text), *((yaml.SafeLoader, text[:size]) for size in (1 << 16, 1 << 20))]
    for loader, prefix in [*attempts, (yaml.SafeLoader, text)]:
        found = _first_too_deep(loader, prefix)
        if found:
            return found
    return 1, 1


def _first_too_deep(loader: Any, text: str) -> tuple[int, int] | None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None
