"""The learned link measured blind on the ledger gold's tune-half status pairs.

    nice -n 19 .venv/bin/python scripts/ledger_link_blind.py ../shared/data

The tune pairs come from the ECB+ topics the link is trained on, so each pair is measured
with a model fitted WITHOUT its own topic (the shipped L2 and threshold), beside the status
the cosine rule (no learned link) gives: per pair and in all. Only ``--half tune`` pairs are
read; the test half is never touched.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

import storyline.knowledge.ledger_semantic as semantic
from storyline.evaluation.ledger import _story_status, load_ledger_gold
from storyline.evaluation.ledger_link_train import PairSet, allowed_topics, build_pairs, fit_model
from storyline.knowledge.ledger_link_model import LinkModel, load_link_model
from storyline.knowledge.ledger_semantic import use_embed

GOLD = Path(__file__).resolve().parents[1] / "src/storyline/evaluation/ledger_gold.json"


def held_out_models(data: Path, shipped: LinkModel) -> dict[int, LinkModel]:
    """One model per allowed topic, fitted on the other allowed topics."""
    topics = allowed_topics(GOLD)
    pairs = build_pairs(data / "ecbplus", topics, use_embed)
    l2 = float(shipped.meta.get("cv", {}).get("l2", 10.0))
    models = {}
    for held in topics:
        keep = pairs.topic != held
        train = PairSet(pairs.x[keep], pairs.y[keep], pairs.topic[keep], pairs.group[keep])
        models[held] = fit_model(train, l2, shipped.threshold, {"held_out": held})
    return models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="../shared/data")
    parser.add_argument("--model", help="the model whose settings are used (default: shipped)")
    parser.add_argument("--link", choices=("learned", "either"), default="learned")
    args = parser.parse_args()
    semantic.LINK = args.link
    shipped = load_link_model(args.model)
    models = held_out_models(args.data, shipped)
    gold = load_ledger_gold(args.data, "tune")
    rows = []
    for pair in gold.pairs:
        topic = int(pair.expectation.doc.split("_", 1)[0])
        semantic.LINK = "cosine"
        before = _story_status(args.data, pair)
        semantic.LINK = args.link
        model = models.get(topic)
        semantic.link_model = lambda m=model: m  # type: ignore[misc]
        after = _story_status(args.data, pair)
        rows.append({"pair": pair.id, "gold": pair.status, "rule": before, "learned": after})
    out = {
        "n_pairs": len(rows),
        "rule_right": sum(r["gold"] == r["rule"] for r in rows),
        "learned_right": sum(r["gold"] == r["learned"] for r in rows),
        "rule_confusion": Counter(f"{r['gold']}->{r['rule']}" for r in rows),
        "learned_confusion": Counter(f"{r['gold']}->{r['learned']}" for r in rows),
        "changed": [r for r in rows if r["rule"] != r["learned"]],
        "l2": float(np.float64(shipped.meta.get("cv", {}).get("l2", 10.0))),
        "threshold": shipped.threshold,
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
