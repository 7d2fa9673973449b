"""Digest pages: a page whose parts are about different things.

A page that lists many stories (a headline list, "10 things you need to know today", a
round-up, a newsletter, a live page of unrelated items) shares words with every story it
lists, so an online clusterer would let it pull those stories together. :func:`find_digest`
recognises one from its cleaned text alone:

1. **Parts.** The text is cut into parts where a list item (``- ``, ``• ``, ``1. ``), a time
   stamp on its own line (a live page's entry) or a heading-like line (at most
   ``DigestConfig.heading_words`` words, no closing ``.!?``) begins;
   body paragraphs after a heading belong to its part. A line broken in mid-sentence (the next
   line starts in lower case) is joined again first. A report written in paragraphs, as news
   reports are, is one or a few parts and never a digest.
2. **Groups.** Two parts are in one group when they share at least ``min_shared`` content
   words (:func:`storyline.text.features.terms`); groups are the connected parts. The parts of
   one report share its names and words (a long report with sections, a tour's list of dates
   under its announcement, a live page of one event); a digest's items do not.
3. **Verdict.** A digest has at least ``min_parts`` parts (of ``min_part_terms`` content words
   or more) and its largest group holds at most ``max_share`` of their content words.

Texts in scripts written without spaces (Chinese, Japanese, Thai) are never judged: their
"words" are whole phrases, so word overlap says nothing there. Pure functions, no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.config import DigestConfig
from storyline.text.features import terms, words

__all__ = ["Digest", "find_digest", "text_parts"]

# A list item's marker: a dash or bullet, or a number with a dot or parenthesis.
_ITEM = re.compile(r"^(?:[-–•*·▪►]|\d{1,2}[.)])\s+")
# A live page's time stamp on a line of its own ("4:14 p.m.", "10 p.m.", "12:30 GMT").
_TIME = re.compile(r"^\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?$", re.IGNORECASE)
# A line that ends a sentence (closing quotes and brackets may follow the mark).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# Letters of scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_UNSPACED_SHARE = 0.1  # of a text's non-space characters: then it is not judged


@dataclass(frozen=True, slots=True)
class Digest:
    """Why a page was read as a digest: its parts, their groups, the largest group's share."""

    parts: int  # parts of min_part_terms content words or more
    groups: int  # groups of parts that share words
    largest_share: float  # of the parts' content words, in the largest group
    max_share: float  # the threshold it was judged against

    @property
    def reason(self) -> str:
        return (
            f"a digest page: its {self.parts} parts are about different things ({self.groups} "
            f"groups of parts that share words, the largest holding {self.largest_share:.0%} "
            f"of the text; a digest's at most {self.max_share:.0%})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "parts": self.parts,
            "groups": self.groups,
            "largest_share": round(self.largest_share, 3),
            "reason": self.reason,
        }


def _lines(text: str) -> list[str]:
    """Non-empty lines, a line broken in mid-sentence joined to the one before."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if out and line[0].islower() and not _SENTENCE_END.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _starts_part(line: str, heading_words: int) -> bool:
    if _ITEM.match(line) or _TIME.match(line):
        return True
    return not _SENTENCE_END.search(line) and len(words(line)) <= heading_words


def text_parts(text: str, heading_words: int) -> list[str]:
    """The text cut where a list item or a heading-like line begins (see the module)."""
    parts: list[list[str]] = []
    for line in _lines(text):
        if not parts or _starts_part(line, heading_words):
            parts.append([line])
        else:
            parts[-1].append(line)
    return [" ".join(p) for p in parts]


def _groups(parts: list[frozenset[str]], min_shared: int) -> list[list[int]]:
    """Parts connected by sharing at least ``min_shared`` words (union-find)."""
    parent = list(range(len(parts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, left in enumerate(parts):
        for j in range(i + 1, len(parts)):
            if len(left & parts[j]) >= min_shared:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(parts)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _unspaced(text: str) -> bool:
    letters = len(text) - text.count(" ") - text.count("\n")
    return letters > 0 and len(_UNSPACED.findall(text)) > _UNSPACED_SHARE * letters


def find_digest(text: str, config: DigestConfig | None = None) -> Digest | None:
    """The :class:`Digest` verdict on a cleaned text, None when it reads as one report."""
    config = config or DigestConfig()
    if not config.enabled:
        return None
    parts = text_parts(text, config.heading_words)
    if len(parts) < config.min_parts or _unspaced(text):
        return None  # too few parts to list stories (the common case: nothing tokenised)
    bags = [frozenset(terms(p)) for p in parts[: config.max_parts]]
    bags = [bag for bag in bags if len(bag) >= config.min_part_terms]
    if len(bags) < config.min_parts:
        return None
    groups = _groups(bags, config.min_shared)
    total = sum(len(bag) for bag in bags)
    largest = max(sum(len(bags[i]) for i in group) for group in groups) / total
    if largest > config.max_share:
        return None
    return Digest(len(bags), len(groups), largest, config.max_share)
