"""Connections whose names or locations trade places: refused, as iotplan cannot tell which site is which.

Two rows of a --sites file with their `site` keys swapped (site-01 ↔ site-02) render each site's name
(and location, and devices) under the other's key; three rotated, each under the next one's. Planned
as it reads, each connection is updated in place to another's name: each site's history then reads
as another's, and nothing says so. The names traded in the platform's web app, the manifest right,
read the same. Which it is no rule guesses, so the plan stops, naming every connection of the trade
and what each holds. A connection takes another's name where its new name is that one's live name
as a person reads them (case folded, blanks collapsed: a CSV cell's trailing space or another case
is the same site's name), and takes its location where its new lat/lon lies within SAME_PLACE_KM of
that one's live one (heights left out: an elevation re-stated or dropped, a lat a metre off, is that
place), more than APART_KM from its own (in a closed cycle, more than TRADE_LEG_KM, or landing within
TAKEN_EXACTLY_KM of another's live point, farther from its own: each new place another's live one, a
leg of 849 m, or of 38 m onto the point, is keys swapped all the same), and the names do not tell the two
apart (two sites named alike, keys swapped, or one stem apart, `Gowan dam 1` and `Gowan dam 2`, moved more
than APART_KM: `_kin_takings`; one named otherwise is that site, moved);
a trade is a closed cycle of such takings (A takes B's, B takes A's; or A B's, B C's, C A's). A
chain that ends in a name or place no connection holds (the two-step way the refusal gives: one
renamed to a spare name first) is no trade, nor a shift ending in a location taken from a
connection that keeps its own key and place (a site relocated beside a namesake, which keeps its
history where it is), unless copied onto it (`_copied_onto`: a row copied down over it). Nor is a
connection pinned by `id:` (a THREAD's too) part of any: found by its id, the id says which site it
is, and the names are the user's to trade. A chain of three or more, each taking the next one's name and
location (its name alone where no location is declared), ending at a removal or a brand-new site, or of two
ending at a removal or a brand-new site's name and place, or whose last is renamed where it stands (its
first taking its name and place), is keys filled down over a deleted row
(`_filled_down`), under --shard through the other shards' connections too (the shard of its removal alone
refusing it too); there a location is taken by a move beyond SAME_PLACE_KM (`_off_own_place`), and, sites
under it apart each at the other's place, by the next one's very name taken as it leaves it
(`_named_exactly_beside`); its last renamed where it stands beside the row before it moves nowhere, no
trade's second step (`_moves_to`). One renamed as it moves, any length, to the name of a namesake that keeps
its key and name (punctuation aside, `_alike`: a full stop typed after pasting), nothing created, is a row
copied over another, or deleted and the next copied over it (`_copied_over`): wherever the copy lands (the
namesake's live point, the one it is re-surveyed to, or off).
One renamed as it moves onto a point (within KEPT_POINT_KM, nearer it than its own) that another keeps
under that name as declared, punctuation aside (live, new, or re-surveyed less far), is one too
(`_copied_onto_kept_points`: the copied row renamed in the same edit, appended too, or a full stop added),
under --shard by the shard of the one moved where the point is another shard's (`_points_kept_elsewhere`).
One connection renamed, moved off its place or not, while a new one takes its
name and place (its name alone where no location is declared) is keys shifted too (`_renamed_away`: a row
inserted before the last one, which a rename in place with a new site under the old name cannot be told from).
One moved more than APART_KM onto a point within FILLED_ONTO_KM of one another holds after the apply (its live
point it stays at, the one it is re-surveyed to, the one it is moved to from less far, or a new one's), the
names alike but for their numbers, punctuation and `Copy` (`_stem`), is a row filled or copied over another
(`_filled_far_onto_kept_points`: Excel's fill handle), under --shard by the shard of the one moved too.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import groupby, pairwise
from typing import Generic, NamedTuple, TypeVar

from iotplan.live.model import LiveEntity, LiveProject
from iotplan.manifest.checks import spare_key_steps
from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity, OtherNode
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, Refusal, refused_addresses
from iotplan.plan.ownership import Ownership
from iotplan.plan.props import location_from_geojson, shown_live
from iotplan.plan.renamed_stack import APART_KM, km_between
from iotplan.wording import first, observations

# Nearer than this, a connection's new place is another's live one: a place
# re-typed or rounded, or re-stated with another height, lies metres off, while two sites named alike
# mostly stand farther apart (a fleet's closest seen: 38 m; nearer ones are told by TAKEN_EXACTLY_KM).
# Far below APART_KM, so a site moved to a fresh place beside a namesake (a kilometre or more away from
# its own) is never read as taking it unless it keeps the namesake's very point.
SAME_PLACE_KM = 0.1
# Farther than this, each leg of a closed cycle of location takings among sites named alike is a
# trade, however short of APART_KM: each new place is another's live one, so the
# keys were swapped or rotated. Twice SAME_PLACE_KM, so a re-survey of namesakes metres apart (each new
# place still within SAME_PLACE_KM of the other's) or a namesake moved 80 m is no leg. A lone move, or
# a chain ending in a new connection, still needs APART_KM.
TRADE_LEG_KM = 2 * SAME_PLACE_KM
# Within this, a new lat/lon is another's very point, copied: a point rounded to
# 5 decimals moves 1.4 m at most, a handheld re-survey lands 3-5 m off, and the fleet's closest
# namesakes stand 38 m apart. A move landing so on a namesake's live point, farther from its own, is
# a leg of a trade however short of TRADE_LEG_KM, and takes the place of one that keeps its key and
# place all the same where a new connection stands within TAKEN_NEARLY_KM of the mover's old point (a
# row copied down over it: the mover's history would read at its place).
TAKEN_EXACTLY_KM = 0.002
# Within this of a namesake that keeps its key and place, a move takes its place too where the new
# connection stands within TAKEN_EXACTLY_KM of the mover's old point (a row copied down, its
# coordinates nudged, the displaced row added as new). A site relocated beside a namesake lies
# farther, or its old place is re-surveyed for the new one (70 m beside, the new one 39 m off); one
# relocated onto its very point has the new one added farther than this from its old place (two
# loggers at one borehole, the new one 60 m off).
# 20 m, and the 1.4 m a 5-decimal rounding moves a point (0.00018° of latitude reads 20.015 m).
TAKEN_NEARLY_KM = 0.02 + 0.0014
# Within this of a point another connection keeps under a name alike (live, or re-surveyed to in the same
# edit), a connection renamed as it moves there from farther is a row copied over another, its coordinates
# edited (`_kept_point_taken`): a digit of the fourth decimal of latitude mistyped lands 111 m off, the
# namesake re-surveyed 150 m as the row is copied leaves the copy that far from it. TRADE_LEG_KM: sites
# named alike 200 m apart are swapped by name alone all the same.
KEPT_POINT_KM = TRADE_LEG_KM
# Within this of a point another connection holds after the apply (live, re-surveyed to, moved to from less
# far, or new), a connection moved there from farther than APART_KM, the two named one stem apart (`_stem`:
# Excel's fill handle counts a row's number on as it copies its lat/lon), is a row filled or copied over
# another: two loggers mostly stand metres apart, not on one point, however far one came (a relocation is
# declared at the point surveyed; loggers sharing a hut take the refusal's temporary name). One unit of the
# fourth decimal of latitude, 11.1 m: a sheet rounding either row to 4 decimals moves it at most half a unit
# each way (7.9 m), a copy's last digit re-typed one unit off lands 11.1 m off, while a second logger at one
# dam is surveyed where it stands (the fleet's closest: 30 m).
FILLED_ONTO_KM = 0.0111
# Namesakes (`_alike`) alone need a move farther than this onto one another's point: the namesake refusals'
# own way forward moves one off its namesake's point in one apply and onto it in the next (2.0 km), and a
# logger relocated onto its namesake's borehole as a new one is added nearby moves 1.7 km; half again the
# farther of the two leaves both planned, while sites of one name filled over each other 20 or 50 km apart
# (`Borehole`, `Gowan dam`: a fleet's own names) are refused.
NAMESAKE_FAR_KM = 3.0
# The plan format from which a saved plan lists the connections pinned by `id:` it updates, which
# trade nothing (`pinned_connections`).
PINNED_CONNECTIONS_SINCE = "1.16"
_HOW_MANY = {2: "two", 3: "three", 4: "four"}
_Value = TypeVar("_Value")
# Said of a rename (or a move) only another shard plans: never shown, read by this rule alone.
_RENAMED_ELSEWHERE = "renamed by another shard"
# Likewise of another shard's listed connection it keeps the name of, of one it creates, and of the
# stack's connection no shard declares, which the shard of its key removes.
_HELD_ELSEWHERE = "held by another shard"
_CREATED_ELSEWHERE = "created by another shard"
_REMOVED_ELSEWHERE = "removed by another shard"
_ELSEWHERE = (_RENAMED_ELSEWHERE, _HELD_ELSEWHERE, _CREATED_ELSEWHERE, _REMOVED_ELSEWHERE)


@dataclass(frozen=True)
class _Connection:
    """A connection with its live name and location, and the new ones where its update renames it or
    moves it (`_moved`; `_legs`, for a closed cycle, and `_far`, for a chain, keep the moves each
    counts) (a new one None where it keeps its own; a location None where unknown): one updated so may
    take another's, one holding its own may have its taken. `keeps_place`: one holding its own that
    stays declared where it is listed (within SAME_PLACE_KM), whose location taken relabels nothing;
    `declared_location`: where one holding its own is declared (a re-survey of its row, metres off),
    which a row copied down over it carries (`_copied_onto`). `unlocated`: one updated whose manifest
    declares no location (its live one left as it is): its name alone then tells the site."""

    change: Change
    live_name: str
    new_name: str | None
    live_location: Mapping[str, object] | None = None
    new_location: Mapping[str, object] | None = None
    keeps_place: bool = False
    declared_location: Mapping[str, object] | None = None
    unlocated: bool = False

    def declared_place(self) -> Mapping[str, object] | None:
        """Where it is declared, whether or not its move counts (`_moves_counted` drops the nearer ones):
        its new point, else its `after`'s location (another shard's change has none); None for none."""
        return self.new_location or _location(self.change.after or {})

    def takes_name_of(self, other: _Connection) -> bool:
        return self.new_name is not None and _folded_name(self.new_name) == _folded_name(other.live_name)

    def takes_location_of(self, other: _Connection) -> bool:
        """Its new lat/lon is `other`'s live place (within SAME_PLACE_KM, heights left out), and the
        names do not tell them apart (one stem apart, moved from more than APART_KM: `_kin_takings`)."""
        return (
            self.new_location is not None
            and other.live_location is not None
            and _same_place(self.new_location, other.live_location)
            and (
                _folded_name(self.name_after) == _folded_name(other.live_name)
                or (_stem(self.name_after) == _stem(other.live_name) and _apart_by(self, APART_KM))
            )
        )

    @property
    def name_after(self) -> str:
        return self.live_name if self.new_name is None else self.new_name


def _same_place(one: Mapping[str, object], other: Mapping[str, object]) -> bool:
    """Whether two locations are one site's place: lat/lon within SAME_PLACE_KM, heights left out
    (an elevation re-stated or dropped, a lat a metre off, is the same place), as APART_KM reads
    them. A connection takes another's location only where the names do not tell the two apart
    too (sites named alike); one named otherwise moved onto the same place (a logger moved to
    another dam, sites sharing a dam's coordinates) is that site, moved."""
    return _km(one, other) <= SAME_PLACE_KM


# Places are filed by name and band of latitude, a band wider than any distance they are looked up within
# (SAME_PLACE_KM, KEPT_POINT_KM; 0.01° is 1.1 km): a place within it of another lies in the other's band
# or the next, whatever the longitude.
_BAND_DEGREES = 0.01


class _Places(Generic[_Value]):
    """Values each at a place under a name, found by a place within a distance and a name alike,
    in the order added (a shard reads 100,000 connections: each looked at among its band's alone)."""

    def __init__(self) -> None:
        self._by_band: dict[tuple[str, int], list[tuple[int, Mapping[str, object], _Value]]] = {}
        self._added = 0

    def add(self, location: Mapping[str, object], name: str, value: _Value) -> None:
        self._by_band.setdefault((_folded_name(name), _band(location)), []).append(
            (self._added, location, value)
        )
        self._added += 1

    def at(self, location: Mapping[str, object], name: str, within: float = SAME_PLACE_KM) -> list[_Value]:
        """Those under `name` within `within` km (less than a band) of `location`."""
        folded, band = _folded_name(name), _band(location)
        found = [
            (order, value)
            for near in (band - 1, band, band + 1)
            for order, place, value in self._by_band.get((folded, near), [])
            if _km(place, location) <= within
        ]
        return [value for _, value in sorted(found, key=lambda each: each[0])]


def _band(location: Mapping[str, object]) -> int:
    return math.floor(location["lat"] / _BAND_DEGREES)  # type: ignore[operator]  # numbers: _location


def _folded_name(name: str) -> str:
    """A name as a person reads it: case folded, runs of blanks one space, none at either end (a
    CSV cell's trailing space or another case is the same site's name)."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class OtherShards:
    """Under --shard, what a shard reads of the others' connections: their declared ones in brief, the
    connection list every shard reads whole (`LiveProject.named_elsewhere`, `held_elsewhere`), and the
    stack whose keys say which shard removes one no shard declares."""

    others: Sequence[OtherNode]
    projects: Mapping[str, LiveProject]
    own: Ownership

    def renamed(self) -> list[_Connection]:
        return _off_own_place(list(_renamed_elsewhere(self.others, self.projects)))

    def held(self, theirs: list[_Connection]) -> list[_Connection]:
        """The other shards' live connections, `theirs` (renamed) as they are, and those they remove."""
        return [
            *_held_elsewhere(theirs, self.others, self.projects),
            *self.removed(),
        ]

    def removed(self) -> list[_Connection]:
        """The stack's live connections other shards remove, or leave listed beside a `moved` `to` key."""
        return [
            *_removed_elsewhere(self.projects, self.own),
            *_left_by_moves_elsewhere(self.others, self.projects, self.own),
        ]


def traded_names(
    changes: Sequence[Change],
    declared: Sequence[DesiredEntity] = (),
    pinned: Iterable[Address] = (),
    elsewhere: OtherShards | None = None,
) -> list[Refusal]:
    """One refusal per closed cycle of connections trading names or locations, at its first in the
    plan's order; `declared`'s connections pinned by `id:`, and those `pinned` names (a saved plan's
    `pinned_connections`, merged), take no part. It is about the others and every write beneath any
    too: a --target or --exclude writing one side alone would relabel one site's history all the same.
    `elsewhere`: under --shard, the other shards', through which keys filled down go on (`_filled_down`)."""
    pinned = _pinned(declared) | frozenset(pinned)
    updated = list(_renamed_connections(changes, pinned))
    renamed = _legs(updated)
    if not renamed and not (elsewhere and _removes_a_connection(changes)):  # nearly every plan
        return []
    traded = _refused(renamed, changes, len(renamed)) if len(renamed) > 1 else []
    in_trades = set(refused_addresses(traded))
    shifted = _shifted(
        _far([each for each in renamed if each.change.address not in in_trades]), changes, pinned
    )
    refused = in_trades | set(refused_addresses(shifted))
    rest = _off_own_place([each for each in updated if each.change.address not in in_trades])
    points_kept = cache(partial(_points_kept, changes))
    # A namesake's name retyped (a full stop added) landing near its point: said as the point it lands by,
    # before the name-taken rule (`_copied_over`), which reads such a name anywhere, says it more loosely.
    retyped = _copied_onto_kept_points(updated, points_kept, changes, refused, retyped_only=True)
    refused |= set(refused_addresses(retyped))
    if elsewhere is not None:  # under --shard, a point another shard keeps is read so too
        kept_elsewhere = partial(_points_kept_elsewhere, elsewhere.others, elsewhere.projects)
        retyped += _copied_onto_kept_points(updated, kept_elsewhere, changes, refused, retyped_only=True)
        refused |= set(refused_addresses(retyped))
    filled = _filled_down(rest, changes, pinned, refused, elsewhere)
    refused |= set(refused_addresses(filled))
    copied = _copied_onto_kept_points(updated, points_kept, changes, refused)
    refused |= set(refused_addresses(copied))
    filled_far = _filled_far_onto_kept_points(updated, partial(_points_held, changes), changes, refused)
    refused |= set(refused_addresses(filled_far))
    points_shifted = _kin_points_shifted_in(updated, changes, refused, elsewhere)
    return [*traded, *shifted, *retyped, *filled, *copied, *filled_far, *points_shifted]


def _kin_points_shifted_in(
    updated: list[_Connection],
    changes: Sequence[Change],
    refused: set[Address],
    elsewhere: OtherShards | None,
) -> list[Refusal]:
    """The shifted kin chains of one run's plan; under --shard, read whole through the other shards'
    rows: a chain leaving this shard and coming back, read by this shard's part alone, broke into two
    takings here, each told as a refusal of its own (`traded_across_shards` then finds it told)."""
    if elsewhere is None:
        return _kin_points_shifted(updated, changes, refused)
    theirs = list(_renamed_elsewhere(elsewhere.others, elsewhere.projects))
    return _kin_points_shifted_across_shards(updated, theirs, changes, elsewhere, refused)


def traded_across_shards(
    changes: Sequence[Change],
    declared: Sequence[DesiredEntity],
    others: Sequence[OtherNode],
    projects: Mapping[str, LiveProject],
    own: Ownership,
    refused: Iterable[Address] = (),
) -> list[Refusal]:
    """Under --shard, the trades of names or locations through this shard's connections and other
    shards' (`traded_names` refuses those within it), from what every shard has at no request more: the
    other shards' declared names and locations (`OtherNode`) and their connections' live ones (the
    connection list every shard reads whole: `LiveProject.named_elsewhere`), at the first of this
    shard's. Each shard of the trade refuses it, each holding a side of keys shifted onto a new one
    (`_shifted_across_shards`), and each holding a row of kin rows' lat/lon shifted a row
    (`_kin_points_shifted_across_shards`); the shard holding a connection renamed as it moves onto a
    point another shard's keeps under that name (`_copied_onto_kept_points`). The list carries no
    count: the other shards' hold an unknown number. `refused`: what this shard's plan refuses already."""
    pinned = _pinned(declared)
    moved_here = list(_renamed_connections(changes, pinned))
    moved_there = list(_renamed_elsewhere(others, projects))
    both = [*moved_here, *moved_there]
    mine, theirs = _legs(moved_here, both), _legs(moved_there, both)
    if not mine and not theirs:  # nearly every shard
        return []
    traded = _refused([*mine, *theirs], changes, len(mine)) if mine and theirs else []
    shifted = _shifted_across_shards(_far(mine), _far(theirs), changes, pinned, others, projects, own)
    told = {*refused, *refused_addresses([*traded, *shifted])}
    kept_elsewhere = partial(_points_kept_elsewhere, others, projects)
    copied = _copied_onto_kept_points(moved_here, kept_elsewhere, changes, told)
    told |= set(refused_addresses(copied))
    live_elsewhere = partial(_points_held_elsewhere, others, projects)
    filled_far = _filled_far_onto_kept_points(moved_here, live_elsewhere, changes, told)
    told |= set(refused_addresses(filled_far))
    elsewhere = OtherShards(others, projects, own)
    points_shifted = _kin_points_shifted_across_shards(moved_here, moved_there, changes, elsewhere, told)
    return [*traded, *shifted, *copied, *filled_far, *points_shifted]


def _legs(renamed: list[_Connection], among: list[_Connection] | None = None) -> list[_Connection]:
    """`renamed` as a closed cycle reads them: a move is a leg beyond TRADE_LEG_KM, or landing on the
    live point of another of `among` named alike (within TAKEN_EXACTLY_KM, farther from its own:
    namesakes 38 m apart swapped row for row; a re-survey never lands on a namesake's point), a
    connection moved less and not renamed left out."""
    points: _Places[_Connection] = _Places()
    for each in renamed if among is None else among:
        if each.live_location is not None:
            points.add(each.live_location, each.live_name, each)
    return _moves_counted(
        renamed, lambda each: _apart_by(each, TRADE_LEG_KM) or _lands_on_another(each, points)
    )


def _lands_on_another(one: _Connection, points: _Places[_Connection]) -> bool:
    """Whether `one`'s new lat/lon is another's live point, named alike, nearer it than its own."""
    if one.new_location is None or one.live_location is None:
        return False
    new, own = one.new_location, _km(one.new_location, one.live_location)
    offs = (
        _km(new, other.live_location or {}) for other in points.at(new, one.name_after) if other is not one
    )
    return any(off <= TAKEN_EXACTLY_KM and off < own for off in offs)


def _km(one: Mapping[str, object], other: Mapping[str, object]) -> float:
    return km_between(one, other)  # type: ignore[arg-type]  # numbers: _location


def _far(renamed: list[_Connection]) -> list[_Connection]:
    """`renamed` as a chain reads them, which no cycle closes: a move counts beyond APART_KM alone (a
    site moved 800 m to a fresh place, a new one added at the old: no shift), a connection moved less and
    not renamed left out."""
    return _moves_counted(renamed, lambda each: _apart_by(each, APART_KM))


def _off_own_place(renamed: list[_Connection]) -> list[_Connection]:
    """`renamed` as keys filled down read them: a move counts beyond SAME_PLACE_KM, its new point no
    longer its own place (a re-survey lands metres off), while a taking needs the new name another's
    too (`_identity_takings`): sites 500 m apart filled down are refused as those 50 km apart. Sites
    nearer than that stand each at the other's place too, which the location cannot tell from a
    re-survey: their names alone do not link a chain (namesakes re-cased and re-surveyed would)."""
    return _moves_counted(renamed, lambda each: _apart_by(each, SAME_PLACE_KM))


def _moves_counted(renamed: list[_Connection], counts: Callable[[_Connection], bool]) -> list[_Connection]:
    """`renamed` with each move `counts` refuses dropped, and each connection then neither renamed nor
    moved left out."""
    kept = (
        each if each.new_location is None or counts(each) else replace(each, new_location=None)
        for each in renamed
    )
    return [each for each in kept if each.new_name is not None or each.new_location is not None]


def _apart_by(one: _Connection, km: float) -> bool:
    """Whether `one`'s new location lies more than `km` from its live one."""
    return _apart(one.live_location or {}, one.new_location or {}, km)


def _refused(renamed: list[_Connection], changes: Sequence[Change], mine: int) -> list[Refusal]:
    """One refusal per closed cycle through one of the first `mine` of `renamed`, and, where there
    are more (another shard's), through one of those too."""
    takes = _takings(renamed)
    refusals = []
    for component in _closed_cycles(takes):
        if component[0] >= mine or (mine < len(renamed) and component[-1] < mine):
            continue  # another shard's alone, or this shard's alone, which its plan refuses
        trade = _in_turn(component, takes)
        joined = [renamed[index] for index in component if index not in trade]
        refusals.append(_refusal([renamed[index] for index in trade], joined, changes))
    return refusals


def _takings(renamed: list[_Connection]) -> list[list[int]]:
    """For each of `renamed`, by index, the others whose live name or location it takes, the location of
    one named a stem apart too (`_kin_takings`)."""
    by_live = _ByLive((each, index) for index, each in enumerate(renamed))
    by_kin = _kin_takings(renamed)
    return [sorted({*by_live.taken_by(each), *by_kin(each)} - {index}) for index, each in enumerate(renamed)]


def _kin_takings(renamed: list[_Connection]) -> Callable[[_Connection], list[int]]:
    """Those, by index, named one stem apart from a connection's new name (`_stem`: `Gowan dam 1`, `Gowan
    dam 2`) whose live place (within SAME_PLACE_KM) it is moved to from more than APART_KM: kin rows whose
    lat/lon columns were sorted or shifted apart from their names trade locations as namesakes do."""
    by_stem: _Places[int] = _Places()
    for index, each in enumerate(renamed):
        if each.live_location is not None:
            by_stem.add(each.live_location, _stem(each.live_name), index)

    def taken_by(one: _Connection) -> list[int]:
        if one.new_location is None or not _apart_by(one, APART_KM):
            return []
        return by_stem.at(one.new_location, _stem(one.name_after))

    return taken_by


def _renamed_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> Iterator[_Connection]:
    """The other shards' API connections whose declared name is not their listed one, or whose declared
    location is not their listed one (`_moved`), as `_renamed_connections` reads this shard's."""
    for other, (node_id, live_name, coordinates) in _listed_elsewhere(others, projects):
        live_location, new_location = _locations_unless_in_place(other, coordinates)
        moved = _moved(live_location, new_location)
        if live_name != other.name or moved:
            new_name = other.name if live_name != other.name else None
            # Renamed in place, its listed place still tells the site, as one run reads it: a new one
            # far from it is no key shift, one taking it is keys filled down (`_renamed_away`, `_fills_down`).
            live_location = live_location or _listed_location(coordinates)
            change = _renamed_by_another_shard(other, node_id, live_name, new_name)
            new_at = new_location if moved else None
            yield _Connection(
                change, live_name, new_name, live_location, new_at, unlocated=other.location is None
            )


def _locations_unless_in_place(
    other: OtherNode, coordinates: tuple[object, ...] | None
) -> tuple[Mapping[str, object] | None, Mapping[str, object] | None]:
    """Another shard's connection's listed and declared locations; neither where it is listed where it
    is declared, as nearly every one is (told without making either: a shard reads 100,000 of them)."""
    if other.location is None or coordinates is None:
        return None, None
    lat, lon, _ = other.location
    if coordinates[:2] == (lon, lat):
        return None, None
    return _listed_location(coordinates), _declared_location(other)


def _listed_location(coordinates: tuple[object, ...] | None) -> Mapping[str, object] | None:
    """A listed connection's location as the plan reads it, from its coordinates (`_geojson_location`)."""
    return None if coordinates is None else _geojson_location({"coordinates": list(coordinates)})


def _geojson_location(listed: object) -> Mapping[str, object] | None:
    """A listed LOCATION as the plan reads it (`{lat, lon, elevation}`); None where it has none or its
    coordinates are no numbers."""
    read = location_from_geojson(listed)
    return read if isinstance(read, dict) else None


def _declared_location(other: OtherNode) -> Mapping[str, object] | None:
    """Another shard's declared location as the plan reads its own (`{lat, lon, elevation}`)."""
    if other.location is None:
        return None
    lat, lon, elevation = other.location
    return {"lat": lat, "lon": lon, "elevation": elevation}


def _listed_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject], pinned_too: bool = False
) -> Iterator[tuple[OtherNode, tuple[str, str, tuple[object, ...] | None]]]:
    """The other shards' API connections that are listed, each with its listed id, name and
    location's coordinates; `pinned_too`: those pinned by `id:` too."""
    for other, project in _api_connections_elsewhere(others, projects, pinned_too):
        if not project.named_elsewhere:
            continue
        listed = next(
            (project.named_elsewhere[c] for c in other.claims if c in project.named_elsewhere), None
        )
        if listed is not None:
            yield other, listed


