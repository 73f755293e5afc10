"""A manifest named on the command line → the desired state every later stage reads; and what a
path holds when it is not a manifest but a document iotplan saved (a plan or a drift report)."""

from __future__ import annotations

import codecs
import json
import os
import re
import shlex
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO

from iotplan.collector import paused_collector
from iotplan.errors import IotplanError, ManifestError, TemplateError
from iotplan.manifest import LoadedManifest, StreamedManifest, load_manifest, stream_manifest
from iotplan.manifest.files import MAX_FILE_BYTES, STDIN
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState, desired_state
from iotplan.plan.model import ManifestSource, Plan
from iotplan.secrets import masked_in_place
from iotplan.wording import joined

PLAN, DRIFT_REPORT = "plan", "drift report"  # what `saved_document` tells
# A saved document's first keys are within its first lines, as iotplan writes it and as tools
# reformat it; a manifest in JSON says apiVersion, most often first.
_FIRST_KEYS_BYTES = 64 * 1024
_JSON = json.JSONDecoder()
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
# Text with the mark of UTF-16 (Windows PowerShell 5's `>` writes it) or UTF-32, the latter first:
# the UTF-16 little-endian mark begins UTF-32's. A manifest's reader takes both; a saved document's
# does not, so one written so is told as what it is, not read as a manifest.
_WIDE_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# How to write each again as UTF-8: iotplan's own --out, or `>` in PowerShell 7, which writes UTF-8.
_WRITTEN_BY = {
    PLAN: "iotplan plan MANIFEST --out plan.json",
    DRIFT_REPORT: "iotplan drift MANIFEST --out json=drift.json",
}


@dataclass(frozen=True)
class ManifestInput:
    """A manifest (or template) path, with the template's --vars and --sites files."""

    path: str
    vars_file: str | None = None
    sites_file: str | None = None
    variables: tuple[tuple[str, str], ...] = ()  # --var KEY=VALUE, later ones win

    def load(self) -> LoadedManifest:
        self.refuse_unreadable_options()
        with _told_if_saved(self.path):
            return load_manifest(self.path, self.vars_file, self.sites_file, self.variables)

    def stream(self) -> StreamedManifest:
        self.refuse_unreadable_options()
        return stream_manifest(self.path, self.vars_file, self.sites_file, self.variables)

    def refuse_unreadable_options(self) -> None:
        """A --vars or --sites file that cannot be opened, said with the option that names it: the
        reader's own message names the file alone, which reads as the manifest's."""
        self.refuse_stdin_twice()
        for option, path in (("--vars", self.vars_file), ("--sites", self.sites_file)):
            if path and path != STDIN:
                try:
                    open(path, "rb").close()
                except OSError as error:
                    raise TemplateError(
                        f"{option} {masked_in_place(path)}: cannot read: {error.strerror}"
                    ) from None

    def refuse_stdin_twice(self) -> None:
        """`validate - --sites -`: the second read would find stdin empty and call that file empty."""
        named = [name for name, path in self._inputs() if path == STDIN]
        if len(named) > 1:
            raise TemplateError(f"{joined(named)} are each -: - (stdin) can be read once: give it one time")

    def given(self, option: str) -> str | None:
        return self.vars_file if option == "--vars" else self.sites_file

    def _inputs(self) -> tuple[tuple[str, str | None], ...]:
        return (("the manifest", self.path), ("--vars", self.vars_file), ("--sites", self.sites_file))


def refuse_options_read_twice(manifests: Sequence[ManifestInput]) -> None:
    """`validate a.yaml.j2 b.yaml.j2 --sites -`: each manifest reads its --vars and --sites itself,
    and stdin (or a pipe, `<(...)`) is read once: the second would find it empty. Refused before any
    read, not read once and shared: the rows of a stream go to one manifest, or come from a file.
    `validate - --sites -` too, here: found at the manifest's load, validate printed it as that
    manifest's problem line, with no `Error:`."""
    for manifest in manifests:
        manifest.refuse_stdin_twice()
    for option in ("--vars", "--sites"):
        read = [(m.path, path) for m in manifests if (path := m.given(option)) and _read_once(path)]
        if len(read) > 1:
            named = masked_in_place(read[0][1])  # as every message names a file: a URL's credential
            stream = "- (stdin)" if read[0][1] == STDIN else f"{named} (a stream)"
            each = joined([masked_in_place(path) for path, _ in read])
            raise TemplateError(
                f"{option} {named} would be read by each of {each}, and "
                f"{stream} can be read once: save it to a file and give {option} that file"
            )


