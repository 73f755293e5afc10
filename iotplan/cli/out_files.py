"""`--out [FORMAT=]FILE`, the one spelling every command uses for the files it writes (`--output`
is the old one, kept as an alias).

A file named after a format alone (`--out json`, `--output md`) is refused: it was always a typo for
`--format json`, and it used to write a report into a file called `json`.

Every such file is written whole or not at all (`write_whole`): a failure halfway through a
70 MB plan leaves the file as it was, never a cut one.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
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


def write_whole(path: str, content: str | Iterable[bytes]) -> None:
    """Write `content` (text, or bytes as they are made) to `path` whole or not at all.

    It goes to a hidden file beside `path`, which then replaces `path` in one step, so an error,
    a full disk or Ctrl-C halfway through leaves whatever `path` held before. What is not a plain
    file (`/dev/stdout`, a pipe) is written directly. A symbolic link is followed, not replaced.
    """
    binary = not isinstance(content, str)
    with _replacing(path, "wb" if binary else "w") as file:
        if binary:
            file.writelines(content)
        else:
            file.write(content)


@contextmanager
def _replacing(path: str, mode: str) -> Iterator[IO[Any]]:
    encoding = None if "b" in mode else "utf-8"
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, mode, encoding=encoding) as file:  # a directory fails here, by name
            yield file
        return
    folder, name = os.path.split(os.path.realpath(path))
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as error:  # named as the file asked for, not the hidden one
        raise OSError(error.errno, error.strerror, path) from None
    try:
        with os.fdopen(handle, mode, encoding=encoding) as file:
            yield file
        destination = os.path.join(folder, name)
        os.chmod(partial, _permissions_for(destination))
        os.replace(partial, destination)
    except BaseException:
        with suppress(OSError):
            os.unlink(partial)
        raise


def _permissions_for(destination: str) -> int:
    """What the file would have had, written in place: its own, or the umask's for a new one
    (mkstemp makes the hidden file readable by its owner alone)."""
    try:
        return stat.S_IMODE(os.stat(destination).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
