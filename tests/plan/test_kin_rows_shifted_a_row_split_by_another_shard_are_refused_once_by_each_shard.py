"""Under --shard, a kin chain (`Gowan dam 1..5` shifted a row) whose rows run through this shard, another,
and this one again: this shard read its two parts alone as two kin takings in one apply, so it told
two refusals, `two kin takings in one apply (site-01 onto site-02's point and site-04 onto site-06's
point)`, each naming half the chain, while the other shard and one run told one chain. Each shard now
tells the chain once, at the first of its rows, as one run does."""

from __future__ import annotations

from iotplan.plan.coverage import Shard
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import only_refusal, valley_plan_of
from tests.plan.test_kin_rows_lat_lon_shifted_across_shards_are_refused_by_each_shard import (
    Sites,
    as_one_run,
    shard_plan_of,
)

# Of four shards: site-01, site-02, site-04 and site-06 the third's, site-03 the first's.
KEYS = ["site-01", "site-02", "site-03", "site-04", "site-06"]
LIVE: Sites = tuple((key, f"Gowan dam {n + 1}", round(-39.2 - 0.9 * n, 1)) for n, key in enumerate(KEYS))
SHIFTED_UP: Sites = tuple(
    (key, name, lat)
    for (key, name, _), lat in zip(LIVE, [*(lat for _, _, lat in LIVE[1:]), -43.7], strict=True)
)


def test_a_kin_chain_split_by_another_shards_row_is_refused_once_by_each_shard() -> None:
    whole = only_refusal(valley_plan_of, LIVE, *SHIFTED_UP)
    for shard, first in ((Shard(3, 4), "site-01"), (Shard(1, 4), "site-03")):
        refusal = only_refusal(shard_plan_of, shard, LIVE, *SHIFTED_UP)
        assert refusal.address == first
        assert set(KEYS) <= {refusal.address, *refusal.about_also}
        as_one_run(refusal, whole)
