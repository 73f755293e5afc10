"""Counted nouns and lists, the one way every message and view says "1 sensor" and "2 sensors",
"a, b and c", and "a, b, c and 7 more"; and how a message shows text read from the platform."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

IRREGULAR = {
    "entity": "entities",
    "is": "are",
    "was": "were",
    "goes": "go",
    "destroys": "destroy",
    "changes": "change",
    "site is": "sites are",
}

# How much of a text read from the platform a message shows: a serial or name may be any length, and
# a message is read on one screen.
LIVE_TEXT_SHOWN = 80


def plural(noun: str, count: int) -> str:
    """The noun as `count` needs it: `sensor` → `sensors`, `entity` → `entities`."""
    if count == 1:
        return noun
    return IRREGULAR.get(noun, f"{noun}s")


def counted(count: int, noun: str) -> str:
    """`1 sensor`, `3 sensors`, `111,100 sensors`."""
    return f"{count:,} {plural(noun, count)}"


def observations(known: int, unknown: bool) -> str:
    """`12 observations`; with counts missing, `at least 12 observations`, or, with none counted,
    `an unknown number of observations` (never "at least 0")."""
    if not unknown:
        return f"{known:,} {plural('observation', known)}"
    if not known:
        return "an unknown number of observations"
    return f"at least {known:,} observations"


# Any text `observations` makes, as a regular expression: for a saved plan's line whose count the
# platform may change between plan and apply, weighed apart from the words around it.
OBSERVATIONS_PATTERN = r"(?:at least )?[0-9][0-9,]* observations?|an unknown number of observations"

# Why a count is unknown, said one way in every message and view: the platform gave none, or gave one
# that cannot be relied on (a 0 beside a LAST_OBSERVATION, a 0 its connection's count contradicts), so
# "no count reported" was not true of every one.
NO_RELIABLE_COUNT = "no count the platform gave can be relied on"


def no_reliable_count(of: str = "") -> str:
    """`no count the platform gave can be relied on`, `... for 2 removals`, `... for the rest`."""
    return f"{NO_RELIABLE_COUNT} for {of}" if of else NO_RELIABLE_COUNT


def observations_held(known: int, unknown: bool) -> str:
    """What an entity holds, with why when it is not known: `12 observations`, `an unknown number of
    observations (no count the platform gave can be relied on)`, `at least 12 observations (no count
    the platform gave can be relied on for the rest)`."""
    if not unknown:
        return observations(known, False)
    return f"{observations(known, True)} ({no_reliable_count('the rest' if known else '')})"


def history_reread(held: str, why: str = "") -> str:
    """`how 1,200 observations read: needs --allow-data-model-change`, `why` after `read`: what a
    change of metrics, units or a THREAD's channel, zero date or mode does to the history `held`,
    said one way in every view that warns of it."""
    return f"how {held} read{why}: needs --allow-data-model-change"


def cut_off(gateway: str) -> str:
    """`may cut the gateway off from the platform: needs --allow-disconnect`, of `gateway` (`the
    gateway` of a setting, `a gateway` of a setting made on several)."""
    return f"may cut {gateway} off from the platform: needs --allow-disconnect"


def sent_back(gateway: str) -> str:
    """`sends the gateway back to an older application: needs --allow-downgrade`, of `gateway`, as
    `cut_off` says a setting's flag."""
    return f"sends {gateway} back to an older application: needs --allow-downgrade"


