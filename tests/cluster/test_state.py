"""A long story's sums are pruned to their largest entries, with the squared norm they keep."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.state import add_sparse, prune

WEIGHTS = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.floats(0.001, 10.0, allow_nan=False),
    max_size=60,
)


@given(WEIGHTS, st.integers(1, 20))
def test_prune_keeps_the_largest_entries_and_their_norm(
    weights: dict[str, float], keep: int
) -> None:
    total = dict(weights)
    norm2 = prune(total, keep, math.fsum(w * w for w in weights.values()))
    if len(weights) <= keep + keep // 2:
        assert total == weights  # under the bound: left as it is
    else:
        assert len(total) == keep
        assert set(total.items()) <= set(weights.items())
        assert min(total.values()) >= max(w for k, w in weights.items() if k not in total)
    assert math.isclose(norm2, math.fsum(w * w for w in total.values()), rel_tol=1e-9)


def test_no_bound_keeps_everything() -> None:
    total: dict[str, float] = {}
    norm2 = add_sparse(total, {f"w{i}": 1.0 for i in range(100)}, 0.0)
    assert prune(total, 0, norm2) == norm2 == 100.0
    assert len(total) == 100
