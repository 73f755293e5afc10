"""`--out [FORMAT=]FILE`, the one spelling every command uses for the files it writes (`--output`
is the old one, kept as an alias), with one rule for what a file holds:

- FORMAT=FILE holds FORMAT;
- a FILE whose extension names a format (.json, .md, .txt, .xml for JUnit, .html, .yaml) holds that
  format: `drift --out drift.json` writes the JSON report `show` and `merge` read;
- any other FILE (`tfplan`, `/dev/stdout`) holds the command's own: the JSON plan for `plan`, the
  manifest for `import`, `--format` for `drift` (whose default is text).

So no file's name says another format than it holds: a FORMAT= or a `--format` its extension
contradicts is refused, as is an extension naming a format the command does not write, each with
the `--out` to write instead. A file named after a format alone (`--out json`, `--output md`) is
refused too: it was always a typo for `--format json`, and it used to write a file called `json`.

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
from typing import IO, Any, NoReturn

import click
from click.core import ParameterSource

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.commands.inputs import inputs_read_once
from iotplan.errors import IotplanError
from iotplan.plan.model import Plan
from iotplan.secrets import is_empty, masked_in_place

# What a file extension says; also words a file must not be named alone.
ALIASES = {"txt": "text", "md": "markdown", "xml": "junit", "htm": "html", "yml": "yaml"}
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "junit": "xml", "html": "html", "yaml": "yaml"}
# What SQLite keeps beside a database, to be read with it.
SQLITE_JOURNALS = ("-wal", "-shm", "-journal")
FORMAT_WORDS = frozenset({*EXTENSIONS, *ALIASES})
NAMED_BY_EXTENSION = {
    **{extension: name for name, extension in EXTENSIONS.items()},
    **ALIASES,
    "markdown": "markdown",
}


def format_named_by(path: str) -> str | None:
    """The format FILE's extension names (`PLAN.JSON` too), or None: `tfplan`, `/dev/stdout`."""
    return NAMED_BY_EXTENSION.get(Path(path).suffix.lower().removeprefix("."))


@dataclass(frozen=True)
class Output:
    """One file to write: its format, or None for the command's own; `by_extension` when the
    format is the one its name's extension says, not one written out as FORMAT=."""

    path: str
    output_format: str | None = None
    by_extension: bool = False


class OutputType(click.ParamType):
    """[FORMAT=]FILE, FORMAT one of `formats`. A plain FILE holds the format its extension names,
    else `default_format`, or the command's --format when that is None; `stem` and `noun` make the
    hint for a file named after a format."""

    name = "[FORMAT=]FILE"

    def __init__(
        self, formats: tuple[str, ...], stem: str, noun: str = "file", default_format: str | None = None
    ) -> None:
        self.formats, self.stem, self.noun, self.default_format = formats, stem, noun, default_format

    def fail(
        self, message: str, param: click.Parameter | None = None, ctx: click.Context | None = None
    ) -> NoReturn:
        """Every refusal quotes what was given (`--out json=https://user:pw@host/x.md`) masked in place,
        as every message masks anyone's text: a file's name may be a URL holding a credential."""
        super().fail(masked_in_place(message), param, ctx)

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
        if is_empty(path):
            where = "after '='" if equals else "(an unset shell variable?)"
            self.fail(f"{text!r}: it is empty: give the file {where}", param, ctx)
        if Path(path).name.lower() in FORMAT_WORDS:
            self.fail(
                f"{path!r} is a format's name, not a {self.noun}: did you mean {self._meant(path)}?",
                param,
                ctx,
            )
        refused = self._misnamed(text, path, output_format)
        if refused:
            self.fail(refused, param, ctx)
        by_extension = output_format is None and format_named_by(path) is not None
        return Output(path, output_format or format_named_by(path), by_extension)

    def _misnamed(self, text: str, path: str, output_format: str | None) -> str | None:
        """Why FILE's extension says another format than it would hold, or None."""
        says = format_named_by(path)
        if says is None or says == output_format:
            return None
        if output_format is not None:  # FORMAT= written out, and contradicted
            other = f", or --out {says}={path}" if says in self.formats else ""
            return (
                f"{text!r}: a {Path(path).suffix} file would hold {output_format}: write --out "
                f"{output_format}={renamed(path, output_format)}{other}"
            )
        if says not in self.formats:
            kept = self.default_format or self._saved_format()
            return (
                f"{path!r} names {says}, which this command does not write ({', '.join(self.formats)}): "
                f"name the file after what it holds, e.g. --out {renamed(path, kept)}"
            )
        return None

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
            kept = self.default_format or (meant if meant in self.formats else self._saved_format())
            return f"--out {self._file(kept)}"
        if self.default_format is None:
            return f"--format {meant} --out {self._file(meant)}, or --out {meant}={self._file(meant)}"
        return f"--out {meant}={self._file(meant)}"

    def _saved_format(self) -> str:
        """What `show`, `apply` and `merge` read back, when the command writes it."""
        return "json" if "json" in self.formats else self.formats[0]

    def _file(self, output_format: str) -> str:
        return f"{self.stem}.{EXTENSIONS.get(output_format, output_format)}"


