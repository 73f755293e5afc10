"""The answer an integrate call gets from the texts it wrote is the one reading them back from the
table gives, whatever the call did to them after (SIZE counted, a rename, a removal, a device entry
undone by `integrate-partial`'s savepoint)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from iotplan.sim.store import Store
from tests.sim.test_integrate_fast_paths import CALLS, VARIANTS
from tests.sim.test_integrate_rules import Platform, device, sensor

CALLS_HERE = {
    **CALLS,
    "a device undone after a sensor of it failed": [
        device("d", sensor("s1")),
        device("e", sensor("s1"), sensor("s1", state="update", SERIAL_NO="s1")),
        device("d", sensor("s2"), state="update"),
    ],
}


def _drawn_afresh_masked(response: httpx.Response) -> tuple[int, str]:
    """The answer, its ids, dates and uuids (drawn afresh for each platform) masked."""
    text = re.sub(r"/api/[0-9A-Fa-z/]*|Import [0-9A-F]{6}", "<id>", response.text)
    text = re.sub(r"\d{4}-\d\d-\d\dT[0-9:.]+Z?", "<date>", text)
    return response.status_code, re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "<uuid>", text)


@pytest.mark.parametrize("variants", VARIANTS, ids=lambda variants: ",".join(variants) or "none")
@pytest.mark.parametrize("name", list(CALLS_HERE))
def test_an_answer_from_written_texts_is_the_answer_read_back(
    name: str, variants: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    call: dict[str, Any] = {"changeState": "new", "refId": "t:n", "devices": CALLS_HERE[name]}
    from_texts = Platform(*variants).integrate(call)
    monkeypatch.setattr(Store, "_wrote", lambda self, entity_id, body: None)  # each read back, as before
    read_back = Platform(*variants).integrate(call)
    assert _drawn_afresh_masked(from_texts) == _drawn_afresh_masked(read_back)