def _api_connections_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject], pinned_too: bool = False
) -> Iterator[tuple[OtherNode, LiveProject]]:
    """The other shards' API connections not pinned by `id:` (`pinned_too`: any), each with its project
    as read: a THREAD's, or any pinned, is found by its id, so takes part in no trade (yet keeps a point
    a row copied onto takes: `_points_kept_elsewhere`)."""
    for other in others:
        project = projects.get(other.project_id)
        if (pinned_too or not other.adopted) and other.name is not None and project is not None:
            yield other, project


def _created_elsewhere(others: Sequence[OtherNode], projects: Mapping[str, LiveProject]) -> Iterator[Change]:
    """The other shards' API connections none of whose claims is listed: each shard creates its own,
    with its declared name and location, as this shard's creation is read (one named alike may take
    the place a connection here leaves)."""
    for other, project in _api_connections_elsewhere(others, projects):
        if other.claims and project.unlisted_elsewhere.issuperset(other.claims):
            after: dict[str, object] = {"name": other.name}
            location = _declared_location(other)
            if location is not None:
                after["location"] = location
            yield _another_shards(other, Action.CREATE, _CREATED_ELSEWHERE, None, after=after)


def _renamed_by_another_shard(other: OtherNode, node_id: str, live_name: str, new_name: str | None) -> Change:
    """Its rename, or its move alone (`new_name` None): read by this rule from the `_Connection`."""
    renamed = (FieldChange("name", live_name, new_name),) if new_name is not None else ()
    return _another_shards(other, Action.UPDATE, _RENAMED_ELSEWHERE, node_id, fields=renamed)


def _another_shards(
    other: OtherNode,
    action: Action,
    reason: str,
    node_id: str | None,
    fields: tuple[FieldChange, ...] = (),
    after: dict[str, object] | None = None,
) -> Change:
    node = Address(other.key)
    cause = Cause.NOT_ON_PLATFORM if action is Action.CREATE else Cause.DIFFERS
    return Change(
        node,
        Kind.NODE,
        action,
        other.project_id,
        node,
        reason,
        cause,
        live_id=node_id,
        after=after,
        fields=fields,
        observations_unknown=True,
    )


def _pinned(declared: Sequence[DesiredEntity]) -> frozenset[Address]:
    return frozenset(node.address for node in declared if node.pinned_id)


def pinned_updates(changes: Sequence[Change], declared: Sequence[DesiredEntity]) -> tuple[Address, ...]:
    """The connections pinned by `id:` among those `changes` update, in their order: what a saved plan
    says (`Plan.pinned_connections`), so that a merge of shards' plans, which reads no manifest, leaves
    them out of the joined changes' trades as one run does."""
    pinned = _pinned(declared)
    if not pinned:  # nearly every manifest
        return ()
    return tuple(
        change.address
        for change in changes
        if change.kind is Kind.NODE and change.action is Action.UPDATE and change.address in pinned
    )


@dataclass(frozen=True)
class PinnedTrade:
    """A trade of names or locations `traded_names` finds with nothing pinned, which goes through a
    connection a saved plan lists pinned (`pinned`): left to apply as moves on that plan's word."""

    connections: tuple[Address, ...]  # in turn, each taking the next one's
    what: str  # `names`, `locations`, or `names and locations`
    pinned: tuple[Address, ...]


def trades_through_pinned(changes: Sequence[Change], pinned: Iterable[Address]) -> list[PinnedTrade]:
    """The closed cycles of `changes`' connections trading names or locations through one `pinned`
    names: each a trade `traded_names` leaves out as the plan says, which only the manifest can
    confirm (a merge reads none; a hand-edited plan may list any connection it updates)."""
    listed = frozenset(pinned)
    if not listed:  # nearly every plan
        return []
    renamed = _legs(list(_renamed_connections(changes, frozenset())))
    takes = _takings(renamed)
    found = []
    for component in _closed_cycles(takes):
        trade = [renamed[index] for index in _in_turn(component, takes)]
        addresses = tuple(each.change.address for each in trade)
        if listed.intersection(addresses):
            found.append(PinnedTrade(addresses, _traded(trade), tuple(a for a in addresses if a in listed)))
    return found


