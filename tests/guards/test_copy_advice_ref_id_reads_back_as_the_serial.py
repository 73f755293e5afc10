"""The `ref_id:` a refusal offers to adopt a live copy by is written into the manifest as shown: a
SERIAL_NO YAML reads otherwise when bare (`0042` the octal number 34, `12:30` the number 750, `SN #42`
as `SN` and a comment, `'quoted` not at all), or a code point outside the BMP (two surrogate escapes
YAML reads as two characters), is shown as YAML reads it back."""

from __future__ import annotations

import re

import pytest
import yaml

from iotplan.plan.copies import earlier_copy
from tests.guards.test_copies import entity

SERIALS = ["0042", "12:30", "SN #42", "'quoted", "a: b", "true", "1e3", "x\U000f0000y", "SN-42/7"]


@pytest.mark.parametrize("serial", SERIALS)
def test_the_ref_id_offered_reads_back_as_the_serial(serial: str) -> None:
    found = earlier_copy("Logger", [entity("d1", "Logger", serial)], "device", "ref_id", depth=1)
    offered = re.findall(r"`(ref_id: [^`]*)`", found)
    assert offered, found
    assert yaml.safe_load(offered[0]) == {"ref_id": serial}, offered[0]
