"""A tiny HTTPS server on loopback with a certificate from a throwaway CA (trustme) that nothing
on this machine trusts: what a platform or THREAD with a self-signed certificate looks like."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import trustme

ANSWERS: dict[str, Any] = {"/api/serialNumber": "4A1B2C", "/api/projects/p": {"id": "p"}}


@asynccontextmanager
async def https_server() -> AsyncIterator[tuple[str, list[str]]]:
    """Yields the server's base URL and the list of request lines it answered."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1", "localhost").configure_cert(context)
    answered: list[str] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            line = head.split("\r\n", 1)[0]
            answered.append(line)
            body = json.dumps(ANSWERS.get(line.split(" ")[1].split("?")[0], {})).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"https://127.0.0.1:{port}", answered
