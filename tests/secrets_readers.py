"""The readers a platform's error text passes through before a user sees it, for tests that parametrise
over each: masking must hold whichever reads it. Also the held secrets those tests remember and the debug
lines they read through, shared so each test file states only what it says."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx

from iotplan.clients.errors import excerpt_told_cut, message_excerpt, platform_message, redact, unseen_escaped
from iotplan.secrets import MASKED, remember

M = MASKED  # what masking writes: its spelling is the code's (tests/test_secrets.py shows it)
PASSPHRASE = "horse battery staple"
TOKEN = "Zq8wLmN3pR7tXk9Vb2Hs"


def as_platform_error(text: str) -> str:
    """`text` as the message of the documented error shape, read as a 401's body is."""
    return platform_message(httpx.Response(401, json={"error": {"code": "Unauthorized", "message": text}}))


READERS = [redact, message_excerpt, as_platform_error]


def as_json_debug_line(text: str) -> str:
    """`text` as the `--debug` JSON reader writes it: inside a JSON string, masked, what is unseen escaped."""
    return unseen_escaped(redact(json.dumps({"notes": text})))


def as_rpc_debug_line(text: str) -> str:
    """`text` as a JSON-RPC payload's debug line shows it: inside a JSON string, escaped once."""
    return excerpt_told_cut(json.dumps({"payload": text}), 10000)


# Every reader, and the debug lines a text is read through as well: for tests whose masking holds in each.
READERS_AND_RPC_LINE = [*READERS, as_rpc_debug_line]
EVERY_READER = [*READERS, as_json_debug_line, as_rpc_debug_line]


def read_with_held(held: str, said: str, read: Callable[[str], str]) -> str:
    """What `read` shows of `said` once `held` is remembered as a secret (conftest forgets it after)."""
    remember(held)
    return read(said)
