"""A JSON-RPC error with no id is logged as a warning: it went through redaction whole, with no
limit (80 KB of it stalled a plan for minutes), and showed its numeric `code` as "(sensitive)". It is
cut to an excerpt, its code shown as the platform sent it."""

from __future__ import annotations

import logging

import pytest

from tests.clients.test_jsonrpc import FakePlatform, Responses, reply, run


def _with_an_idless_error_first(message: str) -> FakePlatform:
    error = {"jsonrpc": "2.0", "id": None, "error": {"code": -32000, "message": message}}
    return FakePlatform(time=lambda r: Responses([error, reply(r, {"time": "t"})]))


def test_an_idless_error_keeps_its_code_and_masks_its_password(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert run(_with_an_idless_error_first("rejected password=Hunt3rXyz"), lambda c: c.time()) == {
            "time": "t"
        }
    said = caplog.text
    assert "-32000" in said and "Hunt3rXyz" not in said and "password=(sensitive)" in said, said


def test_a_long_idless_error_is_cut(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        run(_with_an_idless_error_first("x" * 80_000), lambda c: c.time())
    assert 0 < len(caplog.text) < 8_000, len(caplog.text)


def test_an_idless_error_without_a_message_shows_its_code_alone(caplog: pytest.LogCaptureFixture) -> None:
    """`{"code": -32600}` with no message was logged "-32600: None"."""
    error = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600}}
    platform = FakePlatform(time=lambda r: Responses([error, reply(r, {"time": "t"})]))
    with caplog.at_level(logging.WARNING):
        run(platform, lambda c: c.time())
    assert "error for no request: -32600\n" in caplog.text + "\n" and "None" not in caplog.text, caplog.text
