"""A destroying change's reason is weighed with only its counts masked (sensors, devices,
observations, which grow while it stands): any other digit edited, a stack's name say, is an edit."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from tests.apply.test_stale import connection_removal


def test_digit_edited_in_a_removals_reason_is_an_edit() -> None:
    [fresh] = connection_removal(100, "dam-a/logger-1").changes
    fresh = dataclasses.replace(fresh, reason="owned by stack 'site-1', with 1 device and 3 sensors")
    grown = dataclasses.replace(fresh, reason="owned by stack 'site-1', with 2 devices and 9 sensors")
    edited = dataclasses.replace(fresh, reason="owned by stack 'site-2', with 1 device and 3 sensors")
    assert (edited_parts(grown, fresh), edited_parts(edited, fresh)) == ([], ["reason"])
