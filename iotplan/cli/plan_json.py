"""A plan's JSON document for every place of one command that takes it (saved JSON plans, stdout,
a Markdown view's digest), and the digest of the saved plan: `plan --out` and `merge --out` alike."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

from iotplan.cli.out_files import Output
from iotplan.plan.model import Plan


def json_of(plan: Plan, outputs: tuple[Output, ...], output_format: str) -> Callable[[], Iterable[bytes]]:
    """The plan's JSON for every place of this run that takes it: each saved JSON plan and stdout
    (`--format json`) take one document, made of the one plan, and a Markdown view the digest of it.
    Made once where two or more take it, and held meanwhile: a plan of 100,000 changes made it again
    for each, 1.1 s of CPU each time. Made as it is written where one takes it, never held: 85 MB."""
    formats = [output_format, *(output.output_format or "json" for output in outputs)]
    if formats.count("json") + formats.count("markdown") < 2:
        return lambda: _json_chunks(plan)
    return functools.cache(lambda: list(_json_chunks(plan)))


def _json_chunks(plan: Plan) -> Iterator[bytes]:
    from iotplan.render.json_plan import plan_json_chunks  # a plan shown as text need not load it

    return plan_json_chunks(plan)


class DigestOnce:
    """The saved plan's digest, hashed once: as its first JSON file is written, or of its JSON for a
    Markdown view written before one (`--out plan.md --out plan.json` hashed it twice)."""

    def __init__(self, json: Callable[[], Iterable[bytes]]) -> None:
        self._json = json
        self._digest: str | None = None

    def written(self) -> Iterable[bytes]:
        """The JSON plan to write, hashed on the way where it was not yet."""
        return self._json() if self._digest is not None else self._hashing()

    def _hashing(self) -> Iterator[bytes]:
        from iotplan.render.json_plan import Digested  # a plan shown as text need not load it

        digested = Digested(self._json())
        yield from digested
        self._digest = digested.digest

    def digest(self) -> str:
        """The digest, read from the JSON written already, else hashed of it now."""
        if self._digest is None:
            from iotplan.render.json_plan import digest_of

            self._digest = digest_of(self._json())  # of the JSON made once (`json_of`)
        return self._digest
