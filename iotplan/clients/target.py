"""Which platform a command talks to, and with what credential. Explicit flags beat the
environment, always, and two flags that name different targets are an error:

- `--sim-db FILE`: the embedded platform in FILE, even when IOTPLAN_* variables name another
  platform (the target line says they were ignored); with `--endpoint` as well, an error.
- `--endpoint URL`, else IOTPLAN_ENDPOINT: that platform, with the credential from
  IOTPLAN_API_KEY, IOTPLAN_TOKEN, or IOTPLAN_CLIENT_ID + IOTPLAN_CLIENT_SECRET.
- a credential alone: the iTwin IoT platform itself (https://iiot.bentley.com).
- nothing: the embedded platform in .iotplan/sim.db, seeded with the demo on first use; but not
  beside the platform's credential under a name iotplan does not read (ITWIN_API_KEY), where a real
  platform is meant: an error, --sim-db choosing it there.
- a flag, or a variable it would read, set but empty: an error, never the default it would mean
  unset (a CI system passes a missing variable or secret as "").
- an IOTPLAN_* variable iotplan does not read (IOTPLAN_APIKEY, IOTPLAN_API_URL), whatever the
  target: an error naming it, never a demo run that exits 0 nor a run on https://iiot.bentley.com
  in place of the endpoint meant; so too a name close to one iotplan reads under another prefix
  (IOTPALN_ENDPOINT), and IOTPLAN_GATEWAY_URL, only --on-device's, where no endpoint is given
  (clients/variables.py). A Kubernetes or Docker link's (IOTPLAN_SERVICE_HOST=10.0.0.5) is left
  alone.

The platform's JSON-RPC API (the devices and sensors under THREADs) goes with the target: the
embedded platform's in-process, a real one's over WebSocket at `--rpc-endpoint`, else
IOTPLAN_RPC_ENDPOINT, else the REST host on the documented port (`wss://<host>:4201`), with the
same credential. A flag names a whole target, never half of it (Terraform's and kubectl's rule):
`--rpc-endpoint` without `--endpoint` is an error, as its REST half would be another platform's;
`--endpoint` naming another platform than IOTPLAN_ENDPOINT's takes its JSON-RPC from the flag's
host or `--rpc-endpoint`, never from IOTPLAN_RPC_ENDPOINT, which belongs to the environment's
platform (the target line says it was ignored). It connects on its first request only, so a
manifest without THREAD entities to write never opens it.

A real platform's requests, REST and JSON-RPC, go through the proxy the environment names
(HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), checked with the target (clients/proxy.py).

`--insecure` turns TLS verification off for every connection of the run: the platform, the token
endpoint, the JSON-RPC WebSocket and THREAD gateways served over https. A target is described
and identified without any secret: `identity` and `rpc_identity` are what a saved plan records to
refuse another target.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import stat
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from iotplan.clients.auth import (
    CREDENTIAL_VARIABLES,
    TOKEN_URL_VARIABLE,
    ApiKey,
    ClientCredentials,
    Credential,
    credential_from_env,
)
from iotplan.clients.edge import EdgeClient
from iotplan.clients.endpoint import (
    WEBSOCKET_SCHEMES,
    Endpoints,
    checked_url,
    derived_rpc_url,
    has_userinfo,
    without_userinfo,
)
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import (
    ConnectionLost,
    Handler,
    InProcessTransport,
    JsonRpcTransport,
    WebSocketTransport,
)
from iotplan.clients.observe import event_hooks
from iotplan.clients.paging import PAGE_WINDOW
from iotplan.clients.platform import PlatformClient
from iotplan.clients.proxy import ProxiedTransport, Proxy, ProxyRoutes, proxy_routes
from iotplan.clients.throttle import to_stderr
from iotplan.clients.variables import (
    ENDPOINT_VARIABLE,
    PLATFORM_RUN,
    RPC_ENDPOINT_VARIABLE,
    TARGET_VARIABLES,
    platform_credentials_elsewhere,
    refuse_stray_variables,
    shown_name,
    unread_said,
    unread_variables,
)
from iotplan.errors import IotplanError, PlatformError, ProjectNotFound
from iotplan.secrets import is_empty, masked_in_place, without_url_credentials
from iotplan.wording import joined

if TYPE_CHECKING:
    import sqlite3

PLATFORM_URL = "https://iiot.bentley.com"
EMBEDDED_URL = "http://iotplan-embedded"
EMBEDDED_KEY = "demo-key"  # the embedded platform's seeded API key
DEFAULT_SIM_DB = Path(".iotplan/sim.db")
EMBEDDED_FOLDER = ".iotplan"  # iotplan's own folder: it may tighten and ignore it
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
EDGE_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass(frozen=True)
class TargetOptions:
    endpoint: str | None = None  # --endpoint as typed; None: IOTPLAN_ENDPOINT, if set
    insecure: bool = False  # no TLS verification anywhere in the run
    sim_db: Path | None = None  # --sim-db as typed; None: not given (DEFAULT_SIM_DB if embedded)
    parallelism: int = 16
    rate_limit: float | None = None  # requests a second to the platform, when its limit is known
    shards: int = 1  # processes sharing the platform's rate at once (--shard i/n's n): a tier's bound is 1/n
    shard: int = 1  # which of them this is (--shard i/n's i): its turns' slots under a known rate
    rpc_endpoint: str | None = None  # --rpc-endpoint as typed; None: IOTPLAN_RPC_ENDPOINT or derived

    def flags(self) -> list[str]:
        """The target options as given, for a command a message offers to reach the same target (a
        saved plan's apply, drift's `plan`). Never a credential: those stay in the environment, and a
        user name and password written into --endpoint are dropped, as the platform is never sent them
        either."""
        flags: list[str] = []
        if self.endpoint:
            flags += ["--endpoint", without_userinfo(self.endpoint)]
        if self.rpc_endpoint:
            flags += ["--rpc-endpoint", without_userinfo(self.rpc_endpoint)]
        if self.sim_db is not None:
            flags += ["--sim-db", masked_in_place(str(self.sim_db))]
        return [*flags, *(["--insecure"] if self.insecure else [])]


@dataclass(frozen=True)
class Target:
    client: PlatformClient
    description: str  # for the user: never a secret
    open_gateway: Callable[[str], EdgeClient]
    identity: str  # `scheme://host[:port]/path` or `embedded:<absolute db path>`: never a secret
    jsonrpc: JsonRpcClient | None = None  # the JSON-RPC API: connects on its first request
    rpc_identity: str = ""  # a real platform's JSON-RPC WebSocket, `ws[s]://host[:port]/path`; "": in-process

    @property
    def endpoints(self) -> Endpoints:
        """Its two endpoints as a message names them (a count's warning)."""
        return Endpoints.of(self.identity, self.rpc_identity)


_InClear = tuple[str, tuple[str, ...]]  # what is sent ("the API key"), and over which settings


@dataclass(frozen=True)
class _Choice:
    """Where requests go, decided before anything is opened."""

    url: str | None  # None: the embedded platform
    sim_db: Path
    credential: Credential | None
    ignored: tuple[str, ...] = ()  # environment variables an explicit flag overrode
    note: str = ""  # what the user gave that is not used
    rpc_url: str | None = None  # the JSON-RPC WebSocket of a real platform
    # A real platform's: the routes the environment's proxy variables make, checked.
    proxies: ProxyRoutes = field(default_factory=ProxyRoutes)
    unread: tuple[str, ...] = ()  # --sim-db's: IOTPLAN_* variables iotplan does not read, said ignored
    chosen_by_nothing: bool = False  # the embedded demo, as no flag, endpoint nor credential was given
    # What goes unencrypted to another machine, each with the settings carrying it (`_InClear`).
    in_clear: tuple[_InClear, ...] = ()


def identity_of(options: TargetOptions, environ: Mapping[str, str]) -> tuple[str, str]:
    """The identity and JSON-RPC identity `open_target` gives the target these options choose,
    without opening it (opening the embedded platform creates its database): what a saved plan's
    apply compares with the target the plan was made against (commands/apply.py)."""
    choice = choose_target(options, environ, _GIVE_THE_SAVED_PLANS_TARGET)
    return _identity(choice), choice.rpc_url or ""


def _identity(choice: _Choice) -> str:
    return choice.url if choice.url is not None else f"embedded:{choice.sim_db.resolve()}"


def choose_target(options: TargetOptions, environ: Mapping[str, str], give: str | None = None) -> _Choice:
    """Where the run goes. `give`: how a refusal of the embedded demo chosen by nothing says to give
    the target meant, where the caller knows better (a saved plan names its own)."""
    if options.sim_db is not None:
        _refuse_a_real_platform_beside_sim_db(options)
        overridden = tuple(name for name in TARGET_VARIABLES if environ.get(name))
        return _Choice(None, options.sim_db, None, overridden, unread=unread_variables(environ))
    _refuse_an_empty_endpoint(options, environ)
    _refuse_an_rpc_endpoint_alone(options, environ)
    endpoint = options.endpoint or environ.get(ENDPOINT_VARIABLE) or None
    name = "--endpoint" if options.endpoint else ENDPOINT_VARIABLE
    url = checked_url(endpoint, name) if endpoint else None  # checked before the credential is read
    if url is not None:
        refuse_the_api_path(url, name, "platform's")
    credential = _credential_after_strays(environ)
    _refuse_stray_variables(environ, url, credential)
    if url is None and credential is None:
        _refuse_rpc_variable_alone(environ)
        _refuse_empty_variables_before_the_embedded_platform(environ)
        _refuse_the_implicit_demo_where_a_platform_is_meant(environ, give or _GIVE_THE_PLATFORM_OR_THE_DEMO)
        return _Choice(None, DEFAULT_SIM_DB, None, chosen_by_nothing=True)
    if credential is None:
        raise IotplanError(
            f"no credential for {url}: set IOTPLAN_API_KEY, IOTPLAN_TOKEN, or "
            f"IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET{_empty_said(environ, CREDENTIAL_VARIABLES)}"
        )
    url = url or PLATFORM_URL
    rpc_url, ignored = _rpc_url(options, environ, url)
    note = _unused_userinfo(
        (name, endpoint),
        ("--rpc-endpoint", options.rpc_endpoint),
        (
            RPC_ENDPOINT_VARIABLE,
            None if options.rpc_endpoint or ignored else environ.get(RPC_ENDPOINT_VARIABLE),
        ),
        (
            TOKEN_URL_VARIABLE,
            environ.get(TOKEN_URL_VARIABLE) if isinstance(credential, ClientCredentials) else None,
        ),
    )
    proxies = proxy_routes(environ)  # checked here: a bad one is refused before any connection
    in_clear = _in_clear(credential, (name, url), (_rpc_named(options, name, url, rpc_url), rpc_url))
    return _Choice(
        url,
        DEFAULT_SIM_DB,
        credential,
        ignored,
        note=note,
        rpc_url=rpc_url,
        proxies=proxies,
        in_clear=in_clear,
    )


def _rpc_named(options: TargetOptions, name: str, url: str, rpc_url: str) -> str:
    """Where the JSON-RPC WebSocket came from, as a warning names it."""
    if options.rpc_endpoint:
        return "--rpc-endpoint"
    return "its JSON-RPC" if rpc_url == derived_rpc_url(url) else RPC_ENDPOINT_VARIABLE


def _in_clear(credential: Credential, *platform: tuple[str, str | None]) -> tuple[_InClear, ...]:
    """What `credential` sends unencrypted to another machine, and over which settings: with OAuth
    the platform gets only the access token, and the token URL the client credentials."""
    if not isinstance(credential, ClientCredentials):
        sent = [(f"the {credential.kind}", _sent_in_clear(*platform))]
    else:
        sent = [
            ("the access token", _sent_in_clear(*platform)),
            (f"the {credential.kind}", _sent_in_clear((TOKEN_URL_VARIABLE, credential.token_url))),
        ]
    return tuple((what, over) for what, over in sent if over)


def _sent_in_clear(*given: tuple[str, str | None]) -> tuple[str, ...]:
    """The URLs (with the setting naming each) that carry the credential over plain http:// or ws://
    to another machine: a warning, not a refusal, as an on-prem platform behind a VPN may be so."""
    return tuple(
        f"{setting} {without_url_credentials(url)} (plain {scheme}://)"
        for setting, url in given
        if url
        and (scheme := urllib.parse.urlsplit(url).scheme.lower()) in ("http", "ws")
        and not _loopback(url)
    )


def _loopback(url: str) -> bool:
    """Whether `url`'s host is this machine: `localhost`, a loopback address (127/8, ::1, and
    ::ffff:127.0.0.1, IPv4's mapped), or 0.0.0.0 and ::, which a connection takes as this machine.
    No name is looked up: a host name that resolves to 127.0.0.1 is still warned of."""
    host = (urllib.parse.urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = _ip_address(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and (address.is_loopback or address.is_unspecified)


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """`host` as an IP address, read as the system's resolver reads one without a lookup: also its
    short IPv4 forms (`127.1`, `2130706433`, `0x7f.1`), which `ipaddress` refuses."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):  # not an address: a name (inet_aton reads no name)
        return None


def _warn_of_credentials_in_clear(choice: _Choice) -> None:
    """Said once, when the target opens: before its first request."""
    for what, over in choice.in_clear:
        verb = "are" if what.endswith("s") else "is"
        to_stderr(
            f"Warning: {what} {verb} sent unencrypted to another machine over {joined(over)}: "
            "use TLS (https://, wss://) unless the network between is private (a VPN)"
        )


def _refuse_an_rpc_endpoint_alone(options: TargetOptions, environ: Mapping[str, str]) -> None:
    """`--rpc-endpoint` names half a target: without `--endpoint`, REST went to IOTPLAN_ENDPOINT's
    platform (left over from another one) or the default platform's, and an apply wrote there."""
    if options.rpc_endpoint is None or options.endpoint is not None:
        return
    rpc = checked_url(options.rpc_endpoint, "--rpc-endpoint", schemes=WEBSOCKET_SCHEMES)
    raise IotplanError(
        f"--rpc-endpoint {rpc} names only a platform's JSON-RPC API: without --endpoint its REST API "
        f"would be {_rest_half_paired(environ)}. Give both: --endpoint URL --rpc-endpoint URL"
    )


def _rest_half_paired(environ: Mapping[str, str]) -> str:
    """The REST API `--rpc-endpoint` alone would have been paired with, as the refusal names it."""
    if environ.get(ENDPOINT_VARIABLE):
        url = checked_url(environ[ENDPOINT_VARIABLE], ENDPOINT_VARIABLE)
        return f"{ENDPOINT_VARIABLE}'s, {url}, perhaps another platform"
    if any(environ.get(name) for name in CREDENTIAL_VARIABLES):
        return f"the default platform's, {PLATFORM_URL}, perhaps another platform"
    return (
        "the embedded demo platform's, which answers JSON-RPC in-process (a real one needs a credential too)"
    )


def _credential_after_strays(environ: Mapping[str, str]) -> Credential | None:
    """The credential the environment gives; when it gives half of one (IOTPLAN_CLIENT_ID beside
    IOTPLAN_CLIENT_SECRT), the variables a platform run does not read are refused first, so that the
    half misspelt is named, not said missing."""
    try:
        return credential_from_env(environ)
    except IotplanError as error:
        refuse_stray_variables(environ, PLATFORM_RUN, f"the run would stop ({error})", None)
        raise


def _refuse_stray_variables(
    environ: Mapping[str, str], url: str | None, credential: Credential | None
) -> None:
    """The variables a platform run does not read that may be the one meant are refused, saying
    where the run would go without them: before the credential's own errors, so that IOTPLAN_APIKEY
    is named, not said missing."""
    if url is None:
        gone, give = _EMBEDDED_BY_DEFAULT if credential is None else _PLATFORM_BY_DEFAULT
        refuse_stray_variables(environ, PLATFORM_RUN, gone, give)
    elif credential is None:
        refuse_stray_variables(environ, PLATFORM_RUN, f"the run would find no credential for {url}", None)
    else:
        refuse_stray_variables(environ, PLATFORM_RUN, f"the run would go to {url}", None)


# Where a run with no endpoint given goes, and how to give the one meant.
_PLATFORM_BY_DEFAULT = (
    f"with no endpoint given the run would go to the default platform, {PLATFORM_URL}",
    f"give the endpoint as {ENDPOINT_VARIABLE} or --endpoint ({PLATFORM_URL} itself if it is meant)",
)
_EMBEDDED_BY_DEFAULT = (
    "with no endpoint nor credential given the run would go to the embedded demo platform",
    f"give the endpoint as {ENDPOINT_VARIABLE} or --endpoint, with a credential (--sim-db if the embedded "
    "platform is meant)",
)


def _unused_userinfo(*given: tuple[str, str | None]) -> str:
    """What the target line says of the URLs used that carried a user name and password: dropped."""
    named = [name for name, url in given if url and has_userinfo(url)]
    return f"the user name and password in {' and '.join(named)} are not used" if named else ""


def _refuse_a_real_platform_beside_sim_db(options: TargetOptions) -> None:
    """A flag naming a real platform's API beside --sim-db is a second target, never passed over."""
    for flag, given, what in (
        ("--endpoint", options.endpoint, "a real one"),
        (
            "--rpc-endpoint",
            options.rpc_endpoint,
            "a real one's JSON-RPC (the embedded one answers in-process)",
        ),
    ):
        if given is not None:
            raise IotplanError(
                f"--sim-db and {flag} name two different targets: give one (--sim-db is the embedded "
                f"platform, {flag} {what})"
            )


def _empty_variables(environ: Mapping[str, str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if is_empty(environ.get(name))]


def _empty_said(environ: Mapping[str, str], names: tuple[str, ...]) -> str:
    """The note an error adds when a variable it asks for is set but empty."""
    empty = _empty_variables(environ, names)
    return f" ({joined(empty)} set but empty: a missing CI secret?)" if empty else ""


def refuse_the_api_path(url: str, name: str, whose: str) -> None:
    """Refused, not stripped (a URL is never guessed at): iotplan adds `/api/...` itself, so a URL
    ending in /api sent `/api/api/...`, whose 404 reads as an entity or a serial missing."""
    if urllib.parse.urlsplit(url).path.rstrip("/").lower().endswith("/api"):
        raise IotplanError(f"{name} ends in /api, which iotplan adds itself: give the {whose} URL without it")


def _refuse_an_empty_endpoint(options: TargetOptions, environ: Mapping[str, str]) -> None:
    """An empty endpoint never means "the default one": read as unset, a missing CI variable would
    send a staging run to production (https://iiot.bentley.com), or to the embedded platform."""
    for flag, given in (("--endpoint", options.endpoint), ("--rpc-endpoint", options.rpc_endpoint)):
        if is_empty(given):
            raise IotplanError(
                f"{flag} is empty: give the URL (an unset shell variable?), or leave the flag out"
            )
    if options.endpoint is None and is_empty(environ.get(ENDPOINT_VARIABLE)):
        raise IotplanError(
            f"{ENDPOINT_VARIABLE} is set but empty: a missing CI variable? Set it to the platform's URL, or "
            f"unset it (then a credential alone means {PLATFORM_URL}, and none the embedded platform)"
        )


def _refuse_empty_variables_before_the_embedded_platform(environ: Mapping[str, str]) -> None:
    """No endpoint and no credential means the embedded demo platform, but not when a target or
    credential variable is there and empty: that is a missing secret, and an apply to the embedded platform
    would succeed having written nowhere real."""
    empty = _empty_variables(environ, TARGET_VARIABLES)
    if empty:
        verb, them, meant = ("is", "it", "it") if len(empty) == 1 else ("are", "them", "those meant")
        raise IotplanError(
            f"{' and '.join(empty)} {verb} set but empty: a missing CI secret or variable? Set {meant}, or "
            f"unset {them} to use the embedded platform"
        )


def _refuse_the_implicit_demo_where_a_platform_is_meant(environ: Mapping[str, str], give: str) -> None:
    """The embedded demo, chosen by nothing given, is for trying iotplan. Beside a credential for the
    platform under a name iotplan does not read (ITWIN_API_KEY), a real platform is meant, and a run
    on the demo exits 0 having written nowhere real (a green apply in a pipeline): refused there,
    --sim-db choosing it, as it does anywhere. `give`: how to give the target meant."""
    elsewhere = platform_credentials_elsewhere(environ)
    if not elsewhere:
        return
    verb, that = ("is", "that name") if len(elsewhere) == 1 else ("are", "those names")
    named = joined([shown_name(name) for name in elsewhere])
    raise IotplanError(
        f"{named} {verb} set, but iotplan reads no credential under {that}, so {_EMBEDDED_BY_DEFAULT[0]}: "
        f"{give}"
    )


# How to leave the embedded demo chosen by nothing given, for the platform or for the demo by name.
_GIVE_THE_PLATFORM_OR_THE_DEMO = (
    "set the credential as IOTPLAN_API_KEY, IOTPLAN_TOKEN, or IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET "
    f"(the platform is {PLATFORM_URL} unless {ENDPOINT_VARIABLE} or --endpoint names another), or give "
    f"--sim-db {DEFAULT_SIM_DB} if the embedded demo is meant"
)
# A saved plan names its target: set as the credential first, the demo's plan met a second refusal
# ("this plan was made against embedded:..."), so either is given as the plan's.
_GIVE_THE_SAVED_PLANS_TARGET = (
    f"give the target the plan was made against: --sim-db {DEFAULT_SIM_DB} (or the database it was made "
    "on) if on the embedded demo, else its credential as IOTPLAN_API_KEY, IOTPLAN_TOKEN, or "
    f"IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET (the platform is {PLATFORM_URL} unless {ENDPOINT_VARIABLE} "
    "or --endpoint names another)"
)


def _on_the_implicit_demo(error: ProjectNotFound) -> PlatformError:
    """A project not found on the embedded demo chosen by nothing given: the id is likely right and
    the run meant for a platform, so the error names the target, not "Fix the id"."""
    return PlatformError(
        f"{error.where} (project {error.project_id}) was not found on the embedded demo platform, the "
        f"target when no endpoint nor credential is set ({error.answered}): {_GIVE_THE_PLATFORM_OR_THE_DEMO}",
        request=error.request,
        response=error.response,
    )


def _refuse_rpc_variable_alone(environ: Mapping[str, str]) -> None:
    """IOTPLAN_RPC_ENDPOINT names a real platform: without its endpoint and credential it is half a
    target, never a reason to fall back to the embedded platform in silence."""
    if environ.get(RPC_ENDPOINT_VARIABLE, "").strip():
        raise IotplanError(
            f"{RPC_ENDPOINT_VARIABLE} names a real platform's JSON-RPC API, but neither {ENDPOINT_VARIABLE} "
            "nor a credential is set: set them too, or unset it (the embedded platform answers JSON-RPC "
            "in-process; --sim-db chooses it whatever IOTPLAN_* variables say)"
        )


def _rpc_url(
    options: TargetOptions, environ: Mapping[str, str], rest_url: str
) -> tuple[str, tuple[str, ...]]:
    """The JSON-RPC WebSocket that goes with `rest_url`, and IOTPLAN_RPC_ENDPOINT when it was
    passed over: it belongs to the environment's platform, not to one `--endpoint` names."""
    if options.rpc_endpoint:
        return checked_url(options.rpc_endpoint, "--rpc-endpoint", schemes=WEBSOCKET_SCHEMES), ()
    variable = environ.get(RPC_ENDPOINT_VARIABLE)
    derived = derived_rpc_url(rest_url)
    if variable is None:
        return derived, ()
    if not _environment_names(rest_url, options, environ):  # passed over: empty, it is not worth a word
        return derived, () if is_empty(variable) else (RPC_ENDPOINT_VARIABLE,)
    if is_empty(variable):
        raise IotplanError(
            f"{RPC_ENDPOINT_VARIABLE} is set but empty: a missing CI variable? Set it to {rest_url}'s "
            "JSON-RPC WebSocket, or unset it (then it is derived from the endpoint: "
            f"{derived})"
        )
    return checked_url(variable, RPC_ENDPOINT_VARIABLE, schemes=WEBSOCKET_SCHEMES), ()


def _environment_names(rest_url: str, options: TargetOptions, environ: Mapping[str, str]) -> bool:
    """Whether the environment's own endpoint is `rest_url`: no `--endpoint`, or one naming the
    same platform as IOTPLAN_ENDPOINT (a script repeating the variable as the flag)."""
    if options.endpoint is None:
        return True
    try:
        return checked_url(environ.get(ENDPOINT_VARIABLE) or "", ENDPOINT_VARIABLE) == rest_url
    except IotplanError:  # unset or malformed: the flag names a platform the environment does not
        return False


@asynccontextmanager
async def open_target(options: TargetOptions, environ: Mapping[str, str]) -> AsyncIterator[Target]:
    choice = choose_target(options, environ)
    limits = httpx.Limits(
        max_connections=options.parallelism * 2, max_keepalive_connections=options.parallelism
    )
    if choice.url is None:
        http, edge_transport, description, identity = _embedded(choice)
        rpc_transport: JsonRpcTransport = _embedded_rpc(edge_transport)
    else:
        assert choice.credential is not None  # choose_target gives a URL only with a credential
        _warn_of_credentials_in_clear(choice)
        http = _platform_http(choice, options.insecure, limits)
        edge_transport = MadeOnFirstRequest(  # §4: no auth
            lambda: httpx.AsyncHTTPTransport(limits=limits, verify=not options.insecure)
        )
        description = _described(choice, options.insecure)
        identity = _identity(choice)
        assert choice.rpc_url is not None
        rpc_transport = WebSocketTransport(
            choice.rpc_url, insecure=options.insecure, proxy=choice.proxies.for_websocket(choice.rpc_url)
        )
    edge_http = httpx.AsyncClient(transport=edge_transport, timeout=EDGE_TIMEOUT, event_hooks=event_hooks())
    already_running = asyncio.all_tasks()
    async with http, edge_http:
        credential = choice.credential or ApiKey(EMBEDDED_KEY)
        client = PlatformClient(
            http,
            page_window=min(PAGE_WINDOW, options.parallelism),
            rate=options.rate_limit,
            credential=credential.named,
            in_flight=options.parallelism,
            shards=options.shards,
            shard=options.shard,
        )
        # One pace for both APIs: the platform meters the subscription, not the protocol.
        jsonrpc = JsonRpcClient(
            rpc_transport,
            lambda: credential.jsonrpc_code(http),
            throttle=client.throttle,
            credential=credential.named,
        )
        try:
            async with jsonrpc:
                yield Target(
                    client,
                    description,
                    lambda host: EdgeClient(edge_http, host),
                    identity,
                    jsonrpc,
                    rpc_identity=choice.rpc_url or "",
                )
        except BaseException as error:
            await _settle(asyncio.all_tasks() - already_running)
            if isinstance(error, ProjectNotFound) and choice.chosen_by_nothing:
                raise _on_the_implicit_demo(error) from error
            raise


def _platform_http(choice: _Choice, insecure: bool, limits: httpx.Limits) -> httpx.AsyncClient:
    """The platform's client (the token URL's too). Given a transport, httpx reads no proxy
    variable itself: the routes checked with the target decide each request's."""
    assert choice.url is not None  # a real platform's

    def transport(proxy: Proxy | None, plain_http_only: bool) -> httpx.AsyncBaseTransport:
        # verify=False loads no certificates: a transport of plain-http requests never uses them.
        verify = not insecure and not plain_http_only
        return httpx.AsyncHTTPTransport(verify=verify, limits=limits, proxy=proxy.url if proxy else None)

    return httpx.AsyncClient(
        base_url=choice.url,
        auth=choice.credential,
        timeout=TIMEOUT,
        transport=ProxiedTransport(choice.proxies, transport),
        event_hooks=event_hooks(),
    )


def _described(choice: _Choice, insecure: bool) -> str:
    """A real platform as the target line names it: each place a request or credential goes."""
    credential = choice.credential
    assert credential is not None
    sent_to = f" via {credential.token_url}" if isinstance(credential, ClientCredentials) else ""
    assert choice.url is not None and choice.rpc_url is not None
    parts = [f"{credential.kind}{sent_to}", f"JSON-RPC {choice.rpc_url}"]
    parts += _proxies_described(choice.proxies, choice.url, choice.rpc_url)
    if insecure:
        parts.append("TLS verification OFF")
    if choice.note:
        parts.append(choice.note)
    if choice.ignored:
        ignored = ", ".join(choice.ignored)
        parts.append(f"{ignored} ignored: it belongs to the environment's platform, not to --endpoint's")
    # Masked here, where every user of a description gets it (the target line, a plan's and a drift
    # report's `target`, import's header): each URL was checked, and this never relies on it.
    return without_url_credentials(f"{choice.url} ({'; '.join(parts)})")


def _proxies_described(routes: ProxyRoutes, url: str, rpc_url: str) -> list[str]:
    """Which proxy REST and JSON-RPC go through, when one does: the same one said once."""
    rest, rpc = routes.for_url(httpx.URL(url)), routes.for_websocket(rpc_url)
    if rest == rpc:
        return [f"through {rest.named}"] if rest else []
    return [
        f"{api} {f'through {proxy.named}' if proxy else 'direct'}"
        for api, proxy in (("REST", rest), ("JSON-RPC", rpc))
    ]


class MadeOnFirstRequest(httpx.AsyncBaseTransport):
    """A transport made when its first request is sent. Most runs read no THREAD gateway, and
    making a transport loads the system's certificates: 35 ms of every plan's start."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._make = make
        self._made: httpx.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._made is None:
            self._made = self._make()
        return await self._made.handle_async_request(request)

    async def aclose(self) -> None:
        if self._made is not None:
            await self._made.aclose()


async def _settle(started: set[asyncio.Task[object]]) -> None:
    """The requests a failed command left in flight (its other reads, when one read failed) are
    cancelled and awaited before the connections close under them: otherwise they fail at exit
    with errors of their own and tracebacks, after the one clean error line."""
    leftovers = [task for task in started if task is not asyncio.current_task() and not task.done()]
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)


def _embedded(choice: _Choice) -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport, str, str]:
    from iotplan.sim import embedded_transport  # only this target needs the emulator
    from iotplan.sim.store import keep_private

    with _said_if_unopenable(choice.sim_db):
        prepare_embedded_folder(choice.sim_db)
        transport = embedded_transport(choice.sim_db)
        keep_private(choice.sim_db)
    description = f"embedded platform ({masked_in_place(str(choice.sim_db))})"
    if choice.ignored:
        description += f"; --sim-db given, so {', '.join(choice.ignored)} ignored"
    if choice.unread:
        description += f"; {unread_said(choice.unread)}"
    http = httpx.AsyncClient(
        transport=transport, base_url=EMBEDDED_URL, auth=ApiKey(EMBEDDED_KEY), event_hooks=event_hooks()
    )
    # Its THREADs answer on the same transport, by Host header.
    return http, transport, description, _identity(choice)


def _embedded_rpc(transport: httpx.AsyncBaseTransport) -> JsonRpcTransport:
    """The emulator's JSON-RPC handler, in-process: each connection a new one, as a server's."""
    from iotplan.sim import Dropped, SimTransport

    assert isinstance(transport, SimTransport)

    def connection() -> Handler:
        handler = transport.jsonrpc_connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            try:
                return await handler(request)
            except Dropped as error:  # the emulator's fault injection: the connection is gone
                raise ConnectionLost(str(error)) from None

        return answer

    return InProcessTransport(connection=connection)


@contextmanager
def _said_if_unopenable(db: Path) -> Iterator[None]:
    """A database the embedded platform cannot open (a folder in its place, `.iotplan` a file, a
    read-only mount) is said naming it, with the way out, not as an unexpected SQLite error. SQLite
    imported here: only the embedded platform needs it (1 MB of a plan's memory otherwise)."""
    import sqlite3

    try:
        yield
    except (OSError, sqlite3.OperationalError) as error:
        said = f"{db}: the embedded platform's database cannot be opened: {_what_is_wrong(db, error)}"
        # Masked whole: the file, its folder and the error's file name may each be a URL's path.
        raise IotplanError(
            f"{masked_in_place(said)}. Name another database file with --sim-db FILE, or a platform with "
            "--endpoint"
        ) from None


def _what_is_wrong(db: Path, error: OSError | sqlite3.OperationalError) -> str:
    folder = db.parent
    if db.is_dir():
        return "it is a folder, not a file"
    if folder.is_symlink() and not folder.exists():
        return f"{folder} is a link to {os.readlink(folder)}, which does not exist"
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if folder.is_dir() and not os.access(folder, os.W_OK):  # SQLite writes its -wal and -shm there
        return (
            f"{folder} cannot be written (a read-only checkout or mount), and SQLite writes beside the file"
        )
    if isinstance(error, OSError):
        return f"{error.filename}: {error.strerror}" if error.filename else str(error.strerror)
    return f"SQLite: {error}"


def prepare_embedded_folder(db: Path) -> None:
    """The embedded platform keeps token values in clear: a folder iotplan makes for it (and its
    own `.iotplan`) is the owner's alone and ignored by git. A folder of the user's is left as is."""
    folder = db.parent
    made = not folder.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if made or folder.name == EMBEDDED_FOLDER:
        if stat.S_IMODE(folder.stat().st_mode) != 0o700:  # already so on a read-only checkout: no write
            folder.chmod(0o700)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# iotplan's embedded platform: local state with tokens, never committed\n*\n")