def _renamed_connections(changes: Sequence[Change], pinned: frozenset[Address]) -> Iterator[_Connection]:
    """The connections found by refId whose update renames them or moves them (`_moved`)."""
    for change in changes:
        if change.kind is not Kind.NODE or change.action is not Action.UPDATE or change.address in pinned:
            continue
        before, after = change.before or {}, change.after or {}
        live_name, live_location = before.get("name"), _location(before)
        renamed = any(field.path == "name" for field in change.fields) and isinstance(after.get("name"), str)
        new_location = _location(after)
        moved = _moved(live_location, new_location)
        if isinstance(live_name, str) and (renamed or moved):
            new_name = after["name"] if renamed else None
            new_at = new_location if moved else None
            yield _Connection(
                change, live_name, new_name, live_location, new_at, unlocated=new_location is None
            )


def _moved(live: Mapping[str, object] | None, new: Mapping[str, object] | None) -> bool:
    """Whether a connection is declared off its live point (beyond TAKEN_EXACTLY_KM): a move `_legs`
    and `_far` then weigh, each by its own distance."""
    return new is not None and live is not None and _apart(live, new, TAKEN_EXACTLY_KM)


def _location(fields: Mapping[str, object]) -> Mapping[str, object] | None:
    """A location with numbers for lat and lon; None for none, or one unreadable."""
    location = fields.get("location")
    if not isinstance(location, dict):
        return None
    numbers = all(isinstance(location.get(axis), int | float) for axis in ("lat", "lon"))
    return location if numbers else None


def _apart(one: Mapping[str, object], other: Mapping[str, object], km: float) -> bool:
    return _km(one, other) > km


def _closed_cycles(takes: list[list[int]]) -> list[list[int]]:
    """The strongly connected components of two or more (Tarjan's, without recursion: a chain of
    10,000 renames is no deeper a stack), each sorted, in the order of their first. Live names are
    nearly always unique, each connection then taking one other's at most, and a component is one
    cycle; two connections named alike may join two cycles in one, refused once."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    found: list[list[int]] = []
    for root in range(len(takes)):
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            if next_edge < len(takes[node]):
                work.append((node, next_edge + 1))
                taken = takes[node][next_edge]
                if taken not in order:
                    work.append((taken, 0))
                elif taken in on_stack:
                    low[node] = min(low[node], order[taken])
                continue
            if low[node] == order[node]:
                component = _popped_to(node, stack, on_stack)
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def _popped_to(node: int, stack: list[int], on_stack: set[int]) -> list[int]:
    component = []
    while True:
        each = stack.pop()
        on_stack.discard(each)
        component.append(each)
        if each == node:
            return component


def _in_turn(component: list[int], takes: list[list[int]]) -> list[int]:
    """The shortest cycle through the component's first, each followed by the one whose name it
    takes: the component itself, but where two connections named alike join two cycles in one."""
    start, members = component[0], set(component)
    reached_from: dict[int, int] = {}
    waiting = deque([start])
    while waiting:
        one = waiting.popleft()
        if start in takes[one]:
            break
        for taken in takes[one]:
            if taken in members and taken not in reached_from and taken != start:
                reached_from[taken] = one
                waiting.append(taken)
    turn = [one]
    while turn[-1] != start:
        turn.append(reached_from[turn[-1]])
    return turn[::-1]


def _refusal(trade: list[_Connection], joined: list[_Connection], changes: Sequence[Change]) -> Refusal:
    """At the trade's first; `joined`: the connections of another cycle through one of its names."""
    addresses = tuple(each.change.address for each in (*trade, *joined))
    return Refusal(
        addresses[0],
        _text(trade, changes),
        about_also=(*addresses[1:], *_beneath(addresses, changes)),
        weighs=_weighs([*trade, *joined]),
    )


def _beneath(addresses: tuple[Address, ...], changes: Sequence[Change]) -> tuple[Address, ...]:
    """The writes beneath the connections a refusal is about: refused with them, as a --target or
    --exclude writing one side alone would relabel one site's history all the same."""
    return tuple(
        change.address
        for change in changes
        if change.action.writes
        and change.address not in addresses
        and any(change.address.is_within(address) for address in addresses)
    )


def _weighs(connections: list[_Connection]) -> tuple[tuple[str, str], ...]:
    """The refusal's words rest on what each connection holds: REST's 0s are asked of JSON-RPC before
    it is told. Another shard's connection is weighed by its shard, which reads it."""
    return _weighs_changes(each.change for each in connections)


def _weighs_changes(changes: Iterable[Change]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (change.project_id, str(change.live_id))
        for change in changes
        if change.live_id and change.reason not in _ELSEWHERE
    )


def _text(trade: list[_Connection], changes: Sequence[Change]) -> str:
    first, *rest = trade
    kind, value = _taken(first, rest[0])
    others = ", and ".join(
        f"{one.change.address} takes {taken.change.address}'s{_said_after(kind, *_taken(one, taken))}"
        for one, taken in zip(rest, [*rest[1:], first], strict=True)
    )
    what = _traded(trade)
    other = "the other" if len(trade) == 2 else "another"
    return (
        f"{first.change.address}: would take {rest[0].change.address}'s {kind} {value} while {others}: the "
        f"{_how_many(trade)} connections trade {what}, so each one's history would read as {other}'s "
        f"({'; '.join(_holds(each.change, changes) for each in trade)}), and iotplan cannot tell which site "
        f"is which. {_ways_forward(trade, what)}"
    )


def _said_after(first_kind: str, kind: str, value: str) -> str:
    """`, 'Aoraki dam'` where it takes what the first takes; else ` location (-39.2, 170.0)`."""
    return f", {value}" if kind == first_kind else f" {kind} {value}"


def _taken(one: _Connection, taken: _Connection) -> tuple[str, str]:
    """What `one` takes of `taken`'s, and its live value as views show it (another writer's name may
    hold a credential): its name where it takes both."""
    if one.takes_name_of(taken):
        return "name", repr(shown_live(taken.live_name))
    return "location", _shown_location(taken)


def _traded(trade: list[_Connection]) -> str:
    """`names`, `locations`, or both, as the trade's takings are: keys swapped take both."""
    kinds = {
        kind
        for one, taken in zip(trade, [*trade[1:], trade[0]], strict=True)
        for kind in _kinds_taken(one, taken)
    }
    return _names_and_locations(kinds)


def _names_and_locations(kinds: set[str]) -> str:
    """`names`, `locations`, or `names and locations`, as `kinds` holds `name` and `location`."""
    return " and ".join(f"{kind}s" for kind in ("name", "location") if kind in kinds)


def _ways_forward(trade: list[_Connection], what: str) -> str:
    """The commonest first: the names traded in the web app overnight, the manifest right."""
    pair = len(trade) == 2
    keys = [str(each.change.address) for each in trade]
    moves = [keys[0], *reversed(keys[1:]), keys[0]]  # each key's site goes to the key taking its name
    mistaken = _keys_mistaken("were swapped", pair=True) if pair else _keys_mistaken("were rotated")
    first_step = _first_step(what)
    return (
        f"If the {what} were traded in the platform's web app, trade them back there (the manifest is then "
        f"in sync); if the {mistaken}; if the {_how_many(trade)} sites really trade {what} (or coordinates "
        f"recorded against each other's site, now corrected), do it in two "
        f"steps: {first_step} first, apply, then {_the_rest(trade, what)}; if the "
        f"keys were meant to follow the sites, each keeping its history, {'swap' if pair else 'rotate'} them "
        "with `moved` through a spare key, one entry per apply, deleting each once applied (with a --sites "
        "file, each step's file holds its entry's `to` key in place of its `from`, starting from the file as "
        f"applied before the {'swap' if pair else 'rotation'}, the spare key in the row of the site the "
        "entry moves): "
        f"{spare_key_steps(moves)}"
    )


def _keys_mistaken(done: str, pair: bool = False) -> str:
    """The keys put back where they were `done` (swapped, rotated, shifted) by mistake, a `pair` swapped."""
    keys, undo = ("two keys (two rows", "swap the keys back") if pair else ("keys (rows", "put them back")
    return f"{keys} of a --sites file) {done} by mistake, {undo}"


def _the_rest(trade: list[_Connection], what: str) -> str:
    """After the spare name, the rest in one apply: a chain ending in a name none holds then, no trade.
    Where no location is declared, the names are all that tell the sites, and three or more each taking
    the next one's name in one apply read as keys filled down (`_filled_down`): one per apply then. So
    do three or more sites named alike each moved onto the point the next leaves (`_kin_points_shifted`:
    a lat/lon column shifted a row)."""
    if len(trade) == 2:
        return "the other"
    if all(each.unlocated for each in trade):
        return "the others one per apply, each then taking a name no connection holds"
    if what == "locations":
        return "the others one per apply, each then moving onto a point no connection holds"
    return "the others"


def _first_step(what: str) -> str:
    """A step after which no cycle closes. A spare name always does: a location is taken only where
    the names are alike. A spare location alone does only where the names do not trade too."""
    if what == "locations":
        return "give one a spare name or location"
    if what == "names":
        return "rename one to a spare name"
    return (
        "rename one to a spare name (that ends the locations' trade too: a location is taken only between "
        "sites named alike)"
    )


def _how_many(trade: list[_Connection]) -> str:
    return _HOW_MANY.get(len(trade), str(len(trade)))


def _holds(change: Change, changes: Sequence[Change]) -> str:
    held = _held(change, changes)
    if change.reason in _ELSEWHERE:
        whose = "another shard's, whose count the connection list omits"
        return f"{change.address} ({change.live_id}, {whose}) holds {held}"
    return f"{change.address} ({change.live_id}) holds {held}"


def _held(change: Change, changes: Sequence[Change]) -> str:
    """What a connection holds as `observations` words it. An in-sync connection is not counted
    (plan/compare.py), its sensors are: their sum, where the plan lists them; else said uncounted,
    never 0, which reads as no history."""
    if change.counted:
        return observations(change.observations, change.observations_unknown)
    sensors = [
        each
        for each in changes
        if each.kind is Kind.SENSOR
        and each.action is not Action.CREATE
        and each.address.is_within(change.address)
    ]
    if not sensors or not all(each.counted for each in sensors):
        return "an uncounted number of observations"
    known = sum(each.observations for each in sensors)
    return observations(known, any(each.observations_unknown for each in sensors))


# The connections whose live name (or location) another may take: the stack's, declared or removed.
_HOLDING = (Action.UPDATE, Action.REMOVE, Action.NOOP)


def _shifted(
    renamed: list[_Connection], changes: Sequence[Change], pinned: frozenset[Address]
) -> list[Refusal]:
    """One refusal per connection updated onto another's live name or location while a connection the
    plan creates takes the one it leaves: keys shifted onto a new one in a --sites file (site-02 →
    site-99, site-03 → site-02). No cycle closes, its head being new, yet the updated connection's
    history reads as the other's, and the new one starts empty as the site that holds it. A chain
    ending in a name or place no connection holds (one renamed to a spare name first) is no shift,
    nor a creation named as a removed connection none is updated onto (plan/renames.py hints that)."""
    created = _created(changes)
    if not created:  # nearly every plan that renames
        return []
    holders = _Holders(renamed, _held_here(renamed, changes, pinned))
    return [
        _shift_refusal(newcomer, chain, changes) for newcomer, chain in _shifts(renamed, created, holders)
    ]


def _shifted_across_shards(
    mine: list[_Connection],
    theirs: list[_Connection],
    changes: Sequence[Change],
    pinned: frozenset[Address],
    others: Sequence[OtherNode],
    projects: Mapping[str, LiveProject],
    own: Ownership,
) -> list[Refusal]:
    """Under --shard, the keys shifted through this shard's connections and other shards' (`_shifted`
    refuses those within it): a connection updated onto another's live name while a connection
    declared but not listed takes the one it leaves, one side here and one elsewhere (site-02 and
    site-03 updated here, site-04 created by another shard, or the reverse). Each shard holding a
    side refuses it, at the first of its own. The chain runs through a connection another shard removes
    too (`_removed_elsewhere`: site-02 renamed here to site-06's name as a third shard removes site-06),
    as it does through one this shard removes, and through one another shard's `moved` entry leaves
    listed beside its `to` key (`_left_by_moves_elsewhere`). Another shard's creation takes a name or
    location here (its `after` holds both, declared); a connection another shard removes holds its
    listed name and location (one here moved onto its place as another shard creates one where it stood)."""
    created = [*_created(changes), *_created_elsewhere(others, projects)]
    if not created or not (mine or theirs):
        return []
    held = [
        *_held_here(mine, changes, pinned),
        *_held_elsewhere(theirs, others, projects),
        *_removed_elsewhere(projects, own),
        *_left_by_moves_elsewhere(others, projects, own),
    ]
    holders = _Holders([*mine, *theirs], held)
    refusals = []
    for newcomer, chain in _shifts([*mine, *theirs], created, holders):
        sides = [newcomer, *(each.change for each in chain)]
        here = [change.address for change in sides if change.reason not in _ELSEWHERE]
        if here and len(here) < len(sides):  # else one shard's alone, which its plan refuses
            refusals.append(_at(here[0], _shift_refusal(newcomer, chain, changes)))
    return refusals


def _at(address: Address, refusal: Refusal) -> Refusal:
    """`refusal` at `address`, one of those it is about."""
    about_also = tuple(one for one in refusal.addresses() if one != address)
    return replace(refusal, address=address, about_also=about_also)


def _created(changes: Sequence[Change]) -> list[Change]:
    return [change for change in changes if change.kind is Kind.NODE and change.action is Action.CREATE]


def _shifts(
    renamed: list[_Connection], created: list[Change], holders: _Holders
) -> Iterator[tuple[Change, list[_Connection]]]:
    """Each connection a creation takes the live name or location of, with the chain it heads."""
    newcomers = _Newcomers(created)
    told: set[Address] = set()
    for each in renamed:
        newcomer = newcomers.taking_from(each)
        if newcomer is None or each.change.address in told:
            continue
        chain = holders.chain_from(each, _location(newcomer.after or {}))
        if len(chain) > 1 or _renamed_away(each, newcomer):
            told.update(one.change.address for one in chain)
            yield newcomer, chain


def _renamed_away(one: _Connection, newcomer: Change) -> bool:
    """Whether `one` is renamed as `newcomer` takes its live name and place (within SAME_PLACE_KM; its
    name alone where either declares no location): a row inserted before it, the keys after renumbered,
    reads so, its history then read as the inserted site's and the new one starting empty as it. So
    does a genuine rename with a new site under the old name, moved off or in place: nothing tells the
    two apart, so both are refused together, the new site added an apply after."""
    name = (newcomer.after or {}).get("name")
    if one.new_name is None or not isinstance(name, str) or _folded_name(name) != _folded_name(one.live_name):
        return False
    place = _location(newcomer.after or {})
    return (
        one.unlocated or place is None or one.live_location is None or _same_place(place, one.live_location)
    )


