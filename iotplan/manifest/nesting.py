"""How deep a YAML text nests and how far its aliases expand, told without recursion.

A manifest nests eleven levels at most (projects → nodes → devices → sensors → metrics); deeper
data is a mistake or an attack on the parsers' recursion (PyYAML's composer recurses, libyaml
refuses 1,000 levels), refused before it gets there. Aliases that repeat an anchor ten times
ten times over (a "billion laughs") are refused before anything is built from them.
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


def alias_problem(root: yaml.Node, limit: int) -> tuple[yaml.Node, str] | None:
    """How many values aliases expand to, counted once per node: None when at most `limit`.

    Otherwise where and what: too many, or an alias inside a node referring back to it. Walking
    an alias bomb until a counter runs out took seconds; counting the expanded size of each node
    once (a node's size is the sum of its children's) takes a pass over the text's own nodes.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and not children_done:
            continue
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            if sizes[id(node)] > limit + len(sizes):
                return node, f"invalid YAML: aliases expand to more than {limit:,} values"
            continue
        sizes.setdefault(id(node), -1)  # being counted: met again below it, it refers to itself
        stack.append((node, True))
        for child in children:
            if sizes.get(id(child)) == -1:
                return child, "invalid YAML: an alias refers to the node that holds it"
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []
