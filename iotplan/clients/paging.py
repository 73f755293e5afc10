"""Assumption A5, the one paging rule: a list is read to its end, never ended by a short page alone.

The reference shows only `pageSize=100` and no end-of-list rule; Bentley's own web client reads
`pageNumber` from 0 and stops at the first short page. A platform that caps the page size without
saying so answers every page short, and that client would silently drop everything past the cap
(and iotplan would then create those entities again). So here:

- a list ends at an empty page; after a short page, the next page is always asked for;
- a page is only trusted where it provably starts: `pageNumber × pageSize` is where the items
  already read end, at a page size the platform has served in full (or no longer than a page it
  answered), so a capped size can never open a gap whatever the platform counts its pages in;
- a first page shorter than asked may be a cap: the list is read on in pages of that length, from
  exactly where it stopped, and the client starts its next lists at that size;
- a list whose first requests at `PAGE_SIZE` are refused (400) is read again from its start at
  `REFERENCE_PAGE_SIZE`, by these same rules, and so are the client's next lists
  (`PlatformClient._paged`): a read changes nothing, so asking again is harmless;
- a page that brings nothing new and is as long as page 0 (another writer added entities at the
  list's front meanwhile, or the platform counts `pageNumber` from 1 or ignores it), more than was
  asked (it ignores `pageSize`), or another item an earlier page brought (the list's order changed
  while it was read) stops the read with a message: iotplan cannot page that list safely. A repeat
  is never taken for pages counted from 1 and read on: the reference does not document paging, and
  a writer adding a page at the front and removing it again makes the same repeat on a platform
  counting from 0, where reading on would skip a page of live entities unsaid.

The pages an expected size fills are asked for together, `window` in flight at a time (a sliding
window: one page after another would cost a round trip each); past the estimate, one at a time.
An over-estimate costs at most one window of pages past the end.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal

from iotplan.errors import PlatformError
from iotplan.wording import live_text

PAGE_SIZE = 1000  # the largest page iotplan asks for (assumption A5); a platform may serve less
REFERENCE_PAGE_SIZE = 100  # the reference's own pageSize: asked where PAGE_SIZE is refused (400)
PAGE_WINDOW = 16  # list pages asked for at once when the list is known to be long
# A page of only items read before: far more often another writer at work than a platform counting
# pageNumber otherwise, so that is said first; both are asked to run again, and only then to check.
# check-platform, which is that check, says its own step in place of this one (commands/scratch.py).
RUN_THE_CHECK = "run it again; if it says the same, run `iotplan check-platform` and report its output"
_REPEATED = (
    "another writer may have added entities while the list was read (run it again), or the platform "
    f"counts pageNumber from 1 or ignores it, which iotplan cannot read safely ({RUN_THE_CHECK})"
)

Item = Any  # a list's JSON item, or what the reader keeps of it (platform.Keep)
Step = Literal["end", "next", "restart"]
Fetch = Callable[[int, int], Awaitable[list[Item]]]  # (pageNumber, pageSize) → that page's items


@dataclass(frozen=True)
class Listing:
    items: list[Item]
    page_size: int  # the size to start the next list with: smaller once a cap has shown itself


@dataclass
class _Cursor:
    size: int  # pageSize of the next request
    served: int  # the longest page the platform has answered: sizes up to it come back full
    page: int = 0  # pageNumber of the next request
    must_end: bool = False  # the last page was short at a served size: the next must be empty
    cap: int | None = None  # the length of a first page that came back short, until the list goes on
    learned: int | None = None  # a cap the list showed by going on past a short first page
    first_page: int = 0  # how many items page 0 brought: a platform ignoring pageNumber repeats it
    items: list[Item] = field(default_factory=list)
    seen: set[Any] = field(default_factory=set)

    @property
    def proven(self) -> bool:
        return self.size <= self.served


async def read_list(
    fetch: Fetch,
    label: str,
    *,
    expected: int = 0,
    page_size: int = PAGE_SIZE,
    proven: bool = False,
    window: int = PAGE_WINDOW,
) -> Listing:
    """Every item of one list. `proven`: the platform is known to serve `page_size` in full."""
    cursor = _Cursor(size=page_size, served=page_size if proven else 0)
    while True:
        count = _pages_to_ask(cursor, expected)
        for batch in await _window(fetch, cursor, count, window):
            if batch is None:  # not asked: the window stopped at a short or empty page
                break
            step = _take(batch, cursor, label)
            if step == "end":
                return Listing(cursor.items, cursor.learned or page_size)
            if step == "restart":
                break


def requests_for(items: int, page_size: int = PAGE_SIZE) -> int:
    """What a list of `items` costs: its pages, and the empty page that proves it ended."""
    return math.ceil(items / page_size) + 1


def _pages_to_ask(cursor: _Cursor, expected: int) -> int:
    left = expected - len(cursor.items)
    if cursor.must_end or left <= 0:
        return 1
    if not cursor.proven and left < cursor.size:
        return 1  # the first page will be short: what follows depends on its length
    return math.ceil(left / cursor.size) + 1


def _take(batch: list[Item], cursor: _Cursor, label: str) -> Step:
    """One page, in order: "end", "next" (the next page follows), or "restart" (from the cursor)."""
    if not batch:
        return "end"
    if cursor.cap is not None:  # the list went on past a short first page: that was a cap
        cursor.learned, cursor.cap = cursor.cap, None
    if cursor.must_end:  # the list went on after a short page: read on from exactly where it stopped
        cursor.must_end = False
        _realign(cursor)
        return "restart"
    if len(batch) > cursor.size:
        raise PlatformError(
            f"{label} answered {len(batch)} items to pageSize={cursor.size}: the platform ignores "
            "pageSize, so iotplan cannot read this list to its end safely"
        )
    _keep_new(batch, cursor, label)
    cursor.page += 1
    if len(batch) == cursor.size:
        cursor.served = max(cursor.served, cursor.size)
        return "next"
    if cursor.proven:
        cursor.must_end = True
        return "next"
    cursor.served = max(cursor.served, len(batch))  # maybe a cap: read on in pages of this length
    cursor.cap = len(batch)
    _realign(cursor)
    return "restart"


def _keep_new(batch: list[Item], cursor: _Cursor, label: str) -> None:
    """A page of nothing new, as long as page 0, means another writer added entities ahead of the
    read, or a platform counting pageNumber from 1 or ignoring it: none can be told from the others
    safely, and reading on would skip a page or never end. An item read before (even every item of
    a shorter page: one pushed back by an item added ahead of it) means the list moved under the
    read (an unstable order, or entities added or removed meanwhile): what moved out of reach is
    missed, and a missed entity is planned as new, or left out of what a removal destroys, so the
    read stops."""
    keys = _identities(batch)
    seen = cursor.seen
    if not seen:
        cursor.first_page = len(batch)
    if not seen.isdisjoint(keys):  # the usual page shares nothing with those before: one test
        _refuse_items_read_before(batch, keys, cursor, label)
    before = len(seen)
    seen.update(keys)
    if len(seen) - before != len(keys):  # a key the page holds twice: told which one, below
        _refuse_twice_on_one_page(batch, keys, cursor, label)
    cursor.items.extend(batch)


def _refuse_items_read_before(batch: list[Item], keys: list[Any], cursor: _Cursor, label: str) -> None:
    """A page bringing items an earlier page brought: nothing new, another writer adding entities
    ahead of the read or pageNumber not counted from 0; some, the list's order changing under it."""
    seen = cursor.seen
    if seen.issuperset(keys) and len(batch) >= cursor.first_page:
        raise PlatformError(
            f"{label} answered page {cursor.page} with only items it had already sent: {_REPEATED}"
        )
    again = next(item for item, key in zip(batch, keys, strict=True) if key in seen)
    raise PlatformError(
        f"{label} answered page {cursor.page} with {_named(again)}, already read on an earlier page: "
        "the list's order changed while it was read (an order the platform does not keep, or "
        "entities added or removed meanwhile), so iotplan cannot read it to its end safely"
    )


def _refuse_twice_on_one_page(batch: list[Item], keys: list[Any], cursor: _Cursor, label: str) -> None:
    """An item a page brings twice, as one read again on a later page: the page holds one entity
    fewer than it counts, and the one it left out is missed."""
    on_page: set[Any] = set()
    for item, key in zip(batch, keys, strict=True):
        if key in on_page:
            raise PlatformError(
                f"{label} answered page {cursor.page} with {_named(item)} twice: a list holds each entity "
                "once, and the item this one stands in for is missed, so iotplan cannot read the list to "
                "its end safely"
            )
        on_page.add(key)


def _named(item: Any) -> str:
    return live_text(_id_of(item) or "an item without an id")  # never its text: props may hold a secret


def _identities(batch: list[Item]) -> list[Any]:
    """Each item's `_identity`. Where no item is a JSON object and each has a text id, as every live
    entity a reader keeps does, that id, read by one C loop rather than a Python call an item."""
    if not any(issubclass(kind, dict) for kind in set(map(type, batch))):
        try:
            ids = list(map(_ID, batch))
        except AttributeError:  # an item without an id attribute (a reader's own text, say)
            ids = []
        if set(map(type, ids)) == {str} and all(ids):  # no "" either, which `_identity` passes over
            return ids
    return [_identity(item) for item in batch]


_ID = attrgetter("id")


def _identity(item: Any) -> Any:
    """Its id, else its whole text (an item without an id)."""
    return _id_of(item) or json.dumps(item, sort_keys=True, default=str)


def _id_of(item: Any) -> str | None:
    """The id of the JSON item, or of what the reader made of it (`id`, as live entities have)."""
    found = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
    return found if isinstance(found, str) else None


def _realign(cursor: _Cursor) -> None:
    """The next page starts exactly after the items read: the largest served size dividing their count."""
    read = len(cursor.items)
    cursor.size = max(size for size in _divisors(read) if size <= cursor.served)
    cursor.page = read // cursor.size


def _divisors(number: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(number) + 1) if number % d == 0]
    return small + [number // d for d in small]


async def _window(fetch: Fetch, cursor: _Cursor, count: int, width: int) -> list[list[Item] | None]:
    """Pages cursor.page … + count - 1, `width` in flight; those after the end are not asked."""
    slots = asyncio.Semaphore(width)
    first, size, served = cursor.page, cursor.size, cursor.served
    last = first + count - 1  # lowered by an empty or short page, or a failure

    async def page(number: int) -> list[Item] | None:
        nonlocal last, served
        async with slots:
            if number > last:
                return None
            try:
                batch = await fetch(number, size)
            except BaseException:
                last = -1  # the list failed: the pages still waiting are not asked for
                raise
        if len(batch) >= size:
            served = max(served, size)
        else:  # after a short page at a served size, only the next (empty) page is still needed
            last = min(last, number + 1 if batch and size <= served else number)
        return batch

    return await asyncio.gather(*(page(number) for number in range(first, first + count)))
