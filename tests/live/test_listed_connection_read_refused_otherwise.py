"""A connection the list just gave whose own read the platform refuses with a 422 that is not the
documented unknown nodeId ("ensure the provided nodeId is valid"): the plan stops with the platform's
refusal, never "removed while it was read? Run it again", which a rerun would not bear out."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import PlatformError
from iotplan.sim.backend import SimBackend
from iotplan.sim.errors import unprocessable
from tests.commands.test_paged_lists_read_again import applied, connection, plan_counting, site

REFUSED = "Cannot process integration: projectIds must name projects of your organisation."


def refusing_connection_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def integration_of(backend: SimBackend, *args: object, **kwargs: object) -> object:
        raise unprocessable(REFUSED)

    monkeypatch.setattr(SimBackend, "integration_of", integration_of)


def test_another_422_on_a_listed_connections_read_is_the_platforms_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    three = site(connection("c1", "d1"), connection("c2", "d1"), connection("c3", "d1"))
    applied(db, three)
    refusing_connection_reads(monkeypatch)
    with pytest.raises(PlatformError) as stopped:
        plan_counting(db, three, "POST /api/integrations/{nodeId}")
    assert "answered 422" in str(stopped.value) and REFUSED in str(stopped.value), str(stopped.value)
    assert "Run it again" not in str(stopped.value) and "was listed" not in str(stopped.value)