class _Newcomers:
    """The connections the plan creates, the first of each name folded and of each site."""

    def __init__(self, created: list[Change]) -> None:
        self._by_name: dict[str, Change] = {}
        self._by_site: _Places[Change] = _Places()
        for change in created:
            name, location = (change.after or {}).get("name"), _location(change.after or {})
            if isinstance(name, str):
                self._by_name.setdefault(_folded_name(name), change)
                if location is not None:
                    self._by_site.add(location, name, change)

    def taking_from(self, one: _Connection) -> Change | None:
        """The new connection taking the live name `one` leaves, else the live site it leaves."""
        by_name = self._by_name.get(_folded_name(one.live_name)) if one.new_name is not None else None
        if by_name is not None or one.new_location is None or one.live_location is None:
            return by_name
        return next(iter(self._by_site.at(one.live_location, one.live_name)), None)


def _held_here(
    renamed: list[_Connection], changes: Sequence[Change], pinned: frozenset[Address]
) -> Iterator[_Connection]:
    """The stack's live connections in `changes` not pinned by `id:`, `renamed`'s as they are."""
    by_address = {each.change.address: each for each in renamed}
    for change in changes:
        if change.kind is not Kind.NODE or change.action not in _HOLDING or change.address in pinned:
            continue
        name = (change.before or {}).get("name")
        if isinstance(name, str):
            live_location = _location(change.before or {})
            declared = None if change.action is Action.REMOVE else _location(change.after or {})
            keeps = change.action is not Action.REMOVE and _stays(live_location, declared)
            yield by_address.get(change.address) or _Connection(
                change, name, None, live_location, keeps_place=keeps, declared_location=declared
            )


def _held_elsewhere(
    theirs: list[_Connection], others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> Iterator[_Connection]:
    """The other shards' listed API connections, `theirs` (renamed) as they are."""
    by_address = {each.change.address: each for each in theirs}
    for other, (node_id, live_name, coordinates) in _listed_elsewhere(others, projects):
        kept = _another_shards(other, Action.NOOP, _HELD_ELSEWHERE, node_id)
        live_location, declared = _listed_location(coordinates), _declared_location(other)
        keeps = _stays(live_location, declared)
        yield by_address.get(Address(other.key)) or _Connection(
            kept, live_name, None, live_location, keeps_place=keeps, declared_location=declared
        )


def _stays(live: Mapping[str, object] | None, declared: Mapping[str, object] | None) -> bool:
    """Whether a connection holding its own is declared at its live place (within SAME_PLACE_KM), or
    declares none (its location then left as it is)."""
    return live is None or declared is None or _same_place(live, declared)


def _removed_elsewhere(projects: Mapping[str, LiveProject], own: Ownership) -> Iterator[_Connection]:
    """The stack's listed connections no shard declares (`LiveProject.held_elsewhere`), each read by
    the one shard of its key, which removes it: until that apply, a name or location one here may
    take (site-02 renamed Forks dam as another shard removes site-06, Forks dam; or moved onto a
    removed site's place, named alike, as a new one takes the place it leaves), and then gone with
    its history. Its location is the one listed, as one run reads a removal's."""
    for project in projects.values():
        for entity in project.held_elsewhere:
            name = entity.props.get("NAME")
            if own.owns(entity, 0) and isinstance(name, str):
                removed = _removed_by_another_shard(entity, project.id, own)
                yield _Connection(removed, name, None, _geojson_location(entity.props.get("LOCATION")))


def _left_by_moves_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject], own: Ownership
) -> Iterator[_Connection]:
    """The listed connections another shard's `moved` entries leave where their `to` key is listed too
    (a chain's second step applied before its first): that shard reads its connection at its `to`
    key, and the `from` one, claimed by it, is neither held nor removed by any shard's reading, yet
    one run plans its removal (refusing the move). A name or location one here may take, as one run
    reads it; its location the one listed."""
    for other, project in _api_connections_elsewhere(others, projects):
        ref_id, *moved_from = other.ref_ids
        if ref_id not in project.named_elsewhere:
            continue
        for old in moved_from:
            listed = project.named_elsewhere.get(old)
            if listed is not None:
                node_id, name, coordinates = listed
                node = Address(old.removeprefix(f"{own.stack}:"))
                removed = _removal_elsewhere(node, project.id, old, node_id, name)
                yield _Connection(removed, name, None, _listed_location(coordinates))


def _removed_by_another_shard(entity: LiveEntity, project_id: str, own: Ownership) -> Change:
    node = own.address_from_ref(entity)
    return _removal_elsewhere(node, project_id, entity.ref_id, entity.id, entity.props["NAME"])


def _removal_elsewhere(
    node: Address, project_id: str, ref_id: str | None, live_id: str, name: object
) -> Change:
    return Change(
        node,
        Kind.NODE,
        Action.REMOVE,
        project_id,
        node,
        _REMOVED_ELSEWHERE,
        Cause.NOT_IN_MANIFEST,
        ref_id=ref_id,
        live_id=live_id,
        before={"name": name},
        observations_unknown=True,
    )


class _ByLive(Generic[_Value]):
    """Values each of a connection, found by its live name folded and by its live site: those whose
    name or location a connection takes."""

    def __init__(self, keyed: Iterable[tuple[_Connection, _Value]]) -> None:
        self._by_name: dict[str, list[_Value]] = {}
        self._by_site: _Places[_Value] = _Places()
        for held, value in keyed:
            self._by_name.setdefault(_folded_name(held.live_name), []).append(value)
            if held.live_location is not None:
                self._by_site.add(held.live_location, held.live_name, value)

    def taken_by(self, one: _Connection) -> list[_Value]:
        """Those whose live name `one`'s new name is, then those named alike whose live place its new
        location is (within SAME_PLACE_KM)."""
        by_name = self._by_name.get(_folded_name(one.new_name), []) if one.new_name is not None else []
        by_site = self._by_site.at(one.new_location, one.name_after) if one.new_location is not None else []
        return [*by_name, *by_site]


class _Holders:
    """The live connections `held` (`renamed`, those updated, among them), for the chains of takings."""

    def __init__(self, renamed: list[_Connection], held: Iterable[_Connection]) -> None:
        self.updated = {each.change.address for each in renamed}
        self.by_live = _ByLive((one, one) for one in held)

    def chain_from(self, first: _Connection, new_at: Mapping[str, object] | None) -> list[_Connection]:
        """`first`, whose live name or location a new connection (at `new_at`) takes, and on through
        each one updated to take another's, ending at one taking none (or one already in it). A location
        taken from one that keeps its key and place is no link (`_link`) unless copied onto it."""
        chain = [first]
        while chain[-1].change.address in self.updated:
            taken = self.by_live.taken_by(chain[-1])
            old_place_taken_at = new_at if len(chain) == 1 else chain[-2].new_location
            next_one = next((one for one in taken if _link(chain, one, old_place_taken_at)), None)
            if next_one is None:
                break
            chain.append(next_one)
        return chain


def _link(
    chain: list[_Connection], one: _Connection, old_place_taken_at: Mapping[str, object] | None
) -> bool:
    """Whether `one`, whose name or place the chain's last takes, continues the chain. A location taken
    from one that keeps its key and place is no link where the taker moved beside it, named alike (a
    site relocated next to a namesake as a new one takes its old place: that one keeps its history where
    it is); its name taken still is (Benmore's history read as Clyde's beside Clyde), and so is its
    place taken by a row copied down over it (`_copied_onto`)."""
    if any(one is seen for seen in chain):
        return False
    return (
        not one.keeps_place
        or chain[-1].takes_name_of(one)
        or _copied_onto(chain[-1], one, old_place_taken_at)
    )


def _copied_onto(
    taker: _Connection, holder: _Connection, old_place_taken_at: Mapping[str, object] | None
) -> bool:
    """Whether `taker`'s new lat/lon is `holder`'s copied, its live one or the one it is declared at (a
    copied row carries the edited values: a re-survey of `holder` in the same edit), while the one
    taking `taker`'s old place (`old_place_taken_at`) stands where the displaced row was pasted: the copy
    within TAKEN_EXACTLY_KM and the new one within TAKEN_NEARLY_KM of the old place, or the copy within
    TAKEN_NEARLY_KM and the new one within TAKEN_EXACTLY_KM. A new one farther off is a site added
    beside it, as `taker` is relocated onto `holder`'s point (two loggers at one borehole). Where nothing
    says where the old place is taken, an exact copy is one still."""
    if taker.new_location is None:
        return False
    points = [each for each in (holder.live_location, holder.declared_location) if each is not None]
    if not points:
        return False
    off = min(_km(taker.new_location, point) for point in points)
    if old_place_taken_at is None or taker.live_location is None:
        return off <= TAKEN_EXACTLY_KM
    pasted_off = _km(old_place_taken_at, taker.live_location)
    return (off <= TAKEN_EXACTLY_KM and pasted_off <= TAKEN_NEARLY_KM) or (
        off <= TAKEN_NEARLY_KM and pasted_off <= TAKEN_EXACTLY_KM
    )


def _shift_refusal(newcomer: Change, chain: list[_Connection], changes: Sequence[Change]) -> Refusal:
    """At the first connection updated; the new one and those whose names it and the others take too."""
    addresses = (chain[0].change.address, newcomer.address, *(each.change.address for each in chain[1:]))
    return Refusal(
        addresses[0],
        _shift_text(newcomer, chain, changes),
        about_also=(*addresses[1:], *_beneath(addresses, changes)),
        weighs=_weighs(chain),
    )


def _shift_text(newcomer: Change, chain: list[_Connection], changes: Sequence[Change]) -> str:
    if len(chain) == 1:
        return _renamed_away_text(newcomer, chain[0], changes)
    first, *rest = chain
    kind, value = _taken(first, rest[0])
    new_kind, new_value = _left(first, newcomer)
    new = newcomer.address
    takings = [
        _newcomer_takes(newcomer, first, new_kind, _said_after(kind, new_kind, new_value)),
        *(
            f"{one.change.address} takes {taken.change.address}'s{_said_after(kind, *_taken(one, taken))}"
            for one, taken in pairwise(rest)
        ),
    ]
    relabelled = "; ".join(
        f"{one.change.address}'s history would read as {taken.change.address}'s"
        for one, taken in pairwise(chain)
    )
    holds = "; ".join(_holds(each.change, changes) for each in chain)
    return (
        f"{first.change.address}: would take {rest[0].change.address}'s {kind} {value} while "
        f"{', and '.join(takings)}: the keys shift, so {relabelled}, and {new} would start with no history "
        f"under the {new_kind} of the site that has it ({holds}); iotplan cannot tell which site is which. "
        f"{_shift_ways_forward(new, new_kind, chain, changes)}"
    )


def _renamed_away_text(newcomer: Change, one: _Connection, changes: Sequence[Change]) -> str:
    """A connection renamed, moved or not, as a new one takes its very name and place (`_renamed_away`)."""
    new, address = newcomer.address, one.change.address
    return (
        f"{address}: would be renamed {shown_live(one.new_name or '')!r}{_moved_to(one)} while {new}, a new "
        f"connection, takes its name {shown_live(one.live_name)!r}{_and_location(newcomer, one)}: the keys "
        "shift, as when a row is inserted in a --sites file and the keys after it renumbered, so "
        f"{address}'s history would read as the new site's, and {new} would start with no history under the "
        f"{_identities_of(newcomer, one)} of the site that has it ({_holds(one.change, changes)}); iotplan "
        f"cannot tell which site is which. {_shift_ways_forward(new, 'name', [one], changes)}"
    )


def _moved_to(one: _Connection) -> str:
    """` and moved to (-44.0, 170.0)` where it is moved off its place; nothing where renamed in place."""
    declared = _moved_off(one)
    return "" if declared is None else f" and moved to ({declared['lat']}, {declared['lon']})"


def _moved_off(one: _Connection) -> Mapping[str, object] | None:
    """Where `one` is declared, moved off its live place (beyond SAME_PLACE_KM); None where it stays."""
    declared = one.declared_place()
    if declared is None or one.live_location is None or _same_place(declared, one.live_location):
        return None
    return declared


def _takes_its_place(newcomer: Change, one: _Connection) -> bool:
    """Whether the new connection takes `one`'s place too (`_renamed_away`): else its name alone."""
    return not one.unlocated and _location(newcomer.after or {}) is not None and one.live_location is not None


def _and_location(newcomer: Change, one: _Connection) -> str:
    return " and location" if _takes_its_place(newcomer, one) else ""


def _identities_of(newcomer: Change, one: _Connection) -> str:
    return "name and location" if _takes_its_place(newcomer, one) else "name"


def _newcomer_takes(newcomer: Change, first: _Connection, new_kind: str, said: str) -> str:
    """`site-99, a new connection, takes site-02's, 'Benmore dam'` where it takes the name; where it
    takes the location, its own point, which stands anywhere within SAME_PLACE_KM of the one it takes."""
    location = _location(newcomer.after or {})
    if new_kind == "name" or location is None:
        return f"{newcomer.address}, a new connection, takes {first.change.address}'s{said}"
    return (
        f"{newcomer.address}, a new connection at ({location['lat']}, {location['lon']}), "
        f"takes {first.change.address}'s location"
    )


def _shift_ways_forward(
    new: Address, new_kind: str, chain: list[_Connection], changes: Sequence[Change]
) -> str:
    """The keys put back; moved with `moved`, the one freeing its key first; or, the sites really
    changing, the new connection added an apply after the others' relabelling."""
    kinds = {new_kind, *(_taken(one, taken)[0] for one, taken in pairwise(chain))}
    if len(chain) == 1 and _moved_off(chain[0]) is not None:  # renamed away (`_renamed_away`), moved
        kinds.add("location")
    moving = _moving(chain)
    keys = [new, *(each.change.address for each in moving)]
    moves = ", apply, then ".join(f"`{{from: {old}, to: {to}}}`" for to, old in pairwise(keys))
    return (
        f"If the {_keys_mistaken('shifted')}; if the keys were meant to follow the sites, each keeping its "
        "history, move them with `moved`, the one freeing its key first, one entry per apply, deleting each "
        "once applied (with a --sites file, each step's file holds the keys moved so far under their new "
        f"ones): {moves}{_then_added(moving[-1])}; if the "
        f"{_names_and_locations(kinds)} really change, {_really_changed(new, chain, changes)}"
    )


def _really_changed(new: Address, chain: list[_Connection], changes: Sequence[Change]) -> str:
    """Two steps where one connection takes another's: the new one added after. A longer chain applied
    without it, or one whose last takes a new site's name and place, or whose first takes the name and
    place of a last removed or renamed where it stands, would be keys filled down (`_filled_down`),
    refused in turn: one per apply then, the removal first."""
    first, last = chain[0], chain[-1]
    if _first_step_copies_over(new, chain, changes):
        return _moved_then_renamed(new, first)
    if len(chain) == 1:  # renamed away (`_renamed_away`): nothing it takes, no chain applied first
        return (
            f"do it in two steps: apply without {new} first ({first.change.address} then takes a name "
            f"{'' if _moved_off(first) is None else 'and place '}no connection holds), then add {new}"
        )
    leaves = last.change.action is Action.REMOVE or _renamed_where_it_stands(chain)
    taken = leaves and _takes_identity(first, last)
    if len(chain) > 2 or (last.new_name is not None and last.new_location is not None) or taken:
        return f"{_one_per_apply(chain)}{_destroyed(chain, changes, 'the first apply')}, then add {new}"
    return (
        f"do it in two steps: apply without {new} first "
        f"({_first_step_relabels(chain)}{_destroyed(chain, changes, 'that apply')}), then add {new}"
    )


