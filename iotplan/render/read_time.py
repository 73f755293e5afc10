"""When a plan's or drift report's read of the platform began (`read_at`), as its views say it: a
saved one shown a week later must not read as today's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from iotplan.wording import counted

NOT_RECORDED = "read time not recorded"
# The units an age is told in, each from the size where it reads better than the one before.
AGE_UNITS = ((timedelta(days=2), timedelta(days=1), "day"), (timedelta(hours=2), timedelta(hours=1), "hour"))


# What a merge of shards read more than a few minutes apart says of its reads (plan/merge.py
# `latest_read_if_apart`): a change between them shows in the later shards only.
SHARDS_READ_APART = (
    "its shards were read at different times: a change made between them shows in the later shards only"
)


def read_time(read_at: datetime | None) -> str:
    """`2026-12-05 07:30 UTC` (the minute it began; the JSON keeps the second), or that it is not
    recorded (a plan or report saved before iotplan recorded it)."""
    if read_at is None:
        return NOT_RECORDED
    return read_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def read_line(read_at: datetime | None, now: datetime) -> str:
    """`Read from the platform at 2026-12-05 07:30 UTC (3 days ago).`: what `show` says of a saved one."""
    if read_at is None:
        return f"Read from the platform: {NOT_RECORDED} (saved by an iotplan that did not record it)."
    return f"Read from the platform at {read_time(read_at)} ({age(now - read_at)})."


def reads_apart_line(read_at: datetime, until: datetime) -> str:
    """What `merge` says on stderr of shards read apart, naming the earliest and the latest read."""
    return (
        f"Note: {SHARDS_READ_APART} (from {read_time(read_at)} to {read_time(until)}); for one moment's "
        "view, run every shard again."
    )


def age(elapsed: timedelta) -> str:
    """`3 days ago`, `5 hours ago`, `12 minutes ago`, whole units, rounded down; a time past this
    machine's clock (another machine's, set ahead) said so rather than read as fresh."""
    if elapsed < -timedelta(minutes=1):
        return "later than this machine's clock says it is now"
    for at_least, unit, name in AGE_UNITS:
        if elapsed >= at_least:
            return f"{counted(elapsed // unit, name)} ago"
    minutes = max(elapsed // timedelta(minutes=1), 0)
    return f"{counted(minutes, 'minute')} ago" if minutes else "less than a minute ago"
