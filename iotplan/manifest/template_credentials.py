"""A credential given to a template by its name is withheld from it: the template never holds it.

A `password` column of --sites, or a `--var`/`--vars` variable named like a credential (`api_key`,
`feed.token`, `device_pin: 84736251`), printed into the manifest in any form (`| upper`, sliced, `| int`)
would be shown by every plan, saved in its JSON, shown by drift and written to the platform, where every
user of the project reads it; and an error about it (`| int`, a lookup by it) would print it too. Nothing
in a plain value says so but its name, which only the render knows: so the template is given, in its
place, a WithheldCredential, which any use refuses (printed, filtered, compared, tested, iterated, a
key), naming the input, never its value. Its name is read by secrets.credential_word_withheld; a value
that is no credential (``, `true`, `none`) or a reference to one (`${env:SITE_TOKEN}`) is given as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NoReturn

import jinja2

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import AmbiguousBoolean, SiteInfo
from iotplan.secrets import (
    CredentialSpellings,
    could_be_a_credential,
    credential_word_withheld,
)

WAY_OUT = (
    "so the template is not given its value: plans, saved plans and drift "
    "reports would print it and the platform would show it to every user of the project. Keep credentials "
    "out of the manifest (iotplan's own are read from the environment: README, Targets and credentials), "
    "or name it otherwise if it holds none"
)


class WithheldCredential(jinja2.StrictUndefined):
    """A credential-named input, as the template sees it: StrictUndefined refuses every use of it (printed,
    a filter, `| int`, `==`, `if`, `for`, a key), with the hint naming the input. `is defined`,
    `| default` and `| tojson` ask no method of it: the sandbox refuses them for it (sandbox.py)."""

    __slots__ = ()

    def refuse(self) -> NoReturn:
        self._fail_with_undefined_error()


def withhold_credentials(data: Any, origin: str, named: str = "", columns: bool = False) -> None:
    """Each credential-named value within `data` (a mapping of variables, a --sites row, or a list or
    mapping within one) replaced in place by a WithheldCredential naming it: `origin` is the option that
    gave it (`--var`, `--vars FILE`, `--sites FILE`), whose keys are a CSV's `columns`. The value is not
    held for masking (`remember`): the template never holds it, so no plan can print it, and a name's
    word (`secret_name`, `auth_realm`) holding an ordinary one (`site`) would mask the plan's words that
    share it. A command a message prints with it is masked where printed (secrets.template_flags)."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:  # plain rows, before any SiteRow is built: no SiteWatch hears these reads
        inner = (
            f"{named}.{key}" if named and isinstance(key, str) else f"{named}[{key}]" if named else str(key)
        )
        word = credential_word_withheld(key) if isinstance(key, str) else None
        if word and _secret(value):
            named_as = f"is named as a credential by its word `{word}`"  # one rename is then enough
            data[key] = WithheldCredential(
                hint=f"{_input_named(inner, origin, columns)} {named_as}, {WAY_OUT}"
            )
        elif isinstance(value, dict | list):
            withhold_credentials(value, origin, inner)


