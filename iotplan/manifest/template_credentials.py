"""A credential given to a template by its name, printed into the manifest: refused.

A `password` column of --sites, or a `--var`/`--vars` variable named like a credential (`api_key`,
`feed.token`), printed by `{{ }}` (`notes: "{{ site.password }}"`) would be shown by every plan,
saved in its JSON, shown by drift and written to the platform, where every user of the project reads
it. A value shaped like a token is refused by the manifest's own checks (text.py); a plain one
(`Sup3rS3cret!0`) is a credential only by its name, which only the render knows: so the render refuses
it, at the template's line, naming the variable or column, never its value. The name is read by the
rule that masks a --var in drift's `Next:` line (secrets.credential_named), an identifier's `key` aside
(`key: {{ site.key }}`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from iotplan.errors import TemplateError
from iotplan.manifest.positions import position_at
from iotplan.manifest.rendered import Rendered
from iotplan.manifest.template_data import DataText, SiteRow
from iotplan.secrets import could_be_a_credential, credential_named_refused

WAY_OUT = (
    "is named as a credential, and this line writes its value into the manifest, where plans, saved plans "
    "and drift reports would print it and the platform would show it to every user of the project: keep "
    "credentials out of the manifest (iotplan's own are read from the environment: README, Targets and "
    "credentials), or name it otherwise if it holds none"
)


def refuse_printed_credentials(rendered: Rendered, variables: Mapping[str, Any]) -> None:
    """Raise a TemplateError where the render printed the value of a credential-named input."""
    given = _credentials_given(variables)
    if not given:  # nearly every template: nothing to look for
        return
    values = rendered.placeholders.values
    search = re.compile("|".join(re.escape(value) for value in sorted(given, key=len, reverse=True)))
    for printed in rendered.placeholders.pattern().finditer(rendered.text):  # only what the output holds
        found = search.search(values[int(printed.group(1))])
        if found:
            raise _refusal(rendered, printed.start(), given[found.group()], given, variables)


def _credentials_given(variables: Mapping[str, Any]) -> dict[str, DataText]:
    """Each value of a credential-named input that may be a credential, stripped, with the first
    input that gave it."""
    named: dict[str, bool] = {}  # a name is read once, not once per row
    given: dict[str, DataText] = {}
    for text in _texts(variables):
        name = text._iotplan_name
        if name not in named:
            named[name] = credential_named_refused(name)
        if named[name] and could_be_a_credential(text):
            given.setdefault(text.strip(), text)
    return given


def _texts(data: Any, seen: set[int] | None = None) -> Iterator[DataText]:
    """Every DataText within `data`: the variables and each --sites row, whose vars are shared."""
    seen = set() if seen is None else seen
    items = dict.values(data) if isinstance(data, dict) else data if isinstance(data, list) else ()
    for value in items:  # dict.values: a SiteRow's own reads would tell its SiteWatch
        if isinstance(value, DataText):
            yield value
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            yield from _texts(value, seen)


def _refusal(
    rendered: Rendered,
    offset: int,
    text: DataText,
    given: Mapping[str, DataText],
    variables: Mapping[str, Any],
) -> TemplateError:
    line, column = position_at(rendered.text, offset)
    located = rendered.locate(line, column)
    where = (
        f"{rendered.name}:{located[0]}:{located[1]}"
        if located
        else f"{rendered.name}[rendered]:{line}:{column}"
    )
    site = located[2] if located else None
    suffix = f" ({_site_words(site, given)})" if site is not None else ""
    return TemplateError(f"{where}: {_input_named(text, variables)} {WAY_OUT}{suffix}")


def _input_named(text: DataText, variables: Mapping[str, Any]) -> str:
    """The option and name that gave `text`, as a user wrote them: `--var api_key`, `column
    'password' of --sites sites.csv`, `feed.token of --vars prod.yaml`."""
    name, origin = text._iotplan_name, text._iotplan_origin
    if origin == "a --var value":
        return f"--var {name}"
    if origin == "a CSV cell":
        return f"column {name!r} of --sites {getattr(variables, 'sites_file', None)}"
    return f"{name} of {origin.removeprefix('from ')}"  # "from --vars prod.yaml", "from --sites s.yaml"


def _site_words(site: SiteRow, given: Mapping[str, DataText]) -> str:
    """`site s1, sites.csv:2`, named by its first cell unless that cell is a credential printed."""
    info = site.site_info()
    return f"site at {info.where}" if info.label.strip() in given else info.named()
