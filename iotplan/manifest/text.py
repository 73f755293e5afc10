"""What a text value of a manifest may hold: names, notes and references, and why one was refused.

A name or reference is one line a person reads in a plan, a terminal and the platform's UI: no
control character (a newline, NUL or a terminal escape sequence would rewrite what a reviewer
sees), no invisible direction or zero-width mark, no padding, never empty. Notes may span lines.

The rules are regular expressions that pydantic checks in its compiled core, so a manifest of
100,000 sensors pays nothing in Python for them; the explanation is computed only for a value
that failed. Names and notes are also looked through for a URL's credentials, in Python: 25 ms
for 100,000 names.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from iotplan.secrets import secret_parameters, url_has_credentials
from iotplan.wording import joined

# The platform documents no length for NAME; 200 characters fill a plan line and the platform's
# table cell, and anything longer is a paragraph pasted into the wrong field (it belongs in notes).
NAME_MAX_LENGTH = 200
NOTES_MAX_LENGTH = 4000  # a page of text
REF_MAX_LENGTH = 128  # catalog ids and refIds; the refId limit of addresses.py
URL_MAX_LENGTH = 2048  # what browsers and proxies commonly accept

# C0 and C1 control characters (newline, NUL, ESC, CSI...), bidirectional overrides and marks
# ("Trojan Source"), zero-width space, the line/paragraph separators and the byte-order mark.
_INVISIBLE = r"\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_FORBIDDEN = rf"\x00-\x1f\x7f-\x9f{_INVISIBLE}"
# Tab and newline are allowed in notes, and a carriage return in a Windows line ending: a note typed
# in the web app's form comes back with CRLF. Alone, a carriage return (which moves a terminal's
# cursor back over what was shown) is refused.
_NOTES_FORBIDDEN = rf"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}"
ONE_LINE = rf"^[^\s{_FORBIDDEN}](?:[^{_FORBIDDEN}]*[^\s{_FORBIDDEN}])?$"
MULTI_LINE = rf"^(?:[^\r{_NOTES_FORBIDDEN}]|\r\n)*$"
_FIRST_FORBIDDEN = {
    ONE_LINE: re.compile(f"[{_FORBIDDEN}]"),
    MULTI_LINE: re.compile(rf"\r(?!\n)|[{_NOTES_FORBIDDEN}]"),
}

# A URL's user name and password or a parameter named like a credential, anywhere in a name or
# notes. Plans and import show such live text masked (plan/props.py); a manifest holding it would
# put a secret in git, or, copied from an import, write "(sensitive)" to the platform in its place.
_URL_START = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://")


def _no_credentials_in_text(value: str) -> str:
    """Refused without echoing it, like a url's (below)."""
    userinfo = "@" in value and any(
        url_has_credentials(value[at.start() :]) for at in _URL_START.finditer(value)
    )
    named = secret_parameters(value) if "=" in value else []
    if not userinfo and not named:
        return value
    which = ["a URL's user name and password"] if userinfo else []
    if named:
        which.append(
            f"the URL parameter{'s' if len(named) > 1 else ''} {joined(named)} (named like a credential)"
        )
    raise ValueError(
        f"holds {joined(which)}, which a manifest must not (it lives in git, and plans and import show "
        "it as (sensitive)): take it out"
    )


Name = Annotated[
    str,
    StringConstraints(max_length=NAME_MAX_LENGTH, pattern=ONE_LINE),
    AfterValidator(_no_credentials_in_text),
    Field(description=f"One line, at most {NAME_MAX_LENGTH} characters, no padding."),
]
Ref = Annotated[
    str,
    StringConstraints(max_length=REF_MAX_LENGTH, pattern=ONE_LINE),
    Field(description=f"An identifier: one line, at most {REF_MAX_LENGTH} characters, no padding."),
]


# `scheme://user:password@host`: the part before the host's `@`; `?api_key=...`: a parameter named
# like a credential (secrets.py), whose value plans, drift and import show as "(sensitive)".
def _without_credentials(value: str) -> str:
    """Refused without echoing it: a manifest lives in git, and a url is shown in every plan, PR
    comment and saved plan."""
    if url_has_credentials(value):
        raise ValueError(
            f"holds a user name and password (before an '@'; {_AT_ESCAPED}), {_NOT_IN_A_MANIFEST}"
        )
    named = secret_parameters(value)
    if named:
        which = f"the parameter {named[0]}" if len(named) == 1 else f"the parameters {joined(named)}"
        raise ValueError(f"holds {which}, named like a credential, {_NOT_IN_A_MANIFEST}")
    return value


# A password may hold `/` or `?`, so an `@` anywhere after `scheme://` is read as ending one.
_AT_ESCAPED = "an '@' in its path or query is written %40"
_NOT_IN_A_MANIFEST = (
    "which a manifest must not (it lives in git, and the url is shown in every plan): give the feed's "
    "credential as auth_token: '${env:NAME}'"
)


Url = Annotated[
    str,
    StringConstraints(max_length=URL_MAX_LENGTH, pattern=ONE_LINE),
    AfterValidator(_without_credentials),
    Field(description=f"One line, at most {URL_MAX_LENGTH} characters, no padding."),
]
Notes = Annotated[
    str,
    StringConstraints(max_length=NOTES_MAX_LENGTH, pattern=MULTI_LINE),
    AfterValidator(_no_credentials_in_text),
    Field(description=f"Free text, may span lines; at most {NOTES_MAX_LENGTH} characters."),
]


def explain(value: str, pattern: str) -> str:
    """Why `value` does not match `pattern` (one of ONE_LINE or MULTI_LINE), in words."""
    found = _FIRST_FORBIDDEN.get(pattern, _FIRST_FORBIDDEN[ONE_LINE]).search(value)
    if found and found.group() == "\r" and pattern == MULTI_LINE:
        return (
            "contains a carriage return (U+000D) not followed by a newline at character "
            f"{found.start() + 1}: notes take one only in a Windows line ending; alone it moves a "
            "terminal's cursor back over text"
        )
    if found:
        why = (
            "a NUL, terminal escape or invisible mark is never part of manifest text"
            if pattern == MULTI_LINE
            else "a newline, NUL, terminal escape or invisible mark is never part of a name or reference"
        )
        return f"contains {_character(found.group())} at character {found.start() + 1}: {why}"
    if value == "":
        return "is empty: write a value or leave the field out"
    if value.strip() == "":
        return "is only whitespace: write a value or leave the field out"
    return (
        f"{quoted(value)} starts or ends with whitespace: the platform would keep the padding, and two "
        "names that look the same would differ"
    )


def too_long(value: str, max_length: int) -> str:
    return f"is {len(value):,} characters; the limit is {max_length:,}"


def _character(char: str) -> str:
    names = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", "\x00": "NUL", "\x1b": "ESC"}
    code = f"U+{ord(char):04X}"
    return f"{names[char]} ({code})" if char in names else f"the invisible or control character {code}"


def quoted(value: object, limit: int = 60) -> str:
    """`value` as Python's repr, which escapes every control character, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-1]}"


def printable(text: str) -> str:
    """`text` with every character a terminal would act on (escapes, newlines, bidi marks) escaped."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
