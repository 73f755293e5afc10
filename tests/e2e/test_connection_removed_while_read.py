"""A connection another writer removes between the connection list and its own read.

The plan reads a few connections one by one, by the ids the connection list gave. One removed in
between is answered as an id the platform does not know (the documented 422 "ensure the provided
nodeId is valid"): the plan stopped with that bare refusal, which did not say that iotplan had
just listed the connection. It still stops, and says what happened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import PlatformError
from iotplan.sim.backend import SimBackend
from tests.commands.test_paged_lists_read_again import applied, connection, listed, plan_counting, site
from tests.guards.fleet import PROJECT


def removed_at_the_first_read(monkeypatch: pytest.MonkeyPatch, node_id: str) -> None:
    """The writer removes connection `node_id` just before the first connection read is answered."""
    answer = SimBackend.integration_of
    done: list[bool] = []

    def integration_of(backend: SimBackend, read: str, *args: object, **kwargs: object) -> object:
        if not done:
            done.append(True)
            backend.integrate(PROJECT, {"integration": {"nodeId": node_id, "changeState": "remove"}})
        return answer(backend, read, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SimBackend, "integration_of", integration_of)


def test_a_connection_removed_between_the_list_and_its_read_is_said_to_be_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    three = site(connection("c1", "d1"), connection("c2", "d1"), connection("c3", "d1"))
    applied(db, three)
    [c2] = [node["id"] for node in listed(db, "nodes") if node["props"].get("SERIAL_NO") == "st:c2"]
    removed_at_the_first_read(monkeypatch, c2)
    with pytest.raises(PlatformError) as stopped:
        plan_counting(db, three, "POST /api/integrations/{nodeId}")
    assert str(stopped.value) == (
        f"connection c2 ({c2}) was listed but was gone when read (answered 422): removed while it was "
        "read? Run it again"
    )
    assert stopped.value.response.status_code == 422  # type: ignore[attr-defined]
