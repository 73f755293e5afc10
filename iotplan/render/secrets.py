"""Secrets in views: a token's value never appears, whatever a Change carries.

Two rules, because the audiences differ. A person reading text or Markdown never needs a secret's
reference, so every secret shows as "(sensitive)". A saved plan is applied later and must keep the
reference (`${env:NAME}`) that apply resolves, so only references survive in JSON; anything else
in a secret field is masked there too.

Both hide, besides, a value holding what a text field must not show (`hidden_in_views`): one of
this run's own secrets (its API key, a resolved `${env:NAME}`), which a platform may echo into any
text, and text that names a credential (`Password=...;`, `token: ...`), live or declared alike, so a
plan never shows in clear what drift hides. Hidden here, where values are shown, never where they
are read: plans compare and write the real text (`Key: North` reads as naming one, and masking it
there would make the field differ for ever), so only what is shown changes; a manifest plainly
holding a credential is refused (manifest/text.py), and the rest of what this rule hides, which it
over-hides on purpose (`Password: none`), is declared and shown masked. So is a text's user name and
password before a host without a `scheme://` (`sa:pw@db.example`), masked in place as a URL's are,
and for the same reason here: `12:30@site` cannot be told from one, and is no credential.
In a field that holds a person's words and never a refId (a name, notes, url or metric's name), a
label and its credential written without a blank (`Password:hunter2`) is hidden too, by the rule a
manifest refuses it there with: elsewhere it has the shape of stack `password`'s refId, and shows.
"""

from __future__ import annotations

from typing import Any

import orjson

from iotplan.plan.model import key_of
from iotplan.plan.props import SECRET_FIELDS, SENSITIVE  # one list of secret fields, the differ's
from iotplan.secrets import (
    ENV_REFERENCE,
    holds_known,
    is_masked_text,
    masking_may_read,
    names_a_credential_alone,
    text_names_a_credential,
    without_schemeless_userinfo,
    without_url_credentials,
)


def is_secret(path: str, sensitive: bool = False) -> bool:
    """A field the differ marked sensitive, or one whose name alone says it holds a secret."""
    return sensitive or key_of(path) in SECRET_FIELDS


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and ENV_REFERENCE.fullmatch(value) is not None


def hidden_in_views(value: Any, *, checked: bool = False, field: str = "") -> bool:
    """Whether a value is shown whole as "(sensitive)": it holds, at any depth, a secret this run
    holds, or text naming a credential, as `import` reads an unmanaged prop. Read from the platform
    or declared alike: a manifest may hold what this rule over-hides (`Password: none`,
    `Logger key: LG-42`; what plainly is a credential it refuses), and a plan showing it in clear
    where drift hides the same live text would show what drift hides. `checked`: the value is
    known to hold none of the run's secrets (`masks_none`), so only its names are read. A list or
    map holding a `user:pw@host` is hidden whole: a text is masked in place instead
    (`unless_hidden`), but a metric list's JSON masked in place is no value of it. `field`: the
    field path the value is shown under, if any (`names_a_credential_in_words`)."""
    if value.__class__ in PLAIN_TYPES:
        return False
    text = value if isinstance(value, str) else _as_text(value)
    return (
        (not checked and holds_known(text))
        or _names_a_credential(text)
        or (not isinstance(value, str) and holds_schemeless_userinfo(text))
        or (field != "" and names_a_credential_in_words(field, value))
    )


# The fields that hold a person's words and never a refId: a manifest refuses a label and its
# credential written alone in them (manifest/text.py Name, MetricName, Url), and `import` leaves it out.
FIELDS_OF_WORDS = frozenset(("name", "notes", "url", "metrics"))


def names_a_credential_in_words(field: str, value: Any) -> bool:
    """Whether `value`, shown under `field`, is a field of words (`FIELDS_OF_WORDS`) that plainly
    holds a credential as such a field reads it (`names_a_credential_alone`: `Password:hunter2`,
    which elsewhere is stack `password`'s refId). A text without a `:` is told at once: most are."""
    if value.__class__ is str:
        return ":" in value and key_of(field) in FIELDS_OF_WORDS and names_a_credential_alone(value)
    # A name or notes another tool wrote as a map or list is read by the names in it, as metrics are.
    return key_of(field) in FIELDS_OF_WORDS and _words_name_a_credential(value)


def _words_name_a_credential(value: Any) -> bool:
    """A text, or a metric list (or one entry of it, `metrics[1]`) by its custom names."""
    if isinstance(value, str):
        return names_a_credential_alone(value)
    entries = value if isinstance(value, list) else [value]
    names = [held for entry in entries if isinstance(entry, dict) for held in entry.values()]
    return any(isinstance(name, str) and ":" in name and names_a_credential_alone(name) for name in names)


def _names_a_credential(text: str) -> bool:
    """`text_names_a_credential` of `text` as views show it, asked only where it may find one: a
    fleet's names and notes hold no `=`, `:`, scheme's word nor token's prefix, and are told at once."""
    if not masking_may_read(text):
        return False
    return text_names_a_credential(without_url_credentials(text))