def load_desired(manifest: ManifestInput, shard: Shard | None = None) -> DesiredState:
    """Load and derive with the collector paused: the one place a command's largest object graph
    is built (iotplan/collector.py says why). Streamed: no more than one node's models at a time.
    With a shard (--shard), every node is validated but only the shard's are kept whole."""
    with paused_collector(), _told_if_saved(manifest.path):
        loaded = manifest.stream()
        source = ManifestSource(
            manifest.path, loaded.digest, manifest.vars_file, manifest.sites_file, manifest.variables
        )
        return desired_state(loaded, source, shard)


@contextmanager
def _told_if_saved(path: str) -> Iterator[None]:
    """A saved plan or drift report given as the manifest fails its schema a dozen times over:
    said once, as what it is, with the command that reads it. Looked at only once it failed."""
    try:
        yield
    except ManifestError:
        kind = saved_document(path)
        if kind is None:
            raise
        raise IotplanError(not_a_manifest(path, kind)) from None


def not_a_manifest(path: str, kind: str) -> str:
    named = masked_in_place(path)  # shown, commands too (a URL's credential): the file is read as given
    quoted = shlex.quote(named)
    if kind == PLAN:
        said = f"{named} is a saved plan (made by `iotplan plan --out`), not a manifest: "
        read_once = _read_once_by_plan(path)
        if read_once:  # apply refuses it: no command is offered that cannot work
            why = read_once_said(read_once)
            return f"{said}it cannot be applied: {why}. Show it with `iotplan show {quoted}`"
        return f"{said}apply it with `iotplan apply {quoted}` or show it with `iotplan show {quoted}`"
    return (
        f"{named} is a drift report (made by `iotplan drift`), not a manifest: show it with "
        f"`iotplan show {quoted}`"
    )


def _read_once_by_plan(path: str) -> list[tuple[str, str]]:
    from iotplan.commands.show import read_saved  # only this message reads the plan

    try:
        plan = read_saved(path)
    except (IotplanError, OSError):  # a damaged plan: show and apply say what is wrong with it
        return []
    return inputs_read_once(plan.manifest) if isinstance(plan, Plan) else []


def named_inputs(source: ManifestSource) -> list[tuple[str, str | None]]:
    """The files a plan is made from, each with how messages name it."""
    return [
        ("its manifest", source.path),
        ("its --vars file", source.vars_file),
        ("its --sites file", source.sites_file),
    ]


def inputs_read_once(source: ManifestSource) -> list[tuple[str, str]]:
    """The inputs a plan was made from that no apply can read again, each (noun, path): standard
    input (`plan -`), and a pipe or a process substitution (`<(...)`, named /dev/fd/63), which are
    read once too."""
    return [(noun, path) for noun, path in named_inputs(source) if path and _read_once(path)]


# Names of a descriptor of the process that opened them: another process finds another file there.
_DESCRIPTORS = ("/dev/stdin", "/dev/fd/", "/proc/self/fd/")


def _read_once(path: str) -> bool:
    if path == STDIN or path.startswith(_DESCRIPTORS):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # gone already: apply says it is not there
        return False


def read_once_said(read_once: list[tuple[str, str]]) -> str:
    """`its manifest came from standard input (`-`), which apply cannot read again`, and the like."""
    stdin = [noun for noun, path in read_once if path == STDIN]
    said = [f"{joined(stdin)} came from standard input (`-`)"] if stdin else []
    said += [
        f"{noun} {masked_in_place(path)} was a stream (a pipe, `<(...)`), not a file"
        for noun, path in read_once
        if path != STDIN
    ]
    return f"{'; '.join(said)}, which apply cannot read again"


def saved_document(path: str) -> str | None:
    """PLAN or DRIFT_REPORT when `path` holds a document iotplan saved, told by its content, not its
    name (`--out tfplan`, `PLAN.JSON`, `merged.plan`): a JSON object with a `format_version` and a
    plan's or a report's keys, or with a plan's `changes` and `manifest` or `target` (a plan whose
    `format_version` was deleted: its reader refuses it as damaged). None for anything else, which
    is read as a manifest: one written in JSON says `apiVersion`. Only a plain file is looked into
    (stdin and a pipe are read once, by the manifest's reader), and only as far as its first keys
    decide, where they do. One in UTF-16 or UTF-32 is refused here (`saved_as_wide_text`)."""
    if path == STDIN or not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as file:
            head = file.read(_FIRST_KEYS_BYTES)
            refused = _saved_as_wide_text(path, head)
            if refused:
                raise IotplanError(refused)
            return _told_by_content(head, file)
    except OSError:  # the manifest's reader says why it cannot be read
        return None