def renamed(path: str, output_format: str) -> str:
    """`path` with the extension of `output_format`: drift.json → drift.xml for junit."""
    return str(Path(path).with_suffix(f".{EXTENSIONS[output_format]}"))


def format_given() -> bool:
    """Whether the running command's --format was given, not left at its default."""
    source = click.get_current_context().get_parameter_source("output_format")
    return source not in (None, ParameterSource.DEFAULT)


def refuse_disagreeing_format(outputs: tuple[Output, ...], output_format: str) -> None:
    """drift, and merge of drift reports, where --format is also what a FILE whose extension
    names no format holds: a --format given that a FILE's extension contradicts is refused, not
    one of them dropped. Before anything is read."""
    if not format_given():
        return
    for output in outputs:
        if output.by_extension and output.output_format != output_format:
            says = output.output_format
            raise click.UsageError(
                f"--out {output.path} names {says}, but --format says {output_format}: write --out "
                f"{output_format}={renamed(output.path, output_format)}, or --out {says}={output.path}"
            )


def refuse_unwritable(
    outputs: tuple[Output, ...], inputs: tuple[str | None, ...] = (), target: TargetOptions | None = None
) -> None:
    """Before anything is read: one file per --out, each in a folder that exists, and none of them
    a file the command reads (`plan site.yaml --out site.yaml` would replace the manifest), nor the
    database of the embedded platform `target` opens, nor a journal beside it: written over, the
    whole platform would be gone (`plan site.yaml --out .iotplan/sim.db`). No file name that is not
    UTF-8, read or written: plans, reports and comments name their files in UTF-8 JSON and text."""
    _refuse_names_not_utf8([output.path for output in outputs] + [path for path in inputs if path])
    paths = [output.path for output in outputs]  # as given: `link/..` is not `.` when link is a folder's link
    _refuse_one_file_twice(paths)
    read = [path for path in inputs if path and path != "-" and os.path.exists(path)]
    database = _embedded_database(target) if paths else None  # the target is chosen again only for an --out
    for path in paths:
        _refuse_unwritable(path, read)
        if database is not None:
            _refuse_the_database(path, database)


def _refuse_names_not_utf8(paths: list[str]) -> None:
    """A name whose bytes are not UTF-8 cannot be written in a saved plan, so apply could not read
    the manifest again by it: refused, before reading, rather than failing once the platform is read."""
    for path in paths:
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(path).decode("utf-8", "backslashreplace")
            raise click.UsageError(
                f"{shown}: the file name is not UTF-8, and plans and reports name the files they read and "
                "write in UTF-8: rename the file"
            ) from None


