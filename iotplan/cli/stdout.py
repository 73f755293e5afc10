"""How a view (a plan, a report, a schema) reaches stdout: whole, or ended by its reader going
away (141), never cut in silence. No client is imported here: `validate` and `schema` print too."""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import stat
import sys
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

import click

from iotplan.cli.color import is_a_terminal
from iotplan.errors import IotplanError


def write_view(text: str) -> None:
    """A view (a plan, a report, a schema) to stdout, every byte or a closed pipe's 141. Under
    PYTHONUNBUFFERED=1 (CI and Docker images set it) stdout's text layer writes straight to the
    file and drops what a write into a pipe its reader closed left unwritten, with no error: the
    run exited 0 with its view cut at 64 KiB. A terminal too, which a process sharing it (node, ssh)
    may leave non-blocking: through click.echo, which does not wait, `iotplan schema` ended with 14 KB
    of 200 KB shown. Only a Windows console is click's, written as UTF-16 by its own calls."""
    stdout = _open_stdout()
    if sys.platform == "win32" and is_a_terminal(stdout):
        click.echo(text, nl=False, err=False)  # err named: the one stdout print allowed
    elif getattr(stdout, "buffer", None) is None:  # a text stream (a notebook, a test): no bytes
        _write_texts(stdout, [text])
    else:
        write_chunks([_encoder_of(stdout).encode(text)])


def _open_stdout() -> TextIO:
    """stdout, unless the run was started with it closed (`iotplan schema >&-`, a daemon's job):
    Python then has none, and the view went to click.echo, which dropped it and exited 0, then to
    the writer, which ended `Error: unexpected AttributeError` with a traceback after it."""
    if sys.stdout is None:
        raise IotplanError(
            "stdout is closed: the view has nowhere to go (redirect it to a file, or to /dev/null)"
        )
    return sys.stdout


def refuse_closed_stdout() -> None:
    """Before a command reads the platform: `apply --format json --auto-approve >&-` made all its
    writes, then ended `stdout is closed` with nothing said of them."""
    _open_stdout()


def stdout_unreadable() -> str | None:
    """What stdout is where nothing written to it can be read back (`/dev/null`, any character
    device that is not a terminal; a file deleted while open), else None."""
    opened = _stdout_file()
    if opened is None:
        return None
    descriptor, status = opened
    if stat.S_ISCHR(status.st_mode) and not is_a_terminal(sys.stdout):
        return _name_of(descriptor) or "a character device that is not a terminal"
    if stat.S_ISREG(status.st_mode) and status.st_nlink == 0:  # no name left on any directory
        deleted = _name_of(descriptor).removesuffix(" (deleted)")  # Linux's name for it
        return f"{deleted}, deleted" if deleted else "a deleted file"
    return None


@dataclass(frozen=True)
class Elsewhere:
    """Where stdout is when it is not the terminal a question is asked on: `kind` another "terminal",
    a "pipe", a "socket", or a "file" (whatever else); `name` as the system names it (`/dev/pts/7`,
    `/home/ana/apply.log`), empty where it names none (a pipe; a system without /proc)."""

    kind: str
    name: str


def stdout_elsewhere() -> Elsewhere | None:
    """None where stdout is the terminal the question is shown on."""
    if is_a_terminal(sys.stdout):
        return _another_terminal()
    opened = _stdout_file()
    if opened is None:
        return Elsewhere("file", "")
    descriptor, status = opened
    if stat.S_ISFIFO(status.st_mode):
        return Elsewhere("pipe", "")
    if stat.S_ISSOCK(status.st_mode):
        return Elsewhere("socket", "")
    return Elsewhere("file", _name_of(descriptor))


def _another_terminal() -> Elsewhere | None:
    """stdout, a terminal, where it is not the one the question is shown on (`> /dev/pts/7`, a tmux
    pane): that terminal showed no plan above the question, nor any word of where it went."""
    opened = _stdout_file()
    if opened is None:  # no file: nothing to tell it apart by
        return None
    descriptor, status = opened
    if status.st_rdev in _question_terminals():
        return None
    try:
        return Elsewhere("terminal", os.ttyname(descriptor))
    except OSError:
        return Elsewhere("terminal", _name_of(descriptor))


def _stdout_file() -> tuple[int, os.stat_result] | None:
    """stdout's descriptor and what the system says of it, or None: no stdout, or no file (a text
    stream)."""
    try:
        descriptor = sys.stdout.fileno()
        return descriptor, os.fstat(descriptor)
    except (AttributeError, OSError, ValueError):
        return None


