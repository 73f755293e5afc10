"""A logger moved from a declared THREAD (`ta`, shard 3 of 3) to a new THREAD another shard registers
(`tn`, `register: true`, shard 1): one run tells on the new logger's line that the box is kept
unmanaged under `ta`, holding its history, and on its sensor's that the old one keeps its
observations. The shard registering `tn` has no THREAD of its own on the platform to read, yet it
and the merged plan say what one run says."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread_logger_moved_between_two_declared_threads_is_noted import HEAD
from tests.e2e.test_thread_logger_moved_to_another_shards_thread_is_noted_by_the_shards import (
    MOVED,
    VW,
    told_as_one_run_tells,
)

REGISTERED = """\
      - key: tn
        kind: thread
        id: /fn/ABC123/node
        register: true
        version: "7.17.0"
        name: THREAD N
        devices:
          - {key: dg, type: DGSI_M_LOGGER, serial: "032432", port: 2}
"""


def test_the_shard_registering_the_thread_a_logger_moved_to_notes_it_as_one_run_does(
    workspace: Workspace,
) -> None:
    told_as_one_run_tells(workspace, HEAD + VW, HEAD + REGISTERED + MOVED, "tn/moved")
