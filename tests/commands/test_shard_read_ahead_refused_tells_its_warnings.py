"""A shard read ahead of its turn that ends in an error (its file edited, a read that failed) tells
the warnings its read gave, which no read at its turn will: they may say why."""

from __future__ import annotations

import logging

import pytest

from iotplan.commands.shard_apply import _warnings_held


def test_shard_read_ahead_refused_tells_its_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(RuntimeError), _warnings_held():
        logging.getLogger("iotplan.live.counts").warning("JSON-RPC did not answer")
        raise RuntimeError("refused")
    assert [record.getMessage() for record in caplog.records] == ["JSON-RPC did not answer"]
