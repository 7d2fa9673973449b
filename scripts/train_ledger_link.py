"""Fit the ledger's learned link on ECB+ and write ``knowledge/ledger_link_model.json``.

    nice -n 19 .venv/bin/python scripts/train_ledger_link.py ../shared/data/ecbplus

Topics: ECB+ train topics minus those holding a document of the ledger gold's test half, the
dev topics and the test topics 36-45 (:mod:`storyline.evaluation.ledger_link_train`).
``--output -`` prints the figures and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storyline.evaluation.ledger_link_train import train_link_model
from storyline.knowledge.ledger_link_model import DEFAULT_LINK_MODEL_PATH

GOLD = Path(__file__).resolve().parents[1] / "src/storyline/evaluation/ledger_gold.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ecbplus", type=Path, help="the ECB+ folder (../shared/data/ecbplus)")
    parser.add_argument("--output", default=str(DEFAULT_LINK_MODEL_PATH))
    args = parser.parse_args()
    output = None if args.output == "-" else Path(args.output)
    command = "python scripts/train_ledger_link.py " + " ".join(sys.argv[1:])
    model, meta = train_link_model(args.ecbplus, GOLD, output, command)
    weights = dict(zip(model.features, model.weights, strict=True))
    print(json.dumps({**meta, "weights": {k: round(v, 3) for k, v in weights.items()}}, indent=1))


if __name__ == "__main__":
    main()