def clause(text: str) -> str:
    """`text` with its closing full stop (and blanks after it) dropped, for more words to follow in the
    same sentence: a reason ending with the platform's or a gateway's own message ("The THREAD is
    asleep.", "asleep.\n") read "asleep. when planned" and "asleep.: nothing was read". An ellipsis (a
    cut excerpt) is kept."""
    text = text.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` is most likely a typo of (`loger` → `logger`), or None: what a manifest's
    unknown field and a --target that matches nothing are offered, by one rule."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def joined(items: Sequence[object]) -> str:
    """`a`, `a and b`, `a, b and c`: every item, the last after "and"."""
    *firsts, last = map(str, items)
    return f"{', '.join(firsts)} and {last}" if firsts else last


def first(items: Sequence[object], shown: int, separator: str = ", ") -> str:
    """`a, b, c and 7 more`: the first `shown` items, then how many were left out. The count is
    not grouped (`and 1200 more`): the messages that list this way always said it so."""
    left_out = len(items) - shown
    return separator.join(map(str, items[:shown])) + (f" and {left_out} more" if left_out > 0 else "")


def first_lines(lines: Sequence[object], shown: int) -> str:
    """The first `shown` lines, each indented two spaces, then how many were left out on a line of
    its own (`  and 7 more`): a refusal's list under its heading."""
    left_out = len(lines) - shown
    listed = "\n".join(f"  {line}" for line in lines[:shown])
    return listed + (f"\n  and {left_out} more" if left_out > 0 else "")


def quoted(value: object, limit: int = 60) -> str:
    """`value` as Python's repr, which escapes every control character, masked as a message masks
    anyone's text (secrets.py `masked_for_messages`), then cut to `limit` characters. Masked first:
    cut first, a URL's token had lost its `@` and a `ghp_` token its length, and was shown in part."""
    from iotplan.secrets import MASKED, masked_for_messages  # secrets.py imports this module

    text = shown_repr(masked_for_messages(value) if isinstance(value, str) else value)
    if len(text) <= limit:
        return text
    # Cut before a mark the limit would split: `(sensi` reads as neither the value nor iotplan's mark.
    mark = text.find(MASKED, max(0, limit - 5 - len(MASKED) + 1), limit - 5 + len(MASKED) - 1)
    return f"{text[: mark if 0 <= mark < limit - 5 else limit - 5]}...{text[-1]}"


# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt): what shows as nothing, and what
# refIds are compared without (manifest/addresses.py `fold_ref_id`). Python calls some of it printable
# (the combining grapheme joiner U+034F, the Hangul fillers U+3164 and U+FFA0, variation selectors,
# U+17B4), so every view escapes it as it escapes controls: two refIds a message tells apart, or the
# two sides of a change, never show alike. One pattern: a fleet's non-ASCII refIds are folded by the
# hundred thousand.
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def shows_as_held(text: str) -> bool:
    """Whether every character of `text` shows as itself: none a terminal acts on (a control, a
    direction override) and none that shows as nothing (`IGNORABLE`)."""
    return text.isprintable() and (text.isascii() or IGNORABLE.search(text) is None)  # one pass in C


def escaped_where_unseen(text: str, escape: Callable[[str], str]) -> str:
    """`text` with each character that does not show as itself (`shows_as_held`) written `escape`d."""
    if shows_as_held(text):  # nearly always
        return text
    return "".join(escape(char) if not shows_as_held(char) else char for char in text)


def json_escape(char: str) -> str:
    """`char` as JSON escapes it (`\\u001b`, `\\n`; a pair of escapes past U+FFFF): how every view and
    every platform message an error shows writes what does not show as itself."""
    return json.encoder.encode_basestring_ascii(char)[1:-1]


def _python_escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")  # `\x1b`, `\u034f`, `\U000e0100`, as repr


def printable(text: str) -> str:
    """`text` with every character a terminal would act on rather than show (controls, NUL, ESC, the
    bidirectional overrides and marks), or that shows as nothing (`IGNORABLE`), escaped as Python
    escapes it: text read from the platform, or a manifest's, is anyone's, and must not rewrite the
    line of the message that shows it."""
    return escaped_where_unseen(text, _python_escape)


def shown_repr(value: object) -> str:
    """`repr(value)`, with what shows as nothing escaped too (`IGNORABLE`, which repr leaves as it is):
    how a message quotes any value (`quoted`) and a live refId (`quoted_serial`)."""
    shown = repr(value)
    return shown if shown.isascii() else IGNORABLE.sub(lambda mark: _python_escape(mark[0]), shown)


def quoted_serial(ref_id: str | None) -> str:
    """A live refId (SERIAL_NO) quoted whole in a message: masked as plan/props.py `shown_serial`
    masks it, then `shown_repr`, so a copy's refId never reads as its original's."""
    from iotplan.secrets import shown_live_identity  # secrets.py imports this module

    return shown_repr(shown_live_identity(ref_id))


def live_text(text: str) -> str:
    """Text read from the platform in a message: `printable`, cut to LIVE_TEXT_SHOWN characters."""
    shown = printable(text)
    return shown if len(shown) <= LIVE_TEXT_SHOWN else f"{shown[: LIVE_TEXT_SHOWN - 3]}..."


def live_quoted(value: object) -> str:
    """A value read from the platform in a message, quoted: `quoted` to LIVE_TEXT_SHOWN characters."""
    return quoted(value, LIVE_TEXT_SHOWN)


# What a JSON value is, in words, by its type: a refusal names the kind, never the value (it may be
# long, or a secret someone pasted there).
JSON_WORDS: dict[type, str] = {type(None): "null", bool: "true or false", int: "a number", float: "a number"}
JSON_WORDS |= {str: "text", list: "a list", dict: "an object"}


def json_kind(value: Any) -> str:
    return JSON_WORDS.get(type(value), type(value).__name__)
