"""A merged plan's shards are read ahead of their turn, for the plan file's edits: a warning that
read gives (a count JSON-RPC did not give) that shard's own read at its turn gives again. Held, it
is not told twice, every later shard's before the first shard's plan."""

from __future__ import annotations

import logging

import pytest

from iotplan.commands.shard_apply import _warnings_held


def test_shard_read_ahead_holds_its_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with _warnings_held():
        logging.getLogger("iotplan.live.counts").warning("JSON-RPC did not answer")
    logging.getLogger("iotplan.live.counts").warning("at its turn")
    assert [record.getMessage() for record in caplog.records] == ["at its turn"]
