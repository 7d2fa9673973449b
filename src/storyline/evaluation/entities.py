"""Named entities scored on a gold set of mentions judged by reading (issue 19).

The gold set (``entity_gold.json`` beside this module, guideline in docs/entity-guideline.md)
holds no text of its own: like the ledger's (:mod:`storyline.evaluation.ledger`), each item
points into ``DIR`` (``../shared/data``) by source, document and character offsets, with the
first 12 hex digits of the mention text's SHA-1, which the loader checks. Every name in a gold
document is an item (``type`` and canonical ``name``), and so is every span the system took for
a name that is none (``type`` null); each item belongs to the ``tune`` or the ``test`` half
(split by document).

The system's side is what a story shows: each document analysed as the pipeline does
(:func:`storyline.extract.analyse_many`) and its mentions grouped by
:func:`storyline.extract.canonicalise` (acronyms defined in the text included); a mention gets
its entity's type and canonical name.

Scores (:func:`score_entities`):

* ``precision``: the system's mentions that overlap a gold name, over all its mentions in the
  gold documents (they are annotated in full);
* ``recall``: the gold names that some system mention overlaps;
* on the found gold names (the system mention overlapping most): ``type`` (GPE, LOC and FAC
  count as one place type, as the code's families do), ``name`` (equal once case, a leading
  "the", quotes and spacing are set aside) and ``both``;
* ``both_of_all``: both right over every gold name (a missed name counts as wrong).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import InputError
from storyline.evaluation.ledger import document_text, sentence_hash

__all__ = [
    "ENTITY_GOLD_PATH",
    "GoldMention",
    "SystemMention",
    "evaluate_entities",
    "load_entity_gold",
    "same_name",
    "same_type",
    "score_entities",
    "system_mentions",
]

ENTITY_GOLD_PATH = Path(__file__).with_name("entity_gold.json")
HALVES = ("tune", "test")
_TYPE_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "WORK_OF_ART": "WORK"}


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A judged span: a name (``type`` and canonical ``name``) or, with ``type`` None, a span
    that is no name."""

    id: str
    source: str
    doc: str
    start: int
    end: int
    half: str
    type: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class SystemMention:
    """A mention as a story shows it: its span, its entity's type and canonical name."""

    start: int
    end: int
    type: str
    name: str


def same_type(gold: str, predicted: str) -> bool:
    """Whether two entity types agree (places are one family; see the module docstring)."""
    return _TYPE_FAMILY.get(gold, gold) == _TYPE_FAMILY.get(predicted, predicted)


def _name_key(name: str) -> str:
    name = name.replace("’", "'").replace("“", '"').replace("”", '"')
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return " ".join(name.split()).casefold()


def same_name(gold: str, predicted: str) -> bool:
    """Whether a canonical name is the gold one (case, a leading "the", quotes and spacing
    aside)."""
    return _name_key(gold) == _name_key(predicted)


def load_entity_gold(
    directory: Path, half: str | None = None, path: Path = ENTITY_GOLD_PATH
) -> tuple[GoldMention, ...]:
    """The gold mentions (one half, or both), each checked against the text in ``directory``."""
    if half not in (None, *HALVES):
        raise InputError(f"half must be tune or test, not {half!r}", str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the entity gold set: {exc}", str(path)) from exc
    out = []
    for item in data["mentions"]:
        if half is not None and item["half"] != half:
            continue
        source, doc = str(item["source"]), str(item["doc"])
        start, end = int(item["start"]), int(item["end"])
        if sentence_hash(document_text(directory, source, doc)[start:end]) != item["sha1"]:
            raise InputError(
                f"gold mention {source}:{doc}[{start}:{end}] does not match its hash: the "
                "shared data differs from the data the gold set was annotated on (DIR must be "
                "../shared/data, unchanged)",
                str(directory),
            )
        out.append(
            GoldMention(
                str(item["id"]), source, doc, start, end, str(item["half"]),
                item["type"], item["name"],
            )
        )  # fmt: skip
    return tuple(out)


def system_mentions(
    directory: Path, docs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[SystemMention]]:
    """Each document's mentions as its story shows them (see the module docstring)."""
    from storyline.extract import analyse_many, canonicalise, find_acronyms

    keys = sorted(set(docs))
    texts = [document_text(directory, *key) for key in keys]
    analyses = analyse_many(
        ((text, None, f"{key[0]}:{key[1]}") for key, text in zip(keys, texts, strict=True)),
        n_process=2 if len(keys) > 40 else 1,
    )
    out: dict[tuple[str, str], list[SystemMention]] = {}
    for key, text, analysis in zip(keys, texts, analyses, strict=True):
        entities = canonicalise(
            {analysis.article_id: analysis.mentions}, acronyms=find_acronyms(text)
        )
        out[key] = sorted(
            (SystemMention(m.start, m.end, e.type, e.name) for e in entities for m in e.mentions),
            key=lambda m: (m.start, m.end),
        )
    return out


def _overlap(a: GoldMention, b: SystemMention) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def score_entities(
    gold: Sequence[GoldMention],
    predicted: Mapping[tuple[str, str], Sequence[SystemMention]],
) -> dict[str, Any]:
    """Precision, recall, and type/name accuracy on the found names (module docstring)."""
    names = [g for g in gold if g.type is not None]
    by_doc: dict[tuple[str, str], list[GoldMention]] = {}
    for g in names:
        by_doc.setdefault((g.source, g.doc), []).append(g)
    docs = {(g.source, g.doc) for g in gold}
    system = [(key, m) for key in sorted(docs) for m in predicted.get(key, ())]
    right_system = sum(any(_overlap(g, m) for g in by_doc.get(key, ())) for key, m in system)
    counts: Counter[str] = Counter()
    for g in names:
        hits = [m for m in predicted.get((g.source, g.doc), ()) if _overlap(g, m)]
        if not hits:
            continue
        best = max(hits, key=lambda m: _overlap(g, m))
        type_ok = same_type(str(g.type), best.type)
        name_ok = same_name(str(g.name), best.name)
        counts["found"] += 1
        counts["type"] += type_ok
        counts["name"] += name_ok
        counts["both"] += type_ok and name_ok
    found = counts["found"]

    def share(n: int, of: int) -> float:
        return round(n / of, 4) if of else 0.0

    return {
        "precision": share(right_system, len(system)),
        "recall": share(found, len(names)),
        "type": share(counts["type"], found),
        "name": share(counts["name"], found),
        "both": share(counts["both"], found),
        "both_of_all": share(counts["both"], len(names)),
        "n_gold": len(names),
        "n_system": len(system),
        "n_found": found,
    }


def evaluate_entities(directory: Path, half: str | None = None) -> dict[str, Any]:
    """The entity scores on the gold set (one half, or both)."""
    started = time.perf_counter()
    gold = load_entity_gold(directory, half)
    predicted = system_mentions(directory, [(g.source, g.doc) for g in gold])
    scores = score_entities(gold, predicted)
    return {
        "half": half or "both",
        "n_documents": len({(g.source, g.doc) for g in gold}),
        **scores,
        "seconds": round(time.perf_counter() - started, 2),
    }
