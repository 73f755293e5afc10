"""The IOTPLAN_* variables a run reads, and the refusal of one it does not read.

A variable iotplan does not read is one iotplan cannot tell from the one meant. Read past,
IOTPLAN_APIKEY left no credential, so an apply went to the embedded demo platform and exited 0
having written nowhere real, and IOTPLAN_ENDPONT, IOTPLAN_API_URL=https://staging... or
IOTPLAN_SERVER_NAME=https://staging... beside a credential sent the run to https://iiot.bentley.com.
No rule on a name or a value tells another tool's variable from the endpoint meant (a quoted URL, a
Service's name, a credential under a name of its own), so, before any request:

- every IOTPLAN_* variable (any case) that iotplan does not know is refused, naming the closest
  name this kind of run reads, if one is close; so is one whose prefix is written with another
  separator (IOTPLAN-API-KEY, iotplan.api.key: Docker, compose and systemd take such names) or is
  one edit from IOTPLAN (IOTPALN_APIKEY, IOTPLNA_ENDPIONT) or is IOT and PLAN (IOT_PLAN_ENDPOINT_URL);
- so is a name close to one it reads under another prefix, or none (IOTPLANAPIKEY);
- so is a variable another kind of run reads for its address, set where this run's address is a
  default: IOTPLAN_GATEWAY_URL on a platform run with no endpoint, IOTPLAN_ENDPOINT on
  --on-device with no gateway URL.

Each refusal names the variables, never a value (it may be a key), says where the run would have
gone, and gives the `unset` that clears them (`env -u` for a name the shell cannot unset; such a
name is shown quoted, its control characters escaped, so that it cannot forge a line). The one
exception is what Kubernetes and Docker put in a pod or a linked container for a Service or a
container named iotplan or iotplan-*, which the user cannot unset: recognised by name and value, so
that IOTPLAN_SERVER_NAME=https://... is not one. `--sim-db` chooses the embedded platform whatever
the variables say: there an unknown one is only named on the target line.
"""

from __future__ import annotations

import difflib
import ipaddress
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from iotplan.clients.auth import CREDENTIAL_VARIABLES, TOKEN_URL_VARIABLE
from iotplan.clients.edge import GATEWAY_URL_VARIABLE
from iotplan.errors import IotplanError
from iotplan.secrets import is_empty
from iotplan.wording import joined

PREFIX = "IOTPLAN_"
ENDPOINT_VARIABLE = "IOTPLAN_ENDPOINT"
RPC_ENDPOINT_VARIABLE = "IOTPLAN_RPC_ENDPOINT"
# Every variable that chooses a target or a credential: --sim-db names those it overrides.
TARGET_VARIABLES = (ENDPOINT_VARIABLE, RPC_ENDPOINT_VARIABLE, *CREDENTIAL_VARIABLES)
# Read by every kind of run: cli/debug_log.py, cli/main.py (an unexpected error's traceback), sim/variants.py.
EVERY_RUN_READS = ("IOTPLAN_LOG", "IOTPLAN_DEBUG", "IOTPLAN_SIM_VARIANTS")


@dataclass(frozen=True)
class Run:
    """A kind of run as the environment sees it: the variables it reads, and those naming another
    kind's address, which it does not read."""

    name: str  # as a refusal says it
    reads: tuple[str, ...]
    others: tuple[str, ...]


PLATFORM_RUN = Run("a platform run", (*TARGET_VARIABLES, *EVERY_RUN_READS), (GATEWAY_URL_VARIABLE,))
ON_DEVICE_RUN = Run(
    "--on-device",
    (GATEWAY_URL_VARIABLE, *EVERY_RUN_READS),
    (ENDPOINT_VARIABLE, RPC_ENDPOINT_VARIABLE, TOKEN_URL_VARIABLE),
)
# Every IOTPLAN_* variable iotplan reads (tests/clients/test_target_unknown_variables.py checks the
# package names no other).
READ_VARIABLES = tuple(dict.fromkeys((*PLATFORM_RUN.reads, *ON_DEVICE_RUN.reads)))
# Read by iotplan's CI examples' own scripts (examples/gitops), not by iotplan: known, so a pipeline
# that sets them is not refused.
KNOWN_VARIABLES = (*READ_VARIABLES, "IOTPLAN_SECRETS_JSON", "IOTPLAN_GITLAB_TOKEN", "IOTPLAN_PACKAGE")
# How close a name of no separator or another prefix must be to one a run reads to be taken for it:
# IOTPLANAPIKEY is; no name of a CI runner's, a pod's or a shell's is, nor another IoT tool's
# IOT_ENDPOINT (0.86) or IOT_CLIENT_SECRET (0.89)
# (tests/clients/test_prefix_typos_spare_ordinary_environments.py).
PREFIX_TYPO_CUTOFF = 0.9
_WORD_BREAKS = re.compile(r"[^A-Z0-9]+")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")  # one `unset` takes, and a terminal shows as it is


def refuse_stray_variables(environ: Mapping[str, str], run: Run, gone: str, give: str | None) -> None:
    """Refused, in one error: the variables `run` does not read that may be the one meant. `gone`
    says where the run would go without them; `give`, how to give this run's address when it is a
    default (None: it is given, and the other runs' address variables are left alone)."""
    strays = stray_variables(environ, run)
    others = [name for name in run.others if not is_empty(environ.get(name, ""))] if give is not None else []
    if not strays and not others:
        return
    clauses = []
    if strays:
        named = [
            f"{shown_name(name)} (did you mean {meant}?)" if meant else shown_name(name)
            for name, meant in strays.items()
        ]
        such = "variable" if len(strays) == 1 else "variables"
        clauses.append(f"{joined(named)} {_is(strays)} set, but iotplan reads no such {such}")
    if others:
        clauses.append(f"{joined(others)} {_is(others)} set, but {run.name} does not read {_it(others)}")
    cleared = _clearing([*strays, *others])
    raise IotplanError(f"{', and '.join(clauses)}, so {gone}: {_advice(strays, others, give)} ({cleared})")


# The way out for a variable meant for a script beside iotplan, such as a second copy of a credential
# (a write key for apply), which under an IOTPLAN_ name is refused like a misspelling.
_UNPREFIXED = "or name {} without the IOTPLAN_ prefix"


def _advice(strays: Mapping[str, str | None], others: list[str], give: str | None) -> str:
    if not others:
        if len(strays) == 1:
            return f"rename it, or unset it if it is not meant for iotplan, {_UNPREFIXED.format('it')}"
        return f"rename them, or unset those not meant for iotplan, {_UNPREFIXED.format('them')}"
    if not strays:
        return f"{give}, or unset {_it(others)}"
    return f"{give}; rename the others, or unset those not meant for iotplan, {_UNPREFIXED.format('them')}"


def _clearing(names: list[str]) -> str:
    """The commands that clear `names`: `unset`, or, for a name the shell cannot unset (IOTPLAN-API-KEY,
    given by Docker or systemd), `env -u`, which runs iotplan without it."""
    plain = [name for name in names if _PLAIN_NAME.fullmatch(name)]
    other = [name for name in names if not _PLAIN_NAME.fullmatch(name)]
    commands = [f"`unset {' '.join(plain)}`"] if plain else []
    if other:
        commands.append(f"`env {' '.join(f'-u {shown_name(name)}' for name in other)} iotplan ...`")
    return " then ".join(commands)


def shown_name(name: str) -> str:
    """A variable's name as a message shows it and a shell reads it back: as it is when it is
    letters, digits and `_`; else quoted, so that a blank or a `-` is seen, and a character a
    terminal acts on (a newline forging an "Error:" line, ESC) escaped in bash's $'...'."""
    if _PLAIN_NAME.fullmatch(name):
        return name
    if name.isprintable():
        return "'" + name.replace("'", "'\"'\"'") + "'"
    return "$'" + "".join(map(_ansi_c, name)) + "'"


