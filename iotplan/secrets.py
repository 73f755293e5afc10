"""Secret references (`${env:NAME}`) → values, at the last moment and never logged; and every
secret value this run holds, masked in any text it shows."""

from __future__ import annotations

import base64
import bisect
import contextlib
import functools
import hashlib
import hmac
import html
import html.entities
import itertools
import json
import os
import re
import string
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import orjson

from iotplan.errors import IotplanError
from iotplan.wording import IGNORABLE, joined

# `${env:NAME}`: the one form a secret takes in a manifest, a plan or an imported manifest.
ENV_REFERENCE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")
# iotplan signs in with IOTPLAN_CLIENT_SECRET, IOTPLAN_TOKEN...: none of them is ever a value it
# writes to the platform. The manifest refuses such a reference; this is the second lock.
OWN_CREDENTIALS_PREFIX = "IOTPLAN_"


# What a reference whose name reads as a token is shown as: its name is never quoted.
TOKEN_AS_NAME = "${env:...}"
# A variable's name is made of words joined by `_` (DAM_A_TOKEN, SITE_01_TOKEN, gw1_pw, DockerHubPassword).
# A word of a token's is none: it mixes lower and upper case with digits (`4eC39HqLyjWD`, `eyJhbGci`,
# but not Site2Token's camel-case words and one number);
# it is a run of 12+ letters and digits mixed as generated text mixes them (4+ runs of one or the
# other, or a quarter digits: `a94a8fe5ccb1...`, while OAUTH2CLIENTSECRET is a name); or 16+ letters
# of both cases with a lone lower-case letter among them (`PbhIHRZPBaAa...`, not `XMLHttpToken`).
_VARIABLE_NAME_WORD = re.compile(r"[A-Za-z0-9]+")
_LETTERS_OR_DIGITS = re.compile(r"[A-Za-z]+|[0-9]+")
_WORDS_IN_CAMEL_CASE = re.compile(r"(?:[A-Z]*[a-z]{2,})+[A-Z]*|[A-Z]+")
_LONGEST_PLAIN_RUN = 11
_LONGEST_PLAIN_LETTERS = 15


def reads_as_a_variable_name(name: str) -> bool:
    """Whether `name`, the NAME of `${env:NAME}`, reads as a variable's name, not as a token pasted
    where the name goes: such a name is refused by the manifest and never quoted anywhere."""
    return not holds_a_bare_token(name) and not any(
        _reads_as_a_token(word.group()) for word in _VARIABLE_NAME_WORD.finditer(name)
    )


def _reads_as_a_token(word: str) -> bool:
    lower, upper = any(c.islower() for c in word), any(c.isupper() for c in word)
    digits, runs = sum(c.isdigit() for c in word), _LETTERS_OR_DIGITS.findall(word)
    if digits and lower and upper:  # a name's words in camel case with a number (Site2Token) aside
        return len(runs) >= 4 or not all(map(_WORDS_IN_CAMEL_CASE.fullmatch, runs[runs[0].isdigit() :: 2]))
    if digits and digits < len(word) and len(word) > _LONGEST_PLAIN_RUN:
        return len(runs) >= 4 or digits * 4 >= len(word)
    return lower and upper and len(word) > _LONGEST_PLAIN_LETTERS and not _WORDS_IN_CAMEL_CASE.fullmatch(word)


def shown_reference(reference: str) -> str:
    """`reference` as a message may quote it: TOKEN_AS_NAME where its name reads as a token (a
    saved plan is not validated, so may hold one)."""
    match = ENV_REFERENCE.fullmatch(reference)
    return TOKEN_AS_NAME if match and not reads_as_a_variable_name(match.group(1)) else reference


def lookup_secret(reference: str, environ: Mapping[str, str]) -> str | None:
    """The value a reference points at, or None when it is not set.

    Empty counts as not set: CI systems pass a missing secret as an empty variable, and an empty
    token written to the platform would break a connection silently.
    """
    match = ENV_REFERENCE.fullmatch(reference)
    if not match:
        return None
    if not reads_as_a_variable_name(match.group(1)):  # a saved plan's, never validated: never quoted
        raise IotplanError(
            f"secret {TOKEN_AS_NAME} holds a token where the variable's name goes (not shown): write a "
            "name in the manifest, such as '${env:SITE_A_TOKEN}', export the token under it, plan "
            "again, and revoke the token if a file holding it was shared"
        )
    if match.group(1).upper().startswith(OWN_CREDENTIALS_PREFIX):
        raise IotplanError(f"secret {reference} names one of iotplan's own credentials: it is never sent")
    value = environ.get(match.group(1)) or None
    if value is None:
        return None
    # Held before it is refused: refused, it is still the user's secret, and masking it costs nothing.
    remember(value)
    _refuse_mangled(reference, value)
    _refuse_too_short(reference, value)
    return value


def _refuse_mangled(reference: str, value: str) -> None:
    """A token is written exactly as the environment holds it: a line break pasted with it (`$(cat
    file)`, a secret saved from an editor) or padding would be written too, and the feed would stop
    authenticating without a word. iotplan's own credentials are checked alike (clients/auth.py);
    they are stripped, as iotplan alone reads them, while this value goes to the platform as given:
    refused, naming the variable, never the value. So are bytes that are not UTF-8: no JSON body
    can carry them (exact_json.dumps raises), and a write holding one would fail mid-apply."""
    if value != value.strip():
        edge = "ends with a line break" if value.endswith(("\n", "\r")) else "starts or ends with whitespace"
        raise IotplanError(f"secret {reference} {edge}: set the variable again without it")
    if has_control_character(value):
        raise IotplanError(
            f"secret {reference} contains a control character: set the variable again without one"
        )
    if holds_bytes_not_utf8(value):
        raise IotplanError(
            f"secret {reference} holds bytes that are not UTF-8: the platform takes text, and a body "
            "holding them cannot be written; set the variable again as UTF-8"
        )


# Half a UTF-16 pair, no character: how Python reads an environment variable's bytes that are not
# UTF-8 (`\udcff` for 0xFF), and what JSON's `"\ud800"` decodes to. UTF-8 has no spelling of one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def holds_bytes_not_utf8(text: str) -> bool:
    """Whether `text` holds a lone surrogate: no text to send, as UTF-8 has no spelling of one."""
    return _LONE_SURROGATE.search(text) is not None


def _refuse_too_short(reference: str, value: str) -> None:
    """A token shorter than SHORTEST_MASKED is left in clear where the platform echoes it back (in
    an error, in the debug log), and a token that short is guessed at once: refused, naming the
    variable, never the value."""
    if len(value) < SHORTEST_MASKED:
        raise IotplanError(
            f"secret {reference} is shorter than {SHORTEST_MASKED} characters, too short to be masked where "
            "the platform echoes it back: set a longer, generated token"
        )


def has_control_character(text: str) -> bool:
    """A C0 control or DEL: a pasted line break, a NUL, a terminal escape. Never part of a token, a
    credential or a URL, and a message echoing one could rewrite the terminal, so each is refused."""
    return any(ord(character) < 32 or ord(character) == 127 for character in text)


def require_secret(reference: str, environ: Mapping[str, str]) -> str:
    value = lookup_secret(reference, environ)
    if value is None:
        raise IotplanError(f"secret {reference} is not set (or empty) in the environment")
    return value


# A saved plan's record of a token it writes, so that its apply writes only the token reviewed:
# `hmac-sha256:SALT:MAC`, the MAC of the value keyed by a random salt drawn for each digest. The
# salt keeps one token's records unlike (not linkable, across plans or connections), and the value
# cannot be read back from a MAC. What a published plan (a CI artifact) does give is a test for a
# guess: so a token shorter than SHORTEST_DIGESTED is never recorded, and a saved plan that writes
# one is refused
# (apply/stale.py). From 16 characters a generated token is out of reach: 16 hex digits, the poorest
# alphabet one uses, are 2^64 values; at 10^10 MACs a second, 58 years of one GPU's work. (A token
# a person made up is only as safe as its guessability: README says so.)
SHORTEST_DIGESTED = 16
_DIGEST_SCHEME = "hmac-sha256"
SECRET_DIGEST = re.compile(rf"{_DIGEST_SCHEME}:[0-9a-f]{{32}}:[0-9a-f]{{64}}")


# The words that say a name holds a credential, in any case, anywhere in it. A prop's name and a
# URL parameter's name are both read with them (SECRET_PROP_NAME, SECRET_PARAMETER), so that what
# a prop hides a URL cannot show: one list, or the two rules drift apart.
CREDENTIAL_WORDS = (
    "token",
    "secret",
    "pass",
    "pwd",
    "auth",
    "key",
    "credential",
    "phrase",
    "private",
    "cert",
    "cookie",
    "session",
    "bearer",
)
# Too short to look for inside a name (`spin`, `opinion`, `PWM`, `SASH`): a credential only as a word
# of it. A one-time password, an Azure shared access signature.
CREDENTIAL_WHOLE_WORDS = ("pw", "pin", "otp", "sas")
# A credential in a name (`REQUEST_SIGNATURE`, `SNMP_COMMUNITY`, `SALT`, `ACCESS_CODE`), where a
# note's label is a person's word (`Signature: J. Doe`, `Salt: 35 g/l`, `Community: Riverside`):
# read in names, not in prose (_CREDENTIAL_LABEL_WORD). `code` alone is no credential's name
# (`SITE_CODE`, `CODEC`): only an access code's. A Wi-Fi pre-shared key, an HMAC key and `creds`
# name a credential (`WPA_PSK`, `HMAC_KEY`, `?creds=`, `"psk": ...`), but a note's label so named
# is as often followed by how it is done as by the credential (`HMAC: sha256 over the body`, `PSK:
# none`, `creds: in vault`), and a label's rule reads the label alone, with no notion of a value
# shaped as a key to tell them apart: so they are read in names (and a key written in prose, `psk=`,
# `HMAC_KEY:`), not as a label. Too short to look for inside a name (`laptop`): as a word of it.
NAME_ONLY_WORDS = ("signature",)
NAME_ONLY_WHOLE_WORDS = ("salt", "community", "access[_.-]?code", "psk", "hmac", "creds")


def _credential_names(whole_word: str, *more: str) -> re.Pattern[str]:
    """A name holding any of CREDENTIAL_WORDS, NAME_ONLY_WORDS or `more`, or one of
    CREDENTIAL_WHOLE_WORDS or NAME_ONLY_WHOLE_WORDS as a word: where `whole_word`, a pattern of a
    word's edges, has `{}`."""
    whole = whole_word.format(f"(?:{'|'.join((*CREDENTIAL_WHOLE_WORDS, *NAME_ONLY_WHOLE_WORDS))})")
    return re.compile("|".join((*CREDENTIAL_WORDS, *NAME_ONLY_WORDS, whole, *more)), re.IGNORECASE)


# Where a word of a name begins and ends: at any sign or a capital (`DEVICE_PIN`, `device-pin`,
# `devicePin`, `pinCode`), as a prop's name and a URL parameter's are written. Both edges are read as
# written, not folded: a word ending in a small letter ends before a capital (`pin` of `pinCode`),
# one ending in a capital only where no letter follows (`PINNED` is no PIN) or before a camel-case
# word's capital (`PIN` of `PINCode`, `OTPSeed`, as `XMLHttp` is `XML` and `Http`; `OTPS` is none),
# and either before a digit (`pin1`, `door_pin2`, `PIN2`: a second PIN, as `password2` is a second
# password). A word starts after a capital too where it is camel-case (`Pin` of `DOORPin`). One in
# capitals may take a plural's small `s` (`PINs`, `door_PINs`, `OTPs`, `PSKs`): `pins` stays a GPIO's.
_NAME_WORD = (
    r"(?:(?<![a-z0-9])|(?-i:(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]))){}"
    r"(?-i:(?<=[a-z])(?![a-z])|(?<=[A-Z])(?![A-Za-z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Z])(?=[s](?![a-z])))"
)

# A prop whose name may hold a credential: its value is never shown nor fingerprinted (a false
# positive only hides a comment's value, or a change to it from a saved plan's staleness check).
# A word added here changes saved plans: plan/compare.py leaves a prop so named out of an
# entity's fingerprint, so a write to an entity holding such a prop, planned by an iotplan before
# the word, no longer matches its fingerprint, and apply refuses the plan as stale: plan again.
SECRET_PROP_NAME = _credential_names(_NAME_WORD)


def credential_named(name: str) -> bool:
    """Whether a template variable's or a --sites column's name says it holds a credential
    (`password`, `api_key`, `feed.token`), as a prop's name does: its value is never shown (drift's
    `Next:` line), nor given to a template (credential_word_withheld: ordinary words aside)."""
    return bool(SECRET_PROP_NAME.search(name))


# `key` is the manifest's own word for an entity's identifier too (`key: {{ site.key }}`, a `node_key`
# column): where it is a name's first word or follows an entity's (`sites[0].key`), a template reading
# it reads an identifier. Hiding reads it as a credential everywhere (a false match only hides a
# value); withholding reads it so only where another word says which key (`api_key`, `access_key`).
_IDENTIFIER_OWNERS = frozenset(
    ("site", "node", "device", "sensor", "logger", "gateway", "thread", "connection", "station", "project")
)

# A template's input withheld from it (manifest/template_credentials.py) is one credential_named reads as a
# credential: one rule with drift's `Next:` line, so what one hides the other never gives (`dbpass`,
# `adminpass`, `sshkey`, `sessionid`: a credential's word within a word is one). Withholding refuses the
# template, though, so an ordinary word that merely holds a credential's (`author`, `compass`,
# `keyword`) is given: each word that reads as a credential must be one of these for the name to be
# given; one more word that reads so (`author_token`) and it is withheld. Kept short: a word added is
# a credential a template may print.
ORDINARY_WORDS = frozenset(
    (
        *("author", "authors", "authored", "authority", "compass", "keyword", "keywords", "keypad"),
        *("passage", "passenger", "passengers", "bypass", "sessions", "certified", "private", "monkey"),
        "secretary",
    )
)
# A word of a name, as _NAME_WORD reads its edges: between signs (digits kept in it: `passw0rd`), or
# at a capital after a small letter (`apiKey`) or starting a camel-case word after capitals (`PINCode`).
_WORD_OF_A_NAME = re.compile(r"[A-Za-z0-9]+?(?=[^A-Za-z0-9]|(?<=[a-z])[A-Z]|(?<=[A-Z])[A-Z][a-z]|$)")


def credential_word_withheld(name: str) -> str | None:
    """The word of a --sites column's or a --var/--vars variable's name that has it withheld from a
    template (`token` of `token_count`, `dbpass`, `access_code`), or None where credential_named reads
    none but in ORDINARY_WORDS and an identifier's `key`."""
    words = [(word.start(), word.end(), word.group()) for word in _WORD_OF_A_NAME.finditer(name)]
    for found in SECRET_PROP_NAME.finditer(name):
        spanned = [
            at for at, (start, end, _) in enumerate(words) if start < found.end() and found.start() < end
        ]
        if not spanned:  # no letter nor digit in it: no word to tell, so it is one
            return found.group()
        first = spanned[0]
        if len(spanned) == 1 and _ordinary(words[first][2], words[first - 1][2] if first else ""):
            continue
        return name[words[first][0] : words[spanned[-1]][1]]
    return None


def _ordinary(word: str, before: str) -> bool:
    """Whether `word`, after the word `before` it ("" for none), is an ordinary word or an
    identifier's `key`."""
    if word.lower() in ("key", "keys"):
        return not before or before.lower().removesuffix("s") in _IDENTIFIER_OWNERS
    return word.lower() in ORDINARY_WORDS


def credential_named_withheld(name: str) -> bool:
    """Whether a --sites column or a --var/--vars variable is withheld from a template."""
    return credential_word_withheld(name) is not None


def new_salt() -> str:
    """A digest's own salt: 128 random bits."""
    return os.urandom(16).hex()


def secret_digest(value: str, salt: str) -> str | None:
    """The record of `value` a saved plan holds; None for a value too short to record (see above)."""
    if len(value) < SHORTEST_DIGESTED:
        return None
    mac = hmac.new(bytes.fromhex(salt), value.encode(), hashlib.sha256).hexdigest()
    return f"{_DIGEST_SCHEME}:{salt}:{mac}"


def digest_matches(digest: str, value: str) -> bool:
    """Whether `value` is the one `digest` (a SECRET_DIGEST) was made of; in constant time."""
    salt = digest.split(":")[1]
    return hmac.compare_digest(secret_digest(value, salt) or "", digest)


# What masking writes in a credential's place (`scheme://(sensitive)@`, `?token=(sensitive)`):
# text holding it was read from a plan or an import, not from the platform, and written back it
# would replace the real credential. Masking leaves such text as it is, so it is looked for itself.
MASKED = "(sensitive)"
_MASKED_SHAPE = re.compile(rf"{re.escape(MASKED)}@|={re.escape(MASKED)}")


# A URL's user name and password, as the platform may hold them in a connection's URL or any prop:
# everything from `scheme://` up to the URL's last `@`, the rule of clients/endpoint.py's
# without_userinfo. A password may hold `/`, `?`, `#` or `'` (`https://u:pa/ss@host`, `it's`), and a
# malformed URL must not decide what is shown of it. One URL ends at whitespace, a double quote, `<`
# or `>`, so an `@` further on in a message is not taken for it. A scheme may follow any character
# (`link_https://`, `ﬁhttps://`) and start after the digits or signs its run of scheme characters
# opens with (`1https://`): each run is tried once, from its start, so a long one costs no more.
# The userinfo is looked for within 2,000 characters of its scheme: unbounded, a text of `a://`
# starts and no `@` is scanned to its end from each (quadratic in a long error body).
_URL_CREDENTIALS = re.compile(r"((?<![A-Za-z0-9+.-])[0-9+.-]*+[A-Za-z][A-Za-z0-9+.-]*+://)[^\s\"<>]{0,2000}@")


def holds_url_userinfo(text: str) -> bool:
    """Whether any URL in `text` holds an `@` after its `scheme://`: a user name (and perhaps a
    password), or an `@` in its path, query or fragment, which cannot be told from a password
    holding `/`, `?` or `#`. Such an `@` is written `%40`."""
    return "@" in text and bool(_URL_CREDENTIALS.search(text))


# A query (or fragment) parameter whose name says it carries a credential: `api_key`,
# `access_token`, `sessionid`, `X-Amz-Signature`, Azure's `sig`... One rule for every URL iotplan
# shows, imports, takes in a manifest or logs (clients/observe.py): a name that only looks like one
# (`postcode`, `bypass`) is masked, and refused in a manifest, rather than a key let through into
# git. A URL names its credentials with words of its own too, URL_ONLY_WORDS and `sig` as the whole
# name, which SECRET_PROP_NAME leaves out: a prop `SITE_CODE` would drop out of every plan. A name's
# words are parted by any sign or by a capital (`user-pin`, `userPin`).
URL_ONLY_WORDS = ("code", "jwt")
SECRET_PARAMETER = _credential_names(_NAME_WORD, *URL_ONLY_WORDS, "^sig$")
# Only an ASCII blank ends an unquoted value's word, as it ends a password's run before a host
# (_RUN_END): a password, secret or token may hold any other (`Sup3r\u00a0Secret99`, a no-break, an
# ideographic or a line separator's space a copy from a web page put there). Ended at one, its words
# after it were shown. A scheme's word is still parted from its token by any blank (`Bearer\u00a0eyJ...`).
ASCII_BLANKS = string.whitespace  # ` \t\n\r\v\f`: what ends a password's run
_BLANKS_IN = re.escape(ASCII_BLANKS)  # inside a character class
# `?name=value`, `&name=value` or `#name=value` in any text, up to where a URL or a quoted string ends,
# or up to a run of `&` that the next parameter's `name=` follows, a name opening with a letter or `_`
# as a named value's does (_SEPARATOR_ENDING_A_VALUE): an `&` before anything else is the value's
# (`?pwd=Hunt&3&page=2`, `?pwd=Hunt&&3`, `?pwd=Hunt&3=4`, a password not escaped), and ended there,
# its tail was shown. Only an ASCII blank ends a value, as it ends a label's (ASCII_BLANKS): one beyond
# ASCII is the value's own (`?token=abc\u00a0def`, a copy from a web page).
_URL_PARAMETER = re.compile(
    r"(?P<lead>[?&#])(?P<name>[^=?&#\s\"'<>]+)="
    rf"(?P<value>(?:[^&#{_BLANKS_IN}\"'<>]++|&++(?![A-Za-z_][^=?&#\s\"'<>]*=|[#{_BLANKS_IN}\"'<>]|\Z))+)"
)
# `;name=value` inside a URL: a path parameter (RFC 3986: Java's `;jsessionid=`, `;password=` in a
# JDBC-style feed URL), or one parted from the query's others by `;`. Read after the others, so a
# query value that holds a `;` (`?password=ab;cd`) is masked whole first. Only in a URL standing as
# one, not a connection string's value (`Endpoint=sb://x/;SharedAccessKey=...`): such text names a
# credential, and is hidden whole (text_names_a_credential). Only an ASCII blank ends a URL or a value,
# as it ends a query's (`;password=ab\u00a0cd`: ended there, `cd` was shown); a person's secret
# (`;password=`, `;pwd=`: a JDBC URL's) ending its URL runs on past the blank to the next `;`, its
# line's end or the quote its URL stands in (`;password=horse battery;database=x`, _a_fields_value).
_PATH_PARAMETER = re.compile(rf"(?P<lead>;)(?P<name>[^=?&#;/\s\"'<>]+)=(?P<value>[^/?&#;{_BLANKS_IN}\"'<>]+)")
_URL = re.compile(rf"(?<![\w+.=-])[A-Za-z][A-Za-z0-9+.-]*://[^{_BLANKS_IN}\"'<>]+")


def secret_parameters(url: str) -> list[str]:
    """The names of `url`'s query and fragment parameters that carry a value and are named like a
    credential: what `without_url_credentials` masks."""
    in_paths = [found for each in _URL.finditer(url) for found in _PATH_PARAMETER.finditer(each.group())]
    return [each["name"] for each in [*_URL_PARAMETER.finditer(url), *in_paths] if _secret_name(each["name"])]


def without_query_or_fragment(url: str) -> str:
    """`url` as a message shows it: `?...` and `#...` for its query and fragment, either of which
    may hold a key or token (`?token=...`, `#access_token=...`)."""
    return re.sub(r"#.*", "#...", re.sub(r"\?[^#]*", "?...", url))


def url_masking_reads(text: str) -> bool:
    """Whether `without_url_credentials` (and `holds_masked_credential`, what it writes) may change or
    find anything in `text`: only an `@` (a URL's user info) or an `=` (a parameter) is read. Asked
    first by each of them and by the manifest's checks of every text (manifest/text.py)."""
    return "@" in text or "=" in text


def without_url_credentials(text: str) -> str:
    """`text` with every URL's user name and password, and the value of every parameter named like
    a credential (`?api_key=...`), shown as "(sensitive)". A URL with an `@` in its path or query
    (`?mail=a@b.example`) shows only its scheme and what follows its last `@`: more hidden, never
    less."""
    if not url_masking_reads(text):
        return text
    if "@" in text:
        text = _URL_CREDENTIALS.sub(rf"\1{MASKED}@", text)
    if "=" not in text:
        return text
    text = _URL_PARAMETER.sub(_parameter_masked, text)
    return _spans_masked(text, _secret_path_parameters(text)) if ";" in text else text


def _secret_path_parameters(text: str) -> list[tuple[int, int]]:
    """Where the value of each path parameter named like a credential stands in `text`: in its URL, a
    person's secret to the next `;` (_a_fields_value)."""
    spans: list[tuple[int, int]] = []
    url = _URL.search(text)
    while url is not None:
        end = url.end()
        for found in _PATH_PARAMETER.finditer(text, url.start(), url.end()):
            if (spans and found.start() < spans[-1][1]) or not _secret_name(found["name"]):
                continue
            value_end = found.end()
            if (value_end == url.end() or found["value"][0] == "{") and _names_a_persons_secret(
                found["name"]
            ):
                field = _a_fields_value(_quote_a_label_stands_in(text, url.start()))
                value_end = max(value_end, field.match(text, found.start("value")).end())  # type: ignore[union-attr]
            spans.append((found.start("value"), value_end))
            end = max(end, value_end)
        url = _URL.search(text, end)
    return spans