# The values no view hides nor masks: they hold no text.
PLAIN_TYPES = frozenset((int, float, bool, type(None)))


def _as_text(value: Any) -> str:
    """A location or a metric list as its JSON text, read as one: every value a plan shows is asked
    (a no-op plan of 100,000 sensors: a million), and asking each part of one took a fifth longer
    to write that plan's JSON. Its keys are iotplan's own (`lat`, `custom_metric`), none named like
    a credential; a key another tool put in a gateway's setting that is one hides the setting."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # an integer past 64 bits: the platform's text is anyone's
        return str(value)


def for_people(path: str, value: Any, sensitive: bool = False, *, checked: bool = False) -> Any:
    """The value text and Markdown may show: any secret, reference or not, is "(sensitive)".
    `checked`: a manifest's value already found to hold none of the run's secrets (`masks_none`)."""
    if value is not None and is_secret(path, sensitive):
        return SENSITIVE
    return unless_hidden(value, checked=checked, field=path)


def for_files(path: str, value: Any, sensitive: bool = False, *, checked: bool = False) -> Any:
    """The value a saved plan may hold: a secret survives only as a `${env:NAME}` reference.
    `checked`: known to hold none of the run's secrets (`hidden_in_views`)."""
    if value is not None and is_secret(path, sensitive) and not is_reference(value):
        return SENSITIVE
    return unless_hidden(value, checked=checked, field=path)


def fields_for_files(values: dict[str, Any] | None, *, checked: bool = False) -> dict[str, Any] | None:
    """`before` or `after` as a saved plan may hold them; `checked` as `for_files`."""
    if values is None:
        return None
    if SECRET_FIELDS.isdisjoint(values):  # most entities: no field is a secret by its name
        return {name: unless_hidden(value, checked=checked, field=name) for name, value in values.items()}
    return {name: for_files(name, value, checked=checked) for name, value in values.items()}


def holds_schemeless_userinfo(text: str) -> bool:
    """Whether `text` holds a `user:pw@` before a host without a `scheme://`, which views mask."""
    return without_schemeless_userinfo(text) != text


def unless_hidden(value: Any, *, checked: bool = False, field: str = "") -> Any:
    """`value`, or "(sensitive)" where it holds what views hide, and a text's `user:pw@host` shown
    "(sensitive)@host": the one rule every view's values (plans, saved plans, drift in each
    format, merges) are shown by. `field`: the field path it is shown under, if any."""
    if value is None:
        return None
    if hidden_in_views(value, checked=checked, field=field):
        return SENSITIVE
    return without_schemeless_userinfo(value) if isinstance(value, str) else value


class _ShownAsMasked(str):
    """A saved value as views showed it, read back: equal to itself and to each value it could have
    been shown for (`_shown_for`). Compared with `==` alone (apply/stale.py): equal to many texts of
    different hashes, it is no key of a set or dict."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other) is True or self._shown_for(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def _shown_for(self, other: object) -> bool:
        raise NotImplementedError


class ShownHidden(_ShownAsMasked):
    """A field value a saved plan holds as "(sensitive)" though its field is no secret (it held
    what views hide), read back: equal to any value views hide, so a saved plan's check that its
    writes are still the ones planned (apply/stale.py) compares the rest of each write as before.
    What it stands for is the live text or the manifest's, which the plan's fingerprint and the
    manifest's digest still check; the apply writes what it plans afresh, never this."""

    __slots__ = ()

    def _shown_for(self, other: object) -> bool:
        return hidden_in_views(other)


class ShownHiddenInWords(ShownHidden):
    """`ShownHidden` of a field of words (`FIELDS_OF_WORDS`): equal as well to a value views hide
    there alone (`names_a_credential_in_words`)."""

    __slots__ = ()

    def _shown_for(self, other: object) -> bool:
        return hidden_in_views(other) or _words_name_a_credential(other)


class ShownMasked(_ShownAsMasked):
    """A text, live or declared, a saved plan holds with its `user:pw@` before a host shown
    "(sensitive)@" (no `scheme://`, masked in views alone: `unless_hidden`), read back: equal to the
    real text it was masked from, as `ShownHidden` is to a text views hide."""

    __slots__ = ()

    def _shown_for(self, other: object) -> bool:
        return isinstance(other, str) and str.__eq__(self, without_schemeless_userinfo(other)) is True


def read_back(path: str, value: Any, sensitive: bool = False) -> Any:
    """A saved field value as a plan holds it: "(sensitive)" of a field that is no secret compares
    as `ShownHidden` (`ShownHiddenInWords` in a field of words), and a text holding "(sensitive)@"
    as `ShownMasked`; a secret field's stays as it is, compared as it always was."""
    if is_secret(path, sensitive) or not is_masked_text(value):
        return value
    if value != SENSITIVE:
        return ShownMasked(value)
    return ShownHiddenInWords(value) if key_of(path) in FIELDS_OF_WORDS else ShownHidden(value)
