"""Injected latency, rate limits, errors and dropped connections, and request counts per route.

Every fault is decided before the backend runs, so a request answered 429 or 5xx (or dropped)
writes nothing. Faults target routes by a glob over the path; a random seed makes them repeatable.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

RATE_LIMIT = re.compile(r"(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour)", re.ASCII)
PER_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
# The iTwin Platform's subscription tiers, smallest first, with the requests a second each allows
# (developer.bentley.com, "Rate limits and quotas"): a 429 names the tier of the subscription.
PUBLISHED_TIERS = (("Trial", 500 / 60), ("Basic", 5000 / 60))


def tier_for(rate: float) -> str | None:
    """The tier a 429 names: the smallest whose published rate the emulator's limit stays within (an
    API may restrict further than its tier allows); none above every published rate."""
    return next((name for name, allowed in PUBLISHED_TIERS if rate <= allowed), None)


def parse_rate(text: str) -> float:
    """`60/min` → requests per second."""
    match = RATE_LIMIT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"rate limit {text!r} must read like 60/min, 5/s or 500/hour")
    if not int(match.group(1)):  # read as "no rate", it served every request: no limit at all
        raise ValueError(
            f"rate limit {text!r} lets no request through: give 1 or more, or leave it unset for no limit"
        )
    return int(match.group(1)) / PER_SECONDS[match.group(2)]


Share = Annotated[float, Field(ge=0, le=1)]


class FaultConfig(BaseModel):
    """Checked when made: a setting of the wrong type or range is refused, never met later by
    every request."""

    model_config = ConfigDict(extra="forbid", strict=True)

    latency_ms: Annotated[float, Field(ge=0, le=600_000)] = 0.0
    rate_limit: str | None = None  # e.g. "5000/min"
    fail_rate: Share = 0.0  # share of requests answered 500 or 503
    drop_rate: Share = 0.0  # share of requests whose connection is dropped without an answer
    routes: str = "*"  # glob over the request path the faults apply to
    seed: int | None = None

    @field_validator("rate_limit")
    @classmethod
    def _readable_rate(cls, rate: str | None) -> str | None:
        if rate is not None:
            parse_rate(rate)
        return rate

    @model_validator(mode="after")
    def _one_fate_per_request(self) -> FaultConfig:
        if self.fail_rate + self.drop_rate > 1:
            raise ValueError("fail_rate and drop_rate add up to more than 1")
        return self

    @classmethod
    def from_dict(cls, data: Any) -> FaultConfig:
        """Settings from a request body; ValueError names the first one that is wrong."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "faults"
            message = first["msg"].removeprefix("Value error, ").replace(" or instance of FaultConfig", "")
            raise ValueError(f"{where}: {message}") from None


@dataclass
class TokenBucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def take(self) -> float | None:
        """None when a token was taken; otherwise the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return (1 - self.tokens) / self.rate


@dataclass(frozen=True)
class Verdict:
    """What the faults decided for one request."""

    delay: float = 0.0
    status: int | None = None  # 429, 500 or 503
    retry_after: int | None = None
    tier: str | None = None  # the subscription tier a 429 names
    drop: bool = False


class Faults:
    def __init__(self, config: FaultConfig | None = None) -> None:
        self.requests: Counter[str] = Counter()
        self.answered: Counter[str] = Counter()
        self.configure(config or FaultConfig())

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self.random = random.Random(config.seed)
        rate = parse_rate(config.rate_limit) if config.rate_limit else None
        # A burst of one second's worth (at least one): a real limiter tolerates small bursts.
        self.bucket = TokenBucket(rate, max(1.0, rate)) if rate else None

    def decide(self, path: str, route: str) -> Verdict:
        self.requests[route] += 1
        if path.startswith("/_sim") or not fnmatchcase(path, self.config.routes):
            return Verdict()
        delay = self.config.latency_ms / 1000
        if self.bucket is not None:
            wait = self.bucket.take()
            if wait is not None:
                retry_after = max(1, round(wait + 0.5))
                return Verdict(delay, 429, retry_after=retry_after, tier=tier_for(self.bucket.rate))
        roll = self.random.random()
        if roll < self.config.drop_rate:
            return Verdict(delay, drop=True)
        if roll < self.config.drop_rate + self.config.fail_rate:
            return Verdict(delay, self.random.choice((500, 503)))
        return Verdict(delay)

    def counts(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "answered": dict(self.answered),
            "total": sum(self.requests.values()),
        }

    def reset_counts(self) -> None:
        self.requests.clear()
        self.answered.clear()
