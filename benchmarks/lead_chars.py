"""Tune how much of an article the dense model reads (EmbedConfig.lead_chars) on ECB+ train.

    python benchmarks/lead_chars.py --orders 5 --json

Clusters the ECB+ *train* topics (never the dev topics) together, in ``--orders`` seeded
feeding orders, with the shipped settings except ``lead_chars``, and prints each value's mean
BCubed F1, the share of articles whose text the dense model read, and the dense model's CPU
milliseconds per text read (it grows with the text's tokens). Vectors are computed once per
text and reused across the orders (the share counts requests, so it is what the clusterer
would have embedded). Results (busy 2-core machine, so CPU per text is high) are in
EmbedConfig's comment.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dense_band import CountingCache, over_orders

from storyline.config import EmbedConfig, Settings
from storyline.embed.models import register_embedder
from storyline.evaluation.ecbplus import TRAIN_TOPICS


def measure(lead_chars: int, orders: int, topics: Sequence[int]) -> dict[str, Any]:
    cache = CountingCache()
    register_embedder("timed-cache", lambda config: cache)
    settings = Settings(embed=EmbedConfig(model="timed-cache", lead_chars=lead_chars))
    f1s, shares = over_orders(cache, settings, orders, topics)
    return {
        "lead_chars": lead_chars,
        "bcubed_f1": round(statistics.fmean(f1s), 4),
        "each": [round(f, 4) for f in f1s],
        "embedded_share": round(statistics.fmean(shares), 3),
        "dense_cpu_ms_per_text": round(1000 * cache.cpu_s / max(cache.computed, 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--values", default="600,450,350,250")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    values = [int(v) for v in args.values.split(",")]
    rows = [measure(v, args.orders, TRAIN_TOPICS) for v in values]
    print(json.dumps(rows, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