def _refuse_one_file_twice(paths: list[str]) -> None:
    """Each --out is written to the file its path resolves to, so two spellings of one file (`./a`,
    a link to it) would leave only the last one written there."""
    for index, path in enumerate(paths):
        for earlier in paths[:index]:
            if _same_file(path, earlier):
                spelled = (
                    "" if os.path.normpath(path) == os.path.normpath(earlier) else f" ({path} is that file)"
                )
                said = f"--out names {earlier} more than once{spelled}: one file each"
                raise click.UsageError(masked_in_place(said))  # as _refuse_unwritable says why


def _refuse_unwritable(path: str, read: list[str]) -> None:
    """Refused naming the file masked in place (`masked_in_place`): its name may be a URL holding a
    credential, and so may the folder it resolves to."""
    try:
        _refuse_unwritable_as_named(path, read)
    except click.UsageError as error:
        raise click.UsageError(masked_in_place(error.message)) from None


def _refuse_unwritable_as_named(path: str, read: list[str]) -> None:
    if os.path.isdir(path):
        raise click.UsageError(f"--out {path} is a folder: name a file")
    folder = os.path.dirname(os.path.realpath(path))  # the folder the write goes to, links followed
    if not os.path.isdir(folder):
        raise click.UsageError(f"--out {path}: there is no folder {folder}")
    if any(_same_file(path, each) for each in read):
        raise click.UsageError(f"--out {path} is a file this command reads: it would be overwritten")


def _embedded_database(target: TargetOptions | None) -> Path | None:
    """The database of the embedded platform the command opens: --sim-db, or .iotplan/sim.db when
    no endpoint or credential names a real platform. None for a real one, and for options the
    target refuses: that error comes when it is opened, still before any file is written."""
    if target is None:
        return None
    try:
        choice = choose_target(target, os.environ)
    except IotplanError:
        return None
    return choice.sim_db if choice.url is None else None


def _refuse_the_database(path: str, database: Path) -> None:
    """Also when the database is yet to be made (its first run would find a plan there), and its
    journals, which SQLite reads as the database's last writes, beside the path given or the file a
    link to it names."""
    if _same_file(path, str(database)):
        raise click.UsageError(
            f"--out {path} would overwrite the embedded platform's database ({database}), and the whole "
            "platform with it: name another file"
        )
    for spelling in (database, Path(os.path.realpath(database))):
        if any(_same_file(path, f"{spelling}{suffix}") for suffix in SQLITE_JOURNALS):
            raise click.UsageError(
                f"--out {path} is a journal SQLite reads with the embedded platform's database "
                f"({database}): writing it would damage the platform; name another file"
            )


def _same_file(path: str, other: str) -> bool:
    """One file by any spelling: `./x`, a link to it, a hard link, or a file yet to exist."""
    if os.path.realpath(path) == os.path.realpath(other):
        return True
    return os.path.exists(path) and os.path.exists(other) and os.path.samefile(path, other)


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
    replace theirs, each in one step. So an error, a full disk, Ctrl-C or SIGTERM halfway through
    (on the third file as on the first) leaves every file as it was, never a cut one nor a new plan beside
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
        with _named_as(path), open(path, mode, encoding=encoding) as file:  # a directory fails here
            _write(file, content)
        return
    folder, name = os.path.split(os.path.realpath(path))
    with _named_as(path):
        handle, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    staged.append(_Staged(path, partial, os.path.join(folder, name)))
    with _named_as(path), os.fdopen(handle, mode, encoding=encoding) as file:
        _write(file, content)


@contextmanager
def _named_as(path: str) -> Iterator[None]:
    """An error writing `path` names it as the user did: a write's own error (a full disk) names no
    file, and one making the hidden file beside it names that one."""
    try:
        yield
    except OSError as error:
        raise OSError(error.errno, error.strerror, path) from None


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


def json_plans(outputs: tuple[Output, ...]) -> list[str]:
    return [output.path for output in outputs if output.output_format in (None, "json")]


def applicable_file(plan: Plan, outputs: tuple[Output, ...]) -> str | None:
    """The saved JSON plan an apply can take: none when what it was made from cannot be read again
    (stdin, a pipe)."""
    plans = json_plans(outputs)
    return plans[0] if plans and not inputs_read_once(plan.manifest) else None
