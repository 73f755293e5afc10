"""A manifest file (or template) → a validated Manifest, or a ManifestError listing every problem.

Validated node by node: the manifest without its nodes first, then each node. `stream_manifest`
hands the nodes out one at a time (plan, apply and drift derive their desired state from them),
`load_manifest` gathers them into the whole Manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from iotplan.errors import IotplanError, ManifestError, Problem
from iotplan.manifest.addresses import EntityIndex, raw_entities
from iotplan.manifest.checks import WrittenBefore, check_manifest
from iotplan.manifest.defaults import node_defaults
from iotplan.manifest.errors import problems_from_validation, shown_problem
from iotplan.manifest.files import STDIN, NotText, is_template, read_text
from iotplan.manifest.models import Manifest, Node
from iotplan.manifest.source import Path, SourceMap, YamlSyntaxError, load_yaml
from iotplan.secrets import masked_in_place

if TYPE_CHECKING:  # a template's: imported where one is rendered (a plain manifest need not load them)
    from iotplan.manifest.rendered import Rendered, ScalarHook
    from iotplan.manifest.template_data import Variables

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedManifest:
    """A validated manifest with defaults applied, and where it came from."""

    manifest: Manifest
    file: str
    text: str  # after rendering: what was validated

    @property
    def stack(self) -> str:
        return self.manifest.stack

    @property
    def digest(self) -> str:
        """Identifies the desired state, so a saved plan can tell when the manifest changed."""
        return digest_of(self.text)

    @property
    def outline(self) -> Manifest:
        return self.manifest

    def declared_nodes(self) -> Iterator[tuple[str, Node]]:
        """Each node with its project's id, in the order written."""
        return ((project.id, node) for project in self.manifest.projects for node in project.nodes)


@dataclass
class StreamedManifest:
    """A manifest validated node by node, for a caller that derives what it needs from each node
    and lets the node go: a fleet's models are then never all held at once (they weighed 140 MB
    for 111,100 entities, more than anything else in a plan). Everything but the nodes is
    validated, and every rule that spans entities checked, before the first node is handed out.
    """

    outline: Manifest  # every project without its nodes
    _nodes: Iterator[tuple[int, Node]]  # (project index, node), through indexed_nodes(), once
    file: str
    text: str
    handed_out: bool = False  # a second read would find no nodes: a manifest that declares nothing

    @property
    def stack(self) -> str:
        return self.outline.stack

    @property
    def digest(self) -> str:
        return digest_of(self.text)

    def declared_nodes(self) -> Iterator[tuple[str, Node]]:
        """Each node with its project's id as it is validated. A node that does not validate is
        not handed out, and the manifest's problems are raised once every node was tried: a
        caller that stops early never sees them, so it must not stop early. Handed out once: read
        again, the nodes would be none, which plans the removal of everything the stack owns."""
        projects = self.outline.projects
        return ((projects[index].id, node) for index, node in self.indexed_nodes())

    def indexed_nodes(self) -> Iterator[tuple[int, Node]]:
        """Each node with the index of its project, handed out once."""
        if self.handed_out:
            raise RuntimeError("a streamed manifest's nodes are handed out once (a bug: please report it)")
        self.handed_out = True
        return self._nodes


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_manifest_text(
    path: str, vars_file: str | None = None, sites_file: str | None = None, variables: Variables = ()
) -> tuple[str, str]:
    """The manifest's YAML text (rendered when it is a template) and the name errors should use."""
    text = _read(path)
    if not _renders(path, vars_file, sites_file, variables):
        return text, _display_name(path)
    rendered = render(text, path, vars_file, sites_file, variables)
    hook = rendered.hook()
    try:
        load_yaml(rendered.text, rendered.name, hook)
    except YamlSyntaxError as error:
        from iotplan.manifest.rendered_problems import map_problems

        problem = Problem(rendered.name, error.position.line, error.position.column, "", str(error))
        raise ManifestError(map_problems(rendered, hook, [problem])) from None
    return rendered.final_text(hook), f"{rendered.name}[rendered]"


