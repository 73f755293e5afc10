"""`--out [FORMAT=]FILE`, the one spelling every command uses for the files it writes (`--output`
is the old one, kept as an alias).

A file named after a format alone (`--out json`, `--output md`) is refused: it was always a typo for
`--format json`, and it used to write a report into a file called `json`.

Every such file is written whole or not at all, and a run's files all together or none
(`written_together`): a failure halfway through a 70 MB plan, or on a run's second file, leaves
every file as it was, never a cut one nor a new plan beside the old review.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

# What a file extension says; also words a file must not be named alone.
ALIASES = {"txt": "text", "md": "markdown", "xml": "junit", "htm": "html", "yml": "yaml"}
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "junit": "xml", "html": "html", "yaml": "yaml"}
FORMAT_WORDS = frozenset({*EXTENSIONS, *ALIASES})


@dataclass(frozen=True)
class Output:
    """One file to write: its format, or None for the command's default."""

    path: str
    output_format: str | None = None


class OutputType(click.ParamType):
    """[FORMAT=]FILE, FORMAT one of `formats`. A plain FILE holds `default_format`, or the command's
    --format when that is None; `stem` and `noun` make the hint for a file named after a format."""

    name = "[FORMAT=]FILE"

    def __init__(
        self, formats: tuple[str, ...], stem: str, noun: str = "file", default_format: str | None = None
    ) -> None:
        self.formats, self.stem, self.noun, self.default_format = formats, stem, noun, default_format

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Output:
        if isinstance(value, Output):
            return value
        text = str(value)
        named, equals, path = text.partition("=")
        output_format: str | None = ALIASES.get(named, named)
        if equals and output_format not in self.formats and named.isalpha():
            self.fail(self._unknown_format(named, path), param, ctx)
        if not equals or output_format not in self.formats:
            output_format, path = None, text  # a plain file name, perhaps with "=" in it
        if not path:
            self.fail(f"{text!r}: name a file after '='", param, ctx)
        if Path(path).name.lower() in FORMAT_WORDS:
            self.fail(
                f"{path!r} is a format's name, not a {self.noun}: did you mean {self._meant(path)}?",
                param,
                ctx,
            )
        return Output(path, output_format)

    def _unknown_format(self, named: str, path: str) -> str:
        close = difflib.get_close_matches(named.lower(), self.formats, n=1)
        meant = f": did you mean {close[0]}={path}?" if close else "."
        return (
            f"{named!r} is not one of this command's formats ({', '.join(self.formats)}){meant} "
            f"For a file named '{named}={path}', write --out ./{named}={path}"
        )

    def _meant(self, path: str) -> str:
        word = Path(path).name.lower()
        meant = ALIASES.get(word, word)
        if meant not in self.formats or meant == self.default_format:
            kept = self.default_format or meant
            return f"--out {self._file(kept)}"
        if self.default_format is None:
            return f"--format {meant} --out {self._file(meant)}, or --out {meant}={self._file(meant)}"
        return f"--out {meant}={self._file(meant)}"

    def _file(self, output_format: str) -> str:
        return f"{self.stem}.{EXTENSIONS.get(output_format, output_format)}"


def refuse_unwritable(outputs: tuple[Output, ...], inputs: tuple[str | None, ...] = ()) -> None:
    """Before anything is read: one file per --out, each in a folder that exists, and none of them
    a file the command reads (`plan site.yaml --out site.yaml` would replace the manifest)."""
    paths = [os.path.normpath(output.path) for output in outputs]
    twice = sorted({path for path in paths if paths.count(path) > 1})
    if twice:
        raise click.UsageError(f"--out names {', '.join(twice)} more than once: one file each")
    read = [path for path in inputs if path and path != "-" and os.path.exists(path)]
    for path in paths:
        _refuse_unwritable(path, read)


def _refuse_unwritable(path: str, read: list[str]) -> None:
    if os.path.isdir(path):
        raise click.UsageError(f"--out {path} is a folder: name a file")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise click.UsageError(f"--out {path}: there is no folder {folder}")
    if os.path.exists(path) and any(os.path.samefile(path, each) for each in read):
        raise click.UsageError(f"--out {path} is a file this command reads: it would be overwritten")


Content = str | Iterable[bytes]  # text, or bytes as they are made (a 70 MB plan is never held whole)
Write = Callable[[str, Content], None]


def write_whole(path: str, content: Content) -> None:
    """Write `content` to `path` whole or not at all (written_together, for one file)."""
    with written_together() as write:
        write(path, content)


@contextmanager
def written_together() -> Iterator[Write]:
    """The --out files of one run, put in place together: `write(path, content)` writes each to a
    hidden file beside `path`, and only once the block has written every one whole do they
    replace theirs, each in one step. So an error, a full disk or Ctrl-C halfway through (on the
    third file as on the first) leaves every file as it was, never a cut one nor a new plan beside
    an old review. What is not a plain file (`/dev/stdout`, a pipe) is written directly. A
    symbolic link is followed, not replaced."""
    staged: list[_Staged] = []
    try:
        yield lambda path, content: _stage(path, content, staged)
        _put_in_place(staged)
    finally:
        for left in staged:  # what an error left unplaced
            with suppress(OSError):
                os.unlink(left.partial)


@dataclass(frozen=True)
class _Staged:
    path: str  # as the user named it, for messages
    partial: str  # the hidden file it is written to
    destination: str  # the file it replaces: `path`, a link followed


def _stage(path: str, content: Content, staged: list[_Staged]) -> None:
    binary = not isinstance(content, str)
    mode, encoding = ("wb", None) if binary else ("w", "utf-8")
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, mode, encoding=encoding) as file:  # a directory fails here, by name
            _write(file, content)
        return
    folder, name = os.path.split(os.path.realpath(path))
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as error:  # named as the file asked for, not the hidden one
        raise OSError(error.errno, error.strerror, path) from None
    staged.append(_Staged(path, partial, os.path.join(folder, name)))
    with os.fdopen(handle, mode, encoding=encoding) as file:
        _write(file, content)


def _write(file: IO[Any], content: Content) -> None:
    if isinstance(content, str):
        file.write(content)
    else:
        file.writelines(content)


def _put_in_place(staged: list[_Staged]) -> None:
    """Each replaces its file in one step, once all are written. Were a rename to fail after
    another succeeded (a file made immutable meanwhile), the error names the files already
    replaced, rather than leave a reviewer to guess which plan is which."""
    for each in staged:
        os.chmod(each.partial, _permissions_for(each.destination))
    placed: list[str] = []
    for each in list(staged):
        try:
            os.replace(each.partial, each.destination)
        except OSError as error:
            raise _partly_replaced(error, each.path, placed) from None
        staged.remove(each)
        placed.append(each.path)


def _partly_replaced(error: OSError, path: str, placed: list[str]) -> OSError:
    if not placed:
        return OSError(error.errno, error.strerror, path)
    return OSError(error.errno, f"{error.strerror} (this run already replaced {', '.join(placed)})", path)


def _permissions_for(destination: str) -> int:
    """What the file would have had, written in place: its own, or the umask's for a new one
    (mkstemp makes the hidden file readable by its owner alone)."""
    try:
        return stat.S_IMODE(os.stat(destination).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