def _first_step_copies_over(new: Address, chain: list[_Connection], changes: Sequence[Change]) -> bool:
    """Whether the apply without the new connection would itself be refused as a row copied over
    another: its first renamed as it moves off its place onto a kept namesake's name (`_copied_over`) or
    a point another keeps (`_kept_point_taken`)."""
    first, last = chain[0], chain[-1]
    if _moved_off(first) is None or not _moved_renamed(first):
        return False
    if len(chain) > 1:
        return len(chain) == 2 and _keeps_its_own(last) and first.takes_name_of(last)
    return _kept_point_taken(first, _points_kept(changes, leaving_out=new)) is not None


def _moved_then_renamed(new: Address, first: _Connection) -> str:
    """The way no step is a copy: moved under its own name, then renamed where it stands, each without the
    new connection (renamed as it is added, the new one would take the name it leaves), then it added."""
    declared = _moved_off(first) or {}
    address = first.change.address
    return (
        f"do it in three applies: without {new}, {address} moved to ({declared['lat']}, {declared['lon']}) "
        f"under its own name {shown_live(first.live_name)!r}; without {new} still, {address} renamed where "
        f"it stands; then the file as it is, which adds {new}"
    )


def _one_per_apply(chain: list[_Connection]) -> str:
    """Each connection changed in its own apply from the chain's end: each then takes a name and place
    no connection holds any longer, which shifts nothing."""
    steps = ", then ".join(str(each.change.address) for each in reversed(chain))
    ending = "each then taking a name no connection holds"
    return f"change one connection per apply, from the end ({steps}), {ending}"


def _moving(chain: list[_Connection]) -> list[_Connection]:
    """The chain up to its last connection that moves: one that stays declared at its key, taking
    nothing (a site keeping its key and place), is no `moved` entry's `from` (validate rejects a key
    still declared)."""
    last = chain[-1]
    stays = last.new_name is None and last.new_location is None and last.change.action is not Action.REMOVE
    return chain[:-1] if stays else chain


def _first_step_relabels(chain: list[_Connection]) -> str:
    """What the apply without the new connection does: the same relabelling, which no rule refuses where
    its first is renamed where it stands or moves without taking a copied row's name and place
    (`_first_step_copies_over` words the other case)."""
    takings = "; ".join(
        f"{one.change.address} takes {taken.change.address}'s " + " and ".join(_kinds_taken(one, taken))
        for one, taken in pairwise(chain)
    )
    return f"the same relabelling: {takings}"


def _kinds_taken(one: _Connection, taken: _Connection) -> list[str]:
    return [
        kind
        for kind, takes in (("name", one.takes_name_of(taken)), ("location", one.takes_location_of(taken)))
        if takes
    ]


def _then_added(last: _Connection) -> str:
    """Where the chain's last keeps its key for a new site (a row inserted, the keys after it
    renumbered), the `moved` steps free that key, and one apply more adds the new site there."""
    if last.new_name is None and last.new_location is None:
        return ""
    return f", apply, then apply the file as it is, without `moved`: it adds the new {last.change.address}"


def _destroyed(chain: list[_Connection], changes: Sequence[Change], which: str) -> str:
    """`which` apply removes the chain's connections no longer declared, with their history."""
    return "".join(
        f"; {which} removes {each.change.address}, destroying what it holds: {_held(each.change, changes)}"
        for each in chain
        if each.change.action is Action.REMOVE
    )


def _left(one: _Connection, newcomer: Change) -> tuple[str, str]:
    """What of an updated connection's the new one takes, and its live value: its name where it
    takes both."""
    name = (newcomer.after or {}).get("name")
    if (
        one.new_name is not None
        and isinstance(name, str)
        and _folded_name(name) == _folded_name(one.live_name)
    ):
        return "name", repr(shown_live(one.live_name))
    return "location", _shown_location(one)


def _shown_location(one: _Connection) -> str:
    """Its live location as `(-39.2, 170.0)`."""
    location = one.live_location or {}
    return f"({location['lat']}, {location['lon']})"


def _filled_down(
    renamed: list[_Connection],
    changes: Sequence[Change],
    pinned: frozenset[Address],
    refused: set[Address],
    elsewhere: OtherShards | None = None,
) -> list[Refusal]:
    """One refusal per chain of connections, each updated to take the next one's live name and
    location (the identity a site is known by; its name alone where the manifest declares no
    location), ending at one removed or taking a brand-new site's (a name no connection holds, at a
    place none stands): a row deleted from a --sites file and the keys after it filled down again, a
    row appended or the last one dropped. No creation takes a name left (`_shifted`), no cycle closes,
    yet each history reads as the next site's. Its length: `_fills_down`. A chain ending at the live
    place of another of its connections, which leaves it, is a trade's second step (one renamed to a spare
    name first): `_ends_the_fleet`. Under --shard (`elsewhere`),
    the chain runs through the other shards' connections too, each shard holding a side refusing it at
    the first of its own: another shard's name is held, never a new site's. `refused`: connections
    another refusal already names."""
    mine = [each for each in renamed if each.change.address not in refused]
    if not mine and not (elsewhere and _removes_a_connection(changes)):  # nearly every plan
        return []
    theirs = elsewhere.renamed() if elsewhere is not None else []
    candidates = [*mine, *theirs]
    held = [
        each
        for each in (*_held_here(mine, changes, pinned), *(elsewhere.held(theirs) if elsewhere else ()))
        if each.change.address not in refused
    ]
    next_of = _identity_takings(candidates, held)
    taken = {id(each) for each in next_of.values()}
    newcomers = _Newcomers(_created(changes))
    declared_at = {change.address: index for index, change in enumerate(changes)}
    refusals = []
    for head in candidates:
        if id(head) in next_of and id(head) not in taken:
            chain = _followed(head, next_of)
            here = [each.change.address for each in chain if each.change.reason not in _ELSEWHERE]
            ends = _ends_the_fleet(chain, held, declared_at)
            shifts = (_fills_down(chain) and ends) or _copied_over(chain, newcomers)
            if here and shifts:
                refusals.append(_at(here[0], _filled_down_refusal(chain, changes)))
    return refusals


def _removes_a_connection(changes: Sequence[Change]) -> bool:
    """Whether the plan removes a connection: under --shard, the last of keys filled down through the
    other shards' (a row deleted there), which this shard refuses too, though it renames none; applied
    first, it would destroy that site's history as the other shard's apply relabels another's as it."""
    return any(change.kind is Kind.NODE and change.action is Action.REMOVE for change in changes)


def _fills_down(chain: list[_Connection]) -> bool:
    """Three connections or more; two ending at a removal (a row deleted, or a key edited onto the
    one before it: the first site's history reads as the second's, whose own is destroyed), where
    the last takes a new site's name and place (a row deleted, one appended), or where the first takes
    the last's name and place as the last is renamed where it stands (`_renamed_where_it_stands`). Two
    by names alone (no location declared) ending at a new site's name stay planned: a swap's second
    step (one renamed to a spare name first) reads so, no place telling the two apart."""
    last = chain[-1]
    return (
        len(chain) > 2
        or last.change.action is Action.REMOVE
        or last.new_location is not None
        or _renamed_where_it_stands(chain)
    )


def _copied_over(chain: list[_Connection], newcomers: _Newcomers) -> bool:
    """Whether the chain's last keeps its key and name (`_keeps_its_own`) while the one before it moves,
    any length, under that name, nothing created where it leaves: a row copied over another, or deleted
    and the next one copied over it (a second logger at that dam), the overwritten site's history then
    read as the copy's. Where the copy lands tells nothing: on the namesake's live point, on the one it
    is re-surveyed to in the same edit, the rows 90 m apart, or nudged off it. A site really moved to a
    namesake's dam takes a name of its own, or is moved in one apply and renamed in the next (neither step
    takes a name as it moves)."""
    if len(chain) < 2 or not _keeps_its_own(chain[-1]):
        return False
    mover = chain[-2]
    return _moved_renamed(mover) and newcomers.taking_from(mover) is None


def _keeps_its_own(one: _Connection) -> bool:
    """Whether a connection keeps its key and its name as a person reads it (re-cased, a blank doubled),
    wherever it is declared: a re-survey in the same edit is its own still."""
    if one.change.action is Action.REMOVE:
        return False
    return one.new_name is None or _folded_name(one.new_name) == _folded_name(one.live_name)


def _moved_renamed(one: _Connection) -> bool:
    """Whether `one` is renamed (not merely re-cased) as it is declared off its live point (beyond
    TAKEN_EXACTLY_KM; a nearer move `_off_own_place` dropped still counts): what a copied row does, and
    neither step of a site moved in one apply and renamed in the next."""
    declared = one.declared_place()
    return (
        one.new_name is not None
        and _folded_name(one.new_name) != _folded_name(one.live_name)
        and _moved(one.live_location, declared)
    )


# The connections that stand somewhere after the apply: a new one, or one kept (in sync or updated).
_STANDING = (Action.CREATE, Action.REPLACE, Action.UPDATE, Action.NOOP)


class _KeptPoint(NamedTuple):
    """A connection declared, a point it keeps (where it stands after the apply, or the live one it is
    re-surveyed from), and how far it moves there (None: a new one)."""

    change: Change
    point: Mapping[str, object]
    moves: float | None


def _copied_onto_kept_points(
    updated: list[_Connection],
    points_kept: Callable[[], _Places[_KeptPoint]],
    changes: Sequence[Change],
    refused: set[Address],
    retyped_only: bool = False,
) -> list[Refusal]:
    """One refusal per connection renamed as it moves onto a point another keeps under that name
    (`_kept_point_taken`), as declared: a row copied over another where the copied row is renamed in the
    same edit, is a new row appended too, or has a full stop added. Namesakes by live name alone
    (`_copied_over`) miss these. `points_kept`: the points, this plan's (`_points_kept`) or, under
    --shard, the other shards' (`_points_kept_elsewhere`), read only where one moves so. `refused`:
    connections another refusal names. `retyped_only`: those alone whose new name is the other's as
    `_alike` reads it but not as a person does (`_folded_name`: punctuation typed)."""
    movers = [each for each in updated if each.change.address not in refused and _moved_renamed(each)]
    if not movers:  # nearly every plan
        return []
    points = points_kept()
    refusals = []
    for one in movers:
        kept = _kept_point_taken(one, points)
        if kept is not None and not (retyped_only and _named_as(one, kept.change)):
            refusals.append(_kept_point_refusal(one, kept, changes))
    return refusals


def _named_as(one: _Connection, kept: Change) -> bool:
    """Whether `one`'s new name is `kept`'s declared one as a person reads them (`_folded_name`)."""
    name = (kept.after or {}).get("name", (kept.before or {}).get("name"))
    return isinstance(name, str) and _folded_name(one.new_name or "") == _folded_name(name)


def _points_kept(changes: Sequence[Change], leaving_out: Address | None = None) -> _Places[_KeptPoint]:
    """Where each connection declared stands after the apply (its live point where it declares none),
    with how far it moves there (None: a new one), filed under its declared name (`_alike`)."""
    points: _Places[_KeptPoint] = _Places()
    for change in changes:
        if change.kind is not Kind.NODE or change.action not in _STANDING or change.address == leaving_out:
            continue
        live = None if change.action in (Action.CREATE, Action.REPLACE) else _location(change.before or {})
        point = _location(change.after or {}) or live
        name = (change.after or {}).get("name", (change.before or {}).get("name"))
        if (
            point is not None
            and isinstance(name, str)
            and (live is not None or change.action is not Action.UPDATE)
        ):
            _file_kept_point(points, name, change, point, live)
    return points


def _file_kept_point(
    points: _Places[_KeptPoint],
    name: str,
    change: Change,
    point: Mapping[str, object],
    live: Mapping[str, object] | None,
) -> None:
    """File `change`'s point after the apply under `name` (`_alike`), with how far it moves from `live`
    (None: a new one), and its live point too where it is re-surveyed: a row copied before it was lands
    there."""
    moves = None if live is None else _km(point, live)
    points.add(point, _alike(name), _KeptPoint(change, point, moves))
    if live is not None and moves:
        points.add(live, _alike(name), _KeptPoint(change, live, 0.0))


def _points_kept_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> _Places[_KeptPoint]:
    """Where each of the other shards' API connections stands after their applies, as `_points_kept`
    reads this plan's: a listed one, pinned by `id:` too, at its declared point (its listed one where it
    declares none), with how far it moves there; one they create at its declared point (None: a new one)."""
    points: _Places[_KeptPoint] = _Places()
    for other, (node_id, _, coordinates) in _listed_elsewhere(others, projects, pinned_too=True):
        live, declared = _listed_location(coordinates), _declared_location(other)
        point = declared or live
        if point is not None and live is not None and other.name is not None:
            after: dict[str, object] = {"name": other.name, "location": point}
            held = _another_shards(other, Action.NOOP, _HELD_ELSEWHERE, node_id, after=after)
            _file_kept_point(points, other.name, held, point, live)
    for created in _created_elsewhere(others, projects):
        point, name = _location(created.after or {}), (created.after or {}).get("name")
        if point is not None and isinstance(name, str):
            _file_kept_point(points, name, created, point, None)
    return points


def _kept_point_taken(one: _Connection, points: _Places[_KeptPoint]) -> _KeptPoint | None:
    """The other connection nearest the point `one` is renamed and moved to, within KEPT_POINT_KM of it at
    its point after the apply or the live one it is re-surveyed from in the same edit (a row copied before
    the re-survey), nearer it than `one`'s own live point, under `one`'s new name (`_alike`), and moving
    there less far than `one` does (a new one, one kept in place, or one re-surveyed: the row copied is
    the one come from farther). One moved onto another's point under a name of its own is that site, moved
    (a logger moved to another dam); moved there in one apply and renamed in the next, neither step takes
    it."""
    declared = one.declared_place()
    if not _moved_renamed(one) or declared is None or one.live_location is None:
        return None
    own = _km(declared, one.live_location)
    taken = [
        kept
        for kept in points.at(declared, _alike(one.new_name or ""), within=KEPT_POINT_KM)
        if kept.change.address != one.change.address
        and _km(declared, kept.point) < own
        and (kept.moves or 0) < own
    ]
    return min(taken, key=lambda kept: _km(declared, kept.point), default=None)


def _alike(name: str) -> str:
    """A name as a copied row's is read: letters and digits alone, case folded ('Gowan dam.' is 'Gowan
    dam' pasted with a full stop typed), a separator kept between two digits ('Gowan dam 1.2' is not
    'Gowan dam 12')."""
    words = ["".join(run) for alnum, run in groupby(name.casefold(), str.isalnum) if alnum]
    return "".join(
        f"{'.' if before[-1:].isdigit() and word[0].isdigit() else ''}{word}"
        for before, word in pairwise(["", *words])
    )


