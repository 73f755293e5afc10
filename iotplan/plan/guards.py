"""What must hold before the first write of an apply. Pure: a plan in, a refusal out.

Every guard runs before any request is sent, so a refused apply writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iotplan.errors import IotplanError
from iotplan.plan.edge import downgrade_said, downgrades
from iotplan.plan.model import Action, Cause, Change, Plan, Refusal, widest_first
from iotplan.secrets import ENV_REFERENCE, reads_as_a_variable_name, shown_reference
from iotplan.wording import counted, first, first_lines, observations, observations_held

LISTED = 20  # addresses a refusal names before it summarises the rest
# Resolves a secret reference to its value, or None when it is not set.
SecretLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Permissions:
    """What the user allowed on the command line."""

    allow_destroy: bool = False
    allow_disconnect: bool = False
    allow_data_model_change: bool = False
    allow_downgrade: bool = False

    def allows(self, flag: str) -> bool:
        return FLAGS[flag].given(self)


def refuse_unsafe(plan: Plan, permissions: Permissions, lookup: SecretLookup) -> None:
    refuse_data_loss(plan, permissions)
    refuse_data_model_changes(plan, permissions)
    refuse_disconnects(plan, permissions)
    refuse_downgrades(plan, permissions)
    refuse_unset_secrets(plan, lookup)


def _writes_cut_off(change: Change) -> bool:
    return change.cuts_off and change.action.writes


@dataclass(frozen=True)
class Flag:
    """A flag a guard asks for: the changes that need it, what the user gave for it, and what needs
    it said of one change and of many (`removal destroys history`)."""

    needs: Callable[[Change], bool]
    given: Callable[[Permissions], bool]
    one: str
    many: str


# Each flag once: one rule for the refusals below, the flags a rerun is told it needs too (`_rerun`),
# and the hint a saved plan gives (flags_needed). A flag in one table and not another made a refusal
# raise KeyError while it named the others.
FLAGS: dict[str, Flag] = {
    "--allow-destroy": Flag(
        lambda change: change.destroys_data,
        lambda given: given.allow_destroy,
        "removal destroys history",
        "removals destroy history",
    ),
    "--allow-data-model-change": Flag(
        lambda change: change.rereads_data,
        lambda given: given.allow_data_model_change,
        "change alters how history reads",
        "changes alter how history reads",
    ),
    "--allow-disconnect": Flag(
        _writes_cut_off,
        lambda given: given.allow_disconnect,
        "gateway setting may cut a gateway off",
        "gateway settings may cut a gateway off",
    ),
    "--allow-downgrade": Flag(
        downgrades,
        lambda given: given.allow_downgrade,
        "app update sends a gateway back to an older version",
        "app updates send gateways back to an older version",
    ),
}


def flags_needed(plan: Plan) -> list[str]:
    """The flags an apply of `plan` must be given."""
    return [flag for flag, needed in FLAGS.items() if any(map(needed.needs, plan.changes))]


def refuse_data_loss(plan: Plan, permissions: Permissions) -> None:
    """History is never destroyed by accident: removals of what holds observations need a flag."""
    destroying = widest_first(filter(FLAGS["--allow-destroy"].needs, plan.changes))
    if not destroying or permissions.allow_destroy:
        return
    total = sum(change.observations for change in destroying)
    amount = observations(total, any(c.observations_unknown for c in destroying))
    raise IotplanError(
        f"this apply would destroy {amount}, which cannot be recovered:\n"
        f"{first_lines([f'{c.address}: {_count(c)}' for c in destroying], LISTED)}\n"
        f"{_rerun('--allow-destroy', plan, permissions)}"
    )


def _count(change: Change) -> str:
    return observations_held(change.observations, change.observations_unknown)


def refuse_data_model_changes(plan: Plan, permissions: Permissions) -> None:
    """New metrics or units on a sensor with history, or a THREAD logger's or sensor's new channel, zero
    date or mode, change how that history reads."""
    rereading = list(filter(FLAGS["--allow-data-model-change"].needs, plan.changes))
    if not rereading or permissions.allow_data_model_change:
        return
    hold = "hold or may hold" if any(c.observations_unknown for c in rereading) else "hold"
    raise IotplanError(
        f"this apply would change {_data_model_of(rereading)} that {hold} observations, which changes "
        f"how their history reads:\n{first_lines([f'{c.address}: {_count(c)}' for c in rereading], LISTED)}\n"
        f"{_rerun('--allow-data-model-change', plan, permissions)}"
    )


def _data_model_of(rereading: list[Change]) -> str:
    """What the refused changes alter: on a THREAD, a logger's or sensor's channel, zero date or mode
    (FieldChange.rereads_history), which no metric or unit names."""
    if any(change.on_thread for change in rereading):
        return (
            "the metrics or units of sensors, or the channel, zero date or mode of THREAD loggers "
            "and sensors,"
        )
    return "the metrics or units of sensors"


def refuse_disconnects(plan: Plan, permissions: Permissions) -> None:
    """A setting that can cut a gateway off is written only when asked, and never after others."""
    risky = list(filter(FLAGS["--allow-disconnect"].needs, plan.changes))
    if not risky or permissions.allow_disconnect:
        return
    raise IotplanError(
        "this apply would write gateway settings that can cut a gateway off from the platform:\n"
        f"{first_lines([str(change.address) for change in risky], LISTED)}\n"
        f"{_rerun('--allow-disconnect', plan, permissions)}"
    )


def refuse_downgrades(plan: Plan, permissions: Permissions) -> None:
    """An application older than the gateway reports is installed only when asked: a manifest pinning
    the version, applied by a timer or a nightly job, would undo every update the vendor makes."""
    older = list(filter(FLAGS["--allow-downgrade"].needs, plan.changes))
    if not older or permissions.allow_downgrade:
        return
    gateways = len({change.connection for change in older})  # one app_version each
    sent_back = f"send {counted(gateways, 'gateway')} back to an older application"
    they_run = "it runs" if gateways == 1 else "they run"
    raise IotplanError(
        f"this apply would {sent_back} than {they_run}:\n"
        f"{first_lines([f'{change.address}: {downgrade_said(change)}' for change in older], LISTED)}\n"
        f"{_rerun('--allow-downgrade', plan, permissions)}"
    )


def _rerun(flag: str, plan: Plan, permissions: Permissions) -> str:
    """`Re-run with --allow-destroy if that is intended.`, naming every flag the plan needs and was
    not given: a refusal naming one, then its rerun refused over the next, took a run per flag."""
    others = [other for other in flags_needed(plan) if other != flag and not permissions.allows(other)]
    if not others:
        return f"Re-run with {flag} if that is intended."
    also = " or ".join(f"{other} ({_needing(other, plan)})" for other in others)
    return f"Re-run with {' '.join([flag, *others])} if that is intended: it is refused without {also} too."


def _needing(flag: str, plan: Plan) -> str:
    """`9,975 changes alter how history reads`: what needs `flag`, counted."""
    needed = FLAGS[flag]
    count = sum(map(needed.needs, plan.changes))
    return f"{count:,} {needed.one if count == 1 else needed.many}"


# What a refusal says of a token the plan could not compare: unset, the plan cannot tell whether the
# platform's token differs, so whether it writes it (set, a differing one is written: fz122).
_NOT_COMPARED = (
    ": without it the plan cannot compare it with the platform's token, so cannot tell whether to write it"
)
# Where a refusal is written in the manifest, where that can be told (commands/refusal_places.py).
Locate = Callable[[Sequence[Refusal]], Sequence[Refusal]]


def refuse_unset_secrets(plan: Plan, lookup: SecretLookup, locate: Locate = lambda found: found) -> None:
    """Every secret a write carries resolves now, not halfway through the apply; a plan that
    needs one that is unset is refused too, so nobody approves a plan that cannot run. So is a
    plan that could not compare a token: unset, it would call a connection in sync unseen."""
    # The members looked up once, not for each of a fleet's 111,100 changes (an enum's member is
    # found through a descriptor: 20 ms).
    writes, unverifiable = (Action.CREATE, Action.UPDATE), Cause.UNVERIFIABLE
    unset = [
        (
            Refusal(
                change.address,
                f"{change.address}: auth_token {_said(str(reference))} is not set (or empty) in the "
                "environment" + ("" if change.action in writes else _NOT_COMPARED),
                edits_field="auth_token",
            ),
            str(reference),
            change.action is not Action.CREATE,  # its connection exists: it holds a token already
        )
        for change in plan.changes
        if (change.action in writes or change.cause is unverifiable)
        and (reference := (change.after or {}).get("auth_token")) is not None
        and lookup(str(reference)) is None
    ]
    if not unset:
        return
    said = [str(refusal) for refusal in locate([refusal for refusal, _, _ in unset])]
    # "needs", not "writes": a site in sync is listed for a token the plan only compares.
    listed = (
        said[0] if len(said) == 1 else "secrets this plan needs are not set:\n" + first_lines(said, LISTED)
    )
    references = [reference for _, reference, _ in unset]
    live = any(exists for _, _, exists in unset)
    raise IotplanError(listed + _how_to_set(references) + _how_to_leave(live) + _how_to_name(references))


def _how_to_leave(live: bool) -> str:
    """The way out for a team that never knew a live connection's token (an imported one): left out,
    it is not sent, so the platform keeps it where an update merges (A2). Not for a connection to
    create, which would then have none."""
    if not live:
        return ""
    return (
        "\nOr, where nobody knows the token of a connection that exists already, delete its `auth_token:` "
        "line: iotplan then leaves the token as the platform holds it, unmanaged (but where updates replace "
        "props, check-platform A2, the next update of the connection drops it)."
    )


def _said(reference: str) -> str:
    """A reference as the refusal quotes it: a saved plan is not validated, and one may hold a token
    where the variable's name goes (`${env:sk_test_...}`), which is never quoted."""
    shown = shown_reference(reference)
    return reference if shown == reference else f"{shown} (holding a token where the variable's name goes)"


def _how_to_name(references: list[str]) -> str:
    """The next step for a reference holding a token where the variable's name goes."""
    if all(shown_reference(reference) == reference for reference in references):
        return ""
    return (
        "\nWrite a variable's name in the manifest where the token is, such as '${env:SITE_A_TOKEN}', "
        "export the token under it, plan again, and revoke the token if the file or plan was shared."
    )


def _how_to_set(references: list[str]) -> str:
    """`Export DAM_A_TOKEN (or set the CI secret) and re-run.`: each variable once; a secret's value
    is never in a message, its name is (a name that reads as a token is not: `_said`)."""
    names = list(
        dict.fromkeys(
            match.group(1)
            for match in map(ENV_REFERENCE.fullmatch, references)
            if match and reads_as_a_variable_name(match.group(1))
        )
    )
    if not names:
        return ""
    secrets = "secret" if len(names) == 1 else "secrets"
    return f"\nExport {first(names, LISTED)} (or set the CI {secrets}) and re-run."
