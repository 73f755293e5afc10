"""A declared device whose SERIAL_NO another writer cleared (the web app, or an update that replaced
its props) is no longer found by its refId, but its sensors still carry theirs, which name it. The
plan is refused, as before, and says what happened and the one step that keeps every history: give
the device its SERIAL_NO back. It never advises declaring the sensors under a device no manifest can
adopt, moving them back under a device that is not there, or a manifest that removes them."""

from __future__ import annotations

import pytest

from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan


@pytest.mark.parametrize("name", ["Logger", "Renamed in web app"])
def test_a_device_that_lost_its_serial_no_is_to_get_it_back(name: str) -> None:
    live, logger = applied_logger_1()
    del logger.props["SERIAL_NO"]
    logger.props["NAME"] = name
    message = str(no_safe_plan(live))
    assert f"the device at {logger.id} named {name!r} lost its SERIAL_NO" in message
    assert "set SERIAL_NO to 'site:dam-a/logger-1' on it in the platform's web app" in message
    assert "its sensors' refIds name it" in message
    assert "1,000 observations" in message
    assert "declare it where it now is" not in message and "move it back" not in message
    assert "removes it" not in message and "another name" not in message