def _names_a_persons_secret(name: str) -> bool:
    """Whether `name`'s last word names what a person chooses (`password`, `Pwd`, `secret`)."""
    return _A_PERSONS_SECRET_WORD.fullmatch(_last_label_word(name).lower()) is not None


def _last_label_word(name: str) -> str:
    """The word a label's name ends with, as written (`PINs` of `doorPINs`), or "" for none."""
    words = _LABEL_WORDS.findall(name)
    return words[-1] if words else ""


def _parameter_masked(found: re.Match[str]) -> str:
    if not _secret_name(found["name"]):
        return found.group()
    return f"{found['lead']}{found['name']}={MASKED}"


def holds_masked_credential(text: str) -> bool:
    return MASKED in text and bool(_MASKED_SHAPE.search(text))


def is_masked_text(value: object) -> bool:
    """Whether a saved value is a text views masked: "(sensitive)" whole (a text they hide), or one
    holding "(sensitive)@" (a `user:pw@` before a host). A saved plan's reader compares it as the
    live text it stands for (render/secrets.py `read_back`), and a fresh plan's fingerprint cannot
    tell what it hid (apply/stale.py)."""
    return isinstance(value, str) and (value == MASKED or f"{MASKED}@" in value)


_MASKED_BYTES = MASKED.encode()


def _may_hold_masked(props: Mapping[str, Any]) -> bool:
    """False only when no text in `props`, at any depth, holds "(sensitive)" (what `_holds_masked`
    looks for): JSON writes each text's characters as they are but quotes, backslashes and controls,
    none of which it has, so a text holding it leaves it whole in the dump. What orjson cannot write
    is asked the slow way. A rule of `_holds_masked` that reads more than that text needs this too."""
    try:
        return _MASKED_BYTES in orjson.dumps(props)
    except TypeError:  # an integer past 64 bits, a key that is not text, a lone surrogate, a Mapping
        return True


def _holds_masked(value: Any) -> bool:
    """In any string at any depth: a metric map holds its names."""
    if isinstance(value, str):
        return holds_masked_credential(value)
    if isinstance(value, Mapping):
        return any(_holds_masked(held) for held in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_masked(held) for held in value)
    return False


def refuse_masked_props(entity: str, props: Mapping[str, Any]) -> None:
    """The last lock before a write: a manifest refuses masked text (manifest/text.py) and a live
    value shown masked is never sent back (apply/bodies.py), so a prop holding it is iotplan's bug;
    refused, naming the props and never their values, before anything of the unit is sent."""
    if not _may_hold_masked(props):  # nearly always: one dump in C, not a walk of every value
        return
    masked = [name for name, value in props.items() if _holds_masked(value)]
    if masked:
        raise IotplanError(
            f"{entity}: {joined(masked)} would be written holding (sensitive), what plans show in a "
            "credential's place, over the platform's real text; nothing of this connection was sent "
            "(a bug of iotplan: please report it)"
        )


def _secret_name(name: str) -> bool:
    return credential_word(name) is not None


def credential_word(name: str) -> str | None:
    """The word that makes a parameter's name a credential's, in lower case (`key` of `keywords`),
    or None. Decoded first: `api%5Fkey` is `api_key` to the server that reads it."""
    found = SECRET_PARAMETER.search(urllib.parse.unquote_plus(name))
    return found.group().lower() if found else None


# Every secret value read in this process: a credential, an access token, a resolved reference.
# A platform may echo one back in its own words ("The key ... is not valid", "AUTH_TOKEN value ...
# is too short"), where no pattern can find it; the value itself can. So can what it spells encoded
# (a request echoed as base64 or hex) and its start (a key "id" quoting its first characters, a
# token cut short in a message): each spelling is kept, and a run of _START or more characters
# that begins one of SHORTEST_CUT_SHORT or more is masked too.
_known: set[str] = set()
# _known indexed as remember adds to it: by each spelling's first _START characters (under "" when
# it is shorter). Kept up as values come: an apply resolves a token per connection between
# requests, and a rebuild per new one was quadratic in a fleet's tokens.
_by_start: dict[str, list[str]] = {}
_START = 8
# The length of the longest spelling in _known: how far past a cut a held value begun before it runs.
_longest_spelling = 0
# The most runs of blanks a held value holds (an edge password written as a passphrase, or pasted
# from a file): how many lines holding more than blanks either side of a line break a held value may
# run into (_lines_across), as any of its runs may be echoed as line breaks.
_most_blank_runs = 0
# Shorter values are left to clients/errors.py's patterns: masked everywhere, "abc" would blot out
# ordinary words of a message, and a credential that short is no real credential: a token written
# to the platform is refused shorter (_refuse_too_short).
SHORTEST_MASKED = 4
# From this length a spelling's first _START characters alone are masked: they are at most half of
# it, and 8 characters of a generated value are not an ordinary word a message would lose.
SHORTEST_CUT_SHORT = 16
# A slice of a held value is masked too, where a message quotes its end or its middle ("key ending
# in ..."): any run of SHORTEST_SLICE_MASKED or more of its characters, found by its pieces of _PIECE
# characters at every _PIECE_STRIDE-th place (a run of _PIECE + _PIECE_STRIDE - 1 holds one whole),
# so each of a text's characters is looked up once. Of the value as it is, as hex spells it and as
# base64 does at each alignment in a longer text (a `Basic <user:secret>` header cut short in an error):
# an encoding spells a slice of its own. (A percent-encoded slice is read decoded: _held_spans.)
# Shorter, 4 characters of a key are what a message may quote of it, and any word of a message could
# match them.
_by_piece: dict[str, list[tuple[str, int]]] = {}
# Every character of those values: a slice is a run of them, so only a text's runs of
# SHORTEST_SLICE_MASKED or more such characters are read piece by piece (_slice_runs, made again as
# a value brings a new character). A bearer token brings hundreds of pieces: looked for in every
# text, one character at a time, they made each masked text 80 times slower.
_slice_characters: set[str] = set()
# Every character of every spelling held, and of those whose slices are: what a decoded text must
# newly hold to hold a held value it does not as written (_decoding_may_reveal).
_held_characters: set[str] = set()
_PIECE = 8
_PIECE_STRIDE = 4
SHORTEST_SLICE_MASKED = 12
# Up to this many spellings, each start is looked for in the text; past it (a fleet's tokens:
# measured, 10,000 of them cost 0.03 ms per error message and 6 ms per 50 kB logged body), only
# those at one of the text's own runs of _START characters.
_LOOKED_FOR_EACH = 64
# Up to this many pieces, they are looked for with the starts (_pieces_apart).
_PIECES_LOOKED_FOR_EACH = 16


def remember(value: str) -> str:
    """`value`, from now on masked by `mask_known` as it is written, as JSON or a form spell it, and
    encoded. Called for every resolved reference: a value already known costs one lookup."""
    return _remember(value, _spellings, _sliced_spellings)


def _remember(
    value: str, spellings_of: Callable[[str], set[str]], sliced_of: Callable[[str], set[str]]
) -> str:
    """`value` held in the spellings `spellings_of` makes, its slices in those `sliced_of` makes."""
    global _looked_for, _runs_read_apart
    if len(value) >= SHORTEST_MASKED and (value not in _known or value in _folded_only):
        spellings = spellings_of(value)
        folded = _other_cases(value) - spellings
        _folded_only.difference_update(spellings)
        _folded_only.update(folded - _known)
        if spellings_of is not _spellings:  # held in fewer spellings: all of them, once remembered itself
            _folded_only.update(spellings - _known)
        for spelling in {value, *_other_cases(value)}:
            _first_words[spelling] = min(_first_word_length(value), _first_words.get(spelling, len(value)))
        _hold((spellings | folded) - _known)
        if len(value) >= SHORTEST_SLICE_MASKED:
            _remember_pieces(value, sliced_of)
        _looked_for = _looked_for_now()
        _runs_read_apart = _slice_runs if _pieces_apart() else _NOTHING
        _remember_blanks_folded(value)
    return value


def _hold(spellings: set[str]) -> None:
    """Each of `spellings` looked for from now on, indexed by its start."""
    global _longest_spelling
    for spelling in spellings:
        _known.add(spelling)
        _longest_spelling = max(_longest_spelling, len(spelling))
        _held_characters.update(spelling)
        _by_start.setdefault(spelling[:_START] if len(spelling) >= _START else "", []).append(spelling)


def _remember_blanks_folded(value: str) -> None:
    """A value holding blanks is held with each run of them as one blank too: a text is read so as
    well (_spans_blanks_folded), so any run of blanks, however spelled, matches any run of it (a tab
    echoed as a blank, `\\r\\n` for `\\n`, a no-break space, `&nbsp;`, JSON's `\\u0020`). A blank
    an escape decodes to may then reveal it (_decoding_may_reveal): every blank is a held character."""
    global _most_blank_runs
    runs = len(_BLANK_RUN.findall(value))
    if not runs:
        return
    _most_blank_runs = max(_most_blank_runs, runs)
    _held_characters.update(EVERY_BLANK)
    folded = _BLANK_RUN.sub(" ", value)
    if folded != value:
        # As text only: a text's blanks are read so as written and decoded, never in its hex or base64,
        # and each spelling more is looked for in every text (past _LOOKED_FOR_EACH, in each of its runs).
        _remember(folded, _blanks_folded_spellings, _as_itself)


# A run of blanks in a held value: any Unicode whitespace (`\s`, as str.isspace reads it).
_BLANK_RUN = re.compile(r"\s+")
# Every character str.isspace reads as a blank, written out: scanned from the 65,536 code points
# JSON's `\uXXXX` spells, it cost every run 2 ms at start. A test checks it against the whole Unicode
# range (tests/test_secrets_every_blank_is_unicodes_whitespace.py), so a Python whose Unicode data
# adds one fails there.
EVERY_BLANK = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# One blank as a text may spell it as written: itself, or JSON's escape of it (`\\t`, `\\u00a0`),
# escaped again (JSON in a JSON string: `\\\\u0020`). HTML references and percent escapes (`&nbsp;`,
# `%20`) are read decoded (_held_spans), and a form's `+` in a reading of its own (_foldings).
# An escape's backslashes are read from the first of their run only (the lookbehind), and all of them
# at once (possessive `\\++`): tried from each, a long run (a hostile gateway's body) would be read
# to its end once per backslash, quadratic in it.


def _u_escapes(blanks: Iterable[str]) -> str:
    """The hex digits of JSON's `\\uXXXX` for each of `blanks`, as alternatives."""
    return "|".join(f"{ord(blank):04x}" for blank in sorted(blanks))


_JSON_BLANK_ESCAPES = (
    r"(?<!\\)\\++[tnrf]",
    rf"(?<!\\)\\++u(?i:{_u_escapes(EVERY_BLANK)})",
)
_ONE_BLANK = "|".join((r"\s", *_JSON_BLANK_ESCAPES))
_ONE_FORM_BLANK = rf"{_ONE_BLANK}|\+"

# The patterns below read a text's blanks however spelled, for a held value holding a blank alone
# (_most_blank_runs): most runs hold none, and compiled at import they cost every run 1 ms before its
# first request. So each is compiled on its first use, once (functools.cache).


@functools.cache
def _json_blank() -> re.Pattern[str]:
    """A blank as JSON escapes it."""
    return re.compile("|".join(_JSON_BLANK_ESCAPES))


@functools.cache
def _foldings() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """How a text's runs of blanks are read as one blank: as a text spells them, and as a form does,
    where a `+` is a blank too (`Kq7vPlume++wharfRiver`, `&nbsp;+` decoded, `%20+`). Apart, as a held
    value may hold a `+` of its own (`ab+cd ef`, echoed `ab+cd\\tef`), which the form's reading makes a
    blank. Each reads a run of blanks but a lone ` `, which is one already (the lookahead passes it
    over). Linear: the run is taken possessively (`++`), never given back, and each blank's escape
    starts only at the first backslash of its run, so no place is read twice."""
    return (
        re.compile(rf"(?! (?!{_ONE_BLANK}))(?:{_ONE_BLANK})++"),
        re.compile(rf"(?! (?!{_ONE_FORM_BLANK}))(?:{_ONE_FORM_BLANK})++"),
    )


def _foldings_for(text: str) -> tuple[re.Pattern[str], ...]:
    """The foldings (_foldings) a text's blanks are read by: a form's only where it holds a `+`."""
    return _foldings() if "+" in text else _foldings()[:1]


@functools.cache
def _blank_line() -> re.Pattern[str]:
    """A line holding nothing but blanks, however spelled: as written, HTML references (escaped again,
    `&amp;nbsp;`) and percent escapes (`%20`, `%C2%A0`, `+`, encoded again). Used with fullmatch on one
    line; linear: the alternatives start with distinct characters and the run is possessive (`*+`)."""
    return re.compile(
        rf"(?:{_ONE_BLANK}|&(?:amp;)*+(?:nbsp|#0*+(?:9|1[0-3]|32|160)|#[xX]0*+(?:9|[a-dA-D]|20|[aA]0));?"
        r"|%(?:25)*+(?:20|09|0[aAdD]|[cC]2%(?:25)*+[aA]0)|\+)*+"
    )


def _remember_pieces(value: str, sliced_of: Callable[[str], set[str]]) -> None:
    global _slice_runs
    spellings = sliced_of(value)
    for spelling in spellings:
        for at in range(0, len(spelling) - _PIECE + 1, _PIECE_STRIDE):
            _by_piece.setdefault(spelling[at : at + _PIECE], []).append((spelling, at))
    _holds_a_piece.cache_clear()
    characters = set().union(*spellings)
    _held_characters.update(characters)
    if not _slice_characters.issuperset(characters):
        _slice_characters.update(characters)
        pattern = "".join(map(re.escape, sorted(_slice_characters)))
        _slice_runs = re.compile(f"[{pattern}]{{{SHORTEST_SLICE_MASKED},}}")


def _sliced_spellings(value: str) -> set[str]:
    """The spellings of `value` whose slices are masked: as it is, hex, as Python writes its bytes,
    and base64 (standard and URL-safe) at each of the three places a longer text may start it in a
    3-byte group."""
    spellings = {value}
    for raw in _bytes_of(value):
        base64s = {_inner_base64(raw, shift) for shift in range(3)}
        base64s |= {spelling.translate(_URL_SAFE) for spelling in base64s}
        spellings |= {raw.hex(), raw.hex().upper(), *_as_bytes_written(raw), *base64s}
    return spellings


def _spellings(value: str) -> set[str]:
    spellings = _blanks_folded_spellings(value)
    for raw in _bytes_of(value):
        # Its bytes read back as httpx reads an answer that is not UTF-8: each bad byte U+FFFD.
        spellings |= {raw.decode(errors="replace")} | _as_bytes_written(raw) | _encoded(raw)
    return spellings


def _spellings_as_text(value: str) -> set[str]:
    """`value` as written, as Python's repr writes it and as JSON spells each (Go's too)."""
    as_text = {value, *_as_repr_writes(value)}
    as_json = {json.dumps(each, ensure_ascii=ascii)[1:-1] for each in as_text for ascii in (True, False)}
    return as_text | as_json | {each.translate(_JSON_HTML_SAFE) for each in as_json}


def _as_repr_writes(value: str) -> set[str]:
    """`value` as Python's repr writes it, without its quotes (`Kq7vPl\xfcme\\u200bW`: what does not
    print escaped, letters as written), for a value holding a character not ASCII or one that does not
    print: a Python service echoing a value it refused (`f"token {value!r}"`) spells it so, and it was
    shown. Its JSON is held too, as the other spellings', for such a message sent in a JSON body."""
    return set() if value.isascii() and value.isprintable() else {repr(value)[1:-1]}


def _blanks_folded_spellings(value: str) -> set[str]:
    """`value` as written, as JSON spells it and as a form does (`+` for a blank): a form whose only
    escape is a `+` is not decoded (_held_spans)."""
    spellings = _spellings_as_text(value)
    for raw in _bytes_of(value):
        spellings |= {urllib.parse.quote_plus(raw), urllib.parse.quote(raw, safe="")}
    return spellings


def _as_itself(value: str) -> set[str]:
    return {value}


def _bytes_of(value: str) -> set[bytes]:
    """The bytes `value` is written as: its UTF-8. A value holding a lone surrogate has none: then both
    the bytes an environment variable held (`\\udcff` was 0xFF) and each surrogate in the three bytes
    WTF-8 (and Java) write it as: which of them a platform echoes, iotplan cannot know."""
    if not _LONE_SURROGATE.search(value):
        return {value.encode()}
    written = {value.encode(errors="surrogatepass")}
    with contextlib.suppress(UnicodeEncodeError):  # only U+DC80-U+DCFF stand for a byte
        written.add(value.encode(errors="surrogateescape"))
    return written


# `&`, `<` and `>` as Go's encoding/json writes them by default (`\u0026`): a platform's Go service
# echoing a value in JSON spells it so.
_JSON_HTML_SAFE = str.maketrans({"&": "\\u0026", "<": "\\u003c", ">": "\\u003e"})


# From this length a value is masked in lower and in upper case too: a platform may echo a key
# folded (`kx9q...` for `Kx9Q...`), and 12 characters of a generated value folded are no word a
# message would lose. Shorter, a folded value may be an ordinary word (`Hunter22` → `hunter22`).
SHORTEST_MASKED_IN_ANY_CASE = 12
# The spellings held only as a value folded: remembered as written later, such a value is then read
# in slices too.
_folded_only: set[str] = set()
# The length of the first word of each held value, as written and folded (`Temperature` of
# `Temperature-Feed-Token-...`, `Temperature` of `TemperatureFeed...`): a text holding that word alone,
# ending where the value's does, is a word of the text (`TEMPERATURE`, `Temperature probe 1`), not a
# value cut short, and is not masked as its start. Any other start is: `KX9QPZW2MN4RT8` of
# `Kx9qPzW2mN4rT8vB3cQ`, which folded was shown in clear. A value's other spellings (hex, base64) have none.
_first_words: dict[str, int] = {}


def _first_word_length(value: str) -> int:
    """How many letters open `value` before a sign, a digit or a capital after a small letter."""
    length = 0
    while length < len(value) and value[length].isalpha():
        if length and value[length].isupper() and value[length - 1].islower():
            break
        length += 1
    return length


def _other_cases(value: str) -> set[str]:
    if len(value) < SHORTEST_MASKED_IN_ANY_CASE:
        return set()
    return {value.lower(), value.upper()}


def _as_bytes_written(raw: bytes) -> set[str]:
    """`raw` as Python writes bytes (`b'P\\xc3\\xa4ss'`, without `b'` and `'`), as a server written
    in it echoes a value it read as bytes: with either quote it may choose."""
    bare = repr(raw)[2:-1].replace("\\'", "'")
    return {bare, bare.replace("'", "\\'")}


def _encoded(raw: bytes) -> set[str]:
    """`raw` as base64 (standard and URL-safe, with and without padding) and hex spell it, and, for
    a long value, what base64 spells of it inside a longer text (`Basic <user:secret>`, a form)."""
    whole = base64.b64encode(raw).decode()
    encoded = {whole, whole.rstrip("="), raw.hex(), raw.hex().upper()}
    if len(raw) >= SHORTEST_CUT_SHORT:
        encoded |= {_inner_base64(raw, shift) for shift in (1, 2)}
    return encoded | {spelling.translate(_URL_SAFE) for spelling in encoded}


_URL_SAFE = str.maketrans("+/", "-_")


