"""Draw round 10's new tune-half ledger items (docs/ledger-guideline.md, "Round 10").

The selection rule, written before any drawn sentence was read:

* UCI headlines (75): rows of tune-half stories (the split rule of the gold set) after row
  1,500 (rounds 6-7 ran rules on rows up to 1,500), whose row ID no gold item uses and whose
  title (lower-cased, spaces collapsed) is no gold title. Stories are shuffled with
  ``random.Random(10)``; per story, up to 4 headlines with a forward-looking cue (the round-8/9
  cue list below) and 1 without, drawn at random, until 75 headlines.
* ECB+ sentences (25): the documents of the tune-half train topics that no gold item (sentence
  or pair) uses, in file order, shuffled with ``random.Random(10)``; per document at most 2
  sentences (a line of ``read_document``, 4 words or more, 600 characters at most) with a cue,
  until 25 sentences.

Prints one JSON line per item (source, doc, start, end, sha1, text) for annotation by reading.
Run: ``python scripts/ledger_round10_sample.py ../shared/data > /tmp/round10.jsonl``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from storyline.evaluation.ecbplus import TRAIN_TOPICS
from storyline.evaluation.ledger import GOLD_PATH, document_text, sentence_hash

CUE = re.compile(
    r"\b(?:will|'ll|won't|shall|could|may|might|would|should|plans?|planned|planning|"
    r"expects?|expected|scheduled?|due|set\s+to|going\s+to|about\s+to|likely|next|tomorrow|"
    r"tonight|upcoming|soon|later|coming|postpone\w*|delay\w*|intends?|aims?|sees|projects|"
    r"estimates|monday|tuesday|wednesday|thursday|friday|saturday|sunday|20[1-9]\d|"
    r"to\s+(?!the\b|a\b|an\b)[a-z]+)\b",
    re.IGNORECASE,
)


def half(group: str) -> str:
    return "tune" if hashlib.sha256(f"23:{group}".encode()).digest()[0] % 2 == 0 else "test"


def main(directory: Path) -> None:
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    items = gold["sentences"] + [p[k] for p in gold["pairs"] for k in ("expectation", "later")]
    used = {(i["source"], i["doc"]) for i in items}
    path = directory / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("STORY")]
    norm = {r["ID"]: " ".join(r["TITLE"].lower().split()) for r in rows}
    gold_titles = {norm[d] for s, d in used if s == "uci" and d in norm}
    by_story: dict[str, list[dict[str, str]]] = {}
    for number, row in enumerate(rows, 1):
        if number <= 1500 or half(f"uci:{row['STORY']}") != "tune":
            continue
        if ("uci", row["ID"]) in used or norm[row["ID"]] in gold_titles:
            continue
        by_story.setdefault(row["STORY"], []).append(row)
    rng = random.Random(10)
    stories = sorted(by_story)
    rng.shuffle(stories)
    out: list[dict[str, object]] = []
    for story in stories:
        rows_ = by_story[story]
        cued = [r for r in rows_ if CUE.search(r["TITLE"])]
        other = [r for r in rows_ if not CUE.search(r["TITLE"])]
        rng.shuffle(cued)
        rng.shuffle(other)
        seen: set[str] = set()
        for row in cued[:4] + other[:1]:
            if len(out) >= 75 or norm[row["ID"]] in seen:
                continue
            seen.add(norm[row["ID"]])
            out.append(_item(directory, "uci", row["ID"], 0, len(row["TITLE"])))
    docs = []
    ecb = directory / "ecbplus" / "ECB+"
    for topic in TRAIN_TOPICS:
        if half(f"ecbplus:{topic}") != "tune" or not (ecb / str(topic)).is_dir():
            continue
        docs += [p.name for p in sorted((ecb / str(topic)).glob("*.xml"))]
    docs = [d for d in docs if ("ecbplus", d) not in used]
    rng.shuffle(docs)
    taken = 0
    for doc in docs:
        text = document_text(directory, "ecbplus", doc)
        start, count = 0, 0
        for line in text.split("\n"):
            end = start + len(line)
            fits = taken < 25 and count < 2 and len(line.split()) >= 4 and len(line) <= 600
            if fits and CUE.search(line):
                out.append(_item(directory, "ecbplus", doc, start, end))
                taken += 1
                count += 1
            start = end + 1
    for item in out:
        print(json.dumps(item, ensure_ascii=False))


def _item(directory: Path, source: str, doc: str, start: int, end: int) -> dict[str, object]:
    text = document_text(directory, source, doc)[start:end]
    return {"source": source, "doc": doc, "start": start, "end": end,
            "sha1": sentence_hash(text), "text": text}  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
