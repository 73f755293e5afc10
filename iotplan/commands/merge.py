"""iotplan merge: the shards' saved plans or drift reports as one, read from their JSON files.

No platform is read: the files are checked (every shard once, one manifest, one iotplan version,
one target, nothing overlapping) and joined (`plan/merge.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.plan.merge import Part, merge_plans, merge_reports
from iotplan.plan.model import Plan


def merge_command(paths: Sequence[str]) -> Plan | Report:
    saved = [(path, read_saved(path)) for path in paths]
    plans = [Part(path, value) for path, value in saved if isinstance(value, Plan)]
    reports = [Part(path, value) for path, value in saved if isinstance(value, Report)]
    if plans and reports:
        raise IotplanError(
            f"cannot merge plans ({plans[0].path}) with drift reports ({reports[0].path}): "
            "merge the shards of one command"
        )
    return merge_plans(plans) if plans else merge_reports(reports)
