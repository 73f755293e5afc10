"""Human addresses (`node/device/sensor`) and the refIds that identify entities on the platform."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from iotplan.manifest.models import KEY_MAX_LENGTH, KEY_PATTERN
from iotplan.manifest.positions import Path, dotted
from iotplan.records import record
from iotplan.secrets import identity_holds_a_secret
from iotplan.wording import IGNORABLE

REF_ID_MAX_LENGTH = 128  # our limit: the platform documents none; keep SERIAL_NO readable in its UI
CHILDREN = {"projects": "nodes", "nodes": "devices", "devices": "sensors"}


def address(*keys: str) -> str:
    return "/".join(keys)


def derive_ref_id(stack: str, *keys: str) -> str:
    """The refId iotplan gives an entity it creates: `{stack}:{node}/{device}/{sensor}`."""
    return f"{stack}:{'/'.join(keys)}"  # address(*keys), without a call more for each of a fleet's entities


# The refId `derive_ref_id` gives an entity at each depth (0 a connection, 1 a device, 2 a sensor):
# its stack (group 1), `:`, then one key a level. Both are a manifest's keys, so neither holds `:`.
_REF_ID_AT = tuple(
    re.compile(rf"({KEY_PATTERN.pattern}):{KEY_PATTERN.pattern}(?:/{KEY_PATTERN.pattern}){{{depth}}}")
    for depth in range(3)
)


def owner_of(ref_id: str | None, depth: int) -> str | None:
    """The stack whose manifest could have given this refId to an entity at `depth`: `alpha` for
    `alpha:site-a/log1` on a device. None for a refId that is no such address (`alpha:legacy` on a
    device, `alpha:`, `SN:0042`), or at a depth no entity has: another tool's, whatever it starts
    with. Nor for one holding a credential (`alpha:site-a/ghp_...`), which no manifest gives
    (`_holds_no_credential`). The one rule of ownership (plan/ownership.py, the live read, drift, import)."""
    if not ref_id or depth >= len(_REF_ID_AT):
        return None
    found = _REF_ID_AT[depth].fullmatch(ref_id)
    return found.group(1) if found and _holds_no_credential(ref_id) else None


def shaped_as_a_stacks(ref_id: str) -> bool:
    """Whether `ref_id` has the shape `derive_ref_id` gives at some depth (`alpha:site-a/log1`)."""
    return any(shape.fullmatch(ref_id) for shape in _REF_ID_AT)


def owned_by(stack: str, ref_id: str | None, depth: int) -> bool:
    """Whether `owner_of` says `stack` (never for "", which names no stack). Asked of every live
    entity: one not starting `{stack}:` (import's every one, most under another tool's connection)
    is turned away before the match. Of one that does, the match's stack is the text before its
    first `:`, which is `stack`, so the match (and `_holds_no_credential`) alone decides."""
    if not stack or ref_id is None or not ref_id.startswith(f"{stack}:"):
        return False
    return _REF_ID_AT[depth].fullmatch(ref_id) is not None and _holds_no_credential(ref_id)


def _holds_no_credential(ref_id: str) -> bool:
    """A refId of a manifest's keys holds no credential: validate refuses a key holding one, so one
    that does (a token told by its shape, `ghp_...` or a JWT, which a key's characters can spell; a
    secret this run read) is another tool's, not a stack's (README "Ownership"). Asked by the rule
    masking shows refIds by (`identity_holds_a_secret`), so what plans show masked is never owned."""
    return not identity_holds_a_secret(ref_id)


def fold_ref_id(ref_id: str) -> str:
    """A refId as refIds are compared: what platforms' collations may leave out, left out. The
    platform documents no case rule for refIds, nor how it compares one (docs/api-assumptions.md,
    A1++), and the collations a platform may use ignore more than case: SQL Server's default ignores
    trailing blanks, others width and compatibility forms (`ｔ` for `t`, `ﬁ` for `fi`), and
    invisible characters (a zero-width space, a soft hyphen). So case is folded the full Unicode way
    (`ß` as `ss`, as `same_name` reads a NAME), compatibility forms and accents composed (Unicode
    NFKC, which also joins `é` typed as one character or as `e` and a combining accent), invisible
    (default-ignorable) characters dropped and trailing blanks cut. The fold that joins more is the
    safer one: it refuses a creation beside a look-alike rather than splitting one entity's data in
    two, and keeps a look-alike sibling as a copy rather than removing it by a refId that may reach
    the declared one."""
    if ref_id.isascii():  # nearly always: ASCII folds as lower() does, its blanks all trailing ones
        folded = ref_id.rstrip()
        # Already folded (iotplan's own refIds are), itself: lower() copies even then, and a read
        # holds 100,000 folded refIds at its peak (7 MiB).
        return folded if folded.islower() else folded.lower()
    return _fold_unicode(ref_id)


@lru_cache(maxsize=1 << 17)  # per entity of a fleet: the few non-ASCII refIds are folded again and again
def _fold_unicode(ref_id: str) -> str:
    # NFKC again once case is folded: folding leaves some letters decomposed (`ΐ` as `ι` and two accents)
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", _visible(ref_id)).casefold()).rstrip()


def _visible(text: str) -> str:
    """`text` without the characters Unicode marks default-ignorable, rendered as nothing: the soft
    hyphen, zero-width spaces and joiners, bidirectional marks, variation selectors, Hangul fillers."""
    return IGNORABLE.sub("", text)


@dataclass(frozen=True)
class FoldedAlike:
    """Two refIds that fold alike (`fold_ref_id`) but differ, as a message tells them apart."""

    ref_id: str
    other: str

    @property
    def in_encoding(self) -> bool:
        """Whether they differ in more than case: in a way no reader can see (an accent's encoding,
        an invisible character, a trailing blank) or can hardly tell (a full-width letter, a ligature,
        the Kelvin sign `K`), so a message shows their code points."""
        return self._in_encoding or self._in_form or self._in_invisibles

    @property
    def how(self) -> str:
        """`case`, `Unicode encoding (NFC/NFD)`, a compatibility form, invisible characters, or
        several: how they differ. Only a difference that stays once the rest is folded is named."""
        ways = [
            way
            for way, differs in (
                ("case", self._in_case),
                ("Unicode encoding (the same letters, encoded differently: NFC and NFD)", self._in_encoding),
                (
                    "Unicode compatibility form (full-width letters, ligatures: what NFKC joins)",
                    self._in_form,
                ),
                ("invisible characters or trailing blanks", self._in_invisibles),
            )
            if differs
        ]
        return " and ".join(ways) if ways else "case"

    @property
    def folded(self) -> str:
        """What the fold leaves out, that two refIds must differ by more than."""
        return "case, Unicode form or invisible characters" if self.in_encoding else "case"

    @property
    def rule(self) -> str:
        """The rule the platform does not document that would tell them apart."""
        return "case or Unicode normalisation rule" if self.in_encoding else "case rule"

    def shown(self, ref_id: str) -> str:
        """`ref_id` quoted: escaped as JSON and YAML read it where they differ in more than case,
        which shows the code points (`\\u0301`, `\\u212a`, `\\u200b`) that would otherwise look like
        the other refId."""
        return json.dumps(ref_id) if self.in_encoding else repr(ref_id)

    @property
    def _in_case(self) -> bool:
        """They differ once all but case is folded."""
        return _but_case(self.ref_id) != _but_case(self.other)

    @property
    def _in_invisibles(self) -> bool:
        """They differ once all but invisible characters and trailing blanks is folded."""
        return _but_invisibles(self.ref_id) != _but_invisibles(self.other)

    @property
    def _in_encoding(self) -> bool:
        """They differ but in case, and accents composed the canonical way (NFC) join them: an accent
        encoded otherwise, or a letter's canonical twin (the Kelvin sign `K` for `K`)."""
        one, two = _seen(self.ref_id), _seen(self.other)
        return _cased(one) != _cased(two) and _cased(_nfc(one)) == _cased(_nfc(two))

    @property
    def _in_form(self) -> bool:
        """They differ but in case once composed (NFC): in a compatibility form only NFKC joins."""
        return _cased(_nfc(_seen(self.ref_id))) != _cased(_nfc(_seen(self.other)))