def saved_as_wide_text(path: str) -> str | None:
    """Why the plan or drift report `path` holds is not read, when it is written in UTF-16 or
    UTF-32 (its readers read UTF-8); None when it is not, or holds no such document."""
    try:
        with open(path, "rb") as file:
            return _saved_as_wide_text(path, file.read(_FIRST_KEYS_BYTES))
    except OSError:
        return None


def _saved_as_wide_text(path: str, head: bytes) -> str | None:
    encoding = next((name for mark, name in _WIDE_MARKS if head.startswith(mark)), None)
    if encoding is None:
        return None
    try:
        kind = _told_by_keys(head.decode(encoding, "replace"))  # the head may end within a character
    except ValueError:
        return None
    if kind is None:
        return None
    return (
        f"{masked_in_place(path)} looks like a {kind} saved as {encoding} text (as `>` writes one in "
        f"Windows PowerShell 5), and iotplan reads a {kind} only as UTF-8: save it with "
        f"`{_WRITTEN_BY[kind]}`, which writes UTF-8 whatever the shell (`>` in PowerShell 7 does too)"
    )


def _told_by_content(head: bytes, file: BinaryIO) -> str | None:
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None  # YAML, as manifests most often are
    try:
        return _told_by_keys(_decoded(head))
    except ValueError:  # cut off within the head, or no JSON at all
        if len(head) < _FIRST_KEYS_BYTES:
            return None
    try:  # keys that decide after a long value (jq -S puts a plan's changes first)
        return _told_by_keys(_decoded(head + file.read(MAX_FILE_BYTES)))
    except ValueError:  # a YAML flow mapping, or a damaged file: the manifest's reader says where
        return None


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8-sig", "replace")


def _told_by_keys(text: str) -> str | None:
    """The kind the top-level keys of the JSON object `text` opens tell, from the first that decide:
    a drift report says its `kind` second, a plan its `stack` fifth, as iotplan writes them.
    ValueError when the text ends, or stops being JSON, before they decide."""
    from iotplan.render.drift_json import DRIFT_KIND  # what plan and validate need not load

    keys: set[str] = set()
    try:
        for key, value in _members(text):
            if key == "apiVersion":
                return None
            if key == "kind" and value == DRIFT_KIND:
                return DRIFT_REPORT
            keys.add(key)
            if _plan_keys(keys) and keys & {"stack", "changes"}:
                return PLAN
    except ValueError:
        if not _plan_keys(keys):
            raise
    return PLAN if _plan_keys(keys) else None  # a damaged plan: its reader says what is wrong


def _plan_keys(keys: set[str]) -> bool:
    """A plan's keys, or a damaged plan's: its `format_version` deleted, its `changes` beside the
    `manifest` or `target` it was made from still say so (no manifest has either key)."""
    return "format_version" in keys or ("changes" in keys and bool(keys & {"manifest", "target"}))


def _members(text: str) -> Iterator[tuple[str, Any]]:
    """The key and value of each member of the JSON object `text` holds, one at a time, each value
    decoded only when reached; ValueError where the text is not such an object, or is cut off."""
    at = _skip_space(text, 0)
    if text[at : at + 1] != "{":
        raise ValueError("not an object")
    at = _skip_space(text, at + 1)
    if text[at : at + 1] == "}":
        return
    while True:
        if text[at : at + 1] != '"':
            raise ValueError("not a key")
        key, at = _JSON.raw_decode(text, at)  # a string: it opens with a quote
        at = _skip_space(text, at)
        if text[at : at + 1] != ":":
            raise ValueError("no ':' after a key")
        value, at = _value_at(text, _skip_space(text, at + 1))
        yield key, value
        at = _skip_space(text, at)
        if text[at : at + 1] == "}":
            return
        if text[at : at + 1] != ",":
            raise ValueError("no ',' between members")
        at = _skip_space(text, at + 1)


def _value_at(text: str, at: int) -> tuple[Any, int]:
    """The value at `at` and where it ends; ValueError for one nested past the json module's recursion
    (a plan's reader refuses it, saying how deep a plan nests: render/strict_json.py)."""
    try:
        return _JSON.raw_decode(text, at)
    except RecursionError:
        raise ValueError("nested too deep to decode") from None


def _skip_space(text: str, at: int) -> int:
    space = _JSON_SPACE.match(text, at)
    return space.end() if space else at