def _inner_base64(raw: bytes, shift: int) -> str:
    """The base64 characters `raw` alone decides when it starts `shift` bytes past a 3-byte group
    of a longer text: each character spells 6 bits, and those holding a bit of the text before it
    (the first `shift` bytes) or after it (past its end) are left out."""
    bits_before, bits_to_end = 8 * shift, 8 * (shift + len(raw))
    return base64.b64encode(bytes(shift) + raw).decode()[-(-bits_before // 6) : bits_to_end // 6]


def mask_known(text: str) -> str:
    """`text` with every secret value this run holds, and the start of each long one, replaced by
    "(sensitive)": as written, encoded, and in percent-encoded or HTML-escaped text decoded. Only
    what spells the secret is replaced: the rest of the text stays as the platform wrote it."""
    if not _known:  # nothing held (as in `show`): nothing to mask, and no search made to say so
        return text
    spans = _held_spans(text, _DECODED_LAYERS)
    return _spans_masked(text, spans) if spans else text


def held_begun_before(text: str, end: int) -> list[tuple[int, int]]:
    """Where `text` spells a held value (or its start, or a slice) begun before `end`, read whole: a
    read of the text ending at `end` parts one running on past it, the piece kept no longer the value
    `mask_known` looks for (a value holding a blank, a Wi-Fi passphrase, showed its first word). Read
    to _ESCAPED_REACH times the longest spelling held past `end`: a value begun before it ends within
    that, escaped once more than its spellings (`&amp;`, `%C3%A4`) too, and a text of megabytes is not
    read whole for it."""
    if not _known:
        return []
    spans = _held_spans(text[: end + _ESCAPED_REACH * _longest_spelling], _DECODED_LAYERS)
    return [(start, stop) for start, stop in spans if start < end]


# How many characters a character of a held spelling may take escaped once more (an HTML reference,
# `&#123;`; two bytes percent-encoded, `%C3%A4`): the longest spelling so escaped is read whole.
_ESCAPED_REACH = 6


# How many layers of percent-encoding and HTML escaping a held value is looked for under: a platform
# may HTML-escape a value and percent-encode the result into a URL, or escape what is escaped already
# (`&amp;amp;`). Bounded: each layer decodes a run holding an escape once more.
_DECODED_LAYERS = 3


def _held_spans(text: str, layers: int) -> list[tuple[int, int]]:
    """Where `text` spells a held value (or its start, or a slice), as written and under up to
    `layers` layers of encoding. Spans, not a masked text: what is decoded to be read is never what
    is shown (`&reg` read as `®`, `<td>` escaped again), only the span spelling a secret is masked."""
    spans = _spans_read(text)
    # Most texts hold no `%` nor `&`, so no escape: two scans in C, not the layers' walk (twice the cost).
    if layers and ("%" in text or "&" in text) and _decodings_hold(text, layers):
        spans += _spans_decoded(text, layers)  # nearly never: the text decoded whole holds none
    if _may_hide_invisibly(text):  # read as written too: an ESC none ends (`\x1b]0;...`) hides the rest
        spans += _spans_seen(text, layers)
        if _most_blank_runs:  # such a character may stand for a held value's blank (`horse<U+2800>battery`)
            spans += _spans_seen(text, layers, " ")
    return spans


def _shown_as_nothing() -> str:
    """The characters a terminal shows as nothing, as a character class's ranges: every format character
    (Unicode's category Cf: zero-width ones, a soft hyphen, direction marks, embeddings and isolates,
    invisible operators, a byte order mark), every one Unicode marks default-ignorable (`IGNORABLE`, as
    refIds are folded without: a combining grapheme joiner, variation selectors, Hangul fillers, tags),
    the braille blank, drawn as a blank yet no blank to Unicode, NUL and DEL. Rules, not a list kept by hand:
    one left out (a soft hyphen, then a variation selector) inside a held value echoed showed it whole."""
    points = [at for at in range(sys.maxunicode + 1) if unicodedata.category(chr(at)) == "Cf"]
    ranges = []
    for _, run in itertools.groupby(enumerate(points), lambda each: each[1] - each[0]):
        first, *rest = [point for _, point in run]
        last = rest[-1] if rest else first
        ranges.append(re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last != first else ""))
    return (
        "".join(ranges)
        + IGNORABLE.pattern.removeprefix("[").removesuffix("]")
        + _ASCII_SHOWN_AS_NOTHING
        + "\u2800"
    )


# The ASCII a terminal shows as nothing: NUL, DEL and ESC (with its sequence, _INVISIBLE). An ASCII text
# holding none of them, as written or escaped (_ESCAPED_INVISIBLE), is asked nothing more.
_ASCII_SHOWN_AS_NOTHING = "\x00\x7f"
_SHOWN_AS_NOTHING = _shown_as_nothing()
# An ESC's sequence after it: a colour's CSI `[31m`, an OSC title ended by BEL or ST, or one character.
_ESC_SEQUENCE = r"(?:\[[0-?]*+[ -/]*+[@-~]?|\][^\x07\x1b]*+(?:\x07|\x1b\\)?|.?)"
# What a terminal shows as nothing, as written: such characters, and ESC sequences. Inside a held value
# echoed back, the value shows whole yet is no longer the one looked for.
_INVISIBLE = re.compile(rf"[{_SHOWN_AS_NOTHING}]++|(?:\x1b{_ESC_SEQUENCE})++", re.DOTALL)
_INVISIBLE_CHARACTER = re.compile(f"[{_SHOWN_AS_NOTHING}\x1b]")
# The same escaped, as a text holding one is written into JSON (`json.dumps` writes `\u200b`,
# `\u001b[1m`, as a JSON-RPC debug line does; one past U+FFFF as its surrogate pair, `\udb40\udc01`),
# a repr (`\xad`), HTML (`&#8203;`, `&shy;`) or a URL (`%E2%80%8B`): each a candidate that
# `_escaped_invisible` reads to tell.
_ESCAPED_INVISIBLE = re.compile(
    r"(?<!\\)\\++(?:u(?i:001b)|x1b)(?:\[[0-?]*+[ -/]*+[@-~]?)?|(?<!\\)\\++(?:e|033)\[[0-?]*+[ -/]*+[@-~]?"
    r"|(?<!\\)\\++u[dD][89abAB][0-9A-Fa-f]{2}\\++u[dD][c-fC-F][0-9A-Fa-f]{2}"
    r"|(?<!\\)\\++u[0-9A-Fa-f]{4}|(?<!\\)\\++x[0-9A-Fa-f]{2}"
    r"|(?<!\\)\\++U[0-9A-Fa-f]{8}"
    r"|&#[0-9]{1,7};?|&#[xX][0-9A-Fa-f]{1,6};?|&(?:shy|lrm|rlm|zwj|zwnj);"
    r"|%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3}|%(?:00|1[bB]|7[fF])"
)
_MAY_BE_ESCAPED_INVISIBLE = ("\\", "&", "%")


@lru_cache(maxsize=4096)  # a long text repeats the same few escapes: a run of 200,000 read once
def _escaped_invisible(escape: str) -> bool:
    """Whether `escape`, an _ESCAPED_INVISIBLE candidate, spells a character a terminal shows as nothing."""
    written = escape.lstrip("\\")
    if escape != written and written[0] == "u":
        read = _json_escapes_read(written)
    elif escape != written and written[0] == "U":  # Python's `\U000e0001`
        read = _code_point(int(written[1:], 16))
    elif escape != written:
        read = chr(int(written[1:3], 16)) if written[0] == "x" else "\x1b"  # `\e[1m`, `\033[1m`
    elif escape[0] == "%":
        try:
            read = urllib.parse.unquote(escape, errors="strict")
        except UnicodeDecodeError:
            return False
    elif escape[1] == "#":  # as written: html.unescape reads `&#27;`, `&#127;` as nothing, `&#0;` as U+FFFD
        number = escape[2:].rstrip(";")
        read = _code_point(int(number[1:], 16) if number[0] in "xX" else int(number))
    else:
        read = html.unescape(escape)
    return len(read) == 1 and _INVISIBLE_CHARACTER.fullmatch(read) is not None


def _code_point(number: int) -> str:
    return chr(number) if number <= sys.maxunicode else ""


def _json_escapes_read(written: str) -> str:
    """The character `u200b` (or `u001b[1m`) spells, or `udb40\\udc01`: a surrogate pair, as JSON writes
    one past U+FFFF, each half escaped alike; its halves read apart were no character shown as nothing."""
    first = written[:5]
    if first.lower() == "u001b" or "\\" not in written:  # one escape; an ESC's sequence read as ESC
        return _json_unescaped(f"\\{first}")
    return _json_unescaped(f"\\{first}\\{written[-5:]}")


def _invisible_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where `text` holds what a terminal shows as nothing, as written or escaped, in order."""
    raw = _INVISIBLE.finditer(text) if _may_hold_invisible_as_written(text) else iter(())
    spans = [found.span() for found in raw]
    if any(mark in text for mark in _MAY_BE_ESCAPED_INVISIBLE):
        spans += [found.span() for found in _ESCAPED_INVISIBLE.finditer(text) if _escaped_invisible(found[0])]
        spans.sort()
    at = 0
    for start, end in spans:
        if start >= at:  # an escape's span inside a raw run is read once
            yield start, end
            at = end


def _may_hold_invisible_as_written(text: str) -> bool:
    return not text.isascii() or "\x1b" in text or any(char in text for char in _ASCII_SHOWN_AS_NOTHING)


def _may_hide_invisibly(text: str) -> bool:
    """Whether `text` holds what a terminal shows as nothing, as written or escaped: an ASCII text of no
    ESC, NUL nor escape is asked nothing more. Asked of each text masked, so it stops at the first."""
    if _may_hold_invisible_as_written(text) and _INVISIBLE.search(text):
        return True
    if not any(mark in text for mark in _MAY_BE_ESCAPED_INVISIBLE):
        return False
    return any(_escaped_invisible(found[0]) for found in _ESCAPED_INVISIBLE.finditer(text))


def _spans_seen(text: str, layers: int, read_as: str = "") -> list[tuple[int, int]]:
    """`_held_spans` of `text` read as a terminal shows it, without what it shows as nothing (_INVISIBLE,
    escaped or not), or with each run of it `read_as` a blank, as spans of `text`: a held value with such a
    character inside it, or for a blank of its own, masked whole, the character too."""
    kept: list[str] = []
    places: list[int] = []  # where each character of the text read stands in `text`
    blank_ends: dict[int, int] = {}  # where each blank read for a run of them ends in `text` (`\u2800`)
    at = 0
    for start, end in _invisible_spans(text):
        kept += (text[at:start], read_as)
        places += range(at, start + len(read_as))
        if read_as:
            blank_ends[len(places) - 1] = end
        at = end
    kept.append(text[at:])
    places += range(at, len(text))
    seen = "".join(kept)
    return [
        (places[start], blank_ends.get(end - 1, places[end - 1] + 1))
        for start, end in _held_spans(seen, layers)
        if end > start
    ]


def _decodings_hold(text: str, layers: int) -> bool:
    """Whether `text` decoded whole, up to `layers` layers deep, holds a held value. Each distinct
    text is searched once (`%26amp%3B` decoded either way first is one text), and a text is decoded
    again only where the decoding before changed it and left an escape in it."""
    seen, level = {text}, [text]
    for _ in range(layers):
        searched: dict[str, bool] = {}
        for read in level:
            for each, revealing in _decoded_wholes(read):
                if each not in seen:
                    searched[each] = searched.get(each, False) or revealing
        seen.update(searched)
        if any(revealing and _holds_read(each) for each, revealing in searched.items()):
            return True
        level = list(searched)
    return False


def _decoded_wholes(text: str) -> Iterator[tuple[str, bool]]:
    """`text` decoded whole by each decoding that may reveal a held value in it, now or once decoded
    again (none changes a text of no escape); and whether it may now, so is to be searched."""
    for escapes, decodings in ((_PERCENT_ESCAPE, _PERCENT_DECODINGS), (_HTML_DECODED, _HTML_DECODINGS)):
        if escapes.search(text):
            # `+` is read as a space only by the second percent decoding: without one, it reads as the first.
            for escape, decoded, decoded_whole in decodings if "+" in text else decodings[:1]:
                revealing, making = _decoding_may_reveal(text, escape, decoded)
                if revealing or making:
                    yield decoded_whole(text), revealing


# What an escape may decode to that makes another escape with what follows it (`&amp;lt;`, `%2541`,
# `&%2338;`) or continues one: it is decoded, and the text read, whatever the values held.
_ESCAPE_MAKERS = frozenset("+#;" + string.ascii_letters + string.digits)
_AFTER_AN_ESCAPES_START = "(?=[#;&%0-9A-Za-z])"
# The references html.escape writes but `&amp;`, each found apart: listed one by one from an
# HTML-escaped plan's 100,000 lines, they cost more than its search.
_COMMON_REFERENCES = {"&quot;": '"', "&lt;": "<", "&gt;": ">", "&#x27;": "'", "&#39;": "'"}


def _decoding_may_reveal(
    text: str, escape: re.Pattern[str], decoded: Callable[[str], str]
) -> tuple[bool, bool]:
    """Whether `text` decoded may hold a held value it does not as written, and whether it may hold an
    escape it does not (`&amp;` before `lt;`, `%25` before `41`), so may once decoded again. A held
    value newly read holds a character an escape decodes to: HTML-escaped text (`&quot;`, `&lt;`) of a
    key of letters and digits decodes to none, and is not read again, as HTML-escaped plans of 100,000
    lines were, twice as slow for it."""
    common = _COMMON_REFERENCES if escape is _HTML_REFERENCE else {}
    made = {made for spelled, made in common.items() if spelled in text}
    makers = []
    for spelled in set((_RARER_HTML_REFERENCE if common else escape).findall(text)):
        read = decoded(spelled)
        made.update(read if read != spelled else "")
        if "&" in read or "%" in read:
            makers.append(re.escape(spelled))
    if not made.isdisjoint(_held_characters):
        return True, True
    making = not made.isdisjoint(_ESCAPE_MAKERS) or bool(
        makers and re.search(f"(?:{'|'.join(makers)}){_AFTER_AN_ESCAPES_START}", text)
    )
    return False, making


# A text longer than this, holding a held value decoded, is read in halves (at a line break) down to
# its parts that hold one: a log of 100,000 lines holding one token was decoded and read run by run.
# A held value holding a line break may run across the one parting the halves, a piece of it in each,
# neither the value (`Kq7v &quot;plume&quot;` and `\nwharf`, the second shown): the lines around that
# break, as many as a held value holds breaks, are read too (_lines_across).
_READ_IN_HALVES_PAST = 4096


def _spans_decoded(text: str, layers: int) -> list[tuple[int, int]]:
    """The spans of `text`, which holds a held value decoded, spelling one once decoded."""
    half = _middle_line_break(text) if len(text) > _READ_IN_HALVES_PAST else -1
    across = _lines_across(text, half) if half > 0 else (0, len(text))
    if across != (0, len(text)):  # else a held value may run across every line: read whole
        first, second = text[:half], text[half:]
        # What the first half does not hold, the second does: asked of it only where the first holds one.
        spans = _spans_decoded(first, layers) if _decodings_hold(first, layers) else []
        if not spans or _decodings_hold(second, layers):
            spans += [(half + start, half + end) for start, end in _spans_decoded(second, layers)]
        return spans + _spans_across(text, across, layers)
    spans = []
    if "%" in text and _PERCENT_ESCAPE.search(text):
        spans += _decoded_spans(text, _PERCENT_ENCODED, _PERCENT_DECODINGS, layers)
    if "&" in text and _HTML_DECODED.search(text):
        spans += _decoded_spans(text, _HTML_ESCAPED, _HTML_DECODINGS, layers)
    return spans


def _middle_line_break(text: str) -> int:
    """The line break nearest after `text`'s middle, else the nearest before it; -1 where it has none."""
    after = text.find("\n", len(text) // 2)
    return after if after != -1 else text.rfind("\n", 0, len(text) // 2)


def _lines_across(text: str, at: int) -> tuple[int, int]:
    """Where the lines around the line break at `at` that a held value running across it may span
    begin and end. Decoded text holds each line break it does as written (an escape may make one,
    `%0A`, none takes one), and a held value's line breaks are in its runs of blanks, as any of those
    runs may be echoed as line breaks, blank lines among them: so a value spelled across `at` holds as
    many lines holding more than blanks either side of it as it holds runs of blanks, at most, and the
    lines read pass that many such lines either side, and the blank lines before each. Empty where no
    held value holds a blank: the halves then part none."""
    if not _most_blank_runs:
        return (at, at)
    start = end = at
    for _ in range(_most_blank_runs):
        start = _line_before(text, start)
        end = _line_after(text, end)
    return (start + 1, end)


def _line_before(text: str, at: int) -> int:
    """The line break before the first line holding more than blanks before the line break at `at`
    (-1 for none): the blank lines between are passed."""
    while at > 0:
        before = text.rfind("\n", 0, at)
        if not _blank_line().fullmatch(text, before + 1, at):
            return before
        at = before
    return -1


def _line_after(text: str, at: int) -> int:
    """The line break after the first line holding more than blanks after the line break at `at`
    (the text's end for none): the blank lines between are passed."""
    while at < len(text):
        after = text.find("\n", at + 1)
        after = len(text) if after == -1 else after
        if not _blank_line().fullmatch(text, at + 1, after):
            return after
        at = after
    return len(text)


def _spans_across(text: str, across: tuple[int, int], layers: int) -> list[tuple[int, int]]:
    """The spans of `text`'s lines `across` its halves' line break spelling a held value decoded."""
    start, end = across
    lines = text[start:end]
    if start == end or not _decodings_hold(lines, layers):
        return []
    return [(start + first, start + last) for first, last in _spans_decoded(lines, layers)]


def _spans_read(text: str) -> list[tuple[int, int]]:
    """The spans of `text` spelling a held value as written, or with its runs of blanks spelled
    otherwise."""
    spans = _spans_as_written(text) if _may_hold(text) else []
    return spans + _spans_blanks_folded(text)


def _spans_blanks_folded(text: str) -> list[tuple[int, int]]:
    """The spans of `text` spelling a held value with its runs of blanks spelled otherwise: `text`
    read with each run of blanks as one blank, where a held value holding blanks is held so
    (_remember_blanks_folded). One pass over the text a reading: linear in it."""
    spans = []
    for folding in _foldings_holding(text):
        folded, runs = _blanks_folded(text, folding)
        spans += [_unfolded_span(runs, start, end) for start, end in _spans_as_written(folded)]
    return spans


def _holds_read(text: str) -> bool:
    """Whether `text` spells a held value as written or with its runs of blanks spelled otherwise
    (True, perhaps, of a held value ending with a blank that the text ends before): `_spans_read`'s
    spans not looked for, nor mapped back to the text."""
    return bool(_may_hold(text) and _spans_as_written(text)) or bool(_foldings_holding(text))


def _foldings_holding(text: str) -> list[re.Pattern[str]]:
    """The readings of `text` with its runs of blanks folded (_foldings) that may spell a held value,
    each read as str.split reads blanks, in C: a text holding none (nearly every one) costs no pass in
    Python over its runs of blanks, several times the cost of masking a long log."""
    if not _most_blank_runs:
        return []
    holding = []
    for folding in _foldings_for(text):
        read = _blanks_read_as_one(text, folding)
        if read[1:-1] != text and _may_hold(read) and _spans_as_written(read):
            holding.append(folding)
    return holding


def _blanks_read_as_one(text: str, folding: re.Pattern[str]) -> str:
    """`text` with each run of blanks as one blank, a blank added at either end: `_blanks_folded`'s
    reading of it, but perhaps at its ends, made in C."""
    if "\\" in text:
        text = _json_blank().sub(" ", text)
    if folding is _foldings()[1]:
        text = text.replace("+", " ")
    return f" {' '.join(text.split())} "


def _blanks_folded(text: str, folding: re.Pattern[str]) -> tuple[str, list[tuple[int, int, int]]]:
    """`text` with each run of blanks `folding` finds (but a lone ` `) as one ` `, and where each run
    so read stands: its place in the text read, and its start and end in `text`."""
    kept: list[str] = []
    runs: list[tuple[int, int, int]] = []
    at = shift = 0
    for run in folding.finditer(text):
        kept += [text[at : run.start()], " "]
        runs.append((run.start() - shift, run.start(), run.end()))
        shift += len(run.group()) - 1
        at = run.end()
    return "".join(kept) + text[at:], runs


def _unfolded_span(runs: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int]:
    """A span of the text read with its runs of blanks folded, as a span of the text: a run of blanks
    it starts or ends at, whole."""
    return _unfolded(runs, start)[0], _unfolded(runs, end - 1)[1]


def _unfolded(runs: list[tuple[int, int, int]], at: int) -> tuple[int, int]:
    """Where the character at `at` of the text read with its runs of blanks folded is spelled in it."""
    index = bisect.bisect_right(runs, at, key=lambda run: run[0]) - 1
    if index < 0:
        return at, at + 1
    read, start, end = runs[index]
    if read == at:
        return start, end
    place = end + at - read - 1
    return place, place + 1


def _spans_as_written(text: str) -> list[tuple[int, int]]:
    """Masked with a blank of each masked run's length, so the runs keep their places. A text holding
    every blank is hidden whole: more hidden, never less."""
    blank = next((each for each in _BLANKS if each not in text and each not in _slice_characters), None)
    if blank is None:
        return [(0, len(text))]
    blanked = _masked(text, lambda masked: blank * len(masked))
    return [found.span() for found in re.finditer(f"{re.escape(blank)}+", blanked)]


# Characters no text nor secret holds, in practice: the first of them a text lacks marks its spans.
_BLANKS = "\x00\ufdd0\ufdd1\ufdd2"


def _spans_masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span, and each run of spans that overlap or touch, shown as one MASKED."""
    kept: list[str] = []
    at = 0
    for start, end in sorted(spans):
        if start > at or not kept:
            kept += [text[at:start], MASKED]
        at = max(at, end)
    return "".join(kept) + text[at:]


def holds_known(text: str) -> bool:
    """Whether `text` holds a secret value this run holds (or the start of a long one): what
    `mask_known` would mask. Views hide such a text whole (render/secrets.py), and ask it of every
    value a plan shows."""
    return mask_known(text) != text


def masks_none(texts: Iterable[str]) -> bool:
    """True only when `mask_known` leaves each of `texts` as it is (False may be said of texts it
    leaves too), asked of them all in one search: a view of 100,000 entities asked each of 200,000.
    What `_may_hold` looks for in a text (a start or piece of a held value, a run of their
    characters) lies in the texts joined too, and a `%` to decode in either. Past _LOOKED_FOR_EACH
    spellings held (about ten secrets), every text may hold one: False at once."""
    if not _known:  # as mask_known: nothing held, nothing masked
        return True
    if _looked_for is _ANYTHING:
        return False
    joined = "\n".join(texts)
    if _PERCENT_ESCAPE.search(joined) or _HTML_REFERENCE.search(joined) or _may_hold(joined):
        return False
    # A held value holding blanks, spelled with them otherwise (a tab for a blank): read so as well.
    if not _most_blank_runs:
        return True
    return not any(_may_hold(_blanks_folded(joined, each)[0]) for each in _foldings_for(joined))


# A run of percent-encoded text (a URL, a form body) up to where it ends: a value in it is spelled with
# any of its characters encoded or not (`%40` or `@`, `%2f` or `/`, `+` or `%20` for a space), by
# whichever encoder wrote it, so no list of spellings finds all its slices; decoded, its own do.
# Its end may be an escape cut short (`...spaces%2`), part of a slice masked before it.
_PERCENT_ENCODED = re.compile(
    # From a word's start only: from each of its letters, a long word was scanned again (quadratic).
    r"(?<![^\s\"'<>%])[^\s\"'<>%]*+(?:%[0-9A-Fa-f]{2}[^\s\"'<>%]*+)+(?P<cut>%[0-9A-Fa-f]?(?![0-9A-Fa-f]))?"
)
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]")  # a whole escape, or one an excerpt cut short
# One escape as unquote decodes it: an ASCII character's alone, a run of others' bytes together (the
# UTF-8 of one character); and `+`, a space in a form or a query, itself elsewhere: read both ways.
_PERCENT_ESCAPES = r"%[0-7][0-9A-Fa-f]|(?:%[89A-Fa-f][0-9A-Fa-f])+"


def _unquoted(escape: str) -> str:
    return urllib.parse.unquote(escape, errors="surrogateescape")


def _unquoted_plus(escape: str) -> str:
    return " " if escape == "+" else _unquoted(escape)


def _unquoted_whole_plus(text: str) -> str:
    return urllib.parse.unquote_plus(text, errors="surrogateescape")


# A character reference as HTML writes one (`&amp;`, `&lt;`, `&#38;`, `&#x26;`): a platform echoing a
# value into an HTML-escaped message spells any of its characters so, by name or by number, so no
# list of spellings finds it; decoded, its own do. Read in runs of text up to a blank holding an `&`:
# a platform may escape some of a value's characters and leave others (`"`, `>`) as they are.
_HTML_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")
_HTML_ESCAPED = re.compile(r"(?<!\S)[^\s&]*+&\S*+")
# A reference html.unescape may decode (more, never fewer): a number, a name closed by `;`, or one
# opening with a name HTML reads without its `;` (`&amp`, `&copyx`). `Q&A` holds none: decoding
# it changes nothing, and a text so written is not decoded again and again to find so.
_LEGACY_NAMES = sorted(
    (name for name in html.entities.html5 if not name.endswith(";")), key=len, reverse=True
)
_HTML_DECODED = re.compile(
    rf"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*;|(?:{'|'.join(_LEGACY_NAMES)}))"
)

# Each way a run is read decoded: its escapes, what one decodes to, and what decodes a whole text
# alike in one call (the text read first, whole: _decoded_spans; where it reads otherwise than its
# escapes one by one, none known, _spans_mapped_back searches theirs).
_Decoding = tuple[re.Pattern[str], Callable[[str], str], Callable[[str], str]]
_PERCENT_DECODINGS: tuple[_Decoding, ...] = (
    (re.compile(_PERCENT_ESCAPES), _unquoted, _unquoted),
    (re.compile(rf"{_PERCENT_ESCAPES}|\+"), _unquoted_plus, _unquoted_whole_plus),
)
# Opening with `&`, not the look ahead: sre then finds each `&` by its fast scan.
_RARER_HTML_REFERENCE = re.compile(
    rf"&(?!{'|'.join(common[1:] for common in _COMMON_REFERENCES)}){_HTML_REFERENCE.pattern[1:]}"
)
_HTML_DECODINGS: tuple[_Decoding, ...] = ((_HTML_REFERENCE, html.unescape, html.unescape),)


def _decoded_spans(
    text: str, runs: re.Pattern[str], decodings: tuple[_Decoding, ...], layers: int
) -> list[tuple[int, int]]:
    """The spans of `text` spelling a held value once a run of it (of `runs`) is decoded, read
    again under `layers - 1` layers. An escape cut short at a run's end (`...%2`) is masked with
    a span reaching it. The text is decoded whole once a layer, and that decoding searched once:
    searched again to map its spans back, each layer doubled the cost of the layers under it."""
    spans = []
    # `+` is read as a space only by the second percent decoding: without one, the two read alike.
    for escape, decoded, decoded_whole in decodings if "+" in text else decodings[:1]:
        whole = decoded_whole(text)
        held = _held_spans(whole, layers - 1) if whole != text else []
        if not held:
            continue  # nearly always: one search of the whole text decoded, not one a run (`Q&amp;A`)
        # The text decoded whole: a value holding a blank (`Tom &amp; Jerry &quot;home&quot; 5G`, a
        # Wi-Fi passphrase) is held by no run, which a blank ends: read by runs alone, it would be
        # shown whole or in half.
        spans += _spans_mapped_back(text, escape, decoded, whole, held, layers)
        for run in runs.finditer(text):
            cut = len(run.groupdict().get("cut") or "")
            body = run.group()[: len(run.group()) - cut]
            if body == text:
                continue  # the text is one run (`kX9q%26amp%3BPzW2...`): read whole just above
            for start, end in _run_spans(body, escape, decoded, layers):
                spans.append((run.start() + start, run.end() if end == len(body) else run.start() + end))
    return spans


def _run_spans(
    run: str, escape: re.Pattern[str], decoded: Callable[[str], str], layers: int
) -> list[tuple[int, int]]:
    """Decoded once first: a run holding no held value decoded (nearly every one) is mapped no further."""
    whole = escape.sub(lambda found: decoded(found.group()), run)
    spans = _held_spans(whole, layers - 1) if whole != run else []
    return _spans_mapped_back(run, escape, decoded, whole, spans, layers) if spans else []


def _spans_mapped_back(
    run: str,
    escape: re.Pattern[str],
    decoded: Callable[[str], str],
    read: str,
    spans: list[tuple[int, int]],
    layers: int,
) -> list[tuple[int, int]]:
    """`spans` of `read`, `run` decoded, as spans of `run`. The places are those of `run` decoded
    escape by escape: where `read` was decoded otherwise (in one call, html.unescape) and reads
    unlike it (no text known), that decoding is searched instead, so no span is put out of place."""
    starts, ends, by_escape = _decoded_places(run, escape, decoded)
    if by_escape != read:
        spans = _held_spans(by_escape, layers - 1)
    return [(starts[start], ends[end - 1]) for start, end in spans]


def _decoded_places(
    run: str, escape: re.Pattern[str], decoded: Callable[[str], str]
) -> tuple[list[int], list[int], str]:
    """Where each character of `run` decoded is spelled in `run`: its start and end there; and `run`
    so decoded. What an escape decodes to is spelled by the whole escape, but for the characters
    html.unescape keeps as they are after a legacy name (`&ampLm` is `&Lm`), each its own."""
    starts: list[int] = []
    ends: list[int] = []
    read: list[str] = []
    at = 0
    for found in escape.finditer(run):
        starts += range(at, found.start())
        ends += range(at + 1, found.start() + 1)
        spelled, decoding = found.group(), decoded(found.group())
        read += [run[at : found.start()], decoding]
        kept = _kept_tail(spelled, decoding)
        head = len(decoding) - kept
        starts += [found.start()] * head + list(range(found.end() - kept, found.end()))
        ends += [found.end() - kept] * head + list(range(found.end() - kept + 1, found.end() + 1))
        at = found.end()
    read.append(run[at:])
    return [*starts, *range(at, len(run))], [*ends, *range(at + 1, len(run) + 1)], "".join(read)


def _kept_tail(spelled: str, read: str) -> int:
    """How many of an escape's last characters its decoding keeps as they are: at most all but the
    first it decodes to (`&#59;` is `;`, spelled by the whole reference)."""
    kept = 0
    while kept < min(len(spelled), len(read) - 1) and spelled[-1 - kept] == read[-1 - kept]:
        kept += 1
    return kept


def _may_hold(text: str) -> bool:
    """False for nearly every text: it holds no start of a held value, nor (their pieces looked for
    apart) a run of their characters long enough to be a slice and holding a piece of one."""
    if _looked_for.search(text) is not None:
        return True
    # Pieces looked for with the starts (_NOTHING here): no second search that finds nothing.
    return _runs_read_apart is not _NOTHING and any(map(_holds_a_piece, _runs_read_apart.findall(text)))


def _masked(text: str, mark: Callable[[str], str]) -> str:
    """`text` with each held value, start and slice in it replaced by what `mark` makes of it."""
    starts = _starts_held(text)
    for value in sorted((value for start in starts for value in _by_start[start]), key=len, reverse=True):
        if value in text:
            text = text.replace(value, mark(value))
    for start in starts - {""}:
        text = _without_starts_of(_by_start[start], start, text, mark)
    return _without_slices(text, mark)


def _looked_for_now() -> re.Pattern[str]:
    """What a text holds, at least, when mask_known may change it: the start of a spelling (or a
    spelling too short to have one). Past _LOOKED_FOR_EACH spellings, anything: mask_known then
    reads the text's own runs, as fast as one pattern of them all would."""
    if not _known:
        return _NOTHING
    if len(_known) > _LOOKED_FOR_EACH:
        return _ANYTHING
    looked_for = [start for start in _by_start if start] + _by_start.get("", [])
    return re.compile("|".join(map(re.escape, [*looked_for, *([] if _pieces_apart() else _by_piece)])))


def _pieces_apart() -> bool:
    """Whether the pieces are looked for apart from _looked_for, in a text's _slice_runs: past
    _PIECES_LOOKED_FOR_EACH. A bearer token brings hundreds, and hundreds of literals in one pattern
    cost sre a try of each at every character, 60 µs a text; the 50 of one 28-character secret's
    spellings (hex, base64), 5 µs, where reading the runs costs 2."""
    return len(_by_piece) > _PIECES_LOOKED_FOR_EACH


_NOTHING, _ANYTHING = re.compile(r"(?!)"), re.compile("")
# Every start of _by_start (and the pieces, while few) in one pattern, made again as a value is
# added: one search in C for each text a view shows or a message quotes, where most hold none.
_looked_for = _NOTHING
# A run of SHORTEST_SLICE_MASKED or more _slice_characters: where a slice may be; read by _may_hold
# only while the pieces are looked for apart (else _looked_for holds them): set as values are added.
_slice_runs = _runs_read_apart = _NOTHING


def _starts_held(text: str) -> set[str]:
    """The keys of _by_start `text` may hold values of."""
    if len(_known) <= _LOOKED_FOR_EACH:
        return {start for start in _by_start if start in text}
    runs = {text[i : i + _START] for i in range(len(text) - _START + 1)}
    return runs & _by_start.keys() | ({""} & _by_start.keys())


def _without_starts_of(values: list[str], start: str, text: str, mark: Callable[[str], str]) -> str:
    """`text` with every run beginning one of `values` (of SHORTEST_CUT_SHORT or more) masked. Built
    piece by piece and joined once: a text rebuilt for each start masked was quadratic in them."""
    long_values = [value for value in values if len(value) >= SHORTEST_CUT_SHORT]
    at = text.find(start) if long_values else -1
    if at == -1:
        return text
    kept, done = [], 0
    while at != -1:
        shared = max(_start_held_length(text, at, value) for value in long_values)
        if shared:  # else the start alone, a word of the text: passed over
            kept += [text[done:at], mark(text[at : at + shared])]
            done = at + shared
        at = text.find(start, at + max(shared, 1))
    return "".join(kept) + text[done:]


def _start_held_length(text: str, at: int, value: str) -> int:
    """How many of `value`'s first characters `text` holds from `at` on, 0 where they are its first
    word alone (_first_words): a word of the text, not the value cut short."""
    shared = _shared_length(text, at, value)
    return 0 if shared == _first_words.get(value) else shared


def _shared_length(text: str, at: int, value: str) -> int:
    """How many of `value`'s characters `text` holds from `at` on (its first _START, at least)."""
    length, end = _START, min(len(value), len(text) - at)
    while length < end and text[at + length] == value[length]:
        length += 1
    return length


@functools.lru_cache(maxsize=4096)
def _holds_a_piece(run: str) -> bool:
    """Whether `run` (of _slice_runs) holds a piece of a held value: where a slice may be. Kept for
    the runs asked again (emptied as a value is remembered): a bearer token's characters are most of
    those of a name, and a fleet's 100,000 sensors repeat a handful of long runs (a template, a
    project id), each read a piece at every character otherwise."""
    return not _by_piece.keys().isdisjoint(run[at : at + _PIECE] for at in range(len(run) - _PIECE + 1))


def _without_slices(text: str, mark: Callable[[str], str]) -> str:
    """`text` with every run of SHORTEST_SLICE_MASKED or more characters of a held value masked: read
    in its runs of their characters alone, which a slice cannot reach past."""
    return _slice_runs.sub(lambda run: _run_without_slices(run.group(), mark), text)


def _run_without_slices(text: str, mark: Callable[[str], str]) -> str:
    """`text` with every slice masked. One lookup a character: a run found is passed over whole, and
    a piece that opens none is compared with its value on at most SHORTEST_SLICE_MASKED characters
    past it before the next is read."""
    if not _holds_a_piece(text):
        return text
    kept, at, looked = [], 0, 0
    while looked <= len(text) - _PIECE:
        start, end = _longest_slice(text, looked)
        if end - start < SHORTEST_SLICE_MASKED:
            looked += 1
            continue
        kept += [text[at : max(start, at)], mark(text[max(start, at) : end])]
        at = looked = end
    return "".join(kept) + text[at:] if kept else text


def _longest_slice(text: str, looked: int) -> tuple[int, int]:
    """The longest run of a held value's characters around the piece of `text` at `looked`."""
    runs = [_run(text, looked, value, at) for value, at in _by_piece.get(text[looked : looked + _PIECE], ())]
    return max(runs, key=lambda run: run[1] - run[0], default=(looked, looked))


def _run(text: str, looked: int, value: str, at: int) -> tuple[int, int]:
    """Where `text` holds `value`'s characters around its piece at `at`, which `text` holds at `looked`."""
    back = 0
    while back < min(looked, at) and text[looked - back - 1] == value[at - back - 1]:
        back += 1
    ahead = _PIECE
    while ahead < min(len(text) - looked, len(value) - at) and text[looked + ahead] == value[at + ahead]:
        ahead += 1
    return looked - back, looked + ahead


def forget_all() -> None:
    """For tests: values one test remembered do not mask another's text."""
    global _looked_for, _slice_runs, _runs_read_apart, _longest_spelling, _most_blank_runs
    _known.clear()
    _longest_spelling = _most_blank_runs = 0
    _folded_only.clear()
    _first_words.clear()
    _by_start.clear()
    _by_piece.clear()
    _slice_characters.clear()
    _held_characters.clear()
    _holds_a_piece.cache_clear()
    _looked_for = _slice_runs = _runs_read_apart = _NOTHING


# A credential a value names inside itself: `Password=...;` (a connection string), `"api_key": "..."`
# (JSON in a text), `token: ...`; a value a URL's masking left as "(sensitive)" is no longer one. It
# ends where its value begins, after its opening quote if it has one. A quote may be escaped, at any
# depth (`{\"password\":\"...\"}`: JSON quoted inside a platform error's own JSON string). A label
# may number its thing after a blank (`Door PIN 2: 4421`).
_QUOTE = r"\\*+[\"']"
# Where a named value ends: a quoted one at its closing quote (a token may hold a space, a comma or a
# brace), or the end of a text cut short; an unquoted one at a blank, a quote or the text's end, or
# before a separator (`&`, `;`, `,`, `}`) that another `name=` follows (`pwd=...&page=2`,
# `Password=...;Database=x`) or that ends the run (`Password=pw;` before a blank). A password may hold
# a separator too (`Password=Hunt&3`, `Password=;Hunt3`): ended at the first, its tail was shown, and
# started after it, all of it. A value that such a separator opens is empty (`password=&user=iot`).
_SEPARATOR = r"[;,&}]"
_NEXT_NAME = r"[A-Za-z_][\w.-]*="  # another named value's `name=`, after a separator
_SEPARATOR_ENDING_A_VALUE = rf"{_SEPARATOR}(?:{_SEPARATOR}*(?:[{_BLANKS_IN}\"']|\Z)|{_NEXT_NAME})"


def _named_value(separators: str) -> re.Pattern[str]:
    """A name, `separators` and where its value begins."""
    return re.compile(
        # A name from its start only, not from each of its letters: a long word in a text holding a `:`
        # would be scanned again from each (quadratic: 30 KB of one word took 19 s).
        rf"(?<![\w.-])(?P<name>[A-Za-z][\w.-]*+)(?P<brackets>\]|\[\])?(?P<number>[ \t][0-9]{{1,3}}(?=\s*:))?"
        rf"(?P<key>(?:{_QUOTE})?)\s*(?P<sep>{separators})\s*(?P<quote>(?:{_QUOTE})?)"
        rf"(?!{re.escape(MASKED)}|\s|{_QUOTE}|{_SEPARATOR_ENDING_A_VALUE}|\Z)"
    )


_NAMED_VALUE = _named_value(r"=>?|:|%3[Dd]")
# A platform's message names a value in words too (`password is x`, `password -> x`) and with a colon
# or equals sign written full-width (CJK text: `password：x`), read as a label's `:` and a key's `=`
# are (_PROSE_SEPARATORS); only there: a view hides a note naming a credential whole, and `Note: the
# password is required` is a note's words. A full-width colon is no refId's (_is_a_ref_id).
_MESSAGES_SEPARATORS = r"=>?|->|:|%3[Dd]|\uff1a|\uff1d"
_NAMED_VALUE_IN_A_MESSAGE = _named_value(_MESSAGES_SEPARATORS)
_NAMED_VALUE_IN_WORDS = _named_value(rf"{_MESSAGES_SEPARATORS}|(?<=\s)(?i:is)(?=[ \t])")
_PROSE_SEPARATORS = frozenset((":", "->", "is", "\uff1a"))
# An HTTP credential's scheme is part of an unquoted value: `Authorization: Basic dXNl...` masked whole.
# A run of separators is read as one, each looked at once: looked for from each of a run to its end
# (`password=` and 20,000 `;`), a value would take seconds. Before a blank, a quote or the text's end none
# of the run is the value's; before another `name=`, all but its last; before anything else, all.
_SEPARATORS_IN_A_VALUE = (
    rf"(?:{_SEPARATOR}(?={_SEPARATOR}))*+"
    rf"(?:{_SEPARATOR}(?![{_BLANKS_IN}\"']|\Z|{_NEXT_NAME})|(?={_SEPARATOR}{_NEXT_NAME}))"
)
# A quote inside an unquoted run is its own (`Xk9'pQ2`, `Hunt3r"Xyz`, `don't`): ended there, its tail
# was shown. One before a blank, a separator or the text's end closes the quoted text it stands in.
_OPENS_A_WORD = rf"[^{_BLANKS_IN}\"';,&}}\\]"
_QUOTE_INSIDE = rf"[\"'](?={_OPENS_A_WORD})"
_UNQUOTED_RUN = (
    rf"(?:(?i:basic|bearer|apikey)\s+)?(?:[^{_BLANKS_IN}\"';,&}}]++|{_QUOTE_INSIDE}|{_SEPARATORS_IN_A_VALUE}"
)
_VALUE_UP_TO = {
    '"': re.compile(r'(?:[^"\\]|\\.)*'),
    "'": re.compile(r"(?:[^'\\]|\\.)*"),
    "": re.compile(rf"{_UNQUOTED_RUN})*+"),
}
# A person's secret, unquoted (`Password: p@ss w0rd`, `passphrase: correct horse battery staple`,
# `secret: to be or not to be`), is all its words, as a manifest reads it: up to the end of its line,
# quoted string or field (`;Database=`, `; ` or `, ` after it), and a sentence after it on its line
# with it (`password: Hunt88 was refused`), which cannot be told from more of its words. A word ending
# in a colon or opening with a bracket is one of them (`horse battery: staple`, `horse [x=1 staple`),
# and so are words a quote opens (`horse "battery staple`), quoted among them (`horse "battery" staple`,
# `'n'`, a JSON string's `\"battery\"`) or a brace ends before more (`horse} battery`): ended there,
# the words after it were shown. A quote ends them only where the same quote, escaped as deep, opened
# the text the label stands in (`said "password: p@ss w0rd" then`, _quote_a_label_stands_in): a lone
# quote is a person's own (`horse" then battery`, `my 5" floppy`, `it's 5' tall`), and so is one
# escaped deeper (json.dumps' `\"`). A credential's label ahead reads on as far as its own value
# (_a_secret_label_ahead).
_SCHEME_WORD = r"(?:(?i:basic|bearer|apikey)\s+)?"
_A_BRACE_BEFORE_MORE_WORDS = rf"}}++(?=[ \t]++[^{_BLANKS_IN},;}}\]])"


def _words_in_no_quote() -> str:
    """A person's secret's words where no quote opened the text around its label: no quote ends them."""
    blank = rf"[ \t]++(?![{_BLANKS_IN}]|\Z)"
    run = rf"[^{_BLANKS_IN};,&}}]++|{_SEPARATORS_IN_A_VALUE}"
    return rf"{_SCHEME_WORD}(?:{run}|{blank}|{_A_BRACE_BEFORE_MORE_WORDS})*+"


def _quotes_own_and_closing(enclosing: str) -> tuple[str, str]:
    """Inside the text `enclosing` (a quote after its backslashes) opened: the quotes that are its
    own (escaped deeper, or less deep, or a bare one before a word: `Hunt3r"Xyz`), and its close."""
    depth, mark = len(enclosing) - 1, enclosing[-1]
    if depth == 0:
        return rf"\\++{mark}|{mark}(?={_OPENS_A_WORD})", rf"{mark}(?!{_OPENS_A_WORD})"
    return rf"\\{{{depth + 1},}}{mark}|(?<!\\)\\{{0,{depth - 1}}}{mark}", rf"(?<!\\)\\{{{depth}}}{mark}"


def _words_in_a_quote(enclosing: str) -> str:
    """A person's secret's words inside the text `enclosing` (a quote after its backslashes) opened:
    up to that quote escaped as deep; one escaped deeper, or less deep, is the words' own."""
    depth, mark = len(enclosing) - 1, enclosing[-1]
    own, closing = _quotes_own_and_closing(enclosing)
    quoted = rf"(?<=[ \t])\\{{{depth}}}{mark}[^\s\"'\\]*+(?:[ \t]++[^\s\"'\\]++)*+\\{{{depth}}}{mark}"
    blank = rf"[ \t]++(?![{_BLANKS_IN}]|\Z|{closing})"
    run = rf"[^{_BLANKS_IN}{mark}\\;,&}}]++|{own}|\\++(?!{mark})|{_SEPARATORS_IN_A_VALUE}"
    return rf"{_SCHEME_WORD}(?:{quoted}|{run}|{blank}|{_A_BRACE_BEFORE_MORE_WORDS})*+"


@lru_cache(maxsize=16)
def _words_up_to(enclosing: str) -> re.Pattern[str]:
    """How a person's secret's words run, by the quote that opened the text its label stands in."""
    words = re.compile(_words_in_a_quote(enclosing) if enclosing else _words_in_no_quote())
    _WORDS_READERS.add(words)
    return words


_WORDS_READERS: set[re.Pattern[str]] = set()  # each `_words_up_to` made: a person's secret's reading


# A person's secret as a `;`-separated connection string's field (`Server=db;Pwd=...;`, a JDBC URL's
# `;password=...;`) runs to the `;` before the next field's name or a blank, its line's end or the
# quote the text stands in: a `, `, `&` or a lone quote is the password's own (`Passwd=horse battery,
# staple;`), and ended there, the rest was shown. A value in braces (`password={horse;battery}`, SQL
# Server's and ODBC's escape of a `;`, `}}` a brace of its own) runs to its closing brace, its `;` the
# password's.
@lru_cache(maxsize=16)
def _a_fields_value(enclosing: str) -> re.Pattern[str]:
    """A connection string field's value in the text `enclosing` (a quote, or none) opened."""
    own_semicolons = rf";++(?![{_BLANKS_IN}]|\Z|{_NEXT_NAME})"  # `Password=Hunt;9;Database=`
    rest = rf"(?:[^;\r\n]++|{own_semicolons})*+"
    if enclosing:
        mark, (own, _) = enclosing[-1], _quotes_own_and_closing(enclosing)
        rest = rf"(?:[^;\r\n{mark}\\]++|{own}|\\++(?!{mark})|{own_semicolons})*+"
    value = re.compile(rf"(?:\{{(?:[^}}]|}}}})*+}}?)?{rest}")
    _FIELDS_READERS.add(value)
    return value


_FIELDS_READERS: set[re.Pattern[str]] = set()  # each `_a_fields_value` made: its braces are its own


def _a_connection_strings_field(found: re.Match[str]) -> bool:
    """A label written as a `;`-separated connection string's key (`;Pwd=`, `; Password=`)."""
    return (
        found["sep"] == "=" and not found["key"] and found.string[: found.start()].rstrip(" \t").endswith(";")
    )


# How far back a label's opening quote is looked for: further, none is (no quote ends its words).
_QUOTE_REACH = 1024
_OPENS_A_STRING_AFTER = frozenset(" \t\n\r:=,[{(")


def _quote_a_label_stands_in(text: str, start: int) -> str:
    """The quote, with its backslashes, that opened the text a label at `start` stands in: the last
    one before it on its line, where it opens a string (after the line's start, a blank or a sign:
    `said "password: ...`, `{"notes": "password: ...`), not an apostrophe nor a string's close
    (`it's password:`, `"a" password:`). Looked for no further than _QUOTE_REACH back: a long line
    of many labels was read back to its start from each."""
    reach = max(0, start - _QUOTE_REACH)
    line = text.rfind("\n", reach, start) + 1 or reach
    at = max(text.rfind('"', line, start), text.rfind("'", line, start))
    if at < 0:
        return ""
    opened = at
    while opened > line and text[opened - 1] == "\\":
        opened -= 1
    if opened > line and text[opened - 1] not in _OPENS_A_STRING_AFTER:
        return ""
    return text[opened : at + 1]


# A label ahead, as a program or a person writes one (`token=`, `WifiPassword:`, `{"AUTH_TOKEN":`).
_A_LABEL_AHEAD = re.compile(rf"[ \t]++[{{\[]?(?:{_QUOTE})?(?=[A-Za-z][\w.-]*+(?:{_QUOTE})?\s*[=:])")
# An HTTP header whose whole value is a credential (`Authorization:`, `Proxy-Authorization:`, `Cookie:`,
# `Set-Cookie:`): its value runs to the end of its line, or of the quoted string it is written in. A scheme
# other than Basic, Bearer or ApiKey (`Negotiate`, `NTLM`, `Token`, `SSWS`, `Digest`) is a word before
# its credential, and a cookie's header holds more than one (`theme=dark; sid=...`): read as one word,
# the credential after it was shown. An auth-param quoted after its `=` (`response="..."`) is the
# value's, and a JSON string's escape (`\"`) too, but not an escaped line break (`\n`). Basic, Bearer
# and ApiKey are one token, a reason after it shown (`Authorization: (sensitive) refused`).
_HEADERS_OF_A_CREDENTIAL = frozenset(("authorization", "cookie"))
# A header's line folded (RFC 7230's obs-fold: a line break, written or escaped, before a space or a tab)
# goes on with its value: `Cookie: theme=dark;\r\n sid=...` is one value, the cookie after the fold its own.
# Escaped at any depth: JSON in a JSON string, or a JSON-RPC debug line's, writes `\\r\\n `.
_A_FOLD = r"(?:\r?\n|\\++r\\++n|\\++n)(?:[ \t]|\\++t)"
# Basic, Bearer or ApiKey's one token, folded onto the lines after it too (`Basic x\r\n dXNl...`); a
# fold its run read as its own ends in an escaped `\n`, the blank after it the fold's.
_ONE_TOKENS_SCHEME = (
    rf"(?=(?i:basic|bearer|apikey)\s){_UNQUOTED_RUN})*+"
    rf"(?:(?:{_A_FOLD}|(?<=\\n)(?:[ \t]|\\++t))[ \t]*+{_UNQUOTED_RUN})*+)*+"
)


@lru_cache(maxsize=16)
def _headers_value_up_to(enclosing: str) -> re.Pattern[str]:
    """A credential header's value in the text `enclosing` (a quote, or none) opened: to its line's
    end, or that quote's close. Ended at a quote none opened (`Digest username = "bob", response =
    "..."`, `username="b\\"ob"`), the auth-params after it were shown."""
    if not enclosing:
        return re.compile(rf"{_ONE_TOKENS_SCHEME}|(?:[^\r\n\\]++|{_A_FOLD}|\\++(?![nr]))*+")
    mark, (own, _) = enclosing[-1], _quotes_own_and_closing(enclosing)
    return re.compile(rf"{_ONE_TOKENS_SCHEME}|(?:[^\r\n{mark}\\]++|{_A_FOLD}|{own}|\\++(?![nr{mark}]))*+")


# A label naming credentials in the plural (`PINs: 4421, 9911`) names a list: up to the end of its
# line or quoted string, or another label (`PINs: 4421, 9911; site: 3`, `PINs=4421 door: 3`).
_ANOTHER_LABEL = r"[A-Za-z_][\w.-]*+\s*[=:]"
_LIST_UP_TO = re.compile(
    rf"(?:[^{_BLANKS_IN}\"';,&}}\\]++|{_QUOTE_INSIDE}|[ \t]++(?!{_ANOTHER_LABEL})|\\(?![\"'])"
    rf"|[;,&}}](?!\s*{_ANOTHER_LABEL}))*+"
)


@lru_cache(maxsize=16)
def _escaped_value_up_to(quote: str) -> re.Pattern[str]:
    """A value inside `quote` escaped by its backslashes (`\"`, `\\\"`): up to the same quote escaped
    as deep; a quote escaped deeper is the value's own (`\"a\\\"b\"`)."""
    backslashes, mark = len(quote) - 1, quote[-1]
    return re.compile(rf"(?:[^{mark}\\]++|\\{{{backslashes + 1},}}{mark}|\\++(?!{mark}))*+")


def _value_up_to(found: re.Match[str]) -> re.Pattern[str]:
    """How the value of a name `_NAMED_VALUE` found runs, by its opening quote and its label."""
    quote = found["quote"]
    if len(quote) > 1:
        return _escaped_value_up_to(quote)
    if quote:
        return _VALUE_UP_TO[quote]
    last = _last_label_word(found["name"])
    # a plural names a list before it names words (`passwords: Hunt3r, Other9` is two)
    if _a_plural_credential_word(last) or last.lower() in _CODES_OF_A_CREDENTIAL:
        return _LIST_UP_TO
    if last.lower() in _HEADERS_OF_A_CREDENTIAL:
        return _headers_value_up_to(_quote_a_label_stands_in(found.string, found.start()))
    if not _A_PERSONS_SECRET_WORD.fullmatch(last.lower()):
        return _VALUE_UP_TO[""]
    enclosing = _quote_a_label_stands_in(found.string, found.start())
    return _a_fields_value(enclosing) if _a_connection_strings_field(found) else _words_up_to(enclosing)


def _value_end(found: re.Match[str], *, look_ahead: bool = True) -> int:
    """Where the value of a name `_NAMED_VALUE` found ends: a JSON list or object to its balanced
    close, a YAML block (`secret: |`, a list on the lines after its label) to its last line, any
    other by `_value_up_to`; a person's secret's words with a credential's label ahead among them
    (_a_secret_label_ahead) unless `look_ahead` is off, as that reading of a label ahead is itself."""
    text, at = found.string, found.end()
    up_to = _value_up_to(found)
    if not found["quote"] and text.startswith(("[", "{"), at) and up_to not in _FIELDS_READERS:
        end = _balanced_end(text, at, len(found["key"]) - 1 if found["key"] else 0)
        if up_to not in _WORDS_READERS or not look_ahead or not text.startswith((" ", "\t"), end):
            return end
        # a person's secret opening with a bracket reads on (`{horse} battery staple`)
        return _a_secret_label_ahead(text, at, up_to.match(text, end).end(), up_to)  # type: ignore[union-attr]
    block = _YAML_BLOCK_SCALAR.match(text, at)
    if block is None and "\n" in text[found.end("sep") : at]:
        block = _YAML_BLOCK_LIST.match(text, at)
    if block is not None:
        return block.end()
    end = up_to.match(text, at).end()  # type: ignore[union-attr]
    return _a_secret_label_ahead(text, at, end, up_to) if up_to in _WORDS_READERS and look_ahead else end


def _words_read_alike(label: re.Match[str]) -> bool:
    """A person's secret's label ahead (`password: a passphrase: b`) whose words run on as those before
    it do, to the same end: read again from each, a line of many took time quadratic in its length."""
    text, at = label.string, label.end()
    return _value_up_to(label) in _WORDS_READERS and not text.startswith(("[", "{"), at)


# More of a person's secret's words after a label ahead's bracketed or quoted value (`token: [a, b] staple`),
# after a tab escaped too (`]\tstaple` in a JSON-RPC debug line): ended there, the words after it showed.
_MORE_WORDS = re.compile(rf"(?:[ \t]|\\++t)++[^{_BLANKS_IN},;}}\]\\]")
# The longest label ahead read (its blank, brackets, quotes, name and `=`): a longer one is words of the
# secret's, masked with them.
_LABEL_REACH = 1024


def _a_secret_label_ahead(text: str, at: int, end: int, words: re.Pattern[str]) -> int:
    """Where a person's secret's `words` from `at` to `end` end, with a label naming a credential among
    them (`password: abc {"AUTH_TOKEN": "..."}`, `password: a token=b c`): at the label where its own
    value is masked as far as `end` or further, else at `end` or its value's end, whichever is further;
    a bracketed or quoted value the words go on after (`token: [a, b] staple`) is read past, as an
    unquoted one is, and the words after it read on: ended at the label, they were shown.
    Ended at the label whatever its value, a value of one word left the secret's words after it shown
    (`token=(sensitive) c`), and one read as a message's words (`token: expired`) showed. Each label's
    value is read once: a label inside another's is skipped, so a line of many labels is read in one
    pass, and each is looked for no further than its name may reach past `end`: searched to the text's
    end, a text of many short secrets and no blank before a label was read to its end from each."""
    looked = at
    while (
        blank := _A_LABEL_AHEAD.search(text, looked, end + _LABEL_REACH)
    ) is not None and blank.start() < end:
        looked = blank.end()
        label = _NAMED_VALUE_IN_A_MESSAGE.match(text, blank.end())
        if label is not None and _names_a_credential_here(label) and not _words_read_alike(label):
            own = _value_end(label, look_ahead=False)
            if text.startswith(label["quote"], own):  # its closing quote, which the words read on to
                own += len(label["quote"])
            if own >= end and not (_a_label_in_prose(label) and _a_messages_words(text, label, own)):
                if _MORE_WORDS.match(text, own) is None:
                    return blank.start()  # its value masked on its own as far (`accessToken: (sensitive)`)
                # read from past `end` only: each of the text's words is read once
                end = words.match(text, own).end()  # type: ignore[union-attr]
            end, looked = max(end, own), max(looked, own)
    return end


# A YAML block scalar (`|`, `>-`, its lines indented below it) and a block list (`- x` a line, the
# first on the line after its label). A scalar may be tagged (`!!binary |`), its header commented
# (`| # the key`), its lines ended by CRLF and parted by a blank line: each would be read as no block,
# its lines shown.
_YAML_BLOCK_SCALAR = re.compile(
    r"(?:![^\s|>]*+[ \t]++)?[|>][+-]?[0-9]?[+-]?[ \t]*+(?:#[^\n]*+|\r)?(?=\n)"
    r"(?:(?:\n[ \t]*+\r?(?=\n))*+\n[ \t]++[^\n]*+)*+"
)
_YAML_BLOCK_LIST = re.compile(r"-[ \t][^\n]*+(?:\n[ \t]*+-[ \t][^\n]*+)*+")
# What a JSON list or object is read by: a run of backslashes with the quote it may escape, a quote,
# a bracket. Each is read once: a value's masking stays linear in its length.
_JSON_TOKEN = re.compile(r"\\++[\"']?|[\"']|[\[\]{}]")


def _balanced_end(text: str, at: int, backslashes: int) -> int:
    """The end of the JSON list or object opening at `at` (its balanced close; the text's end if it
    is cut short), its quotes escaped by `backslashes` as its key's are (`{\\"password\\": [...]}`
    quoted in a platform error's own string): a bracket inside a string, or a quote escaped deeper,
    is the string's own. Either quote opens a string, as a Python repr writes one."""
    depth, open_quote, period = 0, "", 2 * (backslashes + 1)
    for token in _JSON_TOKEN.finditer(text, at):
        mark = token.group()
        if mark[-1] in "\"'":
            if (len(mark) - 1) % period == backslashes and (not open_quote or mark[-1] == open_quote):
                open_quote = "" if open_quote else mark[-1]
        elif mark[-1] != "\\" and not open_quote:
            depth += 1 if mark in "[{" else -1
            if depth == 0:
                return token.end()
    return len(text)


def _a_plural_credential_word(word: str) -> bool:
    """`PINs`, `tokens`, `Passwords`: a label's credential word with its plural's `s`."""
    return word[-1:] in "sS" and _CREDENTIAL_LABEL_WORD.fullmatch(word[:-1]) is not None


# An HTTP credential without its header's name: `Basic dXNlcjpw...`, `Bearer eyJ...`, and the
# platform's own scheme, `ApiKey ...` (its reference: `Authorization: ApiKey <apikey>`). Each word
# opens ordinary names too (`Bearer Creek feed 2`, `Basic Outflow logger`, `Basic Options`), so it
# counts only before what is shaped as its credential (_is_scheme_credential).
# Any blank parts a scheme's word from its token (`Bearer\u00a0eyJ...`); once the token has begun, only
# an ASCII blank ends it, as it ends a label's value (`Bearer abc\u00a0def`: ended there, `def` was shown).
# Such a blank may be spelled as JSON's escape of it, as json.dumps writes a JSON-RPC call's debug line
# (`dXNlcjpw\u00a0YXNz...`): ended at the escape, the credential's second half was shown.
_JSON_ESCAPED_WIDE_BLANK = rf"\\u(?i:{_u_escapes(EVERY_BLANK - set(ASCII_BLANKS))})"
_SCHEME_CREDENTIAL = re.compile(
    r"\bbasic\s+(?P<basic>[A-Za-z0-9+/_-]{4,}"
    rf"(?:(?:[^\S{_BLANKS_IN}]|{_JSON_ESCAPED_WIDE_BLANK})++[A-Za-z0-9+/_-]+)*={{0,2}})"
    rf"|\b(?:bearer|apikey)\s+(?P<token>[^\s\"',;}}](?:[^{_BLANKS_IN}\"',;}}]++)?)",
    re.IGNORECASE,  # flags inline cost sre its fast scan for the words: a fifth more per text
)
# A credential told by its shape alone, named by nothing: a JWT (`eyJ...` twice, the JSON of its
# header and claims in base64url: what IMS hands out as a bearer token) and the prefixed tokens of
# the services a technician pastes from (GitHub, GitLab, Slack, Stripe, an AWS access key id). Each
# is long and opens with a fixed, case-sensitive prefix, so a serial, a UUID, a hex id or a unit
# never reads as one.
_BARE_TOKEN = re.compile(
    r"(?<![\w-])eyJ[\w-]{10,}+\.[\w-]+\.[\w-]*"
    r"|\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}"
    r"|[sr]k_live_[A-Za-z0-9]{16,}|(?:AKIA|ASIA)[0-9A-Z]{16})\b"
)
# The fewest characters a match of _BARE_TOKEN holds: `xoxb-` and ten (a JWT takes 16, the rest 20 and more).
SHORTEST_BARE_TOKEN = 15


def may_hold_a_bare_token(text: str) -> bool:
    """Whether `text` may hold a match of _BARE_TOKEN: it is long enough for one, and holds one of its
    fixed prefixes, which a key (`pz-1`), a name or a platform id rarely holds, where `-` and `_` are in
    most. Asked of each of a fleet's 222,000 keys and names (manifest/text.py): a key or name shorter
    than a token is told in 0.05 µs, a longer one in 0.2 µs (a loop over the prefixes took 0.5 µs)."""
    return len(text) >= SHORTEST_BARE_TOKEN and (
        "eyJ" in text
        or "gh" in text
        or "github_pat_" in text
        or "glpat-" in text
        or "xox" in text
        or "k_live_" in text
        or "AKIA" in text
        or "ASIA" in text
    )


def holds_a_credential(value: Any) -> bool:
    """Whether a prop's value holds a credential anywhere in it: a key named like one at any depth
    (`{"db": {"password": ...}}`) or text naming one. Names are read as a URL's parameters are
    (SECRET_PARAMETER: words parted by any sign or a capital, `userPin`), so a false positive only
    hides a value: `import` writes a comment of it for git, a fingerprint an unsalted hash of it."""
    if isinstance(value, dict):
        return any(names_a_credential(key) or holds_a_credential(held) for key, held in value.items())
    if isinstance(value, list | tuple):
        return any(holds_a_credential(held) for held in value)
    return isinstance(value, str) and text_names_a_credential(without_url_credentials(value))


def holds_a_secret(value: Any) -> bool:
    """Whether a value holds a secret in text that masking leaves as it is, at any depth: text naming
    a credential inside itself (`Password=...;`, `token: ...`, `Bearer ...`), or one of the secrets
    this run read (its API key, say). A manifest is for git: such text goes into no field and no key."""
    return holds_a_credential(value) or any(holds_known(text) for text in _texts(value))


def _texts(value: Any) -> Iterator[str]:
    """Every string in a value, at any depth: a metric list holds its names."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for held in value.values():
            yield from _texts(held)
    elif isinstance(value, list | tuple):
        for held in value:
            yield from _texts(held)


@lru_cache(maxsize=65_536)
def text_names_a_credential(text: str) -> bool:
    """Once per text: a fleet's entities repeat their dates, parents and templates."""
    return credential_named_in(text) is not None or holds_a_bare_token(text)


def credential_named_in(text: str) -> str | None:
    """What `text_names_a_credential` finds naming a credential in `text`, a token told by its shape
    aside: the first name of a value so named (`Password` of `Password=...;`, `api_key`), or the word
    of a scheme before its credential (`Bearer`); None for neither. Never the value: a manifest's
    refusal quotes it (manifest/text.py)."""
    # A name is told by the `=` or `:` after it: most texts (names, serials, notes) hold neither.
    if "=" in text or ":" in text:
        named = next(filter(_names_a_credential_here, _NAMED_VALUE.finditer(text)), None)
        if named is not None:
            return named["name"]
    return _scheme_credential_word(text, _is_scheme_credential)


def credential_plainly_named_in(text: str, *, may_be_a_ref_id: bool = True) -> str | None:
    """The name of a credential `text` plainly holds, None for none: a label or key naming a
    credential outright (`password`, `pwd`, `secret`, `token`, `apikey`, `api key`, `access key`,
    `private key`, `pin`, `Authorization`, `Bearer`, `pass`...) before a value shaped as the credential
    it names (`_value_shaped_as`: `hunter2`, `k9x8`, `1234`, a passphrase's words), or an HTTP
    credential after its scheme's word (`Basic` and base64 of `user:password`, `Bearer` and a token
    of 16 characters or more, `ApiKey` and a token).
    What is not plain, the rule views hide live text with hides in views all the same
    (`text_names_a_credential`): it reads a label alone, and over-hides on purpose (`Password: none`,
    `Calibration cert: 2025-03-14`, `Bearer 20mm plates`), which a manifest may hold.
    `may_be_a_ref_id`: False for a name, notes, a url or a metric's name, which hold no refId, so that
    a label and its value written without a blank (`SECRET:s3cr3t`, the refId's shape of stack
    `secret`), a `/` in it or not (`Password:Tr0ub/4dor`, a refId's path's shape), is read as
    `SECRET: s3cr3t` is."""
    if "=" in text or ":" in text:
        for found in _NAMED_VALUE.finditer(text):
            here = _names_a_credential_here(found) or (
                not may_be_a_ref_id and _a_label_read_as_a_ref_id(found)
            )
            if here and _plainly_a_credential(found, may_be_a_ref_id=may_be_a_ref_id):
                return found["name"]
    return _scheme_credential_word(text, _is_plain_scheme_credential)


def names_a_credential_alone(text: str) -> bool:
    """Whether a name, notes, url or metric's name plainly holds a credential, read as a field that
    holds no refId reads it: a label and its credential written without a blank (`SECRET:s3cr3t`,
    `Password:Tr0ub/4dor`) is one there, where it stands for stack `secret`'s refId elsewhere. A
    manifest refuses it (manifest/text.py), `import` leaves it out, and views hide it in such a field
    (render/secrets.py)."""
    return ":" in text and credential_plainly_named_in(text, may_be_a_ref_id=False) is not None


def glued_to_a_word(text: str, name: str) -> bool:
    """Whether the first `name` in `text` (as `credential_plainly_named_in` gives it) is glued to a
    value of letters alone (`Secret:Lake`, `Token:Ring`): as often a place's name as a credential, so
    a refusal may say how to write such words, never quoting them."""
    at = text.find(name) + len(name)
    value = _A_VALUES_RUN.match(text, at)
    return value is not None and value.start("run") == at + 1 and value["run"].isalpha()


def _is_plain_scheme_credential(found: re.Match[str]) -> bool:
    """`Bearer` names a bridge's bearer too (`Bearer 20mm plates`, `Pile bearer 2A`): a token after it
    counts when it is as long as one is, 16 characters at least."""
    if not _is_scheme_credential(found):
        return False
    return not found.group().lower().startswith("bearer") or len(found["token"]) >= _SHORTEST_BEARER_TOKEN


_SHORTEST_BEARER_TOKEN = 16


def _plainly_a_credential(found: re.Match[str], *, may_be_a_ref_id: bool = True) -> bool:
    """A name naming a credential outright, before a value shaped as the credential it names; where
    a refId may stand (`may_be_a_ref_id`), not a refId with its path (`pin:n1/lg`)."""
    words = [word.lower() for word in _LABEL_WORDS.findall(found["name"])]
    before = _WORD_BEFORE.search(found.string, max(0, found.start() - 64), found.start())
    if before is not None and not _written_as_key(found):  # a label of two words: `Access key:`
        words.insert(0, before["word"].lower())
    shaped = _value_shaped_as(words, _written_as_key(found), glued=_glued(found))
    if shaped is None or (may_be_a_ref_id and _a_ref_ids_path(found)):
        return False
    return shaped(found.string, found.end())


def _value_shaped_as(
    words: list[str], as_key: bool, *, glued: bool = False
) -> Callable[[str, int], bool] | None:
    """How a value after a label of `words` is shaped when it is the credential the label names, None
    for a label naming none outright. A password or passphrase is any words but a placeholder; a
    word that names other things besides (a bridge's `Bearer`, a pin's size, a sign-on's kind, a
    mountain's `pass`) counts only before a value shaped as its credential, never
    a word standing alone: a token's length, a PIN's digits, letters with digits or signs.
    A label written as a program writes a key (`as_key`: `api_key=`, `Private_Key:`) or `glued` to its
    value with no blank (`ApiKey:Ring`, `Bearer:hunter2`) is no prose: a key's kind (`api`,
    `private`) takes a word alone, as `token:` does, and a bearer's letters with digits, where with a
    blank (`API key: with ops`, `Bearer: 20mm plates`) they were as often a person's words."""
    last, kind = words[-1], words[-2] if len(words) > 1 else ""
    if last in ("key", "keys"):
        if kind == "access":
            return _token_shaped
        return (_shaped_as_a_secret if as_key or glued else _shaped_apart) if kind in _KEY_KINDS else None
    if _SPOKEN_CREDENTIAL_WORD.fullmatch(last):
        return _any_words
    if _TOKEN_ONLY_WORD.fullmatch(last):
        return _shaped_apart if glued else _token_shaped
    if last in ("pin", "pins"):
        return _digits_alone
    if _NAMES_MORE_WORD.fullmatch(last):
        return _shaped_as_a_secret if as_key else _shaped_apart  # `pass=admin`, not `Pass: closed`
    return _shaped_as_a_secret if _PLAIN_CREDENTIAL_WORD.search(last) else None


def _glued(found: re.Match[str]) -> bool:
    """A name, `:` or `=` and its value with no blank nor quote between (`Api_Key:Ring`)."""
    return found.end() == found.end("name") + 1


def _any_words(text: str, at: int) -> bool:
    """A passphrase's words, or a password's (`correct horse battery staple`): any but a placeholder."""
    value = _A_VALUES_RUN.match(text, at)
    run = value["run"] if value is not None else ""
    return bool(run) and run.lower().rstrip(".!") not in _PLACEHOLDERS


def could_be_a_credential(value: object) -> bool:
    """Whether a value held under a credential's name may be the credential: any number (a PIN) or
    text but a flag or nothing (``, `true`, `none`, `n/a`, a null, a boolean), which a column named
    `password` may hold to say whether a site has one, or a reference to one (`${env:SITE_TOKEN}`, what
    a manifest's `auth_token` holds)."""
    if value is None or isinstance(value, bool):
        return False
    if not isinstance(value, str):
        return True
    stripped = value.strip()
    return (
        stripped != ""
        and stripped.lower().rstrip(".!") not in _PLACEHOLDERS
        and not ENV_REFERENCE.fullmatch(stripped)
    )


def _token_shaped(text: str, at: int) -> bool:
    """A token, as long as one is (`Bearer: elastomeric`, `Access key: KS-12` are none), or any value
    shaped as a secret after an HTTP scheme's word (`Authorization: Bearer abc123`)."""
    value = _A_VALUES_RUN.match(text, at)
    if value is not None and value["scheme"]:
        return _shaped_as_a_secret(text, at)
    return value is not None and len(value["run"]) >= _SHORTEST_BEARER_TOKEN


def _digits_alone(text: str, at: int) -> bool:
    """A PIN: four digits or more and no letter, standing alone as the value (`PIN: 4421`, `#4421`,
    not `Pin: 1234 kN`, `PIN: P4`)."""
    value = _A_VALUES_RUN.match(text, at)
    run = value["run"] if value is not None else ""
    return (
        not any(character.isalpha() for character in run)
        and sum(character.isdigit() for character in run) >= 4
        and _A_VALUES_END.match(text, value.end()) is not None  # type: ignore[union-attr]
    )


def _shaped_apart(text: str, at: int) -> bool:
    """`_shaped_as_a_secret` but for a word standing alone, which a label of many meanings may hold."""
    return _shaped_as_a_secret(text, at, word_alone=False)


# A label's last word naming a credential spoken in words: whatever follows it is one.
_SPOKEN_CREDENTIAL_WORD = re.compile(r"[a-z]*pass(?:word|phrase)s?")
# Words naming a token, or other things as often: only a token's length after them is one.
_TOKEN_ONLY_WORD = re.compile(r"bearers?|auths?|authorizations?")
# Words naming a credential or, as often, other things (`Mountain pass`, `psk` a modulation's).
_NAMES_MORE_WORD = re.compile(r"pass|psk")


def _a_ref_ids_path(found: re.Match[str]) -> bool:
    """`pin:n1/lg` among words (`ref pin:n1/lg`): a refId of stack `pin`, with its path."""
    ref_id = _REF_ID.match(found.string, found.start()) if found["sep"] == ":" else None
    return ref_id is not None and "/" in ref_id.group()


# The credential words no ordinary word ends in (`pass` and `key` are not: `Bypass`, `Compass`,
# `Keyholder`, `monkey`; `apikey` is), so a run ending in one names a credential (_ENDS_IN_A_CREDENTIAL).
_ENDING_A_RUN = ("password", "passwd", "pwd", "passphrase", "token", "apikey", "secret")
# A label's last word naming a credential outright, whole or as the end of a run (`wifipassword`).
_OUTRIGHT_CREDENTIAL_WORDS = (
    *_ENDING_A_RUN,
    *("passcode", "pw", "pin", "otp", "jwt", "bearer", "credential", "authorization", "auth"),
)
_PLAIN_CREDENTIAL_WORD = re.compile(f"(?:{'|'.join(_OUTRIGHT_CREDENTIAL_WORDS)})s?\\Z")
# The words that make a `key` a credential's (`API key:`, `X-Api-Key:`, `Access key:`): a key alone
# is as often a lock's (`Logger key: LG-42`, `Lock key: #4`).
_KEY_KINDS = frozenset(
    ("api", "private", "secret", "client", "encryption", "signing", "auth", "license", "wpa", "wpa2", "wifi")
)


def _shaped_as_a_secret(text: str, at: int, *, word_alone: bool = True) -> bool:
    """Whether the value starting at `at` is shaped as a credential: letters with digits or signs
    (`hunter2`, `k9x8`, `s3cr/t`), four digits or more (a PIN), or a word standing alone as the
    label's whole value (`token: abc`). Not a placeholder (`none`, `n/a`), a message's word, nor a
    quantity, date or time (`3 anchors`, `12 m`, `20mm`, `#4`, `2025-03-14`, `12:30`), nor a word
    that a sentence goes on after (`with site manager`, `winter 2025`)."""
    value = _A_VALUES_RUN.match(text, at)
    run = value["run"] if value is not None else ""
    if (
        not run
        or run.lower().rstrip(".!") in _PLACEHOLDERS
        or _A_QUANTITY.fullmatch(run)
        or _A_PATH.fullmatch(run)
    ):
        return False
    if not any(character.isalpha() for character in run):
        return sum(character.isdigit() for character in run) >= 4
    if not run.isalpha():
        return True
    return word_alone and _A_VALUES_END.match(text, value.end()) is not None  # type: ignore[union-attr]


# A value's first run: after signs a label is written with (`Token:- abc123`, `password:: x`) and an
# HTTP scheme's word (`Authorization: Bearer abc123`), up to a blank or what ends a value in prose.
_A_VALUES_RUN = re.compile(
    r"[\s:=>'\"(\[-]*(?P<scheme>(?i:basic|bearer|apikey)\s+)?(?P<run>[^\s\"';,&)\]}]*)"
)
# Where a word stands alone as a value: the text's end, or what closes its clause or quotes it.
_A_VALUES_END = re.compile(r"[\"')\]},;.]*(?:\s*\Z|[,;]|\s+(?:https?|wss?|mqtts?)://)")
# A count or a measurement, with its unit (`3`, `12`, `20mm`, `2A`, `400kN`, `#4`, `12.5%`), a date
# or a time: at most three digits, as a PIN holds four.
# A file's path of words (`pwd: /var/log`), as a shell prints its working directory.
_A_PATH = re.compile(r"(?:~|[A-Za-z]:)?(?:[/\\][A-Za-z_.-]+)+[/\\]?")
_A_QUANTITY = re.compile(
    r"#?[-+]?[0-9]{1,3}(?:[.,][0-9]+)?[A-Za-zµ°%/]{0,5}"
    r"|[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?(?:T[0-9:.]+Z?)?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
)


def may_name_a_credential(text: str) -> bool:
    """Whether `credential_named_in` may find anything in `text`: it holds a `=` or `:` after a name,
    or a scheme's word. An ASCII text is asked for the words in lower case, a third of the search's
    cost for a fleet's names; any other is searched, as the search's case-blind match takes a letter
    that lower case does not give (`baſic`, `basıc`)."""
    if "=" in text or ":" in text:
        return True
    if not text.isascii():
        return _SCHEME_CREDENTIAL.search(text) is not None
    lower = text.lower()
    return "basic" in lower or "bearer" in lower or "apikey" in lower


def masking_may_read(text: str) -> bool:
    """`url_masking_reads(text) or may_hold_a_bare_token(text) or may_name_a_credential(text)`: whether
    the manifest's masking check of a text (manifest/text.py) must look at `text`. Two calls where
    those were four, asked of a fleet's 221,000 names and templates: `=`, which the first and the
    last read, asked by the last alone, and a text shorter than any token told so without a call
    (tests/manifest/test_masking_check_fast_path.py holds the two alike)."""
    return (
        "@" in text
        or (len(text) >= SHORTEST_BARE_TOKEN and may_hold_a_bare_token(text))
        or may_name_a_credential(text)
    )


def holds_a_bare_token(text: str) -> bool:
    """Whether `text` holds a token told by its shape alone (_BARE_TOKEN), which may be written in an
    id's characters only (`ghp_...`, a JWT): the one part of `text_names_a_credential` such text can
    hold, asked of ids where the rest is never (plan/props.py `plain_identity`)."""
    # A key, a name or a platform id (`/api/3BBA1C/node/...`) holding no token's prefix is told in a
    # tenth of the search's 3 µs.
    return may_hold_a_bare_token(text) and _BARE_TOKEN.search(text) is not None


def _scheme_credential_word(text: str, is_credential: Callable[[re.Match[str]], bool]) -> str | None:
    """The word (`Bearer`, `basic`) of the first scheme standing before what `is_credential` takes for
    its credential in `text`. Searched first: most texts hold no scheme's word, and one search is half
    an iterator's cost."""
    found = _SCHEME_CREDENTIAL.search(text)
    if found is None:
        return None
    credential = next(filter(is_credential, _SCHEME_CREDENTIAL.finditer(text, found.start())), None)
    return None if credential is None else credential.group().split(None, 1)[0]


def without_named_credentials(text: str) -> str:
    """`text` with the value of each `name=` or `name:` whose name says it holds a credential (the
    rule `text_names_a_credential` reads: a key by any credential word in it, a label in prose by
    one of its words, `password: x`, `password is x`), each `Basic`, `Bearer` or `ApiKey` credential
    and each token told by its shape, shown as "(sensitive)": for a message, which stays readable
    where a view hides such text whole. So a label's value that is an ordinary word of a message
    (`InvalidToken: Invalid token`, `Token: expired`) is the message's own, and is kept. A label
    HTML-escaped or percent-encoded (`&quot;password&quot;:`, `%22password%22%3A`) is read decoded by
    the same rule, its value masked where it is spelled."""
    spans = _labelled_spans_read_whole(text)
    if spans:
        closing = next((close for _, _, close in spans if close), "")
        text = _spans_masked(text, [(start, end) for start, end, _ in spans]) + closing
    text = _SCHEME_CREDENTIAL.sub(_scheme_credential_masked, text)
    return without_bare_tokens(text)


# A value's span, and the quote that closes it where it is cut short (an excerpt's end).
_LabelledSpan = tuple[int, int, str]


def mask_known_with_their_labels(text: str) -> str:
    """`mask_known`, with the whole value of each credential's label a held value's spelling overlaps,
    both read in `text` as written: masked first, a held value's start left a value opening with
    "(sensitive)", which the label rule reads as no value, and the rest of the password was shown
    (`password: (sensitive)pony staple`); a held value holding the label (a connection string held
    whole) masked the label away, and its value's tail with it was shown."""
    if not _known:
        return text
    held = _read_on_past_a_cut(text, sorted(_held_spans(text, _DECODED_LAYERS)))
    if not held:
        return text
    overlaps = _overlapping(held)
    labelled = [span for span in _labelled_spans_read_whole(text) if overlaps(span)]
    closing = next((close for _, _, close in labelled if close), "")
    return _spans_masked(text, held + [(start, end) for start, end, _ in labelled]) + closing


# A held value's start cut short mid-run (`Zq8wLmN3pR7t` of `Zq8wLmN3pR7tQQQQ`): the rest of its run, a
# dot only between its characters (a JWT's): an ellipsis after a quoted slice (`Basic ...Zq8w...`) is shown.
_REST_OF_A_RUN = re.compile(r"[\w+/=~-]*+(?:\.[\w+/=~-]++)*+")
# The blanks that leave a text on its line: every blank (EVERY_BLANK) but a line break, and the braille
# blank, drawn as one.
_BLANKS_ON_A_LINE = sorted(EVERY_BLANK - set("\n\r\u2028\u2029") | {"\u2800"})
# A blank as Python's repr escapes it (`\\x20`, `\\xa0`): no reading of a text decodes it, so a held
# start is cut before it, as before a shell's `\\ `.
_A_PYTHON_ESCAPED_BLANK = (
    rf"(?<!\\)\\++x(?i:{'|'.join(f'{ord(blank):02x}' for blank in _BLANKS_ON_A_LINE if ord(blank) < 0x100)})"
)


def _blank_on_its_line() -> str:
    """One of _BLANKS_ON_A_LINE however a text spells it: as itself, JSON's escape (`\\t`, `\\u3000`),
    Python's (`\\x20`, `\\xa0`), an HTML reference by name or number (`&emsp;`, `&#x3000;`, escaped again:
    `&amp;nbsp;`), a percent escape of its UTF-8 (`%E3%80%80`, encoded again: `%2520`) or a shell's `\\ `
    (a form's `+` is its run's own). Only a space, a tab and a few of their spellings read on:
    `horse battery\tpony staple` showed `(sensitive)pony staple`, and `&emsp;` or `\\x0b` `pony staple`."""
    names = {name.rstrip(";") for name, read in html.entities.html5.items() if read in _BLANKS_ON_A_LINE}
    numbers = "|".join(str(ord(blank)) for blank in _BLANKS_ON_A_LINE)
    in_hex = "|".join(f"{ord(blank):x}" for blank in _BLANKS_ON_A_LINE)
    html_reference = rf"&(?:amp;)*+(?:{'|'.join(sorted(names))}|#0*+(?:{numbers})|#[xX]0*+(?i:{in_hex}));?"
    percent = "|".join(
        "".join(f"%(?:25)*+(?i:{byte:02x})" for byte in blank.encode()) for blank in _BLANKS_ON_A_LINE
    )
    escaped = rf"(?<!\\)\\++(?:[tf]|u(?i:{_u_escapes(_BLANKS_ON_A_LINE)}))"
    raw = "".join(map(re.escape, _BLANKS_ON_A_LINE))
    return rf"[{raw}]|{escaped}|{_A_PYTHON_ESCAPED_BLANK}|{html_reference}|{percent}"


_BLANK_ON_ITS_LINE = _blank_on_its_line()
_ENDS_IN_A_BLANK = re.compile(rf"(?:{_BLANK_ON_ITS_LINE})\Z")
# `horse battery\ pony`, `horse battery\x20pony`: the blank is after the span
_AN_ESCAPED_BLANK_AFTER = re.compile(rf"\\++ (?!\s)|{_A_PYTHON_ESCAPED_BLANK}")
# `&amp;NonBreakingSpace;`, `%25E3%2580%2580`: how far back a span's last blank is looked for
_LONGEST_BLANK_SPELLED = 24
# A line break a JSON string escapes (`refused\nrequest id: r-42`, a `--debug` line's `\u000a`) ends words
# as a raw one does.
_ESCAPED_LINE_BREAK = re.compile(r"(?<!\\)\\++(?:[nr]|u000[adAD])")


def _read_on_past_a_cut(text: str, held: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`held` (sorted), each span the text goes on from with more of what it began read on: a held
    start cut at a blank before another word (`horse battery ` of `horse battery pony staple`) as a
    person's secret's words run, and one cut mid-run to the run's end. Masked as far as a label's
    value ran only, a one-word label's (`psk=`), a scheme's token (`Bearer`) or prose under no label
    (`the key horse battery pony staple was refused`) showed the rest. Each start is read on from each
    of its spans (`horse battery\t`, not only `horse battery`; `horse battery\u2800`, not only
    `horse battery\u2800pony` read without the blank): from the first only, the longer one was not read
    again and the words after its blank were shown. A span inside the words read from one before it is
    read no further: a line of many is read once."""
    ends: dict[int, set[int]] = {}
    for start, end in held:
        ends.setdefault(start, set()).add(end)
    read: list[tuple[int, int]] = []
    reach = 0
    for start, end in held:
        if start >= reach:  # each of its spans read on: a shorter one may end at a blank a longer runs past
            reach = max(reach, *(_rest_begun_end(text, start, each) for each in ends[start]))
        read.append((start, max(end, reach if start < reach else end)))
    return read


def _rest_begun_end(text: str, start: int, end: int) -> int:
    """Where what a held span from `start` to `end` begins ends: past it, a word after its blank
    (however spelled) runs on as a person's secret's words, to the close of the string they began in
    or a line break, raw or escaped; a character glued to it to its run's end."""
    if end >= len(text) or text[start:end] in _known:
        return end  # a held value whole, glued to more, is masked as itself: the rest is not its
    if _cut_at_a_blank(text, start, end):
        return _words_end(text, start, end)
    return end if text[end].isspace() else _REST_OF_A_RUN.match(text, end).end()  # type: ignore[union-attr]


def _cut_at_a_blank(text: str, start: int, end: int) -> bool:
    """Whether a held span ends at a blank on its line: its own last, or a shell's escaped one next."""
    tail = text[max(start, end - _LONGEST_BLANK_SPELLED) : end]
    return bool(_ENDS_IN_A_BLANK.search(tail) or _AN_ESCAPED_BLANK_AFTER.match(text, end))


def _words_end(text: str, start: int, end: int) -> int:
    """Where the words after a held start's blank end: at the quote that closes the string the start
    stands in (`{"detail":"horse battery ","requestId":...}`: read as a quoted word, the next field
    was hidden), else as a person's secret's words run, and at an escaped line break."""
    enclosing = _quote_a_label_stands_in(text, start)
    if enclosing and re.match(_quotes_own_and_closing(enclosing)[1], text[end:]):
        return end
    words_end = _words_up_to(enclosing).match(text, end).end()  # type: ignore[union-attr]
    line_break = _ESCAPED_LINE_BREAK.search(text, end, words_end)
    return line_break.start() if line_break else words_end


def _labelled_spans_read_whole(text: str) -> list[_LabelledSpan]:
    """Where each credential a label names in `text`, as written or decoded, is spelled."""
    return _labelled_spans(text) + _labelled_spans_decoded(text, _DECODED_LAYERS)


def _overlapping(spans: list[tuple[int, int]]) -> Callable[[_LabelledSpan], bool]:
    """Whether a span shares a character with one of `spans` (sorted): one bisect a span asked, not a
    walk of them (a text holding a held value's start thousands of times, and as many labels)."""
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))  # the furthest end of the first i

    def overlaps(span: _LabelledSpan) -> bool:
        before = bisect.bisect_left(starts, span[1])  # spans starting before `span` ends
        return before > 0 and reach[before - 1] > span[0]

    return overlaps


# What may name a value in a message: most texts (a stack trace, a page) hold none of these.
_MAY_NAME_A_VALUE = re.compile(r"[=:\uff1a\uff1d]|%3[AaDd]|->")


def _labelled_spans(text: str) -> list[_LabelledSpan]:
    """Where each credential a label, a key, an element or a table's cell names in `text` is spelled."""
    spans: list[_LabelledSpan] = []
    in_words = _names_a_typed_value_in_words(text)
    if in_words or _MAY_NAME_A_VALUE.search(text):
        spans += _named_value_spans(text, _NAMED_VALUE_IN_WORDS if in_words else _NAMED_VALUE_IN_A_MESSAGE)
    if "<" in text:
        spans += [(*span, "") for span in _markup_spans(text)]
    if "," in text:
        spans += _header_pair_spans(text)
    return spans


# A credential header written as a pair (`[('cookie', 'sid=...')]`, httpx's `Headers([...])`, an ASGI
# scope's `(b'authorization', b'...')`, JSON's `["X-Api-Key", "..."]`): a bracket's two items, its name
# quoted as the first, named a credential as a `Name: value` header's is (`x-api-key`, `x-auth-token`),
# its value the second, masked whole to its closing quote; read as no label, it was shown. Blanks may be
# escaped (a pair pprint wraps, in a JSON-RPC debug line: `,\n    'sid=...'`). Header names a message
# lists (`missing headers: 'cookie', 'x-request-id'`) are in no bracket of two items, so no pair.
_PAIRS_BLANKS = r"(?:\s|\\++[nrt])*+"
_A_HEADERS_PAIR = re.compile(
    rf"[(\[]{_PAIRS_BLANKS}[bB]?(?P<name_quote>\\*+[\"'])(?P<name>[A-Za-z][\w-]*+)(?P=name_quote)"
    rf"{_PAIRS_BLANKS},{_PAIRS_BLANKS}[bB]?(?P<quote>\\*+[\"'])(?!(?P=quote))"  # an empty value is none
)
_A_PAIRS_CLOSE = re.compile(rf"{_PAIRS_BLANKS}[)\]]")


def _header_pair_spans(text: str) -> list[_LabelledSpan]:
    """Where each credential header's value written as a pair's second item is spelled in `text`."""
    spans: list[_LabelledSpan] = []
    at = 0
    for found in _A_HEADERS_PAIR.finditer(text):
        if found.start() < at or not names_a_credential(found["name"]):
            continue
        end = _pairs_value_end(text, found)
        if _names_a_header(text[found.end() : end]):  # `['x-api-key', 'x-request-id']`: names listed
            at = end
            continue
        if end == len(text):  # cut short: closed, so the message reads as one
            spans.append((found.end(), end, found["quote"]))
        elif _A_PAIRS_CLOSE.match(text, end + len(found["quote"])):
            spans.append((found.end(), end, ""))
        at = end
    return spans


# A pair's second item that names a header is no value: a message lists the two (`missing headers:
# ['x-api-key', 'x-request-id']`). A header of HTTP's own, a credential header, or a custom one
# (`X-Request-Id`: `x-` and words of letters); a value of any other shape (`correct-horse-battery`,
# `sid=...`, a key of digits) is still the pair's, and masked.
_A_CUSTOM_HEADERS_NAME = re.compile(r"(?i:x(?:-[a-z]++)++)")
_HTTPS_OWN_HEADERS = frozenset(
    [
        "accept",
        "accept-encoding",
        "accept-language",
        "cache-control",
        "connection",
        "content-encoding",
        "content-length",
        "content-type",
        "date",
        "etag",
        "host",
        "if-match",
        "if-none-match",
        "location",
        "origin",
        "referer",
        "retry-after",
        "traceparent",
        "user-agent",
        "vary",
    ]
)


def _names_a_header(item: str) -> bool:
    """Whether a pair's second item, as written between its quotes, is a header's name, not a value."""
    if _A_CUSTOM_HEADERS_NAME.fullmatch(item) or item.lower() in _HTTPS_OWN_HEADERS:
        return True
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*+", item) is not None and names_a_credential(item)


def _pairs_value_end(text: str, found: re.Match[str]) -> int:
    """Where a pair's value ends: at its quote before the pair's close. A quote escaped once more than
    the value's own is inside it (`b'Bearer it\'s...'` in a JSON string, `it\\'s`): ended there, its
    tail was shown."""
    quote = found["quote"]
    up_to = _escaped_value_up_to(quote) if len(quote) > 1 else _VALUE_UP_TO[quote]
    end = up_to.match(text, found.end()).end()  # type: ignore[union-attr]
    while end < len(text) and text[end - 1] == "\\" and not _A_PAIRS_CLOSE.match(text, end + len(quote)):
        end = up_to.match(text, end + len(quote)).end()  # type: ignore[union-attr]
    return end


# A JSON string's `\uXXXX` escape (a pair for a character past U+FFFF), as a body cut short or sent as
# text shows it: System.Text.Json writes `"<>&'` so by default (`{\u0022password\u0022:...`).
_JSON_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}")


def _json_unescaped(escape: str) -> str:
    return json.loads(f'"{escape}"')  # type: ignore[no-any-return]


# The escapes a label may be spelled with, each read decoded by the label rule: a reference HTML writes
# (`&quot;`, `&#61;`), a percent-encoded byte (`%3D`) and a JSON string's escape (`\u0022`), each a
# layer, as another tool wrote it. An escape is decoded once however often a body spells it (`&quot;`
# thousands of times).
_LABEL_DECODINGS = (
    (_HTML_DECODED, _HTML_REFERENCE, lru_cache(maxsize=4096)(html.unescape)),
    (_PERCENT_ESCAPE, re.compile(_PERCENT_ESCAPES), lru_cache(maxsize=4096)(_unquoted)),
    (_JSON_ESCAPE, _JSON_ESCAPE, lru_cache(maxsize=4096)(_json_unescaped)),
)


def _labelled_spans_decoded(text: str, layers: int) -> list[_LabelledSpan]:
    """`_labelled_spans` of `text` decoded, under up to `layers` layers (`&amp;quot;`, `%26quot%3B`),
    as spans of `text`: a span starting or ending inside what an escape decodes to takes the whole
    escape. Read only where the decoding changed the text."""
    spans: list[_LabelledSpan] = []
    for present, escape, decoded in _LABEL_DECODINGS if layers else ():
        if not present.search(text):
            continue
        read = _each_escape_decoded(text, escape, decoded)
        if read == text:
            continue
        found_read = _labelled_spans(read) + _labelled_spans_decoded(read, layers - 1)
        if found_read:  # mapped back only now: most escaped text names no credential
            escapes = _escapes_decoded(text, escape, decoded)
            spans += [
                (_spelled_at(escapes, start, False), _spelled_at(escapes, end, True), "")
                for start, end, _ in found_read
                if end > start
            ]
    return spans


def _each_escape_decoded(text: str, escape: re.Pattern[str], decoded: Callable[[str], str]) -> str:
    return escape.sub(lambda found: decoded(found.group()), text)


# An escape as `_escapes_decoded` records it: where its decoding starts and ends in the text
# read, and where it is spelled in the text.
_Escape = tuple[int, int, int, int]


def _escapes_decoded(text: str, escape: re.Pattern[str], decoded: Callable[[str], str]) -> list[_Escape]:
    """Where each escape of `text` stands in it and in it decoded."""
    escapes, shift = [], 0
    for found in escape.finditer(text):
        length = len(decoded(found.group()))
        read_at = found.start() + shift
        escapes.append((read_at, read_at + length, found.start(), found.end()))
        shift += length - (found.end() - found.start())
    return escapes


def _spelled_at(escapes: list[_Escape], at: int, end: bool) -> int:
    """Where place `at` of the text decoded stands in the text: an escape's start (or, for a span's
    `end`, its end) where `at` falls inside what it decodes to."""
    index = bisect.bisect_right(escapes, at, key=lambda each: each[0]) - 1
    if index < 0:
        return at
    read_start, read_end, start, stop = escapes[index]
    if at == read_start:
        return start
    if at < read_end:
        return stop if end else start
    return stop + at - read_end


def _names_a_credential_in_a_message(found: re.Match[str]) -> bool:
    """`_names_a_credential_here`, and a label before `is` naming a value a person types (`password is
    x`, `Station PIN is x`, `pairing code is x`): `Authentication is required for this request` and
    `Session is closed` name a state, the 401's own words, not a value."""
    if found["sep"].lower() == "is" and not _TYPED_VALUE_WORD.fullmatch(found["name"].lower()):
        return False
    return _names_a_credential_here(found)


# A label's last word naming a value a person types, read before `is`; and such a word before one,
# looked for first: a message holding none (nearly every one) is read with no `is` as a separator,
# each of its words not tried for one. Both are read from one list of words: written twice, the
# search lacked the plural of `pwd` and `passwd`, and `pwds is x` was shown.
_TYPED_SECRET = r"(?:pass(?:word|phrase|code)|passwd|pwd|secret)s?"
_TYPED_CODE = r"pins?|otps?|code"
_TYPED_VALUE_WORD = re.compile(rf"[a-z]*{_TYPED_SECRET}|{_TYPED_CODE}")
# A label's last word naming what a person chose and types: its value is all its words. Any other
# (`token:`, `api key:`, `X-Api-Key:`, `SAS key:`) names what a machine generated, which holds no
# ASCII blank: its value is one word, and a reason after it is shown (`token: (sensitive) expired`).
# Written as a key too: an abbreviation (`Pwd=`, `PWD=`, `Passwd=`, `db_passwd=`, `passcode=`, ODBC's own
# keys) names a person's secret as `Password=` does, its value up to the `;` of its connection string:
# read as one word, `Pwd=correct horse battery;` showed `horse battery`.
_A_PERSONS_SECRET_WORD = re.compile(rf"[a-z]*{_TYPED_SECRET}")
# Searched in the text in lower case: a search ignoring case took six times as long as the lowering
# and the search together. Without the letters a word may start with (`wifipassword`): the search
# finds its end all the same, and `[a-z]*` would be tried from each letter of a long word.
_TYPED_VALUE_BEFORE_IS = re.compile(rf"(?:{_TYPED_SECRET}|{_TYPED_CODE})\s+is[ \t]")


def _names_a_typed_value_in_words(text: str) -> bool:
    lowered = text.lower()
    return " is" in lowered and _TYPED_VALUE_BEFORE_IS.search(lowered) is not None


def _named_value_spans(text: str, named: re.Pattern[str]) -> list[_LabelledSpan]:
    spans, at = [], 0
    for found in named.finditer(text):
        if found.start() < at or not _names_a_credential_in_a_message(found):
            continue
        record = _records_key_after(found)
        if record:  # a record's key, kept whole: the `pin:` of a refId kept is no label of its own
            at = record
            continue
        block = _mapping_block_end(found)
        if block:  # a YAML mapping or list under a credential's label: masked whole, its labels too
            spans.append((found.end(), block, ""))
            at = block
            continue
        found = _innermost_child(found)
        end = _value_end(found)
        if _written_as_key(found) and (_an_error_code(found, end) or _a_messages_json(found, end)):
            at = end  # read whole: its own keys (`"code":`) are the message's
            continue
        in_prose = _a_label_in_prose(found)
        if in_prose and _a_messages_words(text, found, end):
            continue
        if in_prose and _runs_on_past_its_value(text, found, end):
            # no message: masked as far as it was read for one, its line to another label (`pin: no
            # 4421`, `Missing; you always`, `correct horse, battery staple`, `fish & chips`)
            end = max(end, _LIST_UP_TO.match(text, found.end()).end())  # type: ignore[union-attr]
        # A quoted value cut short (an excerpt's end) is closed, so the message reads as one.
        closing = found["quote"] if found["quote"] and end == len(text) else ""
        spans.append((found.end(), end, closing))
        at = end
    return spans


def _runs_on_past_its_value(text: str, found: re.Match[str], end: int) -> bool:
    """Whether a prose label's value, no message, may go on past where its own run ends: a message's
    word opening it (`pin: no 4421`, `token: invalid: eyJ...`), or a `,`, `;` or `&` ending it, which
    a passphrase holds (`correct horse, battery staple`, `fish & chips`, `44, 21`): masked to there
    alone, the words after it were shown. A value ended by a blank (`pin:4421 for user`) is its word alone."""
    first = _VALUE_UP_TO[""].match(text, found.end()).end()  # type: ignore[union-attr]
    if text[found.end() : first].lower().rstrip(".,!:") in _PROSE_WORDS:
        return True
    return text[end:].lstrip(" \t")[:1] in (",", ";", "&")


# A credential in markup: an element named as one (`<password>...</password>`, with attributes or a
# namespace's prefix: `<ns:Password type="text">`), a form's field (`<input name="password"
# value="...">`), a table's cell beside one heading a credential (`<td>Password</td><td>...</td>`).
# An element's text runs to the next `<`, its closing tag or not: read only with it, an element cut
# short (a body's end, `<password>hunter2</passw`) or never closed (`rejected <password>correct
# horse battery staple`) would be shown. A form's field is looked for on its own: read as an element
# with no text (`<input ...>`), its value would never be looked at.
_MARKUP_ELEMENT = re.compile(
    r"<(?P<tag>(?:[A-Za-z][\w.-]*+:)?(?P<local>[A-Za-z][\w.-]*+))(?:\s[^<>]*+)?>(?P<text>[^<]*+)(?:</(?P=tag)\s*>)?"
)
_FORM_FIELD = re.compile(
    r"\bname=(?P<q>[\"'])(?P<field>[^\"'<>]*+)(?P=q)[^<>]{0,200}?\bvalue=(?P<v>[\"'])(?P<value>[^\"'<>]*+)(?P=v)"
)
_TABLE_CELLS = re.compile(
    r"<(?P<head>t[dh])\b[^<>]*+>(?P<label>[^<]{1,64}?)</(?P=head)\s*>\s*+<td\b[^<>]*+>(?P<cell>[^<]*+)</td\s*>",
    re.IGNORECASE,
)


def _markup_spans(text: str) -> list[tuple[int, int]]:
    """Where each credential an element, a form's field or a table's cell holds is spelled in `text`."""
    spans = [
        found.span("text")
        for found in _MARKUP_ELEMENT.finditer(text)
        if found["text"] and _an_element_of_a_credential(found["local"], found["text"])
    ]
    # named as a prop is (`credential_named`): HTML's `<code>` is no URL's `code=`
    if "name=" in text:
        spans += [
            found.span("value")
            for found in _FORM_FIELD.finditer(text)
            if found["value"] and credential_named(found["field"])
        ]
    if "<t" in text or "<T" in text:
        spans += [
            found.span("cell") for found in _TABLE_CELLS.finditer(text) if _a_cell_of_a_credential(found)
        ]
    return spans


def _an_element_of_a_credential(tag: str, text: str) -> bool:
    """An element named as a credential (`credential_named`, as a label is: `<AccessCode>`, `<Psk>`,
    `<PasswordHash>`) holding no message's words nor placeholder (`<password>required`,
    `<AuthenticationErrorDetail>Signature not valid ...`). Read by its name's last word alone,
    `<AccessCode>4421` would be shown: when in doubt, masked."""
    return credential_named(tag) and not _a_messages_string(text)


def _a_cell_of_a_credential(found: re.Match[str]) -> bool:
    """A table's cell after one whose words are a label's naming a credential (`Password`, `Wifi
    password:`; `Passengers` names none), holding no message's words nor placeholder."""
    label = _LABEL_WORDS.findall(found["label"])
    cell = found["cell"].strip()
    return bool(cell) and any(map(_is_a_credential_label_word, label)) and not _a_messages_string(cell)


# A credential's part a child label names (`secret:\n  value: x`).
_A_CREDENTIALS_PART = frozenset(("value", "data", "string", "text"))


def without_bare_tokens(text: str) -> str:
    """`text` with each token told by its shape (`holds_a_bare_token`) shown as "(sensitive)": searched
    once, where it may hold one."""
    return _BARE_TOKEN.sub(MASKED, text) if may_hold_a_bare_token(text) else text


def _an_error_code(found: re.Match[str], end: int) -> bool:
    """An error's `code` (the key `code` or `errorCode` alone: a credential's `mfa_code` or
    `recovery_code` never is) holding a code of two or more words of letters, as a platform documents
    one (`ResourceNotFound`, `too_short`): masked, a user was left without the error's name."""
    value, name = found.string[found.end() : end], found["name"]
    return name.lower() in _ERROR_CODE_KEYS and _A_CODE.fullmatch(value) is not None


# The keys an error's code is read under: no other (`*_code` names a credential's: `mfa_code`, `setup_code`).
_ERROR_CODE_KEYS = frozenset(("code", "errorcode"))


# A documented error's code: words of letters, in camel case or parted by `_` (`InvalidToken`, `TOO_SHORT`).
_A_CODE = re.compile(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)+|[A-Za-z][a-z]*(?:_[A-Za-z][a-z]*)+|[A-Z]+(?:_[A-Z]+)+")


def _a_messages_json(found: re.Match[str], end: int) -> bool:
    """A JSON list or object a credential's key holds (unescaped) whose every string is a message's words,
    a placeholder or an error's code, every key a field's name, and no number: a validation error
    (`"props.AUTH_TOKEN": ["The AUTH_TOKEN field is required."]`), whose reason was hidden whole."""
    value = found.string[found.end() : end]
    if found["quote"] or len(found["key"]) > 1 or value[:1] not in ("[", "{"):
        return False
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return _all_messages_words(parsed)


def _all_messages_words(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_a_fields_message(key, each, value) for key, each in value.items())
    if isinstance(value, list):
        return all(map(_all_messages_words, value))
    if isinstance(value, str):
        return _a_messages_string(value)
    return value is None or isinstance(value, bool)


_A_FIELDS_NAME = re.compile(r"[A-Za-z_][A-Za-z_.]{0,63}")


def _a_fields_message(key: Any, value: Any, beside: dict[Any, Any]) -> bool:
    """A field's name and its message's words, or an error's `code` and its code beside a message
    (`{"code": "too_short", "message": "Ensure ..."}`). An inner key naming a credential holds a
    validation list, each item a message (`{"credentials": {"password": ["This field is required."]}}`),
    or it is none (`{"credentials": {"password": "Blessed"}}` is masked); nor is a code with no
    message beside it (`{"password": {"code": "Super_Secret"}}`)."""
    if not isinstance(key, str) or _A_FIELDS_NAME.fullmatch(key) is None:
        return False
    if key.lower() in _ERROR_CODE_KEYS and isinstance(value, str) and _A_CODE.fullmatch(value):
        return any(other != key and _a_message_beside(each) for other, each in beside.items())
    if names_a_credential(key):
        return _a_validation_list(value)
    return _all_messages_words(value)


def _a_validation_list(value: Any) -> bool:
    """A field's list of what is wrong with it (`["This field may not be blank."]`): each a message."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(each, str) and _a_messages_string(each) for each in value)
    )


def _a_message_beside(value: Any) -> bool:
    return isinstance(value, str) and " " in value.strip() and _a_messages_string(value)


def _a_messages_string(value: str) -> bool:
    """A text that is a placeholder (`required`) or a message's words, a code's (`too_short`) too."""
    if value.strip().lower().rstrip(".!") in _PLACEHOLDERS:
        return True
    return _reads_as_a_message(value)


def _mapping_block_end(found: re.Match[str]) -> int:
    """The end of a YAML mapping or list a credential's label holds on the indented lines after it
    (`auth:\n  password: x`, `secrets:\n  - name: a\n    value: x`): its lines indented as deep as its
    first or deeper, blank lines inside it read with it; 0 where the value is none such. Read as its
    first label's value, a child's value would be shown (`auth:\n  (sensitive) x`)."""
    text, at = found.string, found.end()
    line_start = text.rfind("\n", found.end("sep"), at) + 1
    indent = at - line_start
    if not line_start or not indent or not _A_BLOCKS_ENTRY.match(text, at):
        return 0
    end = text.find("\n", at)
    while end != -1:
        following = _INDENTED_LINE.match(text, end)
        if following is None or following.end("indent") - following.start("indent") < indent:
            break
        end = text.find("\n", following.end())
    return len(text) if end == -1 else end


# A YAML block's entry: a list's item or a mapping's key; and a line after it, past blank ones.
_A_BLOCKS_ENTRY = re.compile(r"-[ \t]|[A-Za-z_][\w.-]*+[ \t]*+:(?:[ \t]|\r?$)", re.MULTILINE)
_INDENTED_LINE = re.compile(r"(?:\n[ \t]*+\r?(?=\n))*+\n(?P<indent>[ \t]*+)[^\s]")


def _innermost_child(found: re.Match[str]) -> re.Match[str]:
    """The label a credential's label holds on its line, and its child's, if any (`Authorization:
    password: x`, `token: token: x`): the last one's value is the credential, masked as its parent
    names it. Read as the parent's value, the child's label would be masked and its value shown. A child
    is named as a credential or its part (`value:`) and stands after a blank: `pin:n1/lg`, `https://`
    or `Hunt3r: x` is a value, not a label."""
    for _ in range(_CHILDREN_READ):
        child = _NAMED_VALUE.match(found.string, found.end())
        if child is None or not found.string[child.end("sep") : child.end("sep") + 1].isspace():
            break
        if not _named_as_a_credential(child) and child["name"].lower() not in _A_CREDENTIALS_PART:
            break  # `password: Hunt3r: x` is one value, its first word no label
        found = child
    return found


_CHILDREN_READ = 4


def _a_messages_words(text: str, found: re.Match[str], end: int) -> bool:
    """A label's value that is a message's own words (`Token: expired`, `Password: too short`): one of
    _PROSE_WORDS quoted, or, unquoted, all of its line up to another label (`too short; user: bob`)
    covered by a message's patterns (`_reads_as_a_message`). Read to its field's end alone, a value's
    words after `;` would be shown (`Missing; you always`)."""
    if found["quote"]:
        return text[found.end() : end].lower() in _PROSE_WORDS
    line = _LIST_UP_TO.match(text, found.end(), min(len(text), found.end() + _LINE_READ + 1))
    return _reads_as_a_message(line.group(), later=_AN_OUTCOME)  # type: ignore[union-attr]


def _reads_as_a_message(text: str, later: re.Pattern[str] | None = None) -> bool:
    """Whether each sentence of `text` is wholly covered by one of a short, fixed list of a message's
    patterns (`_A_MESSAGE`), the last followed at most by a bounded tail a message writes (`(minimum is
    6 characters)`, `(key devices[0].props)`); a later sentence may be what `later` reads too (an
    entity's outcome after a label's reason). Anything else is a credential's words: a message
    read by how it opens would keep `too short to guess`, `not valid in Texas`, `Wrong. Horse Battery
    Staple` whole. When in doubt, masked."""
    if len(text) > _LINE_READ:  # read no further than this: its rest is never shown as a message's
        return False
    sentences = _sentences(_A_MESSAGES_TAIL.sub("", text))
    if not sentences or sentences[0] is None:
        return False
    if len(sentences) == 1 and " " not in sentences[0]:
        return sentences[0] in _A_WORD_ALONE
    return all(
        each is not None
        and (_A_MESSAGE.fullmatch(each) is not None or (at and later and later.fullmatch(each) is not None))
        for at, each in enumerate(sentences)
    )


def _sentences(text: str) -> list[str | None]:
    """`text`'s sentences (parted after `.`, `;`, `!`, `?`), each as the words it is read by: lower
    case, without quotes and punctuation, a number as `#`, a word naming a field (`password`, `value`)
    as `N`; None for a sentence holding a word of letters and digits (`hunter2`), no message's."""
    sentences: list[str | None] = []
    words: list[str] = []
    for raw in text.replace("_", " ").split():
        word = raw.strip(_AROUND_A_WORD).lower()
        if _MIXED_LETTERS_AND_DIGITS.match(word):
            return [None]
        if word:
            words.append("#" if word.isdigit() else "N" if _a_fields_noun(word) else word)
        if raw.rstrip("'\"`)").endswith((".", ";", "!", "?")) and words:
            sentences.append(" ".join(words))
            words = []
    return [*sentences, " ".join(words)] if words else sentences


def _a_fields_noun(word: str) -> bool:
    """A word naming the field a message is of: a credential's (`API`, `key`, `AUTH_TOKEN`) or a
    field's (`value`, `field`)."""
    return word in _FIELD_NOUNS or (
        word.isascii() and names_a_credential(word) and word not in _PROBLEM_WORDS
    )


def _records_key_after(found: re.Match[str]) -> int:
    """Where the record's key after a bare `key:` in a message ends (the message's first word, or
    after a word naming a record: `Sensor with key:`, `duplicate key:`), 0 for none: a refId
    (`duplicate key: 'pin:n1/lg'`) or a field's name (`Key: SERIAL_NO is required`). After any other
    word (`encryption key:`, `pre-shared key:`, `API key:`) or before any other value, it may be a
    credential."""
    if _written_as_key(found) or found["name"].lower() != "key":
        return 0
    # The word before, looked for in what just precedes it: from the text's start for each `key:`,
    # a message of many was read over and over (quadratic).
    before = _WORD_BEFORE.search(found.string, max(0, found.start() - 64), found.start())
    if before is not None and before["word"].lower() not in _RECORD_WORDS:
        return 0
    record = _A_RECORDS_KEY.match(found.string, found.end())
    return 0 if record is None else record.end()


# The word just before a label, if one stands there (none after a sentence's punctuation).
_WORD_BEFORE = re.compile(r"(?P<word>[A-Za-z][\w-]*)[ \t]+$")
# The words a record's key follows in a message: what names it a record's, not a secret's.
_RECORD_WORDS = frozenset(
    (
        *("with", "duplicate", "unique", "same", "the", "a", "an", "its", "by", "of", "for"),
        *("sensor", "device", "node", "connection", "entity", "record", "item", "row", "entry"),
    )
)


# A message's grammar, no word of a value's state: never kept alone (`password: should`).
_GRAMMAR_WORDS = frozenset(
    (
        *("not", "no", "is", "was", "are", "must", "should", "cannot", "can", "may", "does", "did", "has"),
        *("the", "a", "an", "this", "that", "it", "too"),
    )
)
# The words a message writes after a label, which no credential is: what went wrong with one
# (`InvalidToken: Invalid token`, `Password: too short`, `Authentication: failed`) or a sentence's
# first word (`Password: must hold 12 characters`). A password so spelled is guessed at once anyway.
_PROSE_WORDS = frozenset(
    (
        *("invalid", "valid", "expired", "missing", "required", "failed", "denied", "rejected", "revoked"),
        *("wrong", "incorrect", "malformed", "empty", "unknown", "none", "null", "true", "false", "ok"),
        *_GRAMMAR_WORDS,
    )
)
# How `_reads_as_a_message` reads a message's words: the nouns naming its field (read as `N`), and the
# patterns a message is, each covering a sentence whole. A word of a state read loosely (`Weak`, `set`,
# any `-ed`) or a pattern read by how a value opens (`too short to guess`) would show passwords whole.
_FIELD_NOUNS = frozenset(("value", "field", "api", "length", "format", "entry", "input", "provided", "given"))
_MIXED_LETTERS_AND_DIGITS = re.compile(r"(?=\S*[a-z])(?=\S*[0-9])")
_AROUND_A_WORD = "'\"`()[],.;:!?"
# The words of what went wrong: a short, fixed list (not any word ending in `-ed`: `Blessed` is a password).
_PROBLEM_WORD_LIST = ("invalid", "required", "missing", "empty", "expired", "wrong", "incorrect")
_PROBLEM_WORDS = frozenset(_PROBLEM_WORD_LIST)
# A message's pattern reads three states more (`revoked`, `blank`, `null`), words `_A_WORD_ALONE`
# does not take from this list.
_PROBLEM = rf"(?:{'|'.join((*_PROBLEM_WORD_LIST, 'revoked', 'blank', 'null'))})"
_PROBLEMS = rf"{_PROBLEM}(?: (?:or|and) {_PROBLEM})*"
_A_VALID_THING = r"a valid (?:N|string|number|integer|e-mail address|email address)"
_NOT_WHAT = (
    r"(?:valid|accepted|allowed|set|found|supported|recognized|permitted|strong enough"
    rf"|in the correct N|in a valid N|{_A_VALID_THING})"
)
_A_STATE = (
    rf"(?:{_PROBLEMS}|(?:not|no longer) {_NOT_WHAT}|not {_PROBLEMS}|entirely numeric"
    rf"|not allowed to be {_PROBLEMS}"
    r"|too (?:short|long|weak|common|simple"
    r"|similar to (?:the )?(?:N|username|user name|e-mail address|email)))"
)
_A_COUNT = (
    r"(?:(?:at (?:least|most)|no (?:more|fewer|less) than|up to|only|exactly) )?(?:#|one|a|an) "
    r"(?:(?:non|upper|lower|case|uppercase|lowercase|alphanumeric|non-alphanumeric|special|numeric"
    r"|numerical|different|unique|and|one|#) )*(?:characters?|letters?|digits?|symbols?|numbers?)(?: long)?"
)
# What a rule lists a password must hold (`at least one uppercase letter, one lowercase letter and
# one number`): counts, each a whole `_A_COUNT`, each ended by its noun, which no count's word before
# it is (a word both, `uppercase`, made the ways to part a list of them grow as 2 to its length).
_COUNTS = rf"(?:{_A_COUNT})(?: (?:and |or )?(?:{_A_COUNT}))*"
# ASP.NET Identity's count, its noun left out, ending its sentence: `at least one uppercase ('A'-'Z')`.
_A_CASES_COUNT = r"at least (?:#|one) (?:upper|lower)case"
_WHAT_IT_MUST_BE = (
    rf"(?:{_PROBLEMS}|{_A_COUNT}|between # and #(?: characters)?(?: long)?|numeric"
    r"|(?:longer|shorter|more|fewer|less) than "
    rf"{_A_COUNT}|a string(?: or array type)?(?: with a (?:minimum|maximum) N of #(?: and a "
    rf"(?:minimum|maximum) N of #)?)?|set|changed|provided|{_A_VALID_THING})"
)
_A_RULE = (
    r"(?:must|should|may|cannot|can't|can)(?: not)? (?:"
    rf"be {_WHAT_IT_MUST_BE}|(?:contain|have|hold|use|include) (?:(?:more |fewer |less )than )?"
    rf"(?:{_COUNTS}|{_A_CASES_COUNT}|spaces|whitespace|N)"
    r"|match(?: (?:the )?N)?)"
)
# A sentence a message is: its field named (`The API key`, `'Password'`, `This field`) or not, then
# what went wrong (`invalid`, `Invalid token`, `is too common`, `must not be empty`, `does not match`,
# `has expired`); and the platforms' own sentences (`Ensure this field has at least 8 characters`,
# `Please choose a different password`), each with a bounded tail (`here`, `in the time frame`); and
# common validators' (ASP.NET Identity, Joi, Keycloak, Spring's `size must be between 8 and 64`,
# pydantic's `String should have ...`, OAuth's `Invalid client secret`), each a fixed shape.
_A_MESSAGE = re.compile(
    r"(?:(?:the|this|that|your|its|it|a|an) )?(?:(?:N|size|string) (?:(?:of|and) )?)*(?:"
    rf"(?:is|was|are|were|has been|have been) {_A_STATE}(?: or has expired)?|{_A_RULE}"
    rf"|{_A_STATE}(?: N| client)*"
    r"|(?:has|have) (?:expired|been revoked|been used|appeared in a data leak)"
    r"|(?:does not|doesn't|do not|don't|did not) (?:match(?: (?:the )?N)?"
    r"|meet (?:the )?(?:N |complexity |minimum |security |strength )?requirements))"
    rf"(?: here| in the (?:specified )?time frame)?|ensure this N has {_A_COUNT}"
    r"|please (?:choose|enter|use|provide|set|pick) (?:a |an )?"
    r"(?:different|valid|new|stronger|longer|another) N"
    r"|you entered # characters?"
)
# A message's bounded tail, in its text: the rule it broke, or the field's path (`(key devices[0].props)`).
_A_MESSAGES_TAIL = re.compile(
    r"\s*\((?:(?:minimum|maximum|min|max)(?: length)?(?: is)?:? [0-9]+(?: characters)?"
    r"|key [\w.\[\]-]+|'[0-9A-Za-z]'-'[0-9A-Za-z]')\)\.?\s*\Z",
    re.IGNORECASE,
)
# A sentence after a label's reason saying what came of an entity (`password: invalid. Connection
# Weather feed 2 was not created: ...`, `token: missing; device 3 was refused`), read to the next label.
_AN_OUTCOME = re.compile(
    r"(?:connection|device|gateway|sensor|node|site|integration|entity|logger|station) "
    r"(?:\S+ ){0,6}?(?:was|were)(?: not)?(?: [a-z]+ed)?"
)
# How much of a label's line, or of a string, is read for a message's words: bounded, each read once.
_LINE_READ = 200
# What a label's value is when there is none, besides a message's words: no credential
# (`Password: none`, `Station PIN: N/A`, `Access key: with site manager`).
_PLACEHOLDERS = frozenset(
    (
        *_PROSE_WORDS,
        "n/a",
        "na",
        "tbd",
        "reset",
        "default",
        "blank",
        "unchanged",
        "pending",
        "tba",
        "-",
        "--",
        "?",
        "yes",
        "unset",
        "unused",
        "see",
        "with",
        "ask",
        "in",
        # what a note says of where one is kept or when it changed (`Password: on file`, `held by ops`)
        *("on", "held", "kept", "stored", "changed", "same", "via", "per", "as", "at", "by", "from"),
        # a document's class, which a `Secret:` note gives (`Secret: internal`)
        *("internal", "confidential", "restricted", "classified", "unclassified", "public"),
    )
)
# A label's value of one word kept: a placeholder or a word of what went wrong, never a message's
# grammar alone (`password: Not!`, `password: should`).
_A_WORD_ALONE = (_PLACEHOLDERS | _PROBLEM_WORDS) - _GRAMMAR_WORDS


def _scheme_credential_masked(found: re.Match[str]) -> str:
    if not _is_scheme_credential(found):
        return found.group()
    value = "basic" if found["basic"] else "token"
    return found.group()[: found.start(value) - found.start()] + MASKED


def _is_scheme_credential(found: re.Match[str]) -> bool:
    """Whether a scheme's word (of _SCHEME_CREDENTIAL) stands before its credential, not before a
    word of a name: `Basic` before the base64 of a printable `user:password` with a user, `Bearer`
    and `ApiKey` before a run shaped as a token (_TOKEN_SHAPE). Each is read without the blanks beyond
    ASCII a copy put inside it (`dXNlcjpw\u00a0YXNz...`): read with them, it was shaped as none."""
    if found["basic"]:
        return _is_basic_credential(_WIDE_BLANK_READ_OUT.sub("", found["basic"]))
    return _TOKEN_SHAPE.match(_BLANK_RUN.sub("", found["token"])) is not None


_WIDE_BLANK_READ_OUT = re.compile(rf"\s+|{_JSON_ESCAPED_WIDE_BLANK}")


def _is_basic_credential(value: str) -> bool:
    """A value cut short (an excerpt's end) is read to its last whole character."""
    value = value.rstrip("=").translate(_FROM_URL_SAFE)
    value = value[: len(value) - (len(value) % 4 == 1)]
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode()
    except ValueError:  # binascii.Error and UnicodeDecodeError both
        return False
    user, colon, password = decoded.partition(":")
    # No user but a password long enough to be a token: `Basic base64(":<token>")`, as some
    # services take a personal access token.
    return bool(colon and (user or len(password) >= 8)) and decoded.isprintable()


# A bearer token or key as a token is written (RFC 6750's b64token, and what else a header may hold):
# letters and a digit (`k-8977`, `3f9c1b7a`, `hunter2pw`), a JWT's start, or 16 characters of one
# run with no `-` or `.` between words. A word of a name (`Creek`, `lake`, `Options`) is none.
_TOKEN_SHAPE = re.compile(r"(?=\S*[A-Za-z])(?=\S*[0-9])|eyJ|[A-Za-z0-9_~+/]{16}")


_FROM_URL_SAFE = str.maketrans("-_", "+/")


def _names_a_credential_here(found: re.Match[str]) -> bool:
    """A name written as a program writes a key (`=`, quoted, `AUTH_TOKEN:`) names a credential by any
    credential word in it; a plain word before a colon, as prose writes a label, only where one of its
    words is one (`Password:`, `WifiPassword:`, `accessToken:`, `Secrets:`): `Passage: north 4`,
    `Compass: 270 deg` and `Author: Jane Doe` are a person's words, which views hid and import left out.
    A refId is no name and value: `pin:n1/lg` is stack `pin`'s (_is_a_ref_id), nor a URL's host and
    port: `https://auth-server.example:8443` (_is_a_urls_host)."""
    if _is_a_ref_id(found) or _is_a_urls_host(found):
        return False
    return _named_as_a_credential(found)


def _a_label_read_as_a_ref_id(found: re.Match[str]) -> bool:
    """A label naming a credential and its value written as a refId is (`SECRET:s3cr3t`), which
    `_names_a_credential_here` leaves to identity."""
    return _is_a_ref_id(found) and _named_as_a_credential(found)


def _named_as_a_credential(found: re.Match[str]) -> bool:
    """The name's words, as `_names_a_credential_here` reads them once it is no refId nor host; a
    credential's codes or numbers named by the word before (`PIN codes: 4421, 9911`) too."""
    if _written_as_key(found):
        return names_a_credential(found["name"])
    if any(map(_is_a_credential_label_word, _LABEL_WORDS.findall(found["name"]))):
        return True
    name = found["name"].lower()
    if name not in _CODES_OF_A_CREDENTIAL and name != "code":
        return False
    before = _WORD_BEFORE.search(found.string, max(0, found.start() - 64), found.start())
    if before is None:
        return False
    return _is_a_credential_label_word(before["word"]) or (
        name == "code" and before["word"].lower() in _WORDS_OF_A_SECRET_CODE
    )


# A label's last word naming a credential's values by the word before it (`PIN codes`, `OTP numbers`).
_CODES_OF_A_CREDENTIAL = frozenset(("codes", "numbers"))
# The words before `code` that make it a code a device or account is claimed with, in prose (`pairing
# code: 884213`): `code` alone is an error's, a site's or a product's (`error code: 42`).
_WORDS_OF_A_SECRET_CODE = frozenset(
    ("pairing", "setup", "activation", "enrollment", "enrolment", "verification")
)


def _is_a_credential_label_word(word: str) -> bool:
    """A label's word naming a credential: a credential word, or a run of one case ending in one
    (`wifipassword`, `authtoken`, `APIKEY`), as a label written without a capital between its words."""
    return (
        _CREDENTIAL_LABEL_WORD.fullmatch(word) is not None or _ENDS_IN_A_CREDENTIAL.search(word) is not None
    )


def _is_a_ref_id(found: re.Match[str]) -> bool:
    """A name, `:` and a value written as the refId iotplan derives (`{stack}:{node}/{device}/...`,
    no blank nor quote between them), standing alone: the whole text, or quoted (`'pin:n1/lg'`,
    `"pin:n1"`, a refId in JSON or in iotplan's messages). A stack may be named with a credential
    word (`pin`, `key-west`, `session`), and every refId of it hid, and named no stack to import.
    Among a sentence's words it is a label and its value, a path or not (`wifi password:Tr0ub4dor/3x`
    is one); written alone it cannot be told from the refId of stack `password`, and shows."""
    if found["sep"] != ":" or found["key"] or found.end() != found.end("name") + 1:
        return False
    text = found.string
    ref_id = _REF_ID.match(text, found.start())
    if ref_id is None:
        return False
    before, after = text[found.start() - 1 : found.start()], text[ref_id.end() : ref_id.end() + 1]
    return before == after and before in _AROUND_ONE_VALUE


def _is_a_urls_host(found: re.Match[str]) -> bool:
    """A name, `:` and a port, written where a URL's host stands: right after its `scheme://`, or after
    the `@` ending its user info (`https://(sensitive)@auth.example:8443`, as a URL's masking leaves
    it). A host may hold a credential word (`auth-server`, `keystone`, `token.example`), and the URL
    hid whole in every view while `feed.example:8443` showed. A password of digits in the user info
    (`https://auth:4421@host`) is followed by its `@`, no port's end, and stays masked; so does a
    label's value in prose with no `scheme://` before it (`api.key:4421`)."""
    if found["sep"] != ":" or found["key"] or found.end() != found.end("name") + 1:
        return False
    if _A_PORT.match(found.string, found.end()) is None:
        return False
    text, start = found.string, found.start()
    # Looked for a bounded way back, as a URL's user info is (_URL_CREDENTIALS): each name so written
    # in a long text looks no further, and one past it stays hidden.
    scheme_end = text.rfind("://", max(0, start - _AUTHORITY_REACH), start)
    return (
        scheme_end > 0
        and _SCHEME_BEFORE.search(text, max(0, scheme_end - _SCHEME_REACH), scheme_end) is not None
        and _USER_INFO.fullmatch(text, scheme_end + 3, start) is not None
    )


# A port, ending where a URL's authority does: at its path, query or fragment, at the URL's end in a
# text (a blank, a quote, a bracket, a comma, a sentence's full stop), or at the text's.
_A_PORT = re.compile(r"[0-9]{1,5}(?=[/?#\s\"'<>()\[\]{},;]|\.(?!\w)|\Z)")
# A URL's scheme ending just before its `://`, as _URL starts one, or after a `=` (`url=https://...`).
_SCHEME_BEFORE = re.compile(r"(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]*\Z")
# What stands between `://` and the host: nothing, or user info up to its last `@`.
_USER_INFO = re.compile(r"(?:[^\s/?#]*@)?")
_AUTHORITY_REACH = 2048
_SCHEME_REACH = 32  # the longest scheme read (`opc.tcp`, `mongodb+srv`): one longer stays hidden


# A refId as manifest/addresses.py derives it: the stack, `:`, then one key a level, each a manifest's
# key (manifest/models.py KEY_PATTERN, which imports this module), ending where such a key does.
_MANIFEST_KEY = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_REF_ID = re.compile(rf"(?<![\w.-]){_MANIFEST_KEY}:{_MANIFEST_KEY}(?:/{_MANIFEST_KEY}){{0,2}}(?![\w.:/@-])")
# What a record's key is written as after `key:`: a refId with its path, quoted or not (`user:password`
# has a refId's shape without one), or a field's name (with a `_`: an all-capital run without one may
# be a key, `AKIA...`); either ending where a key does.
_A_RECORDS_KEY = re.compile(
    rf"[\"'`]?(?:{_MANIFEST_KEY}:{_MANIFEST_KEY}(?:/{_MANIFEST_KEY}){{1,2}}|[A-Z][A-Z0-9]*_[A-Z0-9_]*)"
    r"(?![\w.:/@!-])"
)
# What stands around a value written alone: nothing (the whole text), or quotes.
_AROUND_ONE_VALUE = ("", '"', "'", "`")


def _a_label_in_prose(found: re.Match[str]) -> bool:
    """A name and `:` (or `is`) in a message's words, however the name is written (`password:`,
    `AUTH_TOKEN:`, `X-Api-Key:`): read by its words, a message's too. Read as a key's, `AUTH_TOKEN: must
    not be empty` would mask `must` alone."""
    return found["sep"].lower() in _PROSE_SEPARATORS and not found["key"] and not found["brackets"]


def _written_as_key(found: re.Match[str]) -> bool:
    return bool(
        found["sep"].lower() not in _PROSE_SEPARATORS
        or found["key"]
        or found["brackets"]
        or _KEY_SIGNS.search(found["name"])
    )


# A label's words, parted at a capital as a name's are (`WifiPassword`, `accessToken`, `OTP`), a word in
# capitals with its plural's `s` (`PINs`, `OTPs`).
_LABEL_WORDS = re.compile(r"[A-Z]+s?(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# A label's word that is a credential word, of the lists names are read with (not NAME_ONLY_WORDS nor
# the URL-only `code`, ordinary words in a note), whole or in a form that keeps its meaning
# (`Passwords`, `Passcodes`, `Authorization`, `Certificate`): a word merely starting with one (`Passage`,
# `Author`) is no credential.
_CREDENTIAL_LABEL_WORD = re.compile(
    f"(?:{'|'.join((*CREDENTIAL_WORDS, *CREDENTIAL_WHOLE_WORDS, 'jwt'))})"
    "(?:s|words?|wd|phrases?|codes?|wort|orization|entication|ificates?)?",
    re.IGNORECASE,
)


# A label's word written as one run ending in a credential word (`wifipassword`, `authtoken`, `APIKEY`,
# `dbpasswd`): only the words no ordinary word ends in (_ENDING_A_RUN).
_ENDS_IN_A_CREDENTIAL = re.compile(f"(?:{'|'.join(_ENDING_A_RUN)})s?\\Z", re.IGNORECASE)


_KEY_SIGNS = re.compile(r"[_.-]")


def names_a_credential(name: Any) -> bool:
    """A key inside a prop's value named like a credential, read as a URL parameter's name is."""
    return SECRET_PARAMETER.search(str(name)) is not None


# A user name and password before a host with no `scheme://` (`sa:pw@db.example`, as ODBC and ssh
# strings write it), in a comment's text or an error message (clients/errors.py redact): a user name,
# `:`, a password, `@`. The user name may be an e-mail address (`ops@acme.example:S3cret@thread`), as
# a URL's userinfo may hold one; an e-mail address with no `:` and password after it is left as it is
# (`ops@site.example: login failed` has a blank there), and `mailto:` is no user name. A
# `Contact:ops@site.example` written without its space is masked too, and so are a time before a
# place, `12:30@site`, and `git@github.com:org/repo@v1.2`, which cannot be told from one.
# A password starting `//` is a URL's, masked already. A word before a URL of a common scheme
# (`unm:https://u:pw@host`, a tool's prefix to a refId) is no user name: the URL's own rule masks its
# credentials and keeps its scheme, so the prefix stays readable. (A password `https` itself, were it
# one, is no secret worth the prefix lost.)
# The user name holds none of the signs a user name starts after, so that each character is read
# for one user name at most (`((((...`, 8,000 of them, took 180 ms when it could).
_SCHEMELESS_USER = re.compile(
    r"(?<![^\s\"'(\[{<,;=/])(?!mailto:)[^\s\"'(\[{<,;=/:]+:(?!//)"
    r"(?!(?:https?|wss?|s?ftps?|mqtts?|amqps?|ssh|opc\.tcp|redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?)://)",
    re.IGNORECASE,
)
# The password runs to the last `@` before a host in its run of characters, as a URL parser takes a
# URL's userinfo up to its last `@` (`admin:P@ssw0rd@thread`, `it's`, `say"hi"`): it may hold any
# character but an ASCII blank, which ends it so that a sentence's `Contact: me@host` stays. A
# no-break space (U+00A0) or another Unicode space is in it, as a password may hold one and prose
# does not write one after a colon. (A password holding an ASCII blank is not masked: `admin:p w@thread`
# reads as `Contact: me@host` does, a word, `:`, then a run before a host.)
# A host starts with any character a URL parser takes for one (`@_thread`, `@überwachung-gw`, `@::1`):
# not a blank, nor `@`, nor what ends a URL's authority (`/`, `?`, `#`).
_AT_BEFORE_A_HOST = re.compile(r"@(?=[^\s@/?#])")
_RUN_END = re.compile(rf"[{_BLANKS_IN}]|\Z")


def without_schemeless_userinfo(text: str) -> str:
    """`text` with each `user:password@` before a host shown as "(sensitive)@". Each run's end is
    looked for once, however many user names it holds, and each `@` once: linear in the text."""
    if "@" not in text:
        return text
    hosts = [found.start() for found in _AT_BEFORE_A_HOST.finditer(text)]
    kept, at, run_end = [], 0, -1
    for user in _SCHEMELESS_USER.finditer(text):
        if user.start() < at:
            continue
        if user.end() > run_end:
            run_end = _RUN_END.search(text, user.end()).start()  # type: ignore[union-attr]
        last = bisect.bisect_left(hosts, run_end) - 1
        if last < 0 or hosts[last] <= user.end():  # a password of one character at least
            continue
        kept += [text[at : user.start()], MASKED]
        at = hosts[last]
    return "".join(kept) + text[at:]


def without_any_userinfo(text: str) -> str:
    """`text` with each URL's credentials and credential parameters masked, then each `user:pw@`
    before a host without a `scheme://`: a name, refId, comment or message as views show it."""
    return without_schemeless_userinfo(without_url_credentials(text))


def masked_for_messages(text: str) -> str:
    """Anyone's text (a manifest's value, a --var, a --sites cell) as a message quotes it: each secret
    this run holds, a URL's or a schemeless `user:pw@`, and a token told by its shape masked in place,
    and all of it "(sensitive)" where it names a credential (`Password=...`, `api_key:...`), as views
    hide such text in a field of words (render/secrets.py `hidden_in_views`)."""
    shown = masked_in_place(text)
    return MASKED if text_names_a_credential(shown) or names_a_credential_alone(shown) else shown


def masked_in_place(text: str) -> str:
    """`text` with each secret this run holds, a URL's or a schemeless `user:pw@` and a token told by
    its shape masked where it stands: for iotplan's own message quoting anyone's text in places."""
    return without_bare_tokens(without_any_userinfo(mask_known(text)))


def shown_live(value: Any) -> Any:
    """A name, notes or metric's name as a message quotes it, masked as views show it in such a
    field (render/secrets.py `unless_hidden`): all of it where it names a credential (`Bearer ...`),
    is a label and its credential alone (`Password:hunter2`, `names_a_credential_alone`), or holds a
    secret this run holds, else a URL's credentials and a schemeless `user:pw@` masked. A map or list
    (a NAME another tool wrote as one) is hidden whole where a text in it would be masked. Live or declared
    (a manifest's name, metric or unit) alike, as views mask both; here, not in plan/props.py, so
    that manifest checks quote by it too. A refId is quoted by `shown_live_identity`, as `password:n1`
    is stack `password`'s. Words only: plans compare and write the text as read (plan/props.py
    `shown_text`)."""
    if isinstance(value, dict | list):
        return (
            MASKED
            if holds_a_secret(value) or any(shown_live(text) != text for text in _texts(value))
            else value
        )
    if not isinstance(value, str) or plain_identity(value):
        return value
    return MASKED if names_a_credential_alone(value) else shown_live_identity(value)


def shown_live_identity(value: Any) -> Any:
    """A refId (or any text that may be one) as a message quotes it: `shown_live`, but a label and its
    credential alone shows, as it has the shape of a refId of a stack named with a credential word."""
    if not isinstance(value, str) or plain_identity(value):
        return value
    return MASKED if holds_a_secret(value) else without_any_userinfo(value)


def identity_holds_a_secret(text: str) -> bool:
    """An id or refId no view or manifest may hold as it is: masking changes it (a URL's password, a
    token told by its shape), or it names a secret masking leaves in place (`Bearer ...`, `token:
    ...`, this run's own key). Identity is never shown masked in its place, where it would name
    another entity; nor is a refId so held any stack's (manifest/addresses.py `owner_of`)."""
    return not plain_identity(text) and shown_live_identity(text) != text


def plain_identity(text: str) -> bool:
    """An id holding no sign a credential is written with (`@ ? # & = :`, a space), no token told by its
    shape (`ghp_...`, a JWT: of an id's characters, and hidden by views) nor a secret this run holds:
    nearly every platform id, told in one match and one search, where the rules cost microseconds
    each and a plan shows 100,000 ids."""
    return (
        PLAIN_IDENTITY.fullmatch(text) is not None and not holds_known(text) and not holds_a_bare_token(text)
    )


PLAIN_IDENTITY = re.compile(r"[\w/.-]*")


def is_empty(value: str | None) -> bool:
    """Given, as a flag or a variable, but with nothing in it: how a CI system passes a secret or
    variable it does not have (GitHub's `${{ secrets.MISSING }}` is ""), never "not configured".
    Here, not with the clients: the options ask it, and `validate` loads no HTTP client."""
    return value is not None and not value.strip()


def template_flags(
    vars_file: str | None, sites_file: str | None, variables: Iterable[tuple[str, str]]
) -> list[str]:
    """A template's --vars, --sites and --var options as a command a message offers shows them (drift's
    `plan`, a THREAD's own plan): a file named by a URL holding a credential named masked, and a --var
    "(sensitive)" where the template is not given it (credential_word_withheld, as a saved plan records
    it) or its value holds a secret this run holds. No other --var holds a credential-named one's value of
    SHORTEST_MASKED characters or more: the run stops before (template_credentials.py
    refuse_a_secret_held_elsewhere); every other is printed as given, so the command runs as the plan did:
    masked by credential_named, one the template is given (`bypass_valve`, `node_key`) was offered as
    `(sensitive)`, which that command would render and write."""
    flags = [*(["--vars", masked_in_place(vars_file)] if vars_file else [])]
    flags += ["--sites", masked_in_place(sites_file)] if sites_file else []
    for key, value in variables:
        withheld = credential_named_withheld(key) and could_be_a_credential(value)
        sensitive = withheld or masked_in_place(value) != value
        flags += ["--var", f"{key}={MASKED if sensitive else value}"]
    return flags


class CredentialSpellings:
    """The spellings of many credentials (`add`), each under its tag (the input naming it and its word),
    as `mask_known` would find them were they held: as `remember` holds it (JSON, a form's, base64, hex),
    folded from SHORTEST_MASKED_IN_ANY_CASE characters, and by a slice of SHORTEST_SLICE_MASKED; one
    shorter than SHORTEST_MASKED is any word's part, and none. `found_in` reads a text against all of
    them at once: its runs of SHORTEST_SLICE_MASKED are looked up among the slices as one set, and its
    runs of SHORTEST_MASKED among the other spellings' starts, only a spelling so started compared. Read
    once for each length a spelling has, 2,000 credentials of 143 lengths beside a 2,000-row notes column
    took 11 s, 1.5 s so; a credential's slices, each read as compared, most of the rest."""

    def __init__(self) -> None:
        # folded or not → a slice of SHORTEST_SLICE_MASKED, as compared → its tag
        self._slices: dict[bool, dict[str, tuple[str, str]]] = {False: {}, True: {}}
        # folded or not → a spelling's start → the spellings it starts → their tags
        self._by_start: dict[bool, dict[str, dict[str, tuple[str, str]]]] = {False: {}, True: {}}
        # the lengths those starts have: SHORTEST_MASKED, or less where blanks read as one left less
        self._start_lengths: dict[bool, set[int]] = {False: set(), True: set()}

    def add(self, credential: str, tag: tuple[str, str]) -> None:
        # Indexed as `found_in` reads the other inputs, without what shows as nothing: a cell
        # `hunter22x<U+200B>` indexed as written was never found in a label `hunter22x-feed`.
        credential = _INVISIBLE.sub("", credential)
        if len(credential) < SHORTEST_MASKED:
            return
        folded = len(credential) >= SHORTEST_MASKED_IN_ANY_CASE
        spellings = {_as_compared(spelling, folded) for spelling in _spellings(credential)}
        if len(credential) >= SHORTEST_SLICE_MASKED:
            slices = set().union(*(_compared_slices(each, folded) for each in _sliced_spellings(credential)))
            spellings |= {each for each in slices if len(each) != SHORTEST_SLICE_MASKED}
            self._hold_slices(folded, {each for each in slices if len(each) == SHORTEST_SLICE_MASKED}, tag)
        for spelling in spellings:
            start = spelling[:SHORTEST_MASKED]
            self._by_start[folded].setdefault(start, {}).setdefault(spelling, tag)
            self._start_lengths[folded].add(len(start))

    def _hold_slices(self, folded: bool, slices: set[str], tag: tuple[str, str]) -> None:
        """`slices` held under `tag`, one an earlier credential holds left its: read as sets (a million
        slices of 2,000 credentials, each asked in turn, were a second of the check)."""
        held, added = self._slices[folded], dict.fromkeys(slices, tag)
        added.update((each, held[each]) for each in added.keys() & held.keys())
        held.update(added)

    def found_in(self, text: str) -> tuple[str, str] | None:
        """The tag of a credential `text` spells, read as written, without invisible characters and
        percent-decoded, a run of blanks as one blank; or None."""
        readings = _template_flag_readings(text)
        for folded in (False, True):
            for reading in {_as_compared(reading, folded) for reading in readings}:
                if (tag := self._spelled_in(reading, folded)) is not None:
                    return tag
        return None

    def _spelled_in(self, reading: str, folded: bool) -> tuple[str, str] | None:
        slices, length = self._slices[folded], SHORTEST_SLICE_MASKED
        if slices and not slices.keys().isdisjoint(runs := _runs(reading, length)):
            return slices[min(runs & slices.keys(), key=reading.find)]
        starts = self._by_start[folded]
        for start in (
            set().union(*(_runs(reading, each) for each in self._start_lengths[folded])) & starts.keys()
        ):
            at = reading.find(start)
            while at != -1:
                for spelling, tag in starts[start].items():
                    if reading.startswith(spelling, at):
                        return tag
                at = reading.find(start, at + 1)
        return None


def _runs(text: str, length: int) -> set[str]:
    return {text[at : at + length] for at in range(len(text) - length + 1)}


def _compared_slices(spelling: str, folded: bool) -> set[str]:
    """Each slice of SHORTEST_SLICE_MASKED of `spelling`, as compared: sliced once compared where
    comparing kept each character one (no run of blanks, no letter folded to two), as most are."""
    compared = _as_compared(spelling, folded)
    if len(compared) == len(spelling):
        return _runs(compared, SHORTEST_SLICE_MASKED)
    return {_as_compared(each, folded) for each in _runs(spelling, SHORTEST_SLICE_MASKED)}


def _template_flag_readings(text: str) -> set[str]:
    """`text` as written, without invisible characters or with each run of them as a blank (a passphrase's
    `horse<U+2800>battery`), and percent-decoded (a form's `+` as a blank or not) up to _DECODED_LAYERS
    times; each also as HTML references, JSON's `\\uXXXX` escapes and full-width letters spell it
    (_spelled_as), as the views that decode them show it."""
    spelled = {text, *_spelled_as(text)}
    readings = {*spelled, *(_INVISIBLE.sub(blank, each) for each in spelled for blank in ("", " "))}
    for _ in range(_DECODED_LAYERS):
        readings |= {decoded(reading) for reading in readings for decoded in (_unquoted_text, _unquoted_form)}
    return readings


def _spelled_as(text: str) -> Iterator[str]:
    """`text` with its HTML references, JSON's `\\uXXXX` escapes and compatibility characters (full-width
    `Ｚｑ７`, ligatures) read as what they spell, each only where the text may hold one."""
    if "&" in text:
        yield html.unescape(text)
    if "\\u" in text:
        yield _each_escape_decoded(text, _JSON_ESCAPE, _json_unescaped)
    if not text.isascii():
        yield unicodedata.normalize("NFKC", text)


def _unquoted_text(text: str) -> str:
    return _INVISIBLE.sub("", urllib.parse.unquote(text))


def _unquoted_form(text: str) -> str:
    return _INVISIBLE.sub("", urllib.parse.unquote_plus(text))


def _as_compared(text: str, folded: bool) -> str:
    blanks_as_one = _BLANK_RUN.sub(" ", text)
    return blanks_as_one.casefold() if folded else blanks_as_one