def _question_terminals() -> set[int]:
    """The devices the question's terminal is: stderr's (the question) or, where that is no terminal,
    stdin's (the answer); and /dev/tty's, the run's own terminal by another name (`> /dev/tty`)."""
    devices = set()
    for stream in (sys.stderr, sys.stdin):
        if is_a_terminal(stream):
            with contextlib.suppress(OSError, ValueError):
                devices.add(os.fstat(stream.fileno()).st_rdev)
            break
    with contextlib.suppress(OSError):
        devices.add(os.stat("/dev/tty").st_rdev)
    return devices


def _name_of(descriptor: int) -> str:
    """The path the system names an open file by (`/home/ana/apply.log`, `/dev/pts/7`), or empty:
    a pipe (Linux's `pipe:[8]`), a system without /proc."""
    try:
        named = os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return ""
    return named if named.startswith("/") else ""


# A stream's encoder, kept for the run: UTF-16's BOM starts the stream, not each view (two views put a
# U+FEFF inside the text of the second).
_ENCODERS: weakref.WeakKeyDictionary[TextIO, codecs.IncrementalEncoder] = weakref.WeakKeyDictionary()


def _encoder_of(stdout: TextIO) -> codecs.IncrementalEncoder:
    encoder = _ENCODERS.get(stdout)
    if encoder is None:
        encoding, errors = _encoding_of(stdout)
        encoder = _ENCODERS[stdout] = codecs.getincrementalencoder(encoding)(errors)
        if _past_its_start(stdout):
            encoder.setstate(0)  # as TextIOWrapper does: a BOM starts the file, not what `>>` adds
    return encoder


def _past_its_start(stdout: TextIO) -> bool:
    """Whether stdout is a file written past its start (`>> apply.log`): UTF-16 there had a second BOM."""
    try:
        return stdout.buffer.seekable() and stdout.buffer.tell() != 0
    except (AttributeError, OSError, ValueError):
        return False


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
    stdout = _open_stdout()
    binary = getattr(stdout, "buffer", None)
    if binary is None:
        _write_texts(stdout, (chunk.decode() for chunk in chunks))  # a JSON view's UTF-8
        return
    _flush_whole(stdout)  # what its text layer holds goes first
    made = iter(chunks)
    _write_whole(binary, _first_pipeful(made))
    for chunk in made:
        _write_whole(binary, chunk)
    _flush_whole(binary)


# What a pipe holds before its writer waits (Linux's default, Python's read of a pipe too).
PIPE_CAPACITY = 64 * 1024


def _first_pipeful(chunks: Iterator[bytes]) -> bytes:
    """The chunks joined until they pass a pipe's capacity: a view that fits goes out in one write,
    which the pipe takes whole before its reader can read any: a reader gone after its first line
    (`| head -1`) cannot end, mid-view, a run whose output fits the pipe (README: its exit code is
    the run's own). One chunk is not copied: a text view is one, 70 MB for a large plan."""
    taken: list[bytes] = []
    size = 0
    for chunk in chunks:
        taken.append(chunk)
        size += len(chunk)
        if size > PIPE_CAPACITY:
            break
    return b"".join(taken)


def _write_texts(stdout: TextIO, texts: Iterable[str]) -> None:
    for text in texts:
        stdout.write(text)
    _flush_whole(stdout)


def _write_whole(binary: BinaryIO, chunk: bytes) -> None:
    """Unbuffered, stdout is the file itself, whose write may take part of a chunk (a pipe closing
    as it fills), and a full non-blocking one takes none, buffered or not: the rest is written
    again, so a reader gone is a BrokenPipeError, never a cut."""
    left = memoryview(chunk)
    while left:
        written = _write_some(binary, left)
        if not written:  # a non-blocking stdout, full: its reader has not taken any yet
            _wait_until_writable(binary)
        left = left[written:]


def _write_some(binary: BinaryIO, data: memoryview) -> int:
    """How much of `data` stdout took: none where a non-blocking one is full, which an unbuffered
    stdout says by None and a buffered one (Python's default) by BlockingIOError, what its buffer
    took counted in it: that error ended the run with the view cut at 64 KiB."""
    try:
        return binary.write(data) or 0
    except BlockingIOError as full:
        return full.characters_written


def _flush_whole(stream: BinaryIO | TextIO) -> None:
    """What `stream` holds, to the file: a full non-blocking one is waited for, as a write is."""
    while True:
        try:
            stream.flush()
            return
        except BlockingIOError:
            _wait_until_writable(stream)


def _wait_until_writable(stream: BinaryIO | TextIO) -> None:
    """Until the reader makes room: writing again at once spun a core at 100% for as long as the
    reader took (`iotplan render big.yaml` into a slow non-blocking pipe)."""
    select.select([], [stream], [])
