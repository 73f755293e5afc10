"""A manifest file (or template) → a validated Manifest, or a ManifestError listing every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from iotplan.errors import IotplanError, ManifestError, Problem
from iotplan.manifest.addresses import locate_address
from iotplan.manifest.checks import check_manifest
from iotplan.manifest.defaults import merge_defaults
from iotplan.manifest.errors import problems_from_validation
from iotplan.manifest.files import STDIN, NotText, is_template, read_text
from iotplan.manifest.models import Manifest
from iotplan.manifest.rendered import Rendered, ScalarHook
from iotplan.manifest.rendered_problems import map_problems
from iotplan.manifest.source import Path, SourceMap, YamlSyntaxError, load_yaml
from iotplan.manifest.template_data import Variables, template_variables
from iotplan.manifest.text import printable


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
        return hashlib.sha256(self.text.encode()).hexdigest()


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
        problem = Problem(rendered.name, error.position.line, error.position.column, "", str(error))
        raise ManifestError(map_problems(rendered, hook, [problem])) from None
    return rendered.final_text(hook), f"{rendered.name}[rendered]"


def load_manifest(
    path: str, vars_file: str | None = None, sites_file: str | None = None, variables: Variables = ()
) -> LoadedManifest:
    text = _read(path)
    if not _renders(path, vars_file, sites_file, variables):
        return parse_manifest(text, _display_name(path))
    return parse_rendered(render(text, path, vars_file, sites_file, variables))


def render(
    text: str, path: str, vars_file: str | None, sites_file: str | None, variables: Variables = ()
) -> Rendered:
    from iotplan.manifest.template import render_template  # jinja2 loads only for a template

    values = template_variables(vars_file, sites_file, variables)
    return render_template(text, _display_name(path), values)


def parse_manifest(text: str, file: str) -> LoadedManifest:
    return LoadedManifest(_validated(text, file, None), file, text)


def parse_rendered(rendered: Rendered) -> LoadedManifest:
    """A rendered template, its problems told at the template's lines."""
    file = f"{rendered.name}[rendered]"
    hook = rendered.hook()
    try:
        manifest = _validated(rendered.text, file, hook)
    except ManifestError as error:
        raise ManifestError(map_problems(rendered, hook, error.problems)) from None
    return LoadedManifest(manifest, file, rendered.final_text(hook))


def _validated(text: str, file: str, hook: ScalarHook | None) -> Manifest:
    try:
        data, source, duplicates = load_yaml(text, file, hook)
    except YamlSyntaxError as error:
        where = error.position
        raise ManifestError([Problem(file, where.line, where.column, "", str(error))]) from None
    if not isinstance(data, dict):
        message = "the manifest is empty" if data is None else "a manifest is a YAML mapping"
        raise ManifestError([Problem(file, 1, 1, "", message)])
    findings = [*duplicates, *check_manifest(data)]
    problems = [_locate(data, source, path, message) for path, message in findings]
    manifest = _validate(merge_defaults(data), source, problems)
    if problems or manifest is None:
        raise ManifestError(problems)
    return manifest


def _renders(path: str, vars_file: str | None, sites_file: str | None, variables: Variables = ()) -> bool:
    return is_template(path) or bool(vars_file or sites_file or variables)


def _validate(data: dict[str, Any], source: SourceMap, problems: list[Problem]) -> Manifest | None:
    try:
        return Manifest.model_validate(data)
    except ValidationError as error:
        problems += problems_from_validation(error, data, source)
        return None


def _locate(data: dict[str, Any], source: SourceMap, path: Path, message: str) -> Problem:
    duplicate = path[-1:] == ("#duplicate",)
    position = source.locate(path, at_key=duplicate)
    entity, _ = locate_address(data, path[:-1] if duplicate else path)
    return Problem(source.file, position.line, position.column, printable(entity), printable(message))


def _display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _read(path: str) -> str:
    try:
        return read_text(path)
    except OSError as error:
        raise IotplanError(f"{path}: cannot read the manifest: {error.strerror}") from None
    except NotText as error:
        raise ManifestError(
            [Problem(_display_name(path), error.line, error.column, "", str(error))]
        ) from None
