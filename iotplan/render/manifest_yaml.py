"""The pieces every imported manifest is written with: lines, unique keys, YAML values that read
back unchanged, comments that cannot break out of themselves, and the props left unmanaged."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from iotplan.live.model import LiveEntity
from iotplan.manifest.addresses import fold_ref_id
from iotplan.manifest.text import INVISIBLE_MARK
from iotplan.manifest.yaml_numbers import yaml12_reads_a_number
from iotplan.manifest.yaml_read_back import reads_back
from iotplan.plan.compare import PLATFORM_PROPS
from iotplan.plan.props import FIELD_TO_PROP, MANAGED_FIELDS, METRIC_MAPS, SENSITIVE
from iotplan.render.secrets import holds_schemeless_userinfo
from iotplan.secrets import (
    MASKED,
    OWN_CREDENTIALS_PREFIX,
    SECRET_PROP_NAME,
    credential_named_in,
    holds_a_secret,
    names_a_credential_alone,
    without_any_userinfo,
)

# Props the platform sets, or iotplan sets for itself (SERIAL_NO, the refId it writes: not the
# platform's, so not in PLATFORM_PROPS): never worth a comment.
OWNED_PROPS = PLATFORM_PROPS | {"SERIAL_NO"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LOCATION_KEYS = ("lat", "lon", "elevation")


@dataclass
class Writer:
    lines: list[str] = field(default_factory=list)
    env_names: set[str] = field(default_factory=set)  # one variable per token, even if keys look alike

    def env_name(self, key: str) -> str:
        base = re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_").upper() or "NODE"
        # A variable's name starts with a letter, and the manifest refuses iotplan's own (IOTPLAN_*).
        if base[0].isdigit() or f"{base}_".startswith(OWN_CREDENTIALS_PREFIX):
            base = f"NODE_{base}"
        name, number = f"{base}_AUTH_TOKEN", 1
        while name in self.env_names:
            number += 1
            name = f"{base}_{number}_AUTH_TOKEN"
        self.env_names.add(name)
        return name

    def add(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class Keys:
    """Unique keys among siblings: the wanted one, or it with -2, -3... Told apart as refIds are
    (`fold_ref_id`): `Gw` and `gw` would derive two refIds the platform takes for one, and the
    manifest refuses them."""

    def __init__(self) -> None:
        self._folded: set[str] = set()  # each key folded

    def holds(self, key: str) -> bool:
        return fold_ref_id(key) in self._folded

    def claim(self, wanted: str) -> str:
        key, number = wanted, 1
        while self.holds(key):
            number += 1
            key = f"{wanted[:58]}-{number}"
        self._folded.add(fold_ref_id(key))
        return key


def fallback_key(entity: LiveEntity) -> str:
    """A key made of the NAME as plans show it: a password in it stays out of the key too. A NAME
    naming a secret (`token: ...`) gives none: the key is in every address, refId and log line."""
    name = str(entity.props.get("NAME") or "")
    shown = "" if holds_a_secret(name) or names_a_credential_alone(name) else without_any_userinfo(name)
    # A word masking changed (a URL with its password, a `user:pw@host`) is left out: a key reading
    # "sensitive" names nothing, and it goes into every address, refId and variable name made of it.
    words = " ".join(word for word in shown.split() if MASKED not in word)
    key = _UNSAFE.sub("-", _transliterated(words)).lower()
    return key.strip("-._")[:40].rstrip("-._") or entity.short_id.lower()


def _transliterated(text: str) -> str:
    """`text` with each accented letter as its letter (`Ångström`, typed NFC or NFD, as `Angstrom`;
    `ﬁ` as `fi`): Unicode NFKD sets accents apart, and they are dropped, so one name gives one key
    however it was typed, and a key keeps its letters."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def yaml_value(value: Any) -> str:
    """One value as YAML reads it back unchanged: flow style, quoted and escaped where needed.

    Readable Unicode when that reads back the same; escaped ASCII when it does not (PyYAML writes
    some line separators, such as NEL, raw, and they would be read back as spaces). A format
    character (a bidi override, a zero-width mark) is always escaped: raw, a diff of the file would
    show text reordered or hidden ("Trojan Source") to whoever reviews the import.
    """
    if value.__class__ is str and _reads_back_plain(value):
        return value
    key = repr(value)  # the whole value, types included, for the plain data a platform answers
    written = _WRITTEN.get(key)
    if written is None:
        written = checked_yaml(value)
        if len(_WRITTEN) < _WRITTEN_LIMIT:
            _WRITTEN[key] = written
    return written


