"""What a text value of a manifest may hold: names, notes and references, and why one was refused.

A name or reference is one line a person reads in a plan, a terminal and the platform's UI: no
control character (a newline, NUL or a terminal escape sequence would rewrite what a reviewer
sees), no invisible direction or zero-width mark, no padding, never empty. Notes may span lines.

The rules are regular expressions that pydantic checks in its compiled core, so a manifest of
100,000 sensors pays nothing in Python for them; the explanation is computed only for a value
that failed. Names, notes, urls and identifiers are also checked against the masking that plans show
live text with (secrets.py), in Python: a call for each value, which passes one holding no '@', '=' or
':', no token's fixed prefix (`eyJ`, `gh`, `AKIA`...) nor a scheme's word (`Bearer`) at once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from iotplan.secrets import (
    MASKED,
    SHORTEST_BARE_TOKEN,
    credential_plainly_named_in,
    credential_word,
    glued_to_a_word,
    holds_a_bare_token,
    holds_masked_credential,
    holds_url_userinfo,
    masking_may_read,
    secret_parameters,
    without_url_credentials,
)
from iotplan.wording import joined, quoted

# The platform documents no length for NAME; 200 characters fill a plan line and the platform's
# table cell, and anything longer is a paragraph pasted into the wrong field (it belongs in notes).
NAME_MAX_LENGTH = 200
NOTES_MAX_LENGTH = 4000  # a page of text
REF_MAX_LENGTH = 128  # catalog ids and refIds; the refId limit of addresses.py
URL_MAX_LENGTH = 2048  # what browsers and proxies commonly accept
# An iTwin id is a UUID; the rule is wider (any platform's id shape), but never lets in what would change
# the request it is pasted into: a space, '/', '?', '#' or '..'.
PROJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,127}")
PROJECT_ID_RULE = f"^{PROJECT_ID.pattern}$"

# Invisible marks: every format character (Unicode category Cf: bidirectional overrides and marks as in
# "Trojan Source", zero-width space, word joiner, soft hyphen, the byte-order mark, the tag characters that
# hide text), the line/paragraph separators, and what shows as nothing though it is a letter or mark (the
# combining grapheme joiner, the Hangul fillers); Cf as of Unicode 15. Written out, not `\p{Cf}`, so the
# JSON Schema's pattern reads alike in every editor's regex engine. The zero-width non-joiner and joiner
# (U+200C, U+200D) are apart: Persian and Indic names and emoji need them in names and notes, but an
# identifier never does.
_JOINERS = r"\u200c\u200d"
# Past U+FFFF, each character as itself and none as a range: ECMAScript has no `\U`, and an editor whose
# regex reads UTF-16 (no `u` flag) sees a range of them as one of surrogates, out of order, and drops
# the whole pattern.
_CF_PAST_FFFF = (
    0x110BD,
    0x110CD,
    *range(0x13430, 0x13440),
    *range(0x1BCA0, 0x1BCA4),
    *range(0x1D173, 0x1D17B),
)
_TAGS = range(0xE0000, 0xE0080)
_INVISIBLE_IN_TEXT = (
    r"\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e\u200b\u200e\u200f"
    r"\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\uffa0"
    + "".join(map(chr, (*_CF_PAST_FFFF, *_TAGS)))
)
_INVISIBLE = _JOINERS + _INVISIBLE_IN_TEXT
_FORBIDDEN = rf"\x00-\x1f\x7f-\x9f{_INVISIBLE}"
_NAME_FORBIDDEN = rf"\x00-\x1f\x7f-\x9f{_INVISIBLE_IN_TEXT}"
# Tab and newline are allowed in notes, and a carriage return in a Windows line ending: a note typed
# in the web app's form comes back with CRLF. Alone, a carriage return (which moves a terminal's
# cursor back over what was shown) is refused.
_NOTES_FORBIDDEN = rf"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE_IN_TEXT}"


def _one_line(forbidden: str) -> str:
    return rf"^[^\s{forbidden}](?:[^{forbidden}]*[^\s{forbidden}])?$"


ONE_LINE = _one_line(_FORBIDDEN)  # identifiers and urls
NAME_LINE = _one_line(_NAME_FORBIDDEN)
MULTI_LINE = rf"^(?:[^\r{_NOTES_FORBIDDEN}]|\r\n)*$"
# What finds the first character each rule refuses. Texts, compiled by `re` (which keeps them) on the
# first refusal, not at import: the rules are checked in pydantic's core, and these only say why one
# failed (1 ms of every start, for a manifest that is valid).
_FIRST_FORBIDDEN = {
    ONE_LINE: f"[{_FORBIDDEN}]",
    NAME_LINE: f"[{_NAME_FORBIDDEN}]",
    MULTI_LINE: rf"\r(?!\n)|[{_NOTES_FORBIDDEN}]",
}


# Plans compare a live name, notes or url masked (plan/props.py): a URL's user info and a
# parameter named like a credential show as "(sensitive)". A field differs from the manifest
# exactly when the platform's real text does, and a change writes the manifest's text, only if
# masking leaves every manifest text as it is and none holds what masking writes. One rule for
# every such field, in the masking's own terms, so the two cannot drift apart: refused otherwise,
# without echoing the value (a manifest lives in git; a url is shown in every plan and PR comment).
def _unchanged_by_masking(
    value: str, consequence: str, masked_cure: str = "", only_named: str = "", *, identifier: bool = False
) -> str:
    """`consequence` says why the field must not hold what masking hides; `masked_cure`, what to do
    with one holding what masking wrote (an imported value, told first); `only_named`, what to do
    with a parameter only named like a credential; `identifier`: the field may hold a refId, so
    `secret:n1` alone is one (of stack `secret`), where in a name or notes it is a label and value."""
    if holds_masked_credential(value):
        raise ValueError(f"holds (sensitive) in a credential's place, as plans show one{masked_cure}")
    if without_url_credentials(value) != value:
        named = only_named if secret_parameters(value) else ""
        raise ValueError(f"holds {_hidden_by_masking(value)}, {consequence}{named}")
    if holds_a_bare_token(value):  # after a URL's, which names what to take out (`?jwt=eyJ...`)
        raise ValueError(f"holds {A_BARE_TOKEN}, {consequence}")
    if (
        credential := credential_plainly_named_in(value, may_be_a_ref_id=identifier)
    ) is not None:  # views hide the rest (render/secrets.py)
        raise ValueError(
            f"holds {_a_named_credential(credential)}, {consequence}"
            + _more_words(value, credential, identifier=identifier)
        )
    return value


# A label and a word glued (`Secret:Lake`) read as a credential and its value in a name or notes: the
# way out, for a place's or a feed's name, is a blank or more words, which `take it out` does not say.
_MORE_WORDS = "; if it is no credential but words, write it with more words: 'Secret Lake', not 'Secret:Lake'"


def _more_words(value: str, credential: str, *, identifier: bool) -> str:
    if glued_to_a_word(value, credential):
        return _MORE_WORDS
    return _A_BLANK if _passes_with_a_blank(value, credential, identifier=identifier) else ""


# A label glued to a code (`Bearer:B3`, a bridge bearer; `Authorization:PO-4421`, a work order) reads as
# a credential and its value, where the same with a blank after the label is accepted (and shown
# masked): offered only where that blank alone makes the text pass, never quoting the value.
_A_BLANK = "; if it is a code, not a credential, put a blank after the label: 'Bearer: B3', not 'Bearer:B3'"


def _passes_with_a_blank(value: str, credential: str, *, identifier: bool) -> bool:
    at = value.find(credential) + len(credential)
    if value[at : at + 1] not in (":", "=") or value[at + 1 : at + 2].isspace():
        return False
    spaced = f"{value[: at + 1]} {value[at + 1 :]}"
    return credential_plainly_named_in(spaced, may_be_a_ref_id=identifier) is None


# A credential a text plainly names inside itself (secrets.py credential_plainly_named_in: `password:
# hunter2`, `APIKEY: k9x8`, `Bearer` and a token), which would go to git. Its name is quoted, never its
# value. What the rule views hide live text with reads as naming one but is no plain credential
# (`Password: none`, `Logger key: LG-42`) is accepted, and views show it masked (render/secrets.py).
def _a_named_credential(named: str) -> str:
    if named.lower() in _SCHEMES:
        return f"a credential after {quoted(named)} (an HTTP {named.capitalize()} credential)"
    return (
        f"a credential named {quoted(named)} (a value after a name holding a credential word, such as "
        "'password=', 'api_key=' or a label's 'token:', which views hide whole)"
    )


_SCHEMES = ("basic", "bearer", "apikey")


# A token told by its shape alone, as views hide a live text holding one whole (secrets.py
# holds_a_bare_token): declared, it went to git and into the `+ name = ...` line a plan shows in clear.
A_BARE_TOKEN = (
    "a credential known by its shape (a JWT `eyJ...`, a GitHub `ghp_`, GitLab `glpat-`, Slack `xox?-` or "
    "Stripe `sk_live_` token, an AWS access key id `AKIA...`)"
)


_MASKED_TEXT_CURE = (
    ": written, it would replace the platform's real text, and deleting the masked part is no cure, since "
    "it may hide the host and path too (masking runs to a URL's last '@'); leave the field out (iotplan "
    "then leaves the platform's text as it is) and change it in the platform's web app, or copy the real "
    "value without the credential. A custom metric or unit cannot be left out (leaving its entry out "
    "removes the metric); copied without the credential, it is renamed (a data-model change)"
)


# The rule reads a parameter's name alone (`keywords` holds 'key'), decoded first, so nothing written
# differently gets an ordinary parameter past it: said outright, so nobody looks for a spelling.
_ONLY_NAMED_LIKE_ONE = (
    "; a parameter only named like one is refused too: the rule reads the name alone (decoded, so no "
    "spelling of it keeps it). Dropping it changes what the URL asks for: to keep it, leave the field out "
    "of the manifest (iotplan then leaves the platform's text as it is) and set it in the platform's web app"
)


# Masking hides all of it, so it is said as the masking reads it: a user name, a password, or an
# `@` in a path or query (`?owner=ops@example.com`), which cannot be told from a password's end.
_USER_INFO = (
    "a URL's user info (anything between scheme:// and an '@'; an '@' in a path or query is written %40)"
)


def _hidden_by_masking(value: str) -> str:
    """What masking would hide of `value`, which it changes: a URL's user info, parameters named like
    a credential, or both (when no parameter is, the user info is what it hides)."""
    named = secret_parameters(value)
    which = [_USER_INFO] if not named or holds_url_userinfo(value) else []
    if named:
        which.append(_parameters(named))
    return joined(which)


def _parameters(named: list[str]) -> str:
    """`the URL parameter keywords (whose name contains 'key')`: the word that made it one, since a
    name that only holds it (`keywords`, `author`) is refused too, and no spelling keeps it."""
    words = joined(list(dict.fromkeys(f"'{credential_word(name)}'" for name in named)))
    if len(named) == 1:
        return f"the URL parameter {named[0]} (whose name contains {words})"
    return f"the URL parameters {joined(named)} (whose names contain {words})"


# Masking reads only what `url_masking_reads` names (secrets.py, where the rule lives beside masking),
# and what it writes holds '(sensitive)@' or '=(sensitive)': each check below passes any other text at
# once, the answer _unchanged_by_masking gives it, which saves a fleet's 221,000 names and templates
# 0.2 µs each. A bare token needs neither sign: its search is asked only of a text holding a token's
# fixed prefix (`eyJ`, `ghp_`, `AKIA`...), which few names hold. A credential named inside a text needs
# a `:` (or `=`) after its name, or a scheme's word (`Bearer`): secrets.py masking_may_read asks all three.
def _text_unchanged_by_masking(value: str) -> str:
    if not masking_may_read(value):  # nearly always: see above
        return value
    return _unchanged_by_masking(value, _NOT_IN_TEXT, _MASKED_TEXT_CURE, _ONLY_NAMED_LIKE_ONE)


def _not_shown_hidden(value: str, cure: str = "") -> str:
    """A value views hid whole (it held a secret, or text naming a credential), copied from a plan."""
    if value == MASKED:
        raise ValueError(
            "is (sensitive), what plans show in place of a value they hide: written, it would replace the "
            f"platform's real text with that word; {cure or _LEAVE_IT_OUT}"
        )
    return value


_LEAVE_IT_OUT = (
    "leave the field out (iotplan then leaves the platform's text as it is), or write the real value"
)
# Import writes a metric's name holding a credential so (render/manifest_yaml.py says what to write, as
# this does): left out, its entry would remove the metric, and only auth_token reads `${env:NAME}`.
_NAME_A_METRIC = (
    "a custom metric or unit cannot be left out (leaving its entry out removes the metric), nor read from "
    "`${env:NAME}` (only auth_token is): write its name without the credential, which renames the metric "
    "(a data-model change), or rename it in the platform's web app first and write the new name"
)


def _metric_not_shown_hidden(value: str) -> str:
    return _not_shown_hidden(value, _NAME_A_METRIC)


_NOT_IN_TEXT = "which a manifest must not (it lives in git, and plans show it as (sensitive)): take it out"


Name = Annotated[
    str,
    StringConstraints(max_length=NAME_MAX_LENGTH, pattern=NAME_LINE),
    AfterValidator(_text_unchanged_by_masking),
    AfterValidator(_not_shown_hidden),
    Field(description=f"One line, at most {NAME_MAX_LENGTH} characters, no padding."),
]
# A custom metric's or unit's name: a Name, told otherwise what to write for a `(sensitive)` one.
MetricName = Annotated[
    str,
    StringConstraints(max_length=NAME_MAX_LENGTH, pattern=NAME_LINE),
    AfterValidator(_text_unchanged_by_masking),
    AfterValidator(_metric_not_shown_hidden),
    Field(description=f"One line, at most {NAME_MAX_LENGTH} characters, no padding."),
]


# A refId, an id or a catalog id is identity, written and compared as it is (views mask it: plan/props.py
# shown_ref_id). One holding what masking changes would go to git in clear, and every refusal quoting
# the manifest's refId would print it. No identifier holds a URL's user info or a `?token=`.
def _ref_unchanged_by_masking(value: str) -> str:
    if not _identifier_masking_may_read(value):  # as texts, above
        return value
    return _unchanged_by_masking(value, _NOT_IN_AN_IDENTIFIER, f", {_NOT_IN_AN_IDENTIFIER}", identifier=True)


# An identifier repeats where a name does not: every sensor of a fleet has the default template, told
# by its hash from this cache in a third of masking_may_read's time. It holds only that pure answer
# (never a value's verdict, which the full check gives each time), so no manifest's answer is stale.
@lru_cache(maxsize=1024)
def _identifier_masking_may_read(value: str) -> bool:
    return masking_may_read(value)


_NOT_IN_AN_IDENTIFIER = (
    "which an identifier must not (it lives in git, and plans and refusals show it as (sensitive)). A "
    "ref_id or id written otherwise names another entity: the one that holds this one would be removed "
    "(with its history) and another made; to keep it, first give it another SERIAL_NO in the platform's "
    "web app, then write that here"
)


Ref = Annotated[
    str,
    StringConstraints(max_length=REF_MAX_LENGTH, pattern=ONE_LINE),
    AfterValidator(_ref_unchanged_by_masking),
    Field(description=f"An identifier: one line, at most {REF_MAX_LENGTH} characters, no padding."),
]


def segment_holds_no_bare_token(value: str, cure: str = "") -> str:
    """A key, stack or THREAD serial: a segment of every refId or id built of it, which views mask
    (secrets.py identity_holds_a_secret). Its pattern lets in a token's characters, and no other
    of masking's signs, so only the token's shape is asked (a fleet's keys, most shorter than any)."""
    # A key shorter than any token (a fleet's `s0`...`s9`) is told so without a call.
    if len(value) >= SHORTEST_BARE_TOKEN and holds_a_bare_token(value):
        raise ValueError(f"holds {A_BARE_TOKEN}, {_NOT_IN_A_SEGMENT}: {cure or _ANOTHER_KEY}")
    return value


_NOT_IN_A_SEGMENT = (
    "which a manifest must not (it lives in git, and every refId or id made of it is shown (sensitive) by "
    "plans and refusals)"
)
_ANOTHER_KEY = (
    "choose another; a key already applied keeps its history through a `moved` entry from its old address"
)


def why_not_one_line(value: str) -> str | None:
    """Why `value` is no identifier whatever its length (padding, a control character, an invisible
    mark), or None: a THREAD id that iotplan derives is never written, however long."""
    return None if re.fullmatch(ONE_LINE, value) else explain(value, ONE_LINE)  # compiled when first asked


def why_no_identifier(value: str) -> str | None:
    """Why a manifest refuses `value` as a `ref_id:` or `id:` (Ref's rule, in its words), or None:
    asked of a live refId before import writes it or a plan advises adopting by it, so neither
    names one that validate refuses (a trailing blank, a soft hyphen or zero-width space)."""
    if len(value) > REF_MAX_LENGTH:
        return too_long(value, REF_MAX_LENGTH)
    if (why := why_not_one_line(value)) is not None:
        return why
    try:
        _ref_unchanged_by_masking(value)
    except ValueError as error:
        return str(error)
    return None


def _url_unchanged_by_masking(value: str) -> str:
    if not masking_may_read(value):  # as texts, above
        return value
    return _unchanged_by_masking(value, _NOT_IN_A_MANIFEST, _MASKED_TEXT_CURE, _ONLY_NAMED_LIKE_ONE)


_NOT_IN_A_MANIFEST = (
    "which a manifest must not (it lives in git, and the url is shown in every plan): give the feed's "
    "credential as auth_token: '${env:NAME}'"
)


Url = Annotated[
    str,
    StringConstraints(max_length=URL_MAX_LENGTH, pattern=ONE_LINE),
    AfterValidator(_url_unchanged_by_masking),
    Field(description=f"One line, at most {URL_MAX_LENGTH} characters, no padding."),
]
Notes = Annotated[
    str,
    StringConstraints(max_length=NOTES_MAX_LENGTH, pattern=MULTI_LINE),
    AfterValidator(_text_unchanged_by_masking),
    AfterValidator(_not_shown_hidden),
    Field(description=f"Free text, may span lines; at most {NOTES_MAX_LENGTH} characters."),
]


def explain(value: str, pattern: str) -> str:
    """Why `value` does not match `pattern` (ONE_LINE, NAME_LINE, MULTI_LINE or PROJECT_ID_RULE), in words."""
    if pattern == PROJECT_ID_RULE:
        return not_a_project_id(value)
    found = re.search(_FIRST_FORBIDDEN.get(pattern, _FIRST_FORBIDDEN[ONE_LINE]), value)
    if found and found.group() == "\r" and pattern == MULTI_LINE:
        return (
            "contains a carriage return (U+000D) not followed by a newline at character "
            f"{found.start() + 1}: notes take one only in a Windows line ending; alone it moves a "
            "terminal's cursor back over text"
        )
    if found and found.group() in "\u200c\u200d":
        return (
            f"contains {_character(found.group())} at character {found.start() + 1}: a name may hold one "
            "(some scripts and emoji need it), an identifier never: two that read alike would differ"
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


def not_a_project_id(value: str) -> str:
    """Why a project id was refused: what an id may hold, since a pasted project name or URL
    fragment is the likely mistake, not padding."""
    return (
        f"{quoted(value)} is not a project id: an iTwin id is a UUID (such as "
        "3fa85f64-5717-4562-b3fc-2c963f66afa6), 1 to 128 letters, digits and '-', starting with a letter "
        "or digit; no space, '/' or '?' (the id is sent in request URLs). Copy the id, not the project's "
        "name, from the iTwin's page"
    )


INVISIBLE_MARK = re.compile(f"[{_INVISIBLE}]")  # also what import writes escaped
_SPACES = re.compile(r"\s+")  # Python's \s takes every Unicode space: NBSP, U+2009, U+3000...


def as_read(text: str) -> str:
    """`text` as a person reads it: invisible marks dropped, any run of spaces one space, accented
    letters in one encoding (NFC). Two names alike in it cannot be told apart in a plan or a UI."""
    visible = INVISIBLE_MARK.sub("", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", visible))


def how_apart(text: str, other: str) -> str:
    """What differs between two texts alike `as_read`: only how the letters are encoded, or spaces
    and invisible marks (ZWJ, NBSP)."""
    if unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", other):
        return "the same letters, encoded differently: Unicode NFC and NFD"
    return "the same text as it reads, with another kind of space or an invisible mark"


def too_long(value: str, max_length: int) -> str:
    """Limits count Unicode code points, as JSON Schema's maxLength does (an editor agrees), and so
    what is sent: an accent written apart (NFD) counts, and then the text shows fewer characters."""
    shown = len(unicodedata.normalize("NFC", value))
    if shown == len(value):
        return f"is {len(value):,} characters; the limit is {max_length:,}"
    return (
        f"is {len(value):,} Unicode code points; the limit is {max_length:,} code points: it shows as "
        f"{shown:,} characters because each accent is a code point of its own (Unicode NFD, as macOS "
        "writes file names; most editors write NFC, an accent in its letter)"
    )


def _character(char: str) -> str:
    names = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", "\x00": "NUL", "\x1b": "ESC"}
    code = f"U+{ord(char):04X}"
    if char in names:
        return f"{names[char]} ({code})"
    return f"the invisible or control character {code} ({unicodedata.name(char, 'unnamed')})"
