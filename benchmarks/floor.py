"""The floor of a no-op plan (issue 17): what any Python tool reading this fleet must spend.

Floor = interpreter start (`python -c pass`, median) + the fastest YAML parse available of the
rendered manifest (rapidyaml when importable, else libyaml's CSafeLoader) + decoding the list
pages iotplan reads with orjson + waiting (requests × latency ÷ parallelism of iotplan's no-op
plan). The first three are the "CPU floor" the rate-limited target adds to requests ÷ rate.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import yaml

LISTS = ("nodes", "devices", "sensors")
STARTS = 5  # interpreter starts timed; the median is kept
REPEATS = 3  # parses and decodes timed; the best is kept, as a floor should be


def measure_floor(
    list_pages: Callable[[str], list[bytes]],
    rendered: Path,
    noop_requests: int,
    latency_ms: float,
    parallelism: int,
) -> dict[str, Any]:
    pages = [page for kind in LISTS for page in list_pages(kind)]
    start_s = interpreter_start()
    parse = fastest_parse(rendered.read_bytes())
    decode_s = best_of(lambda: [orjson.loads(page) for page in pages])
    waiting_s = noop_requests * latency_ms / 1000 / parallelism
    return {
        "start_s": start_s,
        **parse,
        "pages": len(pages),
        "page_bytes": sum(map(len, pages)),
        "decode_s": decode_s,
        "noop_requests": noop_requests,
        "waiting_s": waiting_s,
        "cpu_floor_s": start_s + parse["parse_s"] + decode_s,
        "floor_s": start_s + parse["parse_s"] + decode_s + waiting_s,
    }


def interpreter_start() -> float:
    timings = []
    for _ in range(STARTS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def fastest_parse(text: bytes) -> dict[str, Any]:
    """The manifest to Python objects by the fastest parser here, with libyaml's time beside it.

    rapidyaml parses into its own tree; its JSON emitter and orjson make Python objects of it, and
    the result is compared with libyaml's (a manifest with YAML 1.1 scalars, tags or anchors would
    differ: then the route does not fit this manifest and libyaml is the floor)."""
    libyaml_s, expected = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    figures: dict[str, Any] = {"parser": "libyaml CSafeLoader", "parse_s": libyaml_s, "libyaml_s": libyaml_s}
    try:
        import ryml  # type: ignore[import-not-found]  # optional: pip install '.[bench]'
    except ImportError:
        return figures
    tree_s = best_of(lambda: ryml.parse_in_arena(text))

    def to_python() -> Any:
        return orjson.loads(ryml.emit_json(ryml.parse_in_arena(text)))

    parse_s, parsed = timed(to_python)
    if parsed != expected:
        return {**figures, "rapidyaml": "differs from libyaml on this manifest"}
    parse_s = min(parse_s, best_of(to_python))
    return {**figures, "parser": "rapidyaml (tree → JSON → orjson)", "parse_s": parse_s, "tree_s": tree_s}


def best_of(work: Callable[[], Any], repeats: int = REPEATS) -> float:
    return min(timed(work)[0] for _ in range(repeats))


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds `work` took with the collector off (what a tuned loader does), and its result."""
    gc.disable()
    try:
        started = time.perf_counter()
        result = work()
        return time.perf_counter() - started, result
    finally:
        gc.enable()
