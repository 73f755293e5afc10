"""Every error iotplan raises on purpose, in one tree.

    IotplanError                    anything the CLI turns into a message and exit code 1
    ├── ManifestError               the manifest is wrong; carries every problem found
    │     .problems: list[Problem]  each with file, line, column, address and message
    ├── TemplateError               a Jinja2 template could not be rendered (file:line)
    ├── CatalogError                a template, metric or unit the platform does not know
    ├── PlanError                   no safe plan exists (a pinned connection is missing, a
    │   │                           protected entity would be destroyed, ...)
    │   ├── NoSafePlanError         the differ's refusals, each with the entity it concerns
    │   │     .refusals, .plan()    and the plan as diffed, which drift reports with them
    │   ├── SelectionError          --target/--exclude match nothing, or pick what cannot stand alone
    │   │   └── EmptySelectionError a pattern matches nothing, or --exclude empties --target's pick
    │   └── UnreadProjectError      a device or sensor would be created where connections went unread
    │         .ref_ids              what to look for, per project (the plan command reads, plans again)
    ├── PlatformError               an HTTP exchange with the platform or a gateway failed
    │     .request, .response       the request (method, URL) and the platform's own message
    │   ├── AuthError               401/403: missing, expired or insufficient credentials
    │   ├── AlreadyExists           a create refused because its id is taken (JSON-RPC -32009)
    │   ├── GatewayAnswerError      a THREAD answered, but not in a form its API documents
    │   └── TransportError          no answer at all: refused, timed out, dropped
    │       └── GatewayUnavailable  a THREAD that does not answer (.asleep when it sleeps, .rate_limited: 429)
    │           ├── SerialRefused   a box answered GET /api/serialNumber with a 4xx or nonsense: no serial
    │           └── SerialErred     a box answered GET /api/serialNumber with a server error (5xx)
    ├── GatewayMismatch             the THREAD at a gateway's address reports another serial
    ├── StalePlanError              a saved plan no longer matches the live platform or manifest
    ├── CountsUnknownNow            a recount cannot read counts read when reviewed; says why, and what to do
    └── ApplyError                  an apply finished with failures; carries each outcome
        └── ApplyInterrupted        Ctrl-C or SIGTERM in apply; .report: what was done, in flight, not started

Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iotplan.plan.catalog import CatalogProblem
    from iotplan.plan.model import Plan, Refusal


class IotplanError(Exception):
    """Base of every error the CLI reports as a message rather than a traceback."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a manifest, located as precisely as the source allows."""

    file: str
    line: int
    column: int
    address: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.address}: {self.message}" if self.address else f"{where}: {self.message}"


class ManifestError(IotplanError):
    """The manifest cannot be used; `problems` lists everything found, sorted by location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(IotplanError):
    """A manifest template failed to render; the message names the template's file and line."""