def _ansi_c(char: str) -> str:
    if char in "\\'":
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _is(names: Mapping[str, object] | list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _it(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"


def stray_variables(environ: Mapping[str, str], run: Run) -> dict[str, str | None]:
    """Each variable `run` would read past that may be one it reads, with the name it reads closest
    to it (None: none is close), by name."""
    strays: dict[str, str | None] = {}
    for name in sorted(environ):
        if as_iotplan(name) is not None:
            if _is_unknown(name, environ):
                strays[name] = _closest(name, run)
        elif meant := difflib.get_close_matches(name.upper(), run.reads, n=1, cutoff=PREFIX_TYPO_CUTOFF):
            strays[name] = meant[0]
    return strays


def as_iotplan(name: str) -> str | None:
    """`name` as the IOTPLAN_* name it is written as (IOTPLAN-API-KEY, iotplan.api.key, IOTPALN_APIKEY
    and IOT_PLAN_API_KEY are IOTPLAN_API_KEY, IOTPLAN_APIKEY...), or None: not one. Its words are
    what runs of other characters than letters and digits part; an IOTPLAN name's first word is
    IOTPLAN or one edit from it (IOTPALN, IOTPLN, IOTPLANS), or its first two join into IOTPLAN."""
    if name.upper().startswith(PREFIX):
        return name.upper()
    words = _words(name)
    if len(words) > 1 and _one_edit_apart(words[0], "IOTPLAN"):
        return "_".join(["IOTPLAN", *words[1:]])
    if len(words) > 2 and words[0] + words[1] == "IOTPLAN":
        return "_".join(["IOTPLAN", *words[2:]])
    return None


def _words(name: str) -> list[str]:
    """`name`'s words, upper-cased: what runs of other characters than letters and digits part."""
    return [word for word in _WORD_BREAKS.split(name.upper()) if word]


def _one_edit_apart(word: str, other: str) -> bool:
    """Whether one letter added, dropped, changed, or two side by side swapped, makes `word` `other`
    (the Damerau-Levenshtein distance is 1 at most)."""
    if abs(len(word) - len(other)) > 1:
        return False
    if len(word) != len(other):
        short, long = sorted((word, other), key=len)
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
    apart = [i for i, (mine, its) in enumerate(zip(word, other, strict=True)) if mine != its]
    if len(apart) == 2:
        first, second = apart
        return second == first + 1 and word[first] == other[second] and word[second] == other[first]
    return len(apart) <= 1


# The platform's names, as another tool or a CI secret names its credential (ITWIN_API_KEY,
# SENSEMETRICS_TOKEN, BENTLEY_CLIENT_SECRET, SENSE_METRICS_API_KEY): words of the name starting with
# one, read together (SENSE_METRICS is SENSEMETRICS).
PLATFORM_WORDS = ("ITWIN", "SENSEMETRICS", "BENTLEY", "IIOT")
# The words that name a credential for the platform, each a whole word of the name (or what follows
# the platform's name in its word: ITWINAPIKEY) or its plural (ITWIN_KEYS). Not the masking rule's
# (SECRET_PROP_NAME), which looks for `auth`, `cert`, `session`, `private`, `pass` inside any word,
# broad on purpose for what it hides: here a false match refuses the quickstart, and iTwin.js's own
# variables (IMJS_ITWIN_PLATFORM_AUTHORITY), ITWIN_KEYBOARD_LAYOUT, ITWIN_MONKEY, ITWIN_COMPAT_MODE or
# ITWIN_PASSTHROUGH hold none.
CREDENTIAL_NAME_WORDS = ("KEY", "PASS", "PAT", "JWT", "PWD")
# Those that name one inside any word too, as no ordinary word holds them: joined to another word
# (ITWIN_CLIENTSECRET, ITWIN_ACCESSTOKEN, SENSEMETRICS_SECRETKEY) they still name a credential. API
# CODE: the platform's own word for its key (its reference says apiKey or apiCode).
CREDENTIAL_NAME_PARTS = ("APIKEY", "APICODE", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL")
_CREDENTIAL_NAME_WORD = re.compile(
    rf"(?:{'|'.join(CREDENTIAL_NAME_WORDS)})S?|[A-Z0-9]*(?:{'|'.join(CREDENTIAL_NAME_PARTS)})[A-Z0-9]*"
)
# AUTH and BEARER name one wherever they stand (ITWIN_AUTH, ITWIN_BASIC_AUTH_PROD, ITWIN_AUTH_HEADER,
# SENSEMETRICS_BEARER_VALUE, ITWINAUTH) unless every word after them names a setting of how one signs
# in, not what one signs in with (ITWIN_AUTH_CLIENT_ID, ITWIN_AUTH_SCOPES, IIOT_AUTH_MODE,
# BENTLEY_AUTH_ISSUER), which the README quickstart runs beside. Every word, not any: a word the list
# does not know (ITWIN_AUTH_CLIENT_PW, ITWIN_AUTH_CLIENT_ID_PROD) refuses the demo, a false match
# costing a `--sim-db` where a miss applies to the demo, exit 0, a real credential set.
SIGN_IN_CREDENTIAL_WORDS = ("AUTH", "BEARER")
_SIGN_IN_CREDENTIAL_WORD = re.compile(
    rf"(?:{'|'.join(PLATFORM_WORDS)})?(?:{'|'.join(SIGN_IN_CREDENTIAL_WORDS)})S?"
)
SIGN_IN_SETTING_WORDS = frozenset(
    (
        *("CLIENT", "ID", "SCOPE", "SCOPES", "ENABLED", "MODE", "ISSUER", "TYPE", "METHOD", "PROVIDER"),
        *("DOMAIN", "TENANT", "REALM", "AUDIENCE", "ENDPOINT"),
    )
)
# A name ending so says where a credential is, or a server that issues one (ITWIN_TOKEN_URL,
# ITWIN_API_KEY_FILE, ITWIN_AUTH_SERVICE_HOST), not the credential itself.
NOT_A_CREDENTIAL_ENDINGS = frozenset(("URL", "URI", "AUTHORITY", "HOST", "PORT", "PATH", "FILE", "DIR"))
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # `ITwinApiKey`: as SECRET_PROP_NAME parts words


def platform_credentials_elsewhere(environ: Mapping[str, str]) -> list[str]:
    """The variables outside IOTPLAN_* whose name says they hold a credential for the platform: one
    of its names and a credential word among its words (one of CREDENTIAL_NAME_WORDS, holding one of
    CREDENTIAL_NAME_PARTS, or one of SIGN_IN_CREDENTIAL_WORDS not before sign-in settings alone),
    not ending in a place's word, nor a Kubernetes or Docker link's. A name of the platform's holding
    none (ITWIN_ID) is no credential, nor another tool's credential (GITHUB_TOKEN): the quickstart
    runs beside them."""
    return sorted(
        name
        for name in environ
        if as_iotplan(name) is None and _names_a_platform_credential(name) and not is_link(name, environ)
    )


def _names_a_platform_credential(name: str) -> bool:
    words = _words(_CASE_CHANGE.sub("_", name))
    rests = _after_the_platform(words)
    if not rests or words[-1] in NOT_A_CREDENTIAL_ENDINGS:
        return False
    pairs = {first + second for first, second in itertools.pairwise(words)}
    named = any(map(_CREDENTIAL_NAME_WORD.fullmatch, (*words, *rests))) or "APICODE" in pairs
    return named or any(
        not _names_a_sign_in_setting(words[at + 1 :])
        for at, word in enumerate(words)
        if _SIGN_IN_CREDENTIAL_WORD.fullmatch(word)
    )


def _names_a_sign_in_setting(after: list[str]) -> bool:
    """Whether the words after AUTH or BEARER all name a setting of how one signs in, or where (the
    endings a name says where a credential is with): none after it is a credential's name."""
    return bool(after) and all(
        word in SIGN_IN_SETTING_WORDS or word in NOT_A_CREDENTIAL_ENDINGS for word in after
    )


def _after_the_platform(words: list[str]) -> list[str]:
    """For each place the platform's name starts a word, what follows it in the word it ends in
    ("" where it ends one: ITWIN_KEY, SENSE_METRICS_KEY; "APIKEY" in ITWINAPIKEY)."""
    rests = []
    for start in range(len(words)):
        joined = "".join(words[start:])
        for platform in PLATFORM_WORDS:
            if joined.startswith(platform):
                ends = itertools.accumulate(len(word) for word in words[start:])
                end = next(end for end in ends if end >= len(platform))
                rests.append(joined[len(platform) : end])
    return rests


def unread_variables(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The IOTPLAN_* variables iotplan does not know, service links aside: what the target line of
    a --sim-db run names ignored."""
    return tuple(
        sorted(name for name in environ if as_iotplan(name) is not None and _is_unknown(name, environ))
    )


def unread_said(unread: tuple[str, ...]) -> str:
    """How the target line says them."""
    such = "variable" if len(unread) == 1 else "variables"
    return f"{joined([shown_name(name) for name in unread])} ignored: iotplan reads no such {such}"


def _is_unknown(name: str, environ: Mapping[str, str]) -> bool:
    return name not in KNOWN_VARIABLES and not is_service_link(name, environ)


def _closest(name: str, run: Run) -> str | None:
    """The name `run` reads closest to this one written as an IOTPLAN name, compared without the
    prefix they all share (which alone made a name unlike any look like IOTPLAN_DEBUG); None: like
    none."""
    by_rest = {known[len(PREFIX) :]: known for known in run.reads}
    closest = difflib.get_close_matches((as_iotplan(name) or name.upper())[len(PREFIX) :], by_rest, n=1)
    return by_rest[closest[0]] if closest else None


# --- Kubernetes service links and Docker links -----------------------------------------------------
# Kubernetes puts these in every pod of a namespace for each Service (service links are on by
# default), here one named iotplan or iotplan-* (its name upper-cased, `-` as `_`), and Docker in a
# container linked to one aliased so. Each is recognised by its name and by the value it always
# holds (a cluster IP, a port number, `tcp://IP:port`), so a variable of the user's shaped like one
# (IOTPLAN_SERVER_NAME=https://...) is not taken for it.
_SERVICE = r"IOTPLAN(?:_\w+?)?"
_PROTOCOL = r"(?:TCP|UDP|SCTP)"
_LINK_URL = re.compile(r"(?:tcp|udp|sctp)://(?P<ip>\[[^\]]+\]|[^:/\s\[\]]+):[0-9]{1,5}")
_DIGITS = re.compile(r"[0-9]{1,5}")
_CONTAINER_NAME = re.compile(r"(?:/[\w.-]+)+")  # Docker's /<container>/<alias>


def _an_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def _a_link_url(text: str) -> bool:
    found = _LINK_URL.fullmatch(text)
    return found is not None and _an_ip(found["ip"])


def _link_shapes(service: str) -> tuple[tuple[re.Pattern[str], Callable[[str], object]], ...]:
    """The names of the links to a Service or a container whose name, upper-cased, `service` matches,
    each with the test of the value it always holds."""
    return (
        (re.compile(rf"{service}_SERVICE_HOST"), _an_ip),
        (re.compile(rf"{service}_SERVICE_PORT(?:_\w+)?"), _DIGITS.fullmatch),
        (re.compile(rf"{service}_PORT"), _a_link_url),
        (re.compile(rf"{service}_PORT_[0-9]+_{_PROTOCOL}(?:_START|_END)?"), _a_link_url),
        (re.compile(rf"{service}_PORT_[0-9]+_{_PROTOCOL}_ADDR"), _an_ip),
        (re.compile(rf"{service}_PORT_[0-9]+_{_PROTOCOL}_PORT(?:_START|_END)?"), _DIGITS.fullmatch),
        (re.compile(rf"{service}_PORT_[0-9]+_{_PROTOCOL}_PROTO"), re.compile("tcp|udp|sctp").fullmatch),
        (re.compile(rf"{service}_NAME"), _CONTAINER_NAME.fullmatch),
    )


_ANY_SERVICE = r"\w+?"  # a Service named itwin-auth links ITWIN_AUTH_SERVICE_HOST...
_LINKS_TO_IOTPLAN = _link_shapes(_SERVICE)
_ANY_LINKS = _link_shapes(_ANY_SERVICE)


def is_service_link(name: str, environ: Mapping[str, str]) -> bool:
    """Whether `name` is a Kubernetes service link's or a Docker link's to a Service or container
    named iotplan or iotplan-*, by its name and value."""
    return _is_a_link(name, environ, _LINKS_TO_IOTPLAN, re.compile(_SERVICE))


def is_link(name: str, environ: Mapping[str, str]) -> bool:
    """Whether `name` is a Kubernetes service link's or a Docker link's to any Service or container
    (ITWIN_TOKEN_PORT_443_TCP=tcp://10.0.0.7:443), by its name and value."""
    return _is_a_link(name, environ, _ANY_LINKS, re.compile(_ANY_SERVICE))


def _is_a_link(
    name: str,
    environ: Mapping[str, str],
    shapes: tuple[tuple[re.Pattern[str], Callable[[str], object]], ...],
    service: re.Pattern[str],
) -> bool:
    """By its name and value. A linked container's own variables (`<alias>_ENV_<NAME>`, any value)
    only beside its link's `<alias>_NAME=/<container>/<alias>`."""
    value = environ[name]
    if any(shape.fullmatch(name) and holds(value) for shape, holds in shapes):
        return True
    return any(
        service.fullmatch(alias := name[: found.start()])
        and _CONTAINER_NAME.fullmatch(environ.get(f"{alias}_NAME", ""))
        for found in re.finditer("_ENV_", name)
    )