def refuse_a_secret_held_elsewhere(
    inputs: list[tuple[Any, str, bool, SiteInfo | None]], template: tuple[str, str] | None = None
) -> None:
    """Stop where a --var, --vars or --sites value holds a credential-named one's (`api_key=<key>`,
    `region=north-<key>`, a row's `label` its `password`), in any spelling masking reads
    (secrets.CredentialSpellings): the template is given that other value, so the plan would show it,
    saved and printed, or mask what the platform is written. Neither is a plan that can be both reviewed
    and safe, and nothing in a value tells a secret from a word (`hunter2`, `84736251`, `North Dam feed`),
    so the run stops before any read or write, naming both (a row by its site and line) and the word that
    makes the first a credential, never the value. `inputs` are each (variables or a row, the option that
    gave it, whether its keys are a CSV's columns, the row's SiteInfo or None); `template` (its name, its
    text) says whether a credential column is read at all."""
    credentials = CredentialSpellings()
    others: dict[str, str] = {}  # another input's value → the first input holding it, as named
    columns_of: dict[str, tuple[str, str]] = {}  # a --sites credential as named → (its column, its file)
    for data, origin, columns, site in inputs:
        row = f" ({site.named()})" if site else ""
        for named, value, word, top in _leaves(data, origin, columns):
            if word is None:
                others.setdefault(str(value), named + row)  # a column's name is in every row: read once
            elif _secret(value) and could_be_a_credential(held := str(value).strip()):
                # A cell's blanks (`, hunter2x`, `"hunter2x "`) are not the secret: unstripped, no other
                # input holds the value, and the plan would show it in the ones that hold it without them.
                credentials.add(held, (named + row, word))
                if site:
                    columns_of[named + row] = (top, origin.removeprefix("--sites "))
    for value, named in others.items():
        if found := credentials.found_in(value):
            credential, word = found
            unread = _unread(columns_of.get(credential), template)
            # No `${env:NAME}` way out: the other input would still hold the value it resolves to, in clear.
            raise TemplateError(
                f"{named} holds the value of {credential}, which is named as a credential by its word "
                f"`{word}` and so withheld from the template: a plan shows what it writes, so it would show "
                "that value, and a plan that hid it could not be reviewed. If it is a secret, keep it out of "
                f"other inputs, or name it otherwise if it holds none{unread}"
            )


def _unread(column: tuple[str, str] | None, template: tuple[str, str] | None) -> str:
    """`; t.yaml.j2 never reads column 'password': drop it from sites.csv` where the credential is a
    --sites column the template reads by no name (template.names_read_in): the file may carry it for
    another use, and dropping it is then the whole fix."""
    from iotplan.manifest.template import names_read_in  # jinja2 loads only for a template

    if column is None or template is None:
        return ""
    (name, file), (template_name, text) = column, template
    read = names_read_in(text)
    if read is None or name in read:
        return ""
    return f"; {template_name} never reads column {name!r}: drop it from {file}"


def _leaves(
    data: Any, origin: str, columns: bool, named: str = "", word: str | None = None, top: str = ""
) -> Iterator[tuple[str, Any, str | None, str]]:
    """Each text, number or date within `data` (mapping, list), and each key of a mapping no credential
    word names, as (its input as a user wrote it, its value, the nearest credential word naming it or one
    holding it, or None, the top key holding it): `api_key: {primary: ...}` and `tokens: [...]` are
    credentials to their leaves, as withhold_credentials withholds them whole. A template prints a key
    (`{% for k in sites %}`) and a YAML date (`2706-01-01`) as it prints text; a boolean or a null it
    prints as none (`True`), and no credential is one (could_be_a_credential)."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        inner = (
            f"{named}.{key}" if named and isinstance(key, str) else f"{named}[{key}]" if named else str(key)
        )
        own = (credential_word_withheld(key) if isinstance(key, str) else None) or word
        held_by = top or str(key)
        if isinstance(data, dict) and word is None:
            yield _a_key_of(named, origin, columns), key, None, held_by
        if isinstance(value, dict | list):
            yield from _leaves(value, origin, columns, inner, own, held_by)
        elif value is not None and not isinstance(value, bool | AmbiguousBoolean):
            yield _input_named(inner, origin, columns and not named), value, own, held_by


def _a_key_of(named: str, origin: str, columns: bool) -> str:
    """A key as a user wrote it, never by itself (it may be the credential): `a key of sites of --vars
    v.yaml`, `a column's name of --sites s.csv`, `a variable's name of --vars v.yaml`."""
    if named:
        return f"a key of {_input_named(named, origin, False)}"
    if origin == "--var":
        return "a --var's name"
    if columns:
        return f"a column's name of {origin}"
    return f"a key of a row of {origin}" if origin.startswith("--sites") else f"a variable's name of {origin}"


def _secret(value: Any) -> bool:
    return not isinstance(value, AmbiguousBoolean | WithheldCredential) and could_be_a_credential(value)


def _input_named(name: str, origin: str, column: bool) -> str:
    """The option and name that gave a value, as a user wrote them: `--var api_key`, `column 'password'
    of --sites sites.csv`, `feed.token of --vars prod.yaml`."""
    if origin == "--var":
        return f"--var {name}"
    if column:
        return f"column {name!r} of {origin}"
    return f"{name} of {origin}"