def location_yaml(location: dict[str, Any]) -> str:
    """`{lat: .., lon: .., elevation: ..}` in the order README and the examples write it (yaml_value
    would sort the keys, elevation first); an unset elevation is left out."""
    told = (f"{key}: {yaml_value(location[key])}" for key in _LOCATION_KEYS if location.get(key) is not None)
    return "{" + ", ".join(told) + "}"


def field_yaml(name: str, value: Any) -> str:
    """`name: value`, one field of an entity as a manifest writes it, a location in its own order."""
    return f"{name}: {location_yaml(value) if name == 'location' else yaml_value(value)}"


def checked_yaml(value: Any) -> str:
    """PyYAML's text for the value, read back by both loaders: about 1 ms, in pure Python."""
    for allow_unicode in (True, False):
        text = yaml.dump(
            value, Dumper=_Dumper, default_flow_style=True, allow_unicode=allow_unicode, width=1_000_000
        )
        text = _escaped_format_characters(text.removesuffix("\n").removesuffix("\n..."))
        if reads_back("value", text, value):
            break
    return text


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe writer, quoting text that YAML 1.2 would read as a number (`1e3`, `0o17`),
    though YAML 1.1 reads it bare as text, at any depth (a metric's name inside `metrics: [...]`):
    an editor or `yq` reads the file as 1.2, and a rewrite would make it a number."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "'" if yaml12_reads_a_number(text) else None
    if INVISIBLE_MARK.search(text):
        style = '"'  # the one style with escapes: _escaped_format_characters writes them
    return dumper.represent_scalar(_STR, text, style=style)


def _escaped_format_characters(text: str) -> str:
    """PyYAML's text with each invisible mark a manifest refuses (manifest/text.py: the format
    characters, fillers, line separators) as its escape. PyYAML writes them raw, even in double
    quotes; _represent_text double-quotes every text holding one, so each is inside double quotes,
    where the escape reads back as the character."""
    return INVISIBLE_MARK.sub(_escape, text)


def _escape(mark: re.Match[str]) -> str:
    code = ord(mark.group())
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


_Dumper.add_representer(str, _represent_text)


def _reads_back_plain(text: str) -> bool:
    """Text that both loaders read back as itself when written bare, as PyYAML would write it: a
    letter or `_` first, then letters, digits, `_./-` and single spaces (none of YAML's indicators,
    no space at either end), and no YAML 1.1 word such as `yes`, `off` or `null`, by the resolver
    both loaders use. An import writes a name and a key for each of a fleet's sensors."""
    return (
        _PLAIN.fullmatch(text) is not None and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR
    )


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# Values written once, by their repr: every generic sensor of an import has the same metrics. For
# the process (one command): a value's text never changes; bounded, as unique names would only fill it.
_WRITTEN: dict[str, str] = {}
_WRITTEN_LIMIT = 10_000


def comment(value: Any) -> str:
    """Printable ASCII only: a line break or a control character must not end or break a comment."""
    return json.dumps(value, ensure_ascii=True, default=str).replace("\x7f", "\\u007f")


def left_out_as_secret(name: str, shown: Any, entity: LiveEntity) -> bool:
    """Whether a field, as plans show it (`shown`, from live_fields), is left out of the manifest:
    a text that is not the platform's (masking hid a credential in it, or an `@` in its path or
    query, and the host and path before it), one views show masked (a `user:pw@host` without a
    scheme, render/secrets.py), or one naming a secret masking leaves in place."""
    if isinstance(shown, str) and (
        shown != entity.props.get(FIELD_TO_PROP[name]) or holds_schemeless_userinfo(shown)
    ):
        return True
    return holds_a_secret(shown) or (isinstance(shown, str) and names_a_credential_alone(shown))


def left_out_masked(out: Writer, indent: int, name: str, shown: Any, entity: LiveEntity) -> None:
    """The comment written in place of a field that plans show masked. Never the masked value: it
    would be refused, and deleting its `(sensitive)@` would write over the real host and path."""
    if _only_a_user_and_password(name, shown, entity):
        out.add(
            indent,
            f"# {name} not imported: it holds a user:password@host credential, so plans show it as "
            f"(sensitive)@host. {_LEFT_AS_IT_IS} if it is meant to be managed",
        )
        return
    if _only_a_label_naming_a_credential(name, shown, entity):
        out.add(
            indent,
            f"# {name} not imported: it holds a credential after a label naming one (such as 'Password:' or "
            f"'Secret:'), which a manifest must not hold, so plans show it as (sensitive). {_LEFT_AS_IT_IS} "
            "without the credential (words after a credential word, such as 'Secret:Lake', are written with "
            "more words: 'Secret Lake')",
        )
        return
    out.add(
        indent,
        f"# {name} not imported: it holds a credential, or an '@' in its path or query that masking cannot "
        f"tell from one, so plans show it masked (its host and path perhaps too). {_LEFT_AS_IT_IS}, knowing "
        "that a parameter dropped changes what the URL asks for",
    )


# What each comment in place of a field left out says follows from leaving it out, and the ways on.
_LEFT_AS_IT_IS = (
    "Left out, iotplan leaves the platform's value as it is (but where updates replace props, check-platform "
    "A2, the next update drops it): change it in the web app, or set it here by hand"
)


def _only_a_label_naming_a_credential(name: str, shown: Any, entity: LiveEntity) -> bool:
    """A text left out for a credential's label and its value (`Password: hunter2`, `Secret:Lake`)
    alone: masking changed none of it, so it holds no URL's credential to speak of."""
    return (
        isinstance(shown, str)
        and shown == entity.props.get(FIELD_TO_PROP[name])
        and not holds_schemeless_userinfo(shown)
        and (credential_named_in(shown) is not None or names_a_credential_alone(shown))
    )


def _only_a_user_and_password(name: str, shown: Any, entity: LiveEntity) -> bool:
    """A text left out for a `user:pw@host` without a scheme alone: it holds no URL masking changed
    and names no other secret, so words of a URL's path, query or parameters would not fit it."""
    return (
        isinstance(shown, str)
        and shown == entity.props.get(FIELD_TO_PROP[name])
        and not holds_a_secret(shown)
        and holds_schemeless_userinfo(shown)
    )


def metrics_held_secret(metrics: Any) -> list[dict[str, Any]] | None:
    """`metrics` as plans show them, each custom metric's or unit's name that holds a credential
    (masked, a `user:pw@host` without a scheme, or naming one masking leaves) written `(sensitive)`
    whole; None where none does. Never
    left out, as a field is: an entry left out removes its metric, and all of them leave a generic
    sensor none, which validate would blame instead of the name."""
    if not isinstance(metrics, list) or not any(
        _held_secret(name) for entry in metrics if isinstance(entry, dict) for name in entry.values()
    ):
        return None
    return [
        {half: SENSITIVE if _held_secret(name) else name for half, name in entry.items()}
        if isinstance(entry, dict)
        else entry
        for entry in metrics
    ]


def _held_secret(name: Any) -> bool:
    """Masked in plans (a URL's password), a `user:pw@host` without a scheme (views hide the live
    list whole, render/secrets.py), naming a secret masking leaves in place, or a label and its
    credential alone (`SECRET:s3cr3t`), which a metric's name refuses as a node's does."""
    return isinstance(name, str) and (
        MASKED in name
        or holds_schemeless_userinfo(name)
        or holds_a_secret(name)
        or names_a_credential_alone(name)
    )


def metrics_held_secret_comment(out: Writer, indent: int) -> None:
    """What to write instead of `(sensitive)`, which validate refuses at each such name."""
    out.add(
        indent,
        "# metrics: a custom metric's or unit's name holds a credential (or an '@' in a path or query that "
        "masking cannot tell from one), written (sensitive), which does not validate. Metrics cannot be "
        "left out (an entry left out removes its metric): write the name without the credential, which "
        "renames the metric (a data-model change), or rename it in the platform's web app, then import again",
    )


def unmodelled(out: Writer, indent: int, entity: LiveEntity, kind: str) -> None:
    """Props iotplan does not manage: shown so nobody thinks they were lost, left as they are. Each
    kind's model (plan/props.py MANAGED_FIELDS) manages its own fields: a sensor's EXTERNAL_ID or a
    THREAD entity's NOTES, say, is the platform's alone."""
    for prop in sorted(set(entity.props) - OWNED_PROPS - _modelled(kind)):
        held = entity.props[prop]
        shown = without_any_userinfo(comment(held))
        # A comment goes to git: read as a name or notes is, a label and its credential alone in it
        # (`NOTES = "Password:hunter2"`, as views hide it there) is hidden too, once a URL's are masked.
        hidden = SECRET_PROP_NAME.search(prop) or holds_a_secret(held) or names_a_credential_alone(shown)
        value = SENSITIVE if hidden else shown
        out.add(indent, f"# not managed by iotplan: {comment(prop)[1:-1]} = {value[:80]}")


def _modelled(kind: str) -> frozenset[str]:
    """The props a kind's manifest fields are written to: a sensor's metrics to the metric maps, a
    THREAD entity's to VERSION too."""
    fields = frozenset(FIELD_TO_PROP[name] for name in MANAGED_FIELDS[kind] if name in FIELD_TO_PROP)
    if kind == "sensor":
        return fields | frozenset(METRIC_MAPS)
    return fields | {"VERSION"} if kind.startswith("thread-") else fields