class CatalogError(IotplanError):
    """The manifest names a template, metric or unit the platform's catalog does not hold;
    `problems` says which and where (plan/catalog.py CatalogProblem)."""

    def __init__(self, message: str, problems: Sequence[CatalogProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class PlanError(IotplanError):
    """The manifest and the live platform cannot be reconciled safely; nothing was written."""


class NoSafePlanError(PlanError):
    """The differ refused the plan: `refusals`, each naming the entity it concerns where it can.
    `plan` makes the plan as diffed, refusals aside: never one to apply, but what a command that
    writes nothing reports, each refusal with the entity it concerns (commands/drift.py)."""

    def __init__(self, refusals: Sequence[Refusal], plan: Callable[[], Plan]) -> None:
        self.refusals = tuple(refusals)
        self.plan = plan
        super().__init__("no safe plan exists:\n" + "\n".join(f"  {refusal}" for refusal in self.refusals))


class SelectionError(PlanError):
    """`--target` or `--exclude` matches nothing, or picks what cannot be written on its own, and
    no observation count could change that (plan/select.py `counts_may_decide`): refused without
    reading them."""


class EmptySelectionError(SelectionError):
    """A pattern matches no address, or --exclude fences off all --target picks: the patterns' own
    fault, which no refusal can cause, so it is told before any (a typo must not send the user to
    the web app over an entity it never selected)."""

    def __init__(self, message: str, patterns: Sequence[str] = ()) -> None:
        super().__init__(message)
        # The options that select nothing (`--target 'dam-a/*'`): a saved plan's apply, which the user
        # gave none, names them as the plan's own (apply/stale.py `fence_selects_nothing_said`).
        self.patterns = tuple(patterns)


class UnreadProjectError(PlanError):
    """The plan creates devices or sensors in a project whose read left connections unread (another
    stack's or tool's, another shard's, a THREAD's), where their refIds may already be live.
    `ref_ids`: those refIds, per project id. commands/plan.py reads the rest, then calls `resume`,
    which finishes this plan from where it stopped: its diff stands, only the refId check waited."""

    def __init__(self, ref_ids: Mapping[str, frozenset[str]], resume: Callable[[], Plan]) -> None:
        self.ref_ids = dict(ref_ids)
        self.resume = resume
        projects = ", ".join(sorted(self.ref_ids))
        super().__init__(
            f"the plan creates devices or sensors in project {projects}, whose connections were not all "
            "read: iotplan cannot tell whether their refIds are already live there (its plan command "
            "reads them)"
        )


class PlatformError(IotplanError):
    """An HTTP exchange failed; the message names the request and the platform's own message."""

    def __init__(
        self, message: str, *, request: object = None, response: object = None, outcome_unknown: bool = False
    ) -> None:
        super().__init__(message)
        self.request = request
        self.response = response
        # A write that failed after it may have reached the platform (a 5xx, an answer lost): it
        # may or may not have been applied, and is reported so, never as "not applied".
        self.outcome_unknown = outcome_unknown


class ProjectNotFound(PlatformError):
    """A project a manifest lists (`where`: "site.yaml: projects[0]") that the target answered 404
    for, `said` with what to do (live/read.py), or `import --project`'s (commands/importing.py);
    `answered`: the platform's `error`, as said. On the embedded demo chosen by nothing given, the id
    is not what is wrong: open_target (clients/target.py) says so instead."""

    def __init__(self, said: str, where: str, project_id: str, error: PlatformError) -> None:
        super().__init__(said, request=error.request, response=error.response)
        self.where, self.project_id, self.answered = where, project_id, answered_as_said(error)


def answered_as_said(error: PlatformError) -> str:
    """What the platform answered, to be quoted within a sentence."""
    return str(error).rstrip(".")


class AuthError(PlatformError):
    """The platform refused the credential (401) or its reach (403)."""


class WriteWithdrawn(IotplanError):
    """A write not sent: its turn came after the rollout halted (apply/outcome.py `RolloutHalt`), so
    its first request never left; the message says why the rollout halted. Or a guarded write whose
    count was outdated again each time it was counted (clients/retry.py `counted_first`, `HeldAfterCounts`),
    or that its count held (apply/execute.py, apply/thread.py): `sent` when an attempt of it reached the
    platform first and was answered (a 429, or -32029, which a platform may send after making it), a
    request sent all the same."""

    sent = False


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what it was raised from or while handling, each once: the one that says why is
    often wrapped (httpx wraps the socket's or ssl's own error; a step that catches every exception,
    a KeyboardInterrupt)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        yield cause
        cause = cause.__cause__ or cause.__context__


def status_of(error: BaseException) -> int | None:
    """The HTTP status the platform answered `error` with; None where no answer came (a transport
    error) or the error carries none (JSON-RPC's, a token endpoint's)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def refuses_credential(error: BaseException) -> bool:
    """An AuthError that refuses the credential itself, so every request after it is refused alike:
    a 401, the token endpoint's refusal (no answer of the platform's at all), JSON-RPC authenticate's
    -32001 (a JSON-RPC answer, no status). A 403 refuses one request's reach (a project out of it)."""
    return isinstance(error, AuthError) and getattr(error.response, "status_code", None) != 403


def refuses_credential_or_reach(error: BaseException) -> bool:
    """`refuses_credential`, or a 403: check-platform's rule, which stops its probes on either. Its
    requests all go to one project with one credential, so a 403 on one (a key whose reach or rights
    lost the project mid-run) answers every probe after it alike, and a probe line would read as the
    platform failing an assumption. apply keeps to `refuses_credential`: its requests span projects,
    and a 403 refuses only the request it answers."""
    return isinstance(error, AuthError)


class AlreadyExists(PlatformError):
    """A create refused because an entity of its id already exists (JSON-RPC -32009): nothing was
    made, and sending it again is refused the same way."""


class GatewayAnswerError(PlatformError):
    """A THREAD answered a read with something iotplan cannot use (text where a number belongs):
    that gateway cannot be read, and nothing is written to it; the others go on."""


class TransportError(PlatformError):
    """The request got no answer: connection refused, timed out or dropped."""


class GatewayUnavailable(TransportError):
    """A THREAD gateway did not answer, or answered that it is asleep or rate limited: its work is
    pending."""

    def __init__(
        self, message: str, *, asleep: bool = False, rate_limited: bool = False, request: object = None
    ) -> None:
        super().__init__(message, request=request)
        self.asleep = asleep
        self.rate_limited = rate_limited


class SerialRefused(GatewayUnavailable):
    """A box answered GET /api/serialNumber with a client error (an authenticating proxy's 401) or
    nonsense (an HTML page): something answers there, yet says no THREAD's serial; its work waits."""


class SerialErred(GatewayUnavailable):
    """A box answered GET /api/serialNumber with a server error (500): it answers, so it is not said
    silent, yet gave no serial; its work waits as a silent one's does, the error may pass."""


class GatewayMismatch(IotplanError):
    """The box at a gateway's address reports another serial: nothing is read from or written to it."""

    def __init__(self, host: str, reported: str, expected: str) -> None:
        super().__init__(f"the gateway at {host} reports serial {reported}, not {expected}")
        self.reported = reported


class StalePlanError(IotplanError):
    """A saved plan was made against a platform or manifest that has changed since."""


class CountsUnknownNow(IotplanError):
    """A confirmed plan's recount cannot read now counts its review read (apply/recount.py): nothing
    says the platform changed, and the message says what to do for the cause the read found."""


class ApplyError(IotplanError):
    """Apply ended with at least one failed or unstarted unit of work."""


class ApplyInterrupted(ApplyError):
    """The user interrupted an apply; `report` is what it had done by then (the CLI shows it)."""

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report
