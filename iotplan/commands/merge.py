"""iotplan merge: the shards' saved plans or drift reports as one, read from their JSON files.

No platform is read: the files are checked (every shard once, one manifest, one iotplan version,
one target, nothing overlapping) and joined (`plan/merge.py`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.plan.merge import Part, merge_plans, merge_reports
from iotplan.plan.model import Plan
from iotplan.secrets import masked_in_place


def merge_command(paths: Sequence[str]) -> Plan | Report:
    for path in paths:
        _refuse_a_pattern_matching_nothing(path)
    # Each file named masked from its read on (a URL's credential in its folders' names): messages only.
    saved = [(masked_in_place(path), read_saved(path)) for path in paths]
    plans = [Part(path, value) for path, value in saved if isinstance(value, Plan)]
    reports = [Part(path, value) for path, value in saved if isinstance(value, Report)]
    if plans and reports:
        raise IotplanError(
            f"cannot merge plans ({plans[0].path}) with drift reports ({reports[0].path}): "
            "merge the shards of one command"
        )
    return merge_plans(plans) if plans else merge_reports(reports)


def _refuse_a_pattern_matching_nothing(path: str) -> None:
    """`shards/plan-*.json` given as written: a shell passes a pattern matching no file so (quoted
    or not), which in a sharded pipeline means no shard left its plan there. Said so, not as a file
    of that name that cannot be read; a file named so that exists is read as any other."""
    if any(magic in path for magic in "*?[") and not os.path.lexists(path):
        raise IotplanError(
            f"{masked_in_place(path)}: no file matches it (a shell passes a pattern matching none as "
            "written), so no shard "
            "left its plan or drift report there: most likely every shard failed before writing one: see "
            "their errors (a pipeline's shard jobs' logs), or check the path if they wrote theirs"
        )