def locate_entities_fields(
    path: str,
    found: list[tuple[str, Path, str]],
    vars_file: str | None = None,
    sites_file: str | None = None,
    variables: Variables = (),
) -> list[Problem] | None:
    """Problems found after the load (against the platform's catalog), each an (address, path in
    the entity, message), told at the file's line and column, or None when that cannot be done
    (stdin, or a file that changed meanwhile). The manifest is read again: a load keeps no
    positions, and only such an error needs them."""
    if path == STDIN:
        return None
    try:
        text = _read(path)
        if not _renders(path, vars_file, sites_file, variables):
            return _located(text, _display_name(path), None, found)
        rendered = render(text, path, vars_file, sites_file, variables)
        hook = rendered.hook()
        problems = _located(rendered.text, f"{rendered.name}[rendered]", hook, found)
    except (IotplanError, YamlSyntaxError):
        return None
    from iotplan.manifest.rendered_problems import map_problems

    return None if problems is None else map_problems(rendered, hook, problems)


Declaration = tuple[str, Path]  # an entity's address and a path in it, or "" and a path from the top


@dataclass(frozen=True)
class Written:
    """Where a declaration is written (a problem with no message: a template's says the sites
    rendered there), and the line of the alias repeating it there, which `validate` names after
    the anchor's place (`(via the alias at line 15)`): None where it is written where it is."""

    place: Problem
    via_alias_line: int | None = None


def locate_declared(
    path: str,
    digest: str,
    wanted: list[Declaration],
    vars_file: str | None = None,
    sites_file: str | None = None,
    variables: Variables = (),
) -> list[Written | None] | None:
    """Where each of `wanted` is written, None for an entity the manifest does not declare; None
    for all where that cannot be told: stdin, or a manifest that is no longer the one `digest`
    says was planned (a line of another text would send the user to the wrong place). Read again,
    as for locate_entities_fields: only a plan's refusal asks."""
    if path == STDIN:
        return None
    try:
        text = _read(path)
        if not _renders(path, vars_file, sites_file, variables):
            return (
                _declared_at(text, _display_name(path), None, wanted) if digest_of(text) == digest else None
            )
        rendered = render(text, path, vars_file, sites_file, variables)
        hook = rendered.hook()
        found = _declared_at(rendered.text, f"{rendered.name}[rendered]", hook, wanted)
        if digest_of(rendered.final_text(hook)) != digest:
            return None
    except (IotplanError, YamlSyntaxError):
        return None
    from iotplan.manifest.rendered_problems import map_problems

    # A rendered template's aliases are not noted (yaml_walk.Walker), as `validate` notes none there.
    return [
        None if each is None else Written(map_problems(rendered, hook, [each.place])[0]) for each in found
    ]


def _declared_at(
    text: str, file: str, hook: ScalarHook | None, wanted: list[Declaration]
) -> list[Written | None]:
    data, source, _ = load_yaml(text, file, hook)
    expand = hook.expand if hook else (lambda text: text)
    paths: dict[str, Path] = {}
    for entity in raw_entities(data):
        paths.setdefault(expand(entity.address), entity.path)  # a key in two projects: the first
    found: list[Written | None] = []
    for address, inner in wanted:
        at = paths.get(address) if address else ()
        if at is None:
            found.append(None)
            continue
        place = Problem(file, *source.locate((*at, *inner)), address, "")
        alias = source.alias_at((*at, *inner))  # asked after `locate`, which finds them
        found.append(Written(place, None if alias is None else alias.line))
    return found


def locate_in_loaded(loaded: LoadedManifest, found: list[tuple[str, Path, str]]) -> list[Problem] | None:
    """As locate_entities_fields, in the text that was validated (stdin's, which cannot be read
    again; a template's as rendered)."""
    return _located(loaded.text, loaded.file, None, found)


def _located(
    text: str, file: str, hook: ScalarHook | None, found: list[tuple[str, Path, str]]
) -> list[Problem] | None:
    data, source, _ = load_yaml(text, file, hook)
    expand = hook.expand if hook else (lambda text: text)
    paths = {expand(entity.address): entity.path for entity in raw_entities(data)}
    if any(address not in paths for address, _, _ in found):
        return None
    located = [((*paths[address], *field), address, message) for address, field, message in found]
    return [
        shown_problem(file, *source.locate(path), address, message + source.alias_note(path))
        for path, address, message in located
    ]