def _kept_point_refusal(
    one: _Connection,
    taken: _KeptPoint,
    changes: Sequence[Change],
) -> Refusal:
    """At the connection moved; about the one keeping the point too."""
    kept, point, moves = taken
    addresses = (one.change.address, kept.address)
    declared = one.declared_place() or {}
    off = _km(declared, point)
    near = "within 2 m of" if off <= TAKEN_EXACTLY_KM else f"{_metres(off)} from"
    new, after = moves is None, _location(kept.after or {})
    left = after is not None and _km(after, point) > 0  # its live point, re-surveyed from
    whose = ", a new connection's" if new else f", which {kept.address} keeps"
    if left:
        whose = f", which {kept.address} leaves for ({after['lat']}, {after['lon']})"  # type: ignore[index]
    named = shown_live(str((kept.after or {}).get("name")))
    holds = "; ".join(
        _holds(change, changes) for change in (one.change, kept) if change.action is not Action.CREATE
    )
    return Refusal(
        one.change.address,
        f"{one.change.address}: would be renamed {shown_live(one.new_name or '')!r} and moved from "
        f"{_shown_location(one)} to ({declared['lat']}, {declared['lon']}), {near} {kept.address}'s "
        f"{'live point' if left else 'point'} ({point['lat']}, {point['lon']}){_in_its_project(one, kept)}"
        f"{whose} (named {named!r}): "
        "the keys shift, as when a row of a --sites file is copied over another, so "
        f"{one.change.address}'s history would read as another logger's at {kept.address}'s site ({holds}); "
        f"iotplan cannot tell which site is which. {_restore_row(one)}if {one.change.address} "
        f"really moved to {kept.address}'s site, move it in one apply under its own name"
        f"{f' without {kept.address}' if new else ''} and rename it in the next"
        f"{f', adding {kept.address} then' if new else ''}",
        about_also=(kept.address, *_beneath(addresses, changes)),
        weighs=_weighs([one]),
    )


def _in_its_project(one: _Connection, kept: Change) -> str:
    """` in project <id>` where `kept` is another project's than `one`: keys alone read as one project's."""
    return "" if kept.project_id == one.change.project_id else f" in project {kept.project_id}"


def _renamed_where_it_stands(chain: list[_Connection]) -> bool:
    """Whether a chain of two's first takes the last's name and place (not its name alone: no location
    declared) while the last is renamed where it stands: a row deleted and a second logger's inserted after
    the next site, or appended at the last one's place, the keys filled down. A swap's second step moves
    its last to the first's place (`_ends_the_fleet`)."""
    first, last = chain[0], chain[-1]
    return len(chain) == 2 and not first.unlocated and last.new_name is not None and last.new_location is None


def _identity_takings(renamed: list[_Connection], held: list[_Connection]) -> dict[int, _Connection]:
    """For each of `renamed` (by id) updated onto another's live name and place (its name alone where
    it declares no location), that one; else, where it is renamed as it moves, any length, one whose
    name it takes, punctuation aside as the kept-point rule reads it (`_alike`: a full stop typed after
    pasting), that keeps its own (`_copied_over`)."""
    by_name: dict[str, list[_Connection]] = {}
    by_alike: dict[str, list[_Connection]] = {}
    for each in held:
        by_name.setdefault(_folded_name(each.live_name), []).append(each)
        by_alike.setdefault(_alike(each.live_name), []).append(each)
    takings = {}
    for one in renamed:
        if one.new_name is None:
            continue
        namesakes = by_name.get(_folded_name(one.new_name), [])
        holder = next((other for other in namesakes if _takes_identity(one, other)), None)
        if holder is None and _moved_renamed(one):
            # Punctuation aside only where it leaves its own place (`_off_own_place`), a copied row's
            # coordinates: re-surveyed metres, a name a dash apart is its own still.
            alike = namesakes if one.new_location is None else by_alike.get(_alike(one.new_name), [])
            holder = next((other for other in alike if other is not one and _keeps_its_own(other)), None)
        if holder is not None:
            takings[id(one)] = holder
    return takings


def _takes_identity(one: _Connection, other: _Connection) -> bool:
    """Whether `one` is updated onto `other`'s live name and place (its name alone where it declares
    no location): a link of keys filled down."""
    return (
        other is not one
        and one.takes_name_of(other)
        and (_at_its_place(one, other) or _named_exactly_beside(one, other))
    )


def _at_its_place(one: _Connection, other: _Connection) -> bool:
    """Whether `one`'s new place is `other`'s live one, nearer it than its own; any, where `one`
    declares none."""
    if one.new_location is None:
        return one.unlocated
    if other.live_location is None or not _same_place(one.new_location, other.live_location):
        return False
    return one.live_location is None or _km(one.new_location, other.live_location) < _km(
        one.new_location, one.live_location
    )


def _named_exactly_beside(one: _Connection, other: _Connection) -> bool:
    """Whether `one` takes `other`'s very name as written while `other` leaves it (removed or renamed),
    declared within SAME_PLACE_KM of `other`'s live place and nearer it than its own: sites under 100 m
    apart, each at the other's place, which the location cannot tell from a re-survey. A re-survey
    never changes the name; a row copied down carries it exactly (a name re-cased is a re-survey's)."""
    leaves = other.change.action is Action.REMOVE or other.new_name is not None
    declared = one.declared_place()
    if not leaves or one.new_name != other.live_name or declared is None or other.live_location is None:
        return False
    off = _km(declared, other.live_location)
    return off <= SAME_PLACE_KM and (one.live_location is None or off < _km(declared, one.live_location))


def _followed(head: _Connection, next_of: Mapping[int, _Connection]) -> list[_Connection]:
    chain = [head]
    while id(chain[-1]) in next_of and next_of[id(chain[-1])] not in chain:
        chain.append(next_of[id(chain[-1])])
    return chain


def _ends_the_fleet(
    chain: list[_Connection], held: list[_Connection], declared_at: Mapping[Address, int]
) -> bool:
    """Whether the chain's last is removed, or updated to a name no live connection holds (a new
    site's), declared anywhere but at the live place of another of the chain: one of those leaves its
    place, which the last taking is a trade's second step (one renamed to a spare name first). Its own
    place, or another site's, is a new site's all the same (one appended beside a live one, or at the
    last one's point under a name of its own). Where no location is declared, its name alone tells."""
    last = chain[-1]
    if last.change.action is Action.REMOVE:
        return True
    if last.new_name is None:
        return False
    name = _folded_name(last.new_name)
    if any(_folded_name(each.live_name) == name for each in held):
        return False
    place = last.declared_place() or last.live_location
    return (
        last.unlocated
        or place is None
        or not any(_moves_to(last, place, each, declared_at) for each in chain[:-1])
    )


def _moves_to(
    last: _Connection, place: Mapping[str, object], other: _Connection, declared_at: Mapping[Address, int]
) -> bool:
    """Whether `last`'s new `place` is `other`'s live one, nearer it than its own live one: it moves
    there, as a trade's second step does. Sites under 100 m apart stand each at the other's place, so
    one renamed where it stands beside another declared before it moves nowhere (that one's row deleted,
    a row inserted after its namesake's, the keys filled down). Keys fill down from a row to the one
    before it, never back: one declared after it taking its name and place replaces it (a spillway
    logger beside it taking over), as a second step does."""
    if other.live_location is None or not _same_place(place, other.live_location):
        return False
    if last.live_location is None or _declared_before(last, other, declared_at):
        return True
    return _km(place, other.live_location) < _km(place, last.live_location)


def _declared_before(one: _Connection, other: _Connection, declared_at: Mapping[Address, int]) -> bool:
    """Whether both are this plan's and `one` comes first (another shard's order is unknown)."""
    mine, theirs = declared_at.get(one.change.address), declared_at.get(other.change.address)
    return mine is not None and theirs is not None and mine < theirs


def _filled_down_refusal(chain: list[_Connection], changes: Sequence[Change]) -> Refusal:
    """At the chain's head, the row most likely deleted; about every connection of it and beneath."""
    addresses = tuple(each.change.address for each in chain)
    return Refusal(
        addresses[0],
        _filled_down_text(chain, changes),
        about_also=(*addresses[1:], *_beneath(addresses, changes)),
        weighs=_weighs(chain),
    )


def _filled_down_text(chain: list[_Connection], changes: Sequence[Change]) -> str:
    first, second, *_ = chain
    last = chain[-1]
    takings = [f"{one.change.address} takes {taken.change.address}'s" for one, taken in pairwise(chain[1:])]
    removed = last.change.action is Action.REMOVE
    kept = _keeps_its_own(last)
    end = (
        f"{last.change.address} is removed with its history"
        if removed
        else f"{last.change.address} keeps its own"
        if kept
        else f"{last.change.address} takes a new site's, {shown_live(last.new_name)!r}"
    )
    # Each history read as another's, one part each: a chain of two has no part between its ends.
    relabelled = "; ".join(
        [
            f"{first.change.address}'s history would read as {second.change.address}'s",
            *(f"{one.change.address}'s as {taken.change.address}'s" for one, taken in pairwise(chain[1:])),
            *([] if removed or kept else [f"{last.change.address}'s as the new site's"]),
        ]
    )
    holds = "; ".join(_holds(each.change, changes) for each in chain)
    return (
        f"{first.change.address}: would take {second.change.address}'s name {shown_live(second.live_name)!r}"
        f"{_and_place(first, second, kept)} while {', and '.join([*takings, end])}"
        f"{_continued_elsewhere(chain)}: the keys shift, as when a row "
        f"{'of a --sites file is overwritten, or deleted' if kept else 'is deleted from a --sites file'} and "
        f"the keys after it filled down again (the row of {first.change.address}, "
        f"{shown_live(first.live_name)!r}, most likely"
        f"{_and_then(last, removed, kept)}), so {relabelled} ({holds}); "
        "iotplan cannot tell which site is which. "
        f"{_copied_over_ways_forward(chain) if kept else _filled_down_ways_forward(chain, removed, changes)}"
    )


def _and_place(first: _Connection, second: _Connection, kept: bool) -> str:
    """` and location` where `first` takes `second`'s place too (where it keeps its own, its live point or
    the one it is re-surveyed to), a row copied from afar; a re-survey (a move under SAME_PLACE_KM) landing
    off that place says how far; else where it moves to, or nothing (no location declared)."""
    if first.unlocated:
        return ""
    if not kept or second.live_location is None:
        return " and location"
    declared = first.declared_place()
    if declared is None:
        return ""
    moving = f", moving to ({declared['lat']}, {declared['lon']}),"
    if not _takes_kept_place(first, second):
        return moving
    off = _off_kept_place(first, second)
    resurveyed = first.live_location is not None and _same_place(declared, first.live_location)
    if off <= TAKEN_EXACTLY_KM or not resurveyed:
        return " and location"
    return f"{moving} {_metres(off)} from {second.change.address}'s point,"


def _off_kept_place(first: _Connection, second: _Connection) -> float:
    """How far from `second`'s place (its live point or the one it is re-surveyed to) `first` is declared."""
    declared = first.declared_place() or {}
    points = [point for point in (second.live_location, second.declared_place()) if point]
    return min((_km(declared, point) for point in points), default=math.inf)


def _metres(km: float) -> str:
    return f"{round(km * 1000)} m"


def _takes_kept_place(first: _Connection, second: _Connection) -> bool:
    """Whether `first` is declared at `second`'s place (its live point or the one it is re-surveyed to,
    within SAME_PLACE_KM), nearer it than its own live point: a re-survey moving away from a namesake
    under 100 m off takes nothing of its place."""
    declared = first.declared_place()
    if declared is None:
        return False
    own = math.inf if first.live_location is None else _km(declared, first.live_location)
    points = (second.live_location, second.declared_place())
    return any(point and _same_place(declared, point) and _km(declared, point) < own for point in points)


def _and_then(last: _Connection, removed: bool, kept: bool) -> str:
    """What else the edit most likely did: a new site added at the last key, or the next row copied."""
    if removed:
        return ""
    if kept:
        return f", and {last.change.address}'s row copied over it"
    return f", and a new site added at {last.change.address}"


def _copied_over_ways_forward(chain: list[_Connection]) -> str:
    """The overwritten row restored as applied (a chain of two); the deleted row put back; or, a site really
    moved to its namesake's dam, a name of its own or two applies, neither taking a name as it moves."""
    head, mover, kept = chain[0].change.address, chain[-2].change.address, chain[-1]
    copied = ", a copied row added under a key of its own"
    if not _takes_kept_place(chain[-2], kept):  # moving elsewhere, most likely another logger there
        return (
            f"If {mover} is another logger at {kept.change.address}'s site, move it in one apply and "
            f"rename it in the next, or give it a name of its own (not {shown_live(kept.live_name)!r}); "
            f"{_restored_as_applied(chain, first=False)}{_keys_put_back(head, copied, first=False)}"
        )
    restored = _restored_as_applied(chain)
    return (
        f"{restored}{_keys_put_back(head, copied, first=not restored)}; if {mover} really moved to "
        f"{kept.change.address}'s site, give it a name of its own (not {shown_live(kept.live_name)!r}), or "
        "move it in one apply and rename it in the next"
    )


def _keys_put_back(head: Address, rows: str, first: bool = True) -> str:
    """The deleted row's keys put back (each row its old key, `rows` saying what else), `first` of the
    ways forward (capitalised) or not: the one apply that removes `head` alone and moves no history."""
    return (
        f"{'If' if first else 'if'} {head}'s row was deleted, put the keys back (each row its old "
        f"key{rows}): that apply removes {head} alone (`--allow-destroy` where it holds any) and no history "
        "moves"
    )


def _restored_as_applied(chain: list[_Connection], first: bool = True) -> str:
    """Where a row was copied over another, nothing deleted (a chain of two): that row put back as applied,
    which moves no history and destroys nothing."""
    return _restore_row(chain[0], first) if len(chain) == 2 else ""


def _restore_row(head: _Connection, first: bool = True) -> str:
    """The overwritten row put back as applied, `first` of the ways forward (capitalised) or not."""
    at = "" if head.live_location is None else f" at {_shown_location(head)}"
    return (
        f"{'If' if first else 'if'} {head.change.address}'s row was overwritten, restore it as applied "
        f"({shown_live(head.live_name)!r}{at}): no history moves; "
    )


def _identities(chain: list[_Connection]) -> str:
    """What tells the chain's sites: names alone where the manifest declares no location."""
    return "names" if chain[0].unlocated else "names and locations"


def _continued_elsewhere(chain: list[_Connection]) -> str:
    """Under --shard, the chain's connections another shard holds: its part here ends at no new site."""
    theirs = [str(each.change.address) for each in chain if each.change.reason in _ELSEWHERE]
    if not theirs:
        return ""
    whose = f"{theirs[0]} is" if len(theirs) == 1 else f"{', '.join(theirs[:-1])} and {theirs[-1]} are"
    return f" ({whose} another shard's: the chain continues in another shard)"


def _filled_down_ways_forward(chain: list[_Connection], removed: bool, changes: Sequence[Change]) -> str:
    """The keys put back (the deleted site alone removed); renumbered after with `moved`, each site
    keeping its history; or, the sites really changing, one connection per apply from the end, each
    then taking a name no connection holds."""
    head, last = chain[0].change.address, chain[-1].change.address
    moves = ", apply, then ".join(
        f"`{{from: {taker.change.address}, to: {freed.change.address}}}`" for freed, taker in pairwise(chain)
    )
    new_row = "" if removed else ", leaving the new site's row out"
    added = (
        "" if removed else f", apply, then apply the file as it is, without `moved`: it adds the new {last}"
    )
    return (
        f"{_keys_put_back(head, new_row)}; to renumber the keys "
        "after, each site keeping its history, move them with `moved`, one entry per apply, deleting each "
        "once applied (with a --sites file, each step's file holds the keys moved so far under their new "
        f"ones): {moves}{added}; if the sites really change {_identities(chain)}, {_one_per_apply(chain)}"
        f"{_destroyed(chain, changes, 'the first apply')}"
    )


