"""Where the manifest writes what a plan-time refusal has the user edit: the `moved` entry or the
field of its entity the refusal says (`Refusal.edits_moved_entry`, `edits_field`), else its entity,
told as `validate` tells a problem's place (`site.yaml:12:7`; a template's line and the sites
rendered there; the line of an alias repeating it there). Looked up once a plan is refused, never
before: a load keeps no positions, so the manifest is read again for them, which a plan refusing
nothing never pays."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from iotplan.commands.inputs import inputs_read_once
from iotplan.manifest.loader import Declaration, Written, locate_declared
from iotplan.plan.desired import DesiredState
from iotplan.plan.model import Declared, Refusal


def declared_where(desired: DesiredState, refusals: Sequence[Refusal]) -> tuple[Refusal, ...]:
    """`refusals`, each with where the manifest writes what it is about, where it can be told:
    not of a live entity the manifest does not declare, nor of a manifest (or its --vars or
    --sites) read from stdin or a pipe, nor of one changed since it was planned."""
    source = desired.source
    wanted = [_written(refusal) for refusal in refusals]
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


def _written(refusal: Refusal) -> list[Declaration]:
    """What to look up, the first found told: the `moved` entry, or its entity's field, it has the
    user edit; else the entity its text names first (a sensor on a channel taken, where the refusal
    is the logger's), so that the place agrees with the address after it; else its entity."""
    if refusal.edits_moved_entry is not None:
        return [("", ("moved", refusal.edits_moved_entry))]
    if refusal.edits_field is not None and refusal.address is not None:
        return [(str(refusal.address), (refusal.edits_field,))]  # unwritten: its entity's mapping
    named = refusal.text.partition(": ")[0]
    addresses = [] if refusal.address is None else [str(refusal.address)]
    return [(address, ()) for address in dict.fromkeys([named, *addresses]) if address and " " not in address]


def _at(refusal: Refusal, found: Written | None) -> Refusal:
    if found is None:
        return refusal
    place = found.place
    # A template's: the sites rendered at that line, as validate appends them, ` (site dam-a)`.
    site = place.message.strip().removeprefix("(").removesuffix(")") or None
    declared = Declared(place.file, place.line, place.column, site, found.via_alias_line)
    return dataclasses.replace(refusal, declared=declared)