def load_manifest(
    path: str, vars_file: str | None = None, sites_file: str | None = None, variables: Variables = ()
) -> LoadedManifest:
    return _assembled(stream_manifest(path, vars_file, sites_file, variables))


def stream_manifest(
    path: str, vars_file: str | None = None, sites_file: str | None = None, variables: Variables = ()
) -> StreamedManifest:
    text = _read(path)
    if not _renders(path, vars_file, sites_file, variables):
        return stream_parsed(text, _display_name(path))
    return stream_rendered(render(text, path, vars_file, sites_file, variables))


def render(
    text: str, path: str, vars_file: str | None, sites_file: str | None, variables: Variables = ()
) -> Rendered:
    from iotplan.manifest.template import render_template  # jinja2 loads only for a template
    from iotplan.manifest.template_data import template_variables

    values = template_variables(vars_file, sites_file, variables, (_display_name(path), text))
    return render_template(text, _display_name(path), values)


def parse_manifest(text: str, file: str) -> LoadedManifest:
    return _assembled(stream_parsed(text, file))


def stream_parsed(text: str, file: str) -> StreamedManifest:
    outline, nodes = _validated(text, file, None)
    return StreamedManifest(outline, nodes, file, text)


def parse_rendered(rendered: Rendered) -> LoadedManifest:
    return _assembled(stream_rendered(rendered))


def stream_rendered(rendered: Rendered) -> StreamedManifest:
    """A rendered template, its problems told at the template's lines."""
    file = f"{rendered.name}[rendered]"
    hook = rendered.hook()
    with _at_template_lines(rendered, hook):
        outline, nodes = _validated(rendered.text, file, hook)
    return StreamedManifest(outline, _mapped(nodes, rendered, hook), file, rendered.final_text(hook))


def _mapped(nodes: Iterator[_Validated], rendered: Rendered, hook: ScalarHook) -> Iterator[_Validated]:
    """The nodes' problems, raised after the last node, told at the template's lines too."""
    with _at_template_lines(rendered, hook):
        yield from nodes


@contextmanager
def _at_template_lines(rendered: Rendered, hook: ScalarHook) -> Iterator[None]:
    """A manifest's problems raised inside, told at the template's lines instead of the rendered ones."""
    from iotplan.manifest.rendered_problems import map_problems

    try:
        yield
    except ManifestError as error:
        raise ManifestError(map_problems(rendered, hook, error.problems)) from None


def _assembled(streamed: StreamedManifest) -> LoadedManifest:
    """The whole manifest, every node in its project."""
    outline = streamed.outline
    nodes: list[list[Node]] = [[] for _ in outline.projects]
    for index, node in streamed.indexed_nodes():
        nodes[index].append(node)
    projects = [
        project.model_copy(update={"nodes": held})
        for project, held in zip(outline.projects, nodes, strict=True)
    ]
    return LoadedManifest(outline.model_copy(update={"projects": projects}), streamed.file, streamed.text)


_Validated = tuple[int, Node]  # a node, and the index of its project


def _validated(text: str, file: str, hook: ScalarHook | None) -> tuple[Manifest, Iterator[_Validated]]:
    """The manifest without its nodes, validated, and its nodes, validated as they are read.

    Problems anywhere but in the nodes raise here, with the nodes' own problems too (every problem
    is told at once); the nodes' problems raise when the last node has been tried.
    """
    try:
        data, source, duplicates = load_yaml(text, file, hook)
    except YamlSyntaxError as error:
        where = error.position
        raise ManifestError([shown_problem(file, where.line, where.column, "", str(error))]) from None
    if not isinstance(data, dict):
        message = "the manifest is empty" if data is None else "a manifest is a YAML mapping"
        raise ManifestError([Problem(file, 1, 1, "", message)])
    outline_data, written, places = _without_nodes(data)
    entities = EntityIndex(written)  # the data the nodes are validated from, let go node by node
    findings = [*duplicates, *check_manifest(data, text)]
    problems = [_locate(entities, source, path, message) for path, message in findings]
    outline = _validate(Manifest, outline_data, (), entities, source, problems)
    nodes = _validated_nodes(places, written, entities, source, problems, node_defaults(data))
    if problems or outline is None:
        for _ in nodes:  # every node's problems too; raises at the end
            pass
        raise ManifestError(problems)
    return outline, nodes


