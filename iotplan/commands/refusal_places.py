"""Where the manifest writes what a plan-time refusal is about: the `moved` entry it names, else its
entity, told as `validate` tells a problem's place (`site.yaml:12:7`; a template's line and the
sites rendered there). Looked up once a plan is refused, never before: a load keeps no positions, so
the manifest is read again for them, which a plan refusing nothing never pays."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from iotplan.commands.inputs import inputs_read_once
from iotplan.errors import Problem
from iotplan.manifest.loader import Declaration, locate_declared
from iotplan.manifest.moves import entry_named
from iotplan.plan.desired import DesiredState
from iotplan.plan.model import Declared, Refusal


def declared_where(desired: DesiredState, refusals: Sequence[Refusal]) -> tuple[Refusal, ...]:
    """`refusals`, each with where the manifest writes what it is about, where it can be told:
    not of a live entity the manifest does not declare, nor of a manifest (or its --vars or
    --sites) read from stdin or a pipe, nor of one changed since it was planned."""
    source = desired.source
    wanted = [_written(refusal, desired.moved) for refusal in refusals]
    asked = [each for candidates in wanted for each in candidates]
    if not asked or inputs_read_once(source):  # stdin, a pipe: read again, they would be found empty
        return tuple(refusals)
    found = locate_declared(
        source.path, source.digest, asked, source.vars_file, source.sites_file, source.variables
    )
    if found is None:
        return tuple(refusals)
    places = iter(found)
    each_found = [[next(places) for _ in candidates] for candidates in wanted]  # `asked`, per refusal
    return tuple(
        _at(refusal, next(filter(None, its), None)) for refusal, its in zip(refusals, each_found, strict=True)
    )


def _written(refusal: Refusal, moved: Sequence[tuple[str, str]]) -> list[Declaration]:
    """What to look up, the first found told: the `moved` entry the refusal names (the line to
    edit); else the entity its text names first (a sensor on a channel taken, where the refusal is
    the logger's), so that the place agrees with the address after it; else its entity."""
    index = entry_named(refusal.text, moved)
    if index is not None:
        return [("", ("moved", index))]
    named = refusal.text.partition(": ")[0]
    addresses = [] if refusal.address is None else [str(refusal.address)]
    return [(address, ()) for address in dict.fromkeys([named, *addresses]) if address and " " not in address]


def _at(refusal: Refusal, found: Problem | None) -> Refusal:
    if found is None:
        return refusal
    # A template's: the sites rendered at that line, as validate appends them, ` (site dam-a)`.
    site = found.message.strip().removeprefix("(").removesuffix(")") or None
    return dataclasses.replace(refusal, declared=Declared(found.file, found.line, found.column, site))
