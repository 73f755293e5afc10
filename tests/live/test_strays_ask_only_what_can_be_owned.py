"""The read asks whose a refId is only where the answer can matter: every sensor of a project is
listed, and matching each refId against the stack's addresses cost a large fleet's read 40 ms and
more (100,000 sensors) where a parent's id or a prefix already answers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from iotplan.live.model import LiveEntity, LiveProject
from iotplan.live.read import _keep_strays, _Lists
from iotplan.manifest import addresses
from iotplan.manifest.addresses import owned_by

OTHER_TOOLS = "/api/N9/node"


def _device(node: str, key: str) -> LiveEntity:
    return LiveEntity(f"{node}/dynamic/{key}/device", {"SERIAL_NO": f"dams:{key}/logger"}, node)


def test_only_sensors_under_the_connections_looked_under_are_asked_whose_they_are() -> None:
    declared, outside = _device("/api/N1/node", "dam-a"), _device(OTHER_TOOLS, "dam-z")
    sensors = [
        LiveEntity(f"{device.id}/S{n}/sensor", {"SERIAL_NO": f"{device.ref_id}/s{n}"}, device.id)
        for device in (declared, outside)
        for n in range(3)
    ]
    asked: list[str | None] = []

    def owned(ref_id: str | None, depth: int) -> bool:
        asked.append(ref_id)
        return owned_by("dams", ref_id, depth)

    project = LiveProject("p", True)
    _keep_strays(project, _Lists([declared, outside], sensors), {OTHER_TOOLS}, lambda _: None, owned)
    assert asked == [outside.ref_id]  # its device owned, its sensors come with it unasked
    assert [sensor.id for sensor in project.strays[OTHER_TOOLS].sensors[outside.id]] == [
        sensor.id for sensor in sensors[3:]
    ]


class _Counted:
    def __init__(self, pattern: re.Pattern[str], matched: list[str]) -> None:
        self.pattern, self.matched = pattern, matched

    def fullmatch(self, text: str) -> Any:
        self.matched.append(text)
        return self.pattern.fullmatch(text)


@pytest.mark.parametrize(
    ("stack", "ref_id"),
    [("", "dams:dam-a/logger"), ("dams", "damsx:dam-a/logger"), ("dam", "dams:dam-a/logger")],
)
def test_a_ref_id_not_in_the_stacks_prefix_is_no_match_to_make(
    monkeypatch: pytest.MonkeyPatch, stack: str, ref_id: str
) -> None:
    matched: list[str] = []
    monkeypatch.setattr(addresses, "_REF_ID_AT", tuple(_Counted(p, matched) for p in addresses._REF_ID_AT))
    assert not owned_by(stack, ref_id, 1)
    assert matched == []
    assert owned_by("dams", "dams:dam-a/logger", 1) and matched == ["dams:dam-a/logger"]