def _without_nodes(
    data: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], list[tuple[int, int]]]:
    """`data` with each project's nodes left out (the outline, validated first); `data` with each
    project's nodes in a list of its own, from which each node is dropped once validated (the
    parsed YAML is never changed: an anchor may share one list between two projects); and where
    the nodes are, as (project index, node index). A `nodes:` that is not a list stays in the
    outline, for validation to report as written."""
    projects = data.get("projects")
    if not isinstance(projects, list):
        return data, data, []
    outline: list[Any] = []
    written: list[Any] = []
    places: list[tuple[int, int]] = []
    for index, project in enumerate(projects):
        if isinstance(project, dict) and isinstance(project.get("nodes"), list):
            places += [(index, at) for at in range(len(project["nodes"]))]
            written.append({**project, "nodes": list(project["nodes"])})
            project = {**project, "nodes": []}
        else:
            written.append(project)
        outline.append(project)
    return {**data, "projects": outline}, {**data, "projects": written}, places


def _validated_nodes(
    places: list[tuple[int, int]],
    data: dict[str, Any],
    entities: EntityIndex,
    source: SourceMap,
    problems: list[Problem],
    filled: Callable[[Any], Any],
) -> Iterator[_Validated]:
    """Each node filled with the defaults and validated when asked for; none is handed out once
    any problem is known.

    A node's YAML data is let go once it is validated (its problems are told by then): the whole
    manifest's data is not held to the last node, and a shard (--shard) keeps only its own."""
    validated: list[tuple[list[Any], int]] = []
    for project, at in places:
        listed = data["projects"][project]["nodes"]
        node = _validate(
            Node, filled(listed[at]), ("projects", project, "nodes", at), entities, source, problems
        )
        validated.append((listed, at))
        if len(validated) == _LET_GO_TOGETHER:
            _let_go(validated)  # problems are located only in later nodes from here (EntityIndex)
        if node is not None and not problems:
            yield project, node
    _let_go(validated)
    if problems:
        raise ManifestError(problems)


# Nodes whose YAML data is let go at once. One at a time, the few values each node's desired state
# keeps (its devices' tuples of sensors) were made where its data had just been let go, and held
# there a thousand blocks of memory the size of that data's maps, 13 MiB that no other size could
# use (a 111,100-entity plan); let go together, their data's blocks are freed whole.
_LET_GO_TOGETHER = 64


def _let_go(validated: list[tuple[list[Any], int]]) -> None:
    for listed, at in validated:
        listed[at] = None
    validated.clear()


def _renders(path: str, vars_file: str | None, sites_file: str | None, variables: Variables = ()) -> bool:
    return is_template(path) or bool(vars_file or sites_file or variables)


def _validate(
    model: type[M], value: Any, at: Path, entities: EntityIndex, source: SourceMap, problems: list[Problem]
) -> M | None:
    """`value`, found at `at` in the manifest, as `model`; None, and its problems added, when it is not."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        problems += problems_from_validation(error, entities, source, at)
        return None


def _locate(entities: EntityIndex, source: SourceMap, path: Path, message: str) -> Problem:
    duplicate = path[-1:] == ("#duplicate",)
    position = source.locate(path, at_key=duplicate)
    entity, _ = entities.locate(path[:-1] if duplicate else path)
    if isinstance(message, WrittenBefore):
        message = f"{message} (first written at line {source.locate(message.first).line})"
    message += source.alias_note(path)
    return shown_problem(source.file, position.line, position.column, entity, message)


def _display_name(path: str) -> str:
    """The manifest as every message after its read names it: masked in place, as where it cannot be
    read (`_read`), since a file may be named by a URL holding a credential. Opened as given."""
    return "<stdin>" if path == STDIN else masked_in_place(path)


def _read(path: str) -> str:
    try:
        return read_text(path)
    except OSError as error:
        raise IotplanError(f"{masked_in_place(path)}: cannot read the manifest: {error.strerror}") from None
    except NotText as error:
        raise ManifestError(
            [Problem(_display_name(path), error.line, error.column, "", str(error))]
        ) from None
