"""How a view (a plan, a report, a schema) reaches stdout: whole, or ended by its reader going
away (141), never cut in silence. No client is imported here: `validate` and `schema` print too."""

from __future__ import annotations

import codecs
import select
import sys
from collections.abc import Iterable
from typing import BinaryIO, TextIO

import click

from iotplan.cli.color import is_a_terminal


def write_view(text: str) -> None:
    """A view (a plan, a report, a schema) to stdout, every byte or a closed pipe's 141. Under
    PYTHONUNBUFFERED=1 (CI and Docker images set it) stdout's text layer writes straight to the
    file and drops what a write into a pipe its reader closed left unwritten, with no error: the
    run exited 0 with its view cut at 64 KiB. A terminal is click's (a Windows console's own writes)."""
    if is_a_terminal(sys.stdout):
        click.echo(text, nl=False, err=False)  # err named: the one stdout print allowed
        return
    write_chunks([text.encode(*_encoding_of(sys.stdout))])


def _encoding_of(stdout: TextIO) -> tuple[str, str]:
    """stdout's encoding and errors, but UTF-8 where it says ASCII (PYTHONIOENCODING=ascii, an old
    locale) or nothing, as click.echo wrote views before this writer: `Élodie`, not `\\xc9lodie`."""
    encoding = getattr(stdout, "encoding", None) or "ascii"
    if codecs.lookup(encoding).name == "ascii":
        return "utf-8", "replace"
    return encoding, getattr(stdout, "errors", None) or "strict"


def write_chunks(chunks: Iterable[bytes]) -> None:
    """To stdout as they are made (a plan of 100,000 entities is 70 MB of JSON), as bytes when
    stdout takes them; a stdout replaced by a text stream (a notebook, a test) gets text. Flushed
    at the end: a plan left in a pipe's buffer reached `| tee` after apply's question was answered,
    and a combined log (`2>&1`) put the warnings said after a view before it."""
    binary = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    for chunk in chunks:
        if binary is None:
            sys.stdout.write(chunk.decode())
        else:
            _write_whole(binary, chunk)
    (binary or sys.stdout).flush()


def _write_whole(binary: BinaryIO, chunk: bytes) -> None:
    """Unbuffered, stdout is the file itself, whose write may take part of a chunk (a pipe closing
    as it fills): the rest is written again, so a reader gone is a BrokenPipeError, never a cut."""
    left = memoryview(chunk)
    while left:
        written = binary.write(left)
        if written is None:  # a non-blocking stdout, full: its reader has not taken any yet
            _wait_until_writable(binary)
        left = left[written or 0 :]


def _wait_until_writable(binary: BinaryIO) -> None:
    """Until the reader makes room: writing again at once spun a core at 100% for as long as the
    reader took (`iotplan render big.yaml` into a slow non-blocking pipe)."""
    select.select([], [binary], [])
