"""pz-1 (10 observations) moved onto channel 8 by another writer after this apply planned pz-4 there
and before it wrote: pz-4 was created beside it, and only the verifying read could tell. A read of
the logger's sensors just before the first write now finds the channel taken, and nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.channel_taken_meanwhile import (
    PZ_1,
    PZ_4,
    applied_with_history,
    channels,
    moved_onto_8_meanwhile,
    stopped_before_the_write,
)
from tests.e2e.conftest import Workspace


def test_a_channel_taken_before_the_write_stops_the_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    moved_onto_8_meanwhile(workspace, monkeypatch, "get_nodes")  # the unit's first read, before its writes

    stopped_before_the_write(workspace)

    assert channels(workspace) == {PZ_1: 8}  # pz-4 not created
    assert PZ_4 not in channels(workspace)