def _filled_far_onto_kept_points(
    updated: list[_Connection],
    held_points: Callable[[], _Places[_HeldPoint]],
    changes: Sequence[Change],
    refused: set[Address],
) -> list[Refusal]:
    """One refusal per connection moved more than APART_KM onto a point within FILLED_ONTO_KM of one another
    connection holds after the apply (`_HeldPoint`: its live point it stays at, the one it is re-surveyed
    to, or a new one's), the two names one stem apart (`_stem`): Excel's fill handle dragged over a --sites
    file (`Gowan dam 1` copied down as `Gowan dam 2`, its lat/lon with it, the copied row re-surveyed or
    new), or a row pasted as `Gowan dam 1 - Copy`. Names alike are told by the namesake rules first; one
    named otherwise is that site, moved (the first of two applies moving and renaming one). `held_points`:
    this plan's (`_points_held`) or, under --shard, the other shards' (`_points_held_elsewhere`), read only
    where one moves so. `refused`: connections another refusal names."""
    movers = [
        each
        for each in updated
        if each.change.address not in refused
        and each.new_location is not None
        and each.live_location is not None
        and _apart_by(each, APART_KM)
    ]
    if not movers:  # nearly every plan
        return []
    points = held_points()
    refusals = []
    for one in movers:
        held = _kin_point_taken(one, points)
        if held is not None:
            refusals.append(_filled_far_refusal(one, held, changes))
    return refusals


class _HeldPoint(NamedTuple):
    """A point a connection holds after the apply, and how, as a refusal says it (`which site-03 keeps`);
    `moved_km`: how far it is moved there, 0 for one that stays or is new."""

    change: Change
    point: Mapping[str, object]
    how: str
    moved_km: float = 0.0


def _points_held(changes: Sequence[Change]) -> _Places[_HeldPoint]:
    """The points the connections declared hold after the apply, filed under the stems of their live and
    declared names: a live one's live point where it stays (within SAME_PLACE_KM, or declaring no
    location), and the one it is re-surveyed to (a row re-surveyed, then filled down); the one a live one
    is moved to (a row relocated, then filled down); a new one's."""
    points: _Places[_HeldPoint] = _Places()
    for change in changes:
        if change.kind is not Kind.NODE or change.action not in (Action.UPDATE, Action.NOOP, Action.CREATE):
            continue
        live, declared = _location(change.before or {}), _location(change.after or {})
        names = set(_names_of(change))
        if change.action is Action.CREATE:
            held = [_HeldPoint(change, declared, "where {} is added as a new connection")] if declared else []
        elif live is None:
            continue
        else:
            held = _held_by_one_live(change, live, declared)
        _file_held(points, names, held)
    return points


def _held_by_one_live(
    change: Change, live: Mapping[str, object], declared: Mapping[str, object] | None
) -> list[_HeldPoint]:
    """The points a live connection holds after the apply: its live one where it stays, and the one it is
    re-surveyed to; else the one it is moved to, however far (`_kin_point_taken` weighs which of two moved
    onto one point is refused)."""
    if declared is None or _km(live, declared) == 0:
        return [_HeldPoint(change, live, "which {} keeps")]
    if not _stays(live, declared):
        return [_HeldPoint(change, declared, "the one {} is moved to", _km(live, declared))]
    return [
        _HeldPoint(change, live, "which {} keeps"),
        _HeldPoint(change, declared, "the one {} is re-surveyed to"),
    ]


def _file_held(points: _Places[_HeldPoint], names: Iterable[object], held: list[_HeldPoint]) -> None:
    for stem in {_stem(name) for name in names if isinstance(name, str)}:
        for each in held:
            points.add(each.point, stem, each)


def _points_held_elsewhere(
    others: Sequence[OtherNode], projects: Mapping[str, LiveProject]
) -> _Places[_HeldPoint]:
    """The other shards' listed API connections (pinned by `id:` too) declared where they are listed, and
    those they create, as `_points_held` reads this plan's."""
    points: _Places[_HeldPoint] = _Places()
    for other, (node_id, live_name, coordinates) in _listed_elsewhere(others, projects, pinned_too=True):
        live, declared = _listed_location(coordinates), _declared_location(other)
        if live is None:
            continue
        kept = replace(
            _another_shards(other, Action.NOOP, _HELD_ELSEWHERE, node_id), before={"name": live_name}
        )
        _file_held(points, (live_name, other.name), _held_by_one_live(kept, live, declared))
    for created in _created_elsewhere(others, projects):
        point = _location(created.after or {})
        if point is not None:
            new = _HeldPoint(created, point, "where {} is added as a new connection")
            _file_held(points, ((created.after or {}).get("name"),), [new])
    return points


def _kin_point_taken(one: _Connection, points: _Places[_HeldPoint]) -> _HeldPoint | None:
    """The nearest point another connection holds within FILLED_ONTO_KM of where `one` is moved, its name
    one stem apart from the one `one` is declared under; None for none."""
    if one.new_location is None:
        return None
    at = points.at(one.new_location, _stem(one.name_after), within=FILLED_ONTO_KM)
    far = _apart_by(one, NAMESAKE_FAR_KM)
    others = [
        held
        for held in at
        if held.change.address != one.change.address
        and (far or not _namesakes(one, held.change))
        and _moved_farther(one, held)
    ]
    return min(others, key=lambda held: _km(held.point, one.new_location or {}), default=None)


def _moved_farther(one: _Connection, held: _HeldPoint) -> bool:
    """Whether `one` is moved farther than `held` (by address, as far): of two moved onto one point, the
    row filled down is the one carried farther (the original relocated 2 km, its copy 800 km), and one
    alone is refused, so its temporary name (`_temporary_name_way_forward`) lets both there."""
    mine = (_km(one.live_location or {}, one.new_location or {}), str(one.change.address))
    return held.moved_km == 0 or mine > (held.moved_km, str(held.change.address))


def _namesakes(one: _Connection, held: Change) -> bool:
    """Whether `one` is declared under `held`'s name, punctuation aside (`_alike`), live or declared."""
    return any(isinstance(name, str) and _alike(name) == _alike(one.name_after) for name in _names_of(held))


def _stem(name: str) -> str:
    """A name as a row filled down or pasted leaves it: its letters alone, case folded, the word `Copy`
    (`Copy of`, and as Excel and Windows say it in German, French, Spanish, Italian, Portuguese and
    Polish) dropped wherever a template puts it ('Gowan dam 2', 'Gowan dam 1 - Copy - datalogger feed',
    'Copia de Gowan dam 1', 'Gowan dam 1 - Cópia' and 'Copy of Gowan dam 1.2' are 'gowandam' as 'Gowan dam
    1' is, 'gowandamdataloggerfeed'). A number's marks are its number's too: a letter glued to it, `no.`,
    `nr` or `nº` before it, or a Roman numeral after the first word ('Gowan dam 2b', 'Gowan Dam no. 2' and
    'Gowan dam II' are 'gowandam'); a name's other letters stay (`BH-A` and `BH-B` are no kin)."""
    words = _words(_NUMBER_MARKS.sub(" 0 ", _ROMAN_NUMERAL.sub(" 0 ", name.casefold())))
    kept = _COPY_OF.sub(" ", f" {' '.join(words)} ").split()
    return "".join(kept or words)


# What numbers a name as a digit does: a letter or ordinal glued after a number ('2b', '3rd'), and
# `no.`, `nr`, `nº`, `num` or `number` before one ('no. 2', 'Nr2'): read as part of it, not its stem.
_NUMBER_MARKS = re.compile(
    r"(?<=\d)(?:st|nd|rd|th|[^\W\d_])(?![^\W\d_])|\b(?:no|nr|n[º°]|num|number)\W*(?=\d)"
)
# A Roman numeral of 1 to 39 standing as a word after another ('Gowan dam II'; 'Vi' alone names a site).
_ROMAN_NUMERAL = re.compile(r"(?<=[^\W\d_])(?:\W+)\b(?=[ivx]+\b)x{0,3}(?:ix|iv|v?i{0,3})\b(?![^\W\d_])")


def _words(name: str) -> list[str]:
    """A name's words of letters alone, case folded: digits, punctuation and blanks part them."""
    return re.findall(r"[^\W\d_]+", name.casefold())


# The words a pasted copy's name gains (Windows' `Gowan dam - Copy`, `Copy of Gowan dam`; `Kopie`, `Kopie
# von`; `Copie`, `Copie de`; `Copia`, `Copia de`, `Copia di`; `Cópia`, `Cópia do`; Polish `kopia`).
_COPY_OF = re.compile(r" (?:copy(?: of)?|kopie(?: von)?|copie(?: de)?|c[oó]pia(?: d[eio])?|kopia)(?= )")


def _filled_far_refusal(one: _Connection, held: _HeldPoint, changes: Sequence[Change]) -> Refusal:
    """At the connection moved; about the one holding the point too, and the writes beneath both."""
    address, declared, kept = one.change.address, one.new_location or {}, held.change.address
    moved, off = _km(declared, one.live_location or {}), _km(declared, held.point)
    near = "within 2 m of" if off <= TAKEN_EXACTLY_KM else f"{_metres(off)} from"
    named = shown_live(str((held.change.after or {}).get("name", (held.change.before or {}).get("name"))))
    holds = f"{_holds(one.change, changes)}; {_holds(held.change, changes)}"
    return Refusal(
        address,
        f"{address}: would be moved {_kilometres(moved)} from {_shown_location(one)} to ({declared['lat']}, "
        f"{declared['lon']}), {near} {kept}'s point, {held.how.format(kept)} (named {named!r})"
        f"{_in_its_project(one, held.change)}: a site moved that far lands on another logger's very point "
        "only where a row of a --sites file was filled or copied over another (Excel's fill handle copies a "
        f"row's lat/lon and counts its name on), so {address}'s history would read as another logger's at "
        f"{kept}'s site ({holds}); iotplan cannot tell which site is which. {_restore_either(one, held)}"
        f"if a second logger stands at {kept}'s site, add it as a new connection under a key of its own, "
        f"leaving {address} as it was; if {address} really moved there, declare the point its logger was "
        "surveyed at"
        f"{_temporary_name_way_forward(one, held, changes)}",
        about_also=(kept, *_beneath((address, kept), changes)),
        weighs=_weighs_changes((one.change, held.change)),
    )


def _restore_either(one: _Connection, held: _HeldPoint) -> str:
    """The overwritten row put back as applied: where both are moved more than APART_KM onto the point,
    either row may be the one filled over the other (a site relocated 12 km, its row filled over one 3 km
    off), so both are named and neither is called the copy (restoring the relocated one as told would
    plan the copy's move onto the point alone)."""
    if held.moved_km <= APART_KM:
        return _restore_row(one)
    theirs = held.change.before or {}
    point = _location(theirs)
    at = "" if point is None else f" at ({point['lat']}, {point['lon']})"
    mine = f"{shown_live(one.live_name)!r} at {_shown_location(one)}"
    either = f"{mine} or {shown_live(str(theirs.get('name')))!r}{at}"
    return (
        f"If {one.change.address}'s or {held.change.address}'s row was overwritten (both are moved over "
        f"{APART_KM:g} km onto this one point), restore whichever was as applied ({either}): no history "
        "moves, and the other's move then plans alone; "
    )


def _kilometres(km: float) -> str:
    """`800 km`, or `1.6 km` under 10 km, where a whole number would say too little."""
    return f"{round(km)} km" if km >= 10 else f"{km:.1f} km"


def _temporary_name_way_forward(one: _Connection, held: _HeldPoint, changes: Sequence[Change]) -> str:
    """Where `one`'s logger does stand on the point held (loggers sharing a hut, or a live point that is
    the new one mistyped: a sign flipped, latitude and longitude swapped), no survey tells it apart: the
    way that works, a word of its own added for one apply (a name of another stem, which no rule reads as
    a row filled), then its name back (it stays then, which no rule reads as a move). The word is said as
    the --sites cell takes it: the plan knows the rendered name alone, not the column it came from."""
    address, kept = one.change.address, held.change.address
    typo = _mistyped_as(one.live_location or {}, one.new_location or {})
    sharing = _sharing_live(held.point, one, changes)
    if typo is not None:
        when = f"; if {address}'s live point was mistyped ({typo}) and its logger stands at {kept}'s site"
    elif len(sharing) > 1:
        when = f"; if {address}'s logger stands on that very point, as {_listed(sharing)} do"
    else:
        when = (
            f" (two loggers mostly stand metres apart, not on one point); if {address}'s logger does stand "
            f"on {kept}'s very point"
        )
    word = _word_of_its_own(one, held.change, changes)
    return (
        f"{when}, apply it there with a word of its own, {word!r}, added to its name in the --sites row, "
        "then put its name back in the next apply"
    )


def _sharing_live(point: Mapping[str, object], one: _Connection, changes: Sequence[Change]) -> list[str]:
    """The connections but `one` live within FILLED_ONTO_KM of `point` that stay there: loggers sharing
    a hut, of which a refusal never says they stand apart."""
    sharing = []
    for change in changes:
        live = _location(change.before or {}) if change.kind is Kind.NODE else None
        if (
            live is not None
            and change.address != one.change.address
            and _km(live, point) <= FILLED_ONTO_KM
            and _stays(live, _location(change.after or {}))
        ):
            sharing.append(str(change.address))
    return sharing


def _listed(addresses: list[str]) -> str:
    """`site-01, site-02 and site-03`."""
    return addresses[0] if len(addresses) == 1 else f"{', '.join(addresses[:-1])} and {addresses[-1]}"


# The words a temporary name may take: the first that neither name holds (one they share leaves the two
# names one stem apart, refused again).
_TEMPORARY_WORDS = ("relocated", "moved", "resited", "temporarily")


def _word_of_its_own(one: _Connection, held: Change, changes: Sequence[Change]) -> str:
    """The first of _TEMPORARY_WORDS no name of `one`, `held` or any connection at the point `one` is moved
    to holds, live or declared: a word one of them holds leaves `one`'s temporary name a stem from it."""
    names = (one.live_name, one.name_after, *_names_of(held), *_names_at(one.new_location or {}, changes))
    taken = {word for name in names if isinstance(name, str) for word in _words(name)}
    return next((word for word in _TEMPORARY_WORDS if word not in taken), _TEMPORARY_WORDS[-1])


def _names_of(change: Change) -> tuple[object, ...]:
    return ((change.before or {}).get("name"), (change.after or {}).get("name"))


def _names_at(point: Mapping[str, object], changes: Sequence[Change]) -> Iterator[object]:
    """The live and declared names of the connections live or declared within FILLED_ONTO_KM of `point`."""
    for change in changes:
        if change.kind is not Kind.NODE:
            continue
        at = (_location(change.before or {}), _location(change.after or {}))
        if any(each is not None and _km(each, point) <= FILLED_ONTO_KM for each in at):
            yield from _names_of(change)


# A live point that is the new one so mistyped: each read as the new point's lat, lon.
_TYPOS: tuple[tuple[str, Callable[[float, float], tuple[float, float]]], ...] = (
    ("its latitude's sign flipped", lambda lat, lon: (-lat, lon)),
    ("its longitude's sign flipped", lambda lat, lon: (lat, -lon)),
    ("both signs flipped", lambda lat, lon: (-lat, -lon)),
    ("its latitude and longitude swapped", lambda lat, lon: (lon, lat)),
)