def _seen(text: str) -> str:
    """`text` as seen: without its invisible characters and trailing blanks."""
    return _visible(text).rstrip()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cased(text: str) -> str:
    """Case folded where case folding is all it does: a character NFKC maps to another (`K`, `ﬀ`,
    `ｔ`) kept, which `casefold` would join to its look-alike as if it were a case."""
    return "".join(c.casefold() if unicodedata.normalize("NFKC", c) == c else c for c in text)


def _but_case(text: str) -> str:
    return unicodedata.normalize("NFKC", _visible(text)).rstrip()


def seen_as_compared(text: str) -> str:
    """`text` folded as refIds are compared (`fold_ref_id`) but for case: compatibility forms joined
    (NFKC), invisible characters and trailing blanks dropped. What look-alikes are told by
    (iotplan/look_alikes.py)."""
    return _but_case(text)


def _but_invisibles(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


@record  # one per declared entity: a million in a large fleet, so its path is found when asked
class RawEntity:
    """An entity as written, before validation: where it is and what keys lead to it."""

    kind: str  # "nodes", "devices" or "sensors"
    key: str  # its own, or where it stands among its siblings when it has no valid one (`_walk`)
    address: str  # its ancestors' keys and its own, joined: built once, as the walk goes down
    body: dict[str, Any]
    index: int  # among its siblings
    above: RawEntity | Path  # its parent, or a node's project's path

    @property
    def path(self) -> Path:
        above = self.above
        return (*(above.path if isinstance(above, RawEntity) else above), self.kind, self.index)


# Matched each time: a cache of matched keys saved 13 ms where keys repeat (s0 to s9 under each of
# 10,000 devices) and cost 11 to 16 ms where each is new (pz-00001 to pz-100000).
_is_key = KEY_PATTERN.fullmatch


def raw_entities(data: Any) -> list[RawEntity]:
    """Every node, device and sensor mapping in unvalidated manifest data, parents first."""
    found: list[RawEntity] = []
    if isinstance(data, dict):
        for path, project in _mappings(data.get("projects"), ("projects",)):
            _walk(project, path, "nodes", found)
    return found


def _walk(parent: dict[str, Any], above: RawEntity | Path, kind: str, found: list[RawEntity]) -> None:
    # Appends to one list: nested generators made each of 100,000 sensors hop up three `yield from`s.
    # Each entity's key found inline, not by a call each (15 ms for a fleet): its own, or where it
    # stands among its siblings when it has no valid one.
    items = parent.get(kind)
    if not isinstance(items, list):
        return
    below = CHILDREN.get(kind)
    prefix = f"{above.address}/" if isinstance(above, RawEntity) else ""
    for index, body in enumerate(items):
        if isinstance(body, dict):
            key = body.get("key")
            # KEY_PATTERN's every character may be an ASCII letter or digit, which is all such a key
            # holds: one that short is a key, told by str's own tests at a quarter of a match's cost
            # (12 ms for a fleet).
            if not (
                isinstance(key, str)
                and ((key.isalnum() and key.isascii() and len(key) <= KEY_MAX_LENGTH) or _is_key(key))
            ):
                key = f"{kind}[{index}]"
            entity = RawEntity(kind, key, prefix + key, body, index, above)
            found.append(entity)
            if below:
                _walk(body, entity, below, found)


def _mappings(items: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, index), item


class EntityIndex:
    """Locates problems in unvalidated manifest data by the entities on their paths.

    The entities are walked once, when the first problem asks, not once per problem: a mistake
    repeated over 10,000 sensors walked the fleet 10,000 times and took 90 s to tell. Built from
    the data as it is then; a loader that drops each node's data once validated asks only about
    nodes not yet validated, so the nodes missing from the index are never asked about.
    """

    def __init__(self, data: Any) -> None:
        self._data = data  # walked only if a problem is located: a valid manifest is never indexed

    @cached_property
    def _by_path(self) -> dict[Path, RawEntity]:
        return {entity.path: entity for entity in raw_entities(self._data)}

    def locate(self, path: Path) -> tuple[str, Path]:
        """The address of the deepest entity on `path`, and the rest of the path inside it.

        Outside any entity the address is the dotted path itself (`defaults.sensor`, `moved[0]`).
        """
        for end in range(len(path), 0, -1):  # longest first: the deepest entity
            entity = self._by_path.get(path[:end])
            if entity is not None:
                return entity.address, path[end:]
        return dotted(path), ()
