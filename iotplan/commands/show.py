"""iotplan show: a saved plan or drift report, read back from its JSON without reading the platform."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from iotplan.collector import paused_collector
from iotplan.commands.saved_plans import read_saved_lines
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.plan.model import Plan
from iotplan.render import plan_from_dict, strict_json
from iotplan.render.drift_json import DRIFT_KIND, drift_from_dict
from iotplan.secrets import masked_in_place


def read_saved(path: str, noted: list[str] | None = None) -> Plan | Report:
    """What `plan --out` or `drift --out json=` wrote; one IotplanError line for anything else. With
    `noted` (show's), a plan refused only for an impact figure this iotplan counts otherwise is read,
    and why it is refused is added to `noted`: every view counts its impact again."""
    # Opened as given, named masked in every refusal (a URL's credential in its folders' names).
    named = masked_in_place(path)
    with paused_collector():  # a merge reads a million changes, and decoding makes no cycles
        try:
            _refuse_too_large(path, named)
            return read_saved_lines(path) or _read_whole(path, named, noted)
        except (OSError, UnicodeDecodeError) as error:
            raise IotplanError(
                _wide_text_said(path, error)
                or f"{named}: cannot read it: {getattr(error, 'strerror', None) or error}"
            ) from None


# The largest plan or drift report read, told by its size before any of it is read. Measured at
# 111,000 entities (benchmarks/fleet.yaml.j2, 1,000 connections of 10 devices of 10 sensors): a plan
# changing every sensor is 85 MB (766 bytes an entity), a no-op plan 74 MB, one creating them all
# 61 MB. A merged plan of the 1,110,000 entities benchmarks/SHARDS.md plans in shards, each changed,
# is some 850 MB: 1 GiB holds it. Read whole, as a file not laid out as iotplan writes is, a 2 GB
# file took its size many times over in memory before a word was said of it.
MAX_SAVED_BYTES = 2**30


def _refuse_too_large(path: str, named: str) -> None:
    size = os.stat(path).st_size
    if size > MAX_SAVED_BYTES:
        raise IotplanError(
            f"{named}: {size:,} bytes, more than the {MAX_SAVED_BYTES:,} iotplan reads of a plan or drift "
            "report (a merged plan of 1,110,000 entities, each changed, is some 850 MB): not one iotplan "
            "wrote, or one of a fleet larger than that, whose shards' own plans apply one at a time"
        )


def _wide_text_said(path: str, error: Exception) -> str | None:
    """A plan or report saved as UTF-16 (Windows PowerShell 5's `>`) told so, not by the codec's error."""
    from iotplan.commands.inputs import saved_as_wide_text  # which loads the manifest's reader

    return saved_as_wide_text(path) if isinstance(error, UnicodeDecodeError) else None


def _read_whole(path: str, named: str, noted: list[str] | None) -> Plan | Report:
    text = Path(path).read_text(encoding="utf-8-sig")  # a BOM: PowerShell 5's `Out-File -Encoding utf8`
    try:
        document = strict_json.loads_whole(text)
    except json.JSONDecodeError as error:
        raise IotplanError(f"{named}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    except strict_json.NotAsWritten as error:
        raise IotplanError(f"{named}: not a plan or drift report iotplan wrote: {error}") from None
    return _parsed(named, document, noted)


def _parsed(named: str, document: Any, noted: list[str] | None) -> Plan | Report:
    if not isinstance(document, dict):
        raise IotplanError(
            f"{named}: not a plan saved by `iotplan plan --out` nor a drift report (not an object)"
        )
    try:
        if document.get("kind") == DRIFT_KIND:
            return drift_from_dict(document)
        if "changes" in document and "stack" in document:
            return _plan_read(named, document, noted)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        what = "drift report" if document.get("kind") == DRIFT_KIND else "plan"
        raise IotplanError(f"{named}: not a {what} this iotplan reads: {_said(error)}") from None
    raise IotplanError(
        f"{named}: not a plan saved by `iotplan plan --out` nor a drift report (`--format json`)"
    )


def _plan_read(named: str, document: dict[str, Any], noted: list[str] | None) -> Plan:
    from iotplan.render.json_plan import CountedOtherwise  # loaded by plan_from_dict already

    try:
        return plan_from_dict(document)
    except CountedOtherwise as error:
        if noted is None:  # apply's and merge's: refused, as a CI gate may have passed its figure
            raise
        noted.append(f"{named}: {_said(error)}")
        return error.plan


def _said(error: Exception) -> str:
    return f"missing field {error}" if isinstance(error, KeyError) else str(error).splitlines()[0]