def _mistyped_as(live: Mapping[str, object], new: Mapping[str, object]) -> str | None:
    """How `live` mistypes `new` (the same digits, within FILLED_ONTO_KM), or None."""
    lat, lon = float(live["lat"]), float(live["lon"])  # type: ignore[arg-type]  # numbers: _location
    for typo, undone in _TYPOS:
        fixed_lat, fixed_lon = undone(lat, lon)
        if abs(fixed_lat) <= 90 and _km({"lat": fixed_lat, "lon": fixed_lon}, new) <= FILLED_ONTO_KM:
            return typo
    return None


def _kin_points_shifted(
    updated: list[_Connection], changes: Sequence[Change], refused: set[Address]
) -> list[Refusal]:
    """One refusal per chain of connections each moved more than APART_KM onto the live point (within
    FILLED_ONTO_KM) of one named a stem apart (`_stem`) that leaves it in this apply, where the apply
    holds two such takings or more (in this chain or others), or ending at a connection removed: a
    --sites file's lat/lon columns shifted against its names (one column sorted alone, a block pasted a
    row off), each row moving onto a point its kin gives up in the same apply, which
    `_filled_far_onto_kept_points` reads as no one's after it; or a row filled over the next as that one
    is removed, deleting its history. One taking alone in the apply of a point left for another is a
    site relocated onto its kin's old place as the kin moves on: planned. `refused`: those another
    refusal names (a closed cycle of takings among them)."""
    movers = _far_movers(updated)
    if not movers:  # nearly every plan
        return []
    next_of = _kin_points_left_taken(movers, _points_left(updated, changes))
    takings = _takings_told(next_of)
    return [
        _points_shifted_refusal(chain, changes, takings)
        for chain in _chains_from_heads(*_unrefused(movers, next_of, refused))
        if _read_as_shifted(chain, takings)
    ]


def _far_movers(connections: list[_Connection]) -> list[_Connection]:
    """The connections moved more than APART_KM, which a taking of a kin point is read of."""
    return [
        each
        for each in connections
        if each.new_location is not None and each.live_location is not None and _apart_by(each, APART_KM)
    ]


def _unrefused(
    movers: list[_Connection], next_of: Mapping[Address, _Connection], refused: set[Address]
) -> tuple[list[_Connection], dict[Address, _Connection]]:
    """`movers` and their takings but those another refusal names."""
    return (
        [each for each in movers if each.change.address not in refused],
        {taker: taken for taker, taken in next_of.items() if taker not in refused},
    )


def _takings_told(next_of: Mapping[Address, _Connection]) -> list[tuple[Address, Address]]:
    """Every kin taking in the apply, taker and taken, those another refusal names too: how many there
    are decides whether one is a site relocated or a shifted column (`_read_as_shifted`)."""
    return [(taker, taken.change.address) for taker, taken in next_of.items()]


def _read_as_shifted(chain: list[_Connection], takings: list[tuple[Address, Address]]) -> bool:
    """Whether `chain` reads as a --sites file's lat/lon column shifted against its names: two kin takings
    or more in one apply (a column shifted two rows, or with a name edited, or around an unlike-named row,
    breaks into chains of one taking each; namesakes under NAMESAKE_FAR_KM too); one taking alone ending
    at a removal, but a namesake's under NAMESAKE_FAR_KM (a logger relocated onto its namesake's removed
    borehole). One taking alone of a point a kin connection moves off is a site relocated: planned."""
    if len(takings) > 1:
        return True
    head, last = chain[0], chain[-1]
    namesake_near = not _apart_by(head, NAMESAKE_FAR_KM) and _namesakes(head, last.change)
    return last.change.action is Action.REMOVE and not namesake_near


def _kin_points_shifted_across_shards(
    moved_here: list[_Connection],
    moved_there: list[_Connection],
    changes: Sequence[Change],
    elsewhere: OtherShards,
    refused: set[Address],
) -> list[Refusal]:
    """Under --shard, the chains `_kin_points_shifted` refuses that run through this shard's connections
    and other shards' (site-01 and site-02 here onto the next one's point, site-03 another shard's, moved
    on): each shard reads its part alone as one taking, or none, of a point no one keeps. The other
    shards' moves are their declared and listed points, the points they leave their listed ones and those
    of the connections they remove. Each shard holding a row refuses the chain, at the first of its own; a
    chain of this shard's alone its plan refuses. `refused`: those another refusal here names."""
    movers = _far_movers([*moved_here, *moved_there])
    moves_here = any(each.change.reason not in _ELSEWHERE for each in movers)
    if not movers or not (moves_here or _removes_a_connection(changes)):  # nearly every shard
        return []
    # Another shard's move carries its live name as this shard's do, which tells namesakes (`_namesakes`).
    named_there = [
        replace(each, change=replace(each.change, before={"name": each.live_name})) for each in moved_there
    ]
    left = _points_left([*moved_here, *named_there], changes)
    for gone in elsewhere.removed():
        if gone.live_location is not None:
            left.add(gone.live_location, _stem(gone.live_name), gone)
    next_of = _kin_points_left_taken(movers, left)
    takings = _takings_told(next_of)
    refusals = []
    for chain in _chains_from_heads(*_unrefused(movers, next_of, refused)):
        here = [each.change.address for each in chain if each.change.reason not in _ELSEWHERE]
        # A chain of this shard's alone that its plan did not refuse (its takings alone one) is refused
        # here where the other shards' takings make two or more.
        if here and _read_as_shifted(chain, takings):
            refusals.append(_at(here[0], _points_shifted_refusal(chain, changes, takings)))
    return refusals


def _points_left(updated: list[_Connection], changes: Sequence[Change]) -> _Places[_Connection]:
    """The live points connections leave in this apply, under the stems of their live names: moved off
    (beyond FILLED_ONTO_KM: a re-survey still holds it) or removed."""
    points: _Places[_Connection] = _Places()
    for each in updated:
        if each.live_location and each.new_location and _apart_by(each, FILLED_ONTO_KM):
            points.add(each.live_location, _stem(each.live_name), each)
    for change in changes:
        live, name = _location(change.before or {}), (change.before or {}).get("name")
        if change.kind is Kind.NODE and change.action is Action.REMOVE and live and isinstance(name, str):
            points.add(live, _stem(name), _Connection(change, name, None, live))
    return points


def _kin_points_left_taken(
    movers: list[_Connection], left: _Places[_Connection]
) -> dict[Address, _Connection]:
    """For each of `movers` landing within FILLED_ONTO_KM of a point a kin connection leaves, the nearest
    such one; one renamed to that one's name left out (its key moved with the site, which the key-shift
    rules read). Namesakes (one name) moved under NAMESAKE_FAR_KM take a point too: one alone is a logger
    relocated onto its namesake's borehole (`_read_as_shifted`), a chain of them a shifted column."""
    taken = {}
    for one in movers:
        at = one.new_location or {}
        near = [
            other
            for other in left.at(at, _stem(one.name_after), within=FILLED_ONTO_KM)
            if other.change.address != one.change.address and not one.takes_name_of(other)
        ]
        if near:
            taken[one.change.address] = min(near, key=lambda other: _km(other.live_location or {}, at))
    return taken


def _chains_from_heads(
    movers: list[_Connection], next_of: Mapping[Address, _Connection]
) -> Iterator[list[_Connection]]:
    """Each chain of takings from a mover whose own point none of `movers` takes (the row whose lat/lon
    is left for nobody), to the last one taken; a closed cycle has no head (`_refused` reads those)."""
    taken = {each.change.address for each in next_of.values()}
    for head in movers:
        if head.change.address in taken or head.change.address not in next_of:
            continue
        chain, seen = [head], {head.change.address}
        while (following := next_of.get(chain[-1].change.address)) and following.change.address not in seen:
            chain.append(following)
            seen.add(following.change.address)
        yield chain


def _points_shifted_refusal(
    chain: list[_Connection], changes: Sequence[Change], takings: list[tuple[Address, Address]]
) -> Refusal:
    """At the chain's head; about the others, and the writes beneath all of them."""
    addresses = tuple(each.change.address for each in chain)
    return Refusal(
        addresses[0],
        f"{_points_shifted_text(chain, changes, takings)}. {_points_shifted_ways_forward(chain, changes)}",
        about_also=(*addresses[1:], *_beneath(addresses, changes)),
        weighs=_weighs_changes(each.change for each in chain),
    )


# How many rows of a shifted chain, and of the takings in its apply, a refusal lists before saying how
# many more: a column of 2,000 rows shifted said every one on a line of half a megabyte.
_ROWS_LISTED = 10


def _capped(items: list[str], separator: str, more: str) -> str:
    """The first _ROWS_LISTED of `items`, then `… and 1990 more{more}`."""
    if len(items) <= _ROWS_LISTED:
        return separator.join(items)
    return f"{separator.join(items[:_ROWS_LISTED])}{separator}… and {len(items) - _ROWS_LISTED} more{more}"


def _points_shifted_text(
    chain: list[_Connection], changes: Sequence[Change], takings: list[tuple[Address, Address]]
) -> str:
    links = [_point_left_taken(one, taken) for one, taken in pairwise(chain)]
    takings_said = _capped(links, "; ", ", each onto the next one's live point")
    last = chain[-1]
    removed = last.change.action is Action.REMOVE
    then = (
        f"{last.change.address} is removed, deleting its history"
        if removed
        else f"{last.change.address} is moved on to ({(last.new_location or {}).get('lat')}, "
        f"{(last.new_location or {}).get('lon')})"
    )
    holds = _capped([_holds(each.change, changes) for each in chain], "; ", "")
    return (
        f"{takings_said}, as {then}: {_why_shifted(chain, takings)}, so each moved site's history would read "
        f"as another logger's at its point ({holds}); iotplan cannot tell which site is which"
    )


def _why_shifted(chain: list[_Connection], takings: list[tuple[Address, Address]]) -> str:
    if len(chain) > 2:
        return (
            "each kin row moved that far onto the very point the next one leaves is a --sites file's lat/lon "
            "columns shifted a row against its names (one column sorted alone, or pasted a row off)"
        )
    if len(takings) == 1:
        return (
            "a site moved that far lands on another logger's very point only where a row of a --sites file "
            "was filled or copied over another, here over a row removed in the same edit"
        )
    listed = [f"{taker} onto {taken}'s point" for taker, taken in takings]
    each = _capped(listed, ", ", "") if len(listed) > _ROWS_LISTED else _listed(listed)
    return (
        f"{_HOW_MANY.get(len(takings), str(len(takings)))} kin takings in one apply ({each}) are a --sites "
        "file's lat/lon columns shifted against its names (shifted more than a row, a name edited as it "
        "shifted, or around a row of another name)"
    )


def _point_left_taken(one: _Connection, taken: _Connection) -> str:
    """`site-01: would be moved 100 km from (...) to (...), within 2 m of site-02's live point`"""
    declared = one.new_location or {}
    moved, off = _km(declared, one.live_location or {}), _km(declared, taken.live_location or {})
    near = "within 2 m of" if off <= TAKEN_EXACTLY_KM else f"{_metres(off)} from"
    return (
        f"{one.change.address}: would be moved {_kilometres(moved)} from {_shown_location(one)} to "
        f"({declared['lat']}, {declared['lon']}), {near} {taken.change.address}'s live point (named "
        f"{shown_live(taken.live_name)!r})"
    )


def _points_shifted_ways_forward(chain: list[_Connection], changes: Sequence[Change]) -> str:
    """The rows restored as applied (no history moves); the sites really moved one per apply from the
    chain's end, each onto a point no connection holds then; or, loggers standing on those very points, a
    word of their own added to the takers' names for one apply (no taking then), then the names back."""
    movers = [each for each in chain if each.change.action is Action.UPDATE]
    restored = _capped(
        [
            f"{each.change.address} {shown_live(each.live_name)!r} at {_shown_location(each)}"
            for each in movers
        ],
        ", ",
        ", each as applied",
    )
    takers = [str(each.change.address) for each in chain[:-1]]
    several = len(takers) > 1
    return (
        f"If the rows' lat/lon were shifted or overwritten, restore them as applied ({restored}): no history "
        "moves; if the sites really moved so, make one change per apply from the chain's end, each then onto "
        f"a point no connection holds: {_from_the_end(chain[-1], movers)}; if "
        f"{'their loggers stand on those very points' if several else 'its logger stands on that very point'}"
        f", apply the {'moves' if several else 'move'} with {_words_added(chain, takers, changes)} in the "
        f"--sites {'rows, then put the names' if several else 'row, then put its name'} back in the next "
        "apply"
    )


def _words_added(chain: list[_Connection], takers: list[str], changes: Sequence[Change]) -> str:
    """`a word of its own, 'relocated', added to site-01 and site-02's names`; takers named alike get a
    number each too (`'relocated 1' to site-01's, ...`): one word would leave them namesakes again, each
    moved onto the next one's point, and that is refused as the keys shifting."""
    word = _word_none_holds(chain)
    names = [_folded_name(str(each.name_after)) for each in chain[:-1]]
    if len(set(names)) == len(names):
        return f"a word of its own, {word!r}, added to {_whose_names(takers)}"
    start = _first_number_free(word, changes)
    numbered = [f"'{word} {n}' to {taker}'s" for n, taker in enumerate(takers, start=start)]
    listed = (
        f"{', '.join(numbered[:_ROWS_LISTED])} and {len(numbered) - _ROWS_LISTED} more{_LISTED_ONCE_ADDED}"
        if len(numbered) > _ROWS_LISTED
        else _listed(numbered)
    )
    return f"a word and a number of its own added to each name ({listed})"


def _first_number_free(word: str, changes: Sequence[Change]) -> int:
    """The number after the highest any connection's name in the apply holds after `word`, live or
    declared: the takers a capped list left out (`… and 2 more`) are numbered by the next plan, while
    the first ten already hold `relocated 1` to `relocated 10` in the --sites file; from 1 again, two
    sites would share one temporary name."""
    numbered = re.compile(rf"\b{re.escape(word)}\W*(\d+)")
    held = [
        int(found[1])
        for change in changes
        if change.kind is Kind.NODE
        for name in _names_of(change)
        if isinstance(name, str)
        for found in numbered.finditer(name.casefold())
    ]
    return max(held, default=0) + 1


# What the takers left out of a capped list are: those the next plan's refusal names, in any order.
_LISTED_ONCE_ADDED = ", which `iotplan plan` lists once these are added"


def _whose_names(takers: list[str]) -> str:
    """`site-01 and site-02's names`; `the names of site-01, ..., site-10 and 1989 more, which ...`."""
    if len(takers) > _ROWS_LISTED:
        return f"the names of {first(takers, _ROWS_LISTED)}{_LISTED_ONCE_ADDED}"
    return f"{_listed(takers)}'s {'names' if len(takers) > 1 else 'name'}"


def _from_the_end(last: _Connection, movers: list[_Connection]) -> str:
    """`the removal of site-04 (...), then site-03, then site-02`: each step then takes a point none holds."""
    removal = f"the removal of {last.change.address} (`--allow-destroy` where it holds any)"
    steps = [str(each.change.address) for each in reversed(movers)]
    in_turn = [removal, *steps] if last.change.action is Action.REMOVE else steps
    return _capped(in_turn, ", then ", ", which `iotplan plan` lists once these are applied")


def _word_none_holds(chain: list[_Connection]) -> str:
    """The first of _TEMPORARY_WORDS no name in `chain` holds, live or declared."""
    held = {word for each in chain for name in (each.live_name, each.name_after) for word in _words(name)}
    return next((word for word in _TEMPORARY_WORDS if word not in held), _TEMPORARY_WORDS[-1])
