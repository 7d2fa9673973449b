"""Exact and near duplicates: the same text republished, and wire copies.

Two articles are

* **exact** duplicates when their *normalised* texts are equal (:func:`normalise_text`: Unicode
  NFKC, casefolded, punctuation and whitespace folded), so a copy that only differs in case,
  spacing, quote style or punctuation has the same :func:`text_hash`;
* **near** duplicates (wire copies: the same agency text with another headline, an added site
  line, a trimmed last paragraph, a few words changed) when the exact Jaccard similarity of their
  sets of word 3-gram shingles reaches ``DedupConfig.near_duplicate_jaccard`` (0.5), or when the
  shorter text is a trimmed copy of the longer (:func:`near_duplicate_similarity`). Texts with
  fewer than ``min_shingles`` shingles (headline length) only match exactly.

Near duplicates are found with datasketch: a MinHash of each shingle set goes into a
``MinHashLSH`` whose threshold is set *below* the target (``lsh_threshold``), and every candidate
it returns is confirmed on the two exact shingle sets (LSH at 0.5 proposes a pair at Jaccard 0.6
with probability 0.87 only; the tuning is in ``DedupConfig``). Only the shingle hashes are kept
per indexed article (sorted ``uint32``, 4 bytes per shingle), not the texts.

A group of copies is named after its **origin**, the first article indexed in it: if B copies A
and C copies B, C's ``duplicate_of`` is A. Groups are never merged afterwards, so an id stored in
``Article.duplicate_of`` stays true; an article matching two groups joins the one it matches best.

The text compared is ``Article.text`` (the cleaned text), or ``raw_text`` when that is empty; the
title is left out, because copies often carry a new headline. Everything is deterministic: the
shingle hashes are BLAKE2b (not Python's salted ``hash()``) and the MinHash permutations are
seeded by ``DedupConfig.seed``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Literal

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.config import DedupConfig
from storyline.errors import ConfigError
from storyline.records import Article

__all__ = [
    "DuplicateIndex",
    "DuplicateMatch",
    "Fingerprint",
    "common_counts",
    "first_reported",
    "independent_origins",
    "jaccard",
    "near_duplicate_similarity",
    "normalise_text",
    "shingle_hashes",
    "text_hash",
    "text_pieces",
]

DuplicateKind = Literal["exact", "near"]

# Characters that vanish (they are invisible): soft hyphen, zero-width space/joiners, word
# joiner, byte-order mark.
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# The one character whose casefold differs from its uppercase's (checked over all of Unicode):
# dotless ı, whose uppercase is I.
_CASE_EXTRA = str.maketrans({"ı": "i"})
# Punctuation inside a word is deleted rather than turned into a space, so "U.S." = "US",
# "don't" = "dont", "Xi’s" = "Xi's", "e-mail" = "email" and "10,000" = "10000": a joining
# mark between two word characters, or a digit group separator between two digits. The
# character is matched first and the one before it checked behind (the same matches as
# r"(?<=\w)[marks](?=\w)|(?<=\d)[separators](?=\d)", 7x faster: a pattern opening with a
# look-behind is tried at every position of the text).
_JOIN_MARKS = "'’ʼ‘`´.\\-\u2010\u2011"
_GROUP_SEPARATORS = ",\u00a0\u202f"
_JOIN_RE = re.compile(
    f"[{_JOIN_MARKS}{_GROUP_SEPARATORS}]"
    f"(?:(?<=\\w[{_JOIN_MARKS}])(?=\\w)|(?<=\\d[{_GROUP_SEPARATORS}])(?=\\d))"
)


@cache
def _separator_re() -> re.Pattern[str]:
    """Runs of anything that is not a letter, digit, underscore or combining mark (built on
    first use; :func:`normalise_text` turns underscores into spaces before, so that they
    separate words too: one class, which the regular expression engine scans fast).

    ``\\w`` alone would split words at combining marks (Devanagari vowel signs, for example), so
    the marks of the Basic Multilingual Plane are added to the word class (a 14 ms scan, once).
    """
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M")
    return re.compile(rf"[^\w{re.escape(marks)}]+")


def normalise_text(text: str) -> str:
    """Text folded for comparison: NFKC, casefolded, words separated by single spaces.

    Punctuation and symbols between words become a space; punctuation inside a word (apostrophes,
    dots, hyphens, digit group separators) is deleted. Two texts that differ only in case,
    whitespace, quote style or punctuation normalise to the same string.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    if "ı" in folded:  # a dict translation walks the whole text: only when it changes it
        folded = folded.translate(_CASE_EXTRA)
    folded = unicodedata.normalize("NFKC", folded)
    folded = _JOIN_RE.sub("", _INVISIBLE_RE.sub("", folded)).replace("_", " ")
    return _separator_re().sub(" ", folded).strip()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`normalise_text`: equal for exact duplicates."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# Odd 64-bit multipliers that combine the token hashes of one shingle (position-dependent, so
# "a b c" and "c b a" differ), and the MurmurHash3 64-bit finaliser that mixes the result.
_SHINGLE_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
)
_FMIX = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53), np.uint64(33))


# Words recur across articles: their hashes are cached across calls (a pure function of the
# word, so the cache changes no result; 2**16 words, ~10 MB at most).
@lru_cache(maxsize=1 << 16)
def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(tokens: Sequence[str], size: int = 3) -> np.ndarray:
    """The set of word ``size``-gram shingles of ``tokens`` as sorted unique ``uint32`` hashes.

    Stable across processes and platforms. Empty when there are fewer than ``size`` tokens.
    ``size`` is at most 5.
    """
    if not 1 <= size <= len(_SHINGLE_MULTIPLIERS):
        raise ConfigError(f"shingle size must be 1-{len(_SHINGLE_MULTIPLIERS)}, not {size}")
    n = len(tokens) - size + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint32)
    words = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    acc = np.zeros(n, dtype=np.uint64)
    for offset in range(size):  # uint64 arithmetic wraps modulo 2**64, as intended
        acc += words[offset : offset + n] * np.uint64(_SHINGLE_MULTIPLIERS[offset])
    mul1, mul2, shift = _FMIX
    acc ^= acc >> shift
    acc *= mul1
    acc ^= acc >> shift
    acc *= mul2
    acc ^= acc >> shift
    return np.unique((acc >> np.uint64(32)).astype(np.uint32))


# Characters of text normalised at a time when fingerprinting (the piece is cut at a line
# break, else a space): normalising, splitting and hashing a piece takes ~100 bytes per
# character, so a 45 MB text would take ~6 GB at once. Shingle hashes per MinHash update: at
# 128 permutations datasketch holds 1 kB per value, so 8,192 values take 8 MB.
PIECE_CHARS = 200_000
_MINHASH_SLICE = 8192
_FORGOTTEN = np.empty(0, dtype=np.uint32)  # the shingles of an article out of the window


def text_pieces(text: str, size: int = PIECE_CHARS) -> Iterator[str]:
    """``text`` in consecutive pieces of at most ~``size`` characters, each cut just after a
    line break (else a space; a hard cut only in a stretch of ``size`` characters with
    neither), so that normalising and splitting the pieces gives the whole text's tokens."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + 1, end)
        if cut < 0:
            cut = text.rfind(" ", start + 1, end)
        end = cut + 1 if cut >= 0 else end
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """``np.unique(np.concatenate(parts))``, emptying ``parts`` and sorting in place: two
    copies of a long text's shingles at most, not four (28 MB each for a 45 MB text)."""
    merged = np.concatenate(parts)
    parts.clear()
    merged.sort()
    if merged.size < 2:
        return merged
    keep = np.empty(merged.size, dtype=bool)
    keep[0] = True
    np.not_equal(merged[1:], merged[:-1], out=keep[1:])
    return merged[keep]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays (0.0 when both are empty)."""
    if a.size == 0 and b.size == 0:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def near_duplicate_similarity(a: np.ndarray, b: np.ndarray, config: DedupConfig) -> float | None:
    """The Jaccard similarity of two shingle sets when they are near duplicates, else None.

    Near duplicates: Jaccard >= ``near_duplicate_jaccard``, or a trimmed copy: the shorter set
    is at least ``containment_min_ratio`` of the longer and ``near_duplicate_containment`` of
    it lies in the longer.
    """
    if a.size == 0 or b.size == 0:
        return None
    common = np.intersect1d(a, b, assume_unique=True).size
    return _near_similarity(common, a.size, b.size, config)


def _near_similarity(common: int, a_size: int, b_size: int, config: DedupConfig) -> float | None:
    """:func:`near_duplicate_similarity` of two non-empty sets from their sizes and overlap."""
    similarity = common / (a_size + b_size - common)
    if similarity >= config.near_duplicate_jaccard:
        return similarity
    shorter, longer = sorted((a_size, b_size))
    if shorter >= config.containment_min_ratio * longer and (
        common >= config.near_duplicate_containment * shorter
    ):
        return similarity
    return None


def common_counts(a: np.ndarray, others: Sequence[np.ndarray]) -> list[int]:
    """How many hashes of ``a`` each of ``others`` holds (all sorted unique uint32 hash
    arrays), as ``np.intersect1d(a, other).size`` each, in one pass over them all: a text's LSH
    candidates checked at once (per candidate, the call's own overhead and sort were most of
    the cost). Membership in ``a`` is a lookup in a table by a hash's top bits
    (:class:`_Buckets`), not a binary search: at 50,000 indexed articles a text has ~110
    candidates (~26,000 hashes), where ``np.searchsorted`` was nine tenths of the count."""
    sizes = np.fromiter((o.size for o in others), dtype=np.intp, count=len(others))
    if a.size == 0 or not sizes.any():
        return [0] * len(others)
    joined = np.concatenate(others)
    found = np.concatenate(([0], np.cumsum(_buckets().member(a, joined))))
    ends = np.cumsum(sizes)
    counts: list[int] = (found[ends] - found[ends - sizes]).tolist()
    return counts


class _Buckets:
    """A scratch table over the top ``_BUCKET_BITS`` bits of a uint32 hash: the hash of one
    sorted set that falls in each bucket. Shingle hashes are uniform, so a text's few hundred
    rarely share a bucket; a bucket holding two or more is marked and its lookups go to a
    binary search, so the answer is exact either way. The table is written for one set and
    cleared after (one per thread: :func:`_buckets`)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = np.full(1 << _BUCKET_BITS, _EMPTY, dtype=np.int64)

    def member(self, a: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """A boolean per key: is it in ``a`` (sorted unique)."""
        shift = np.uint32(32 - _BUCKET_BITS)
        a = a.astype(np.uint32, copy=False)
        keys = keys.astype(np.uint32, copy=False)
        mine = (a >> shift).astype(np.intp)  # sorted, as a is: shared buckets are neighbours
        self.value[mine] = a
        self.value[mine[1:][mine[1:] == mine[:-1]]] = _SHARED
        try:
            found = self.value.take((keys >> shift).astype(np.intp))
            hit = found == keys  # int64 against uint32: compared exactly, as int64
            shared = np.flatnonzero(found == _SHARED)
            if shared.size:
                asked = keys[shared]
                at = np.searchsorted(a, asked)
                at[at == a.size] = 0  # past the end: compared with a[0], which it cannot equal
                hit[shared] = a[at] == asked
        finally:
            self.value[mine] = _EMPTY
        return hit


_BUCKET_BITS = 16  # a 512 kB table: in a core's cache
_EMPTY, _SHARED = -1, -2  # no hash in the bucket, several (never a uint32 hash)
_LOCAL = threading.local()


def _buckets() -> _Buckets:
    table: _Buckets | None = getattr(_LOCAL, "buckets", None)
    if table is None:
        table = _LOCAL.buckets = _Buckets()
    return table


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """The answer of :meth:`DuplicateIndex.check` for an article that copies an indexed one.

    ``of`` is the origin of the group (the first article indexed in it); ``kind`` and
    ``similarity`` describe the article against that origin: "exact" (similarity 1.0) when
    their normalised texts are equal, else "near" with the exact Jaccard similarity of their
    shingle sets. ``via`` is the indexed article that matched (the origin itself unless the
    article copies a copy), whose similarity passed the threshold.
    """

    of: str
    kind: DuplicateKind
    similarity: float
    via: str | None = None


@dataclass(slots=True)
class Fingerprint:
    """What the index needs of one text, computed once per article (:meth:`DuplicateIndex.
    fingerprint`: a pure function of the text, so it may be computed in another process).
    A pickle carries the MinHash's values only (1 kB at 128 permutations, not its 2 kB of
    permutations): the receiving index completes it from its own."""

    hash: str | None  # None for a text with no words
    shingles: np.ndarray  # sorted unique uint32
    near: bool  # long enough for near-duplicate matching
    # the MinHash of the shingles, once needed (query, insert); its values only, unpickled
    sketch: MinHash | np.ndarray | None = None

    def __getstate__(self) -> tuple[object, ...]:
        sketch = self.sketch.hashvalues if isinstance(self.sketch, MinHash) else self.sketch
        return (self.hash, self.shingles, self.near, sketch)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        self.hash, self.shingles, self.near, self.sketch = state  # type: ignore[assignment]


def _validate(config: DedupConfig) -> None:
    for name in ("near_duplicate_jaccard", "near_duplicate_containment", "containment_min_ratio"):
        if not 0.0 < getattr(config, name) <= 1.0:
            raise ConfigError(f"dedup {name} must be in (0, 1], not {getattr(config, name)}")
    if not 0.0 < config.lsh_threshold <= config.near_duplicate_jaccard:
        raise ConfigError(
            "dedup lsh_threshold must be in (0, near_duplicate_jaccard]: LSH only proposes "
            f"candidates, got {config.lsh_threshold}"
        )
    if config.num_perm < 16:
        raise ConfigError(f"dedup num_perm must be at least 16, not {config.num_perm}")
    if not 1 <= config.shingle_words <= len(_SHINGLE_MULTIPLIERS):
        raise ConfigError(f"dedup shingle_words must be 1-5, not {config.shingle_words}")
    if config.near_window < 0:
        raise ConfigError(f"dedup near_window must be 0 (none) or more, not {config.near_window}")
    if config.min_shingles < 1:
        raise ConfigError(f"dedup min_shingles must be at least 1, not {config.min_shingles}")


class DuplicateIndex:
    """An online index of exact and near duplicates.

    ``check`` asks without changing anything, ``add`` indexes, ``assign`` does both and returns
    the article with its dedup fields filled. Memory per indexed article, measured on ECB+ news
    articles (~320 shingles): ~7 kB, of which 1.2 kB are its shingle hashes and most of the rest
    datasketch's LSH buckets (28 bands of 2 rows at ``lsh_threshold`` 0.2, a set per bucket).
    Only the last ``DedupConfig.near_window`` indexed articles keep those (near duplicates are
    looked for among them); an older one keeps its exact hash and its group, ~0.5 kB.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        _validate(self.config)
        self._template = MinHash(
            num_perm=self.config.num_perm, seed=self.config.seed, hashfunc=_identity
        )
        self._lsh = MinHashLSH(threshold=self.config.lsh_threshold, num_perm=self.config.num_perm)
        self._ids: list[str] = []  # insertion order; an article's position is its LSH key
        self._position: dict[str, int] = {}
        self._shingles: list[np.ndarray] = []
        self._hashes: list[str | None] = []
        self._by_hash: dict[str, int] = {}  # normalised-text hash -> first position with it
        self._parent: dict[str, str] = {}  # union-find parent pointers; roots are absent
        self._matches: dict[str, DuplicateMatch] = {}  # how each indexed copy was matched

    def __len__(self) -> int:
        return len(self._ids)

    def __getstate__(self) -> dict[str, object]:
        """Picklable as it is, but for the marker of shingles out of the window, which is
        compared by identity: it travels as None (a pickle would make a copy of it)."""
        state = dict(self.__dict__)
        state["_shingles"] = [None if s is _FORGOTTEN else s for s in self._shingles]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        shingles = state["_shingles"]
        assert isinstance(shingles, list)
        self.__dict__.update(state)
        self._shingles = [_FORGOTTEN if s is None else s for s in shingles]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._position

    # ------------------------------------------------------------------ public
    def check(self, article: Article) -> DuplicateMatch | None:
        """The group this article copies, or None. The index is not changed.

        For an article that is already indexed, the match it was indexed with.
        """
        if article.id in self._position:
            return self._indexed_match(article.id)
        return self._match(self._fingerprint(article))

    def add(self, article: Article) -> None:
        """Index an article (a second add of the same id is ignored).

        When dedup already ran on it (``text_hash`` or ``duplicate_of`` set, as for articles
        reloaded from a store), its recorded ``duplicate_of`` is trusted; otherwise its group is
        decided here as :meth:`check` would.
        """
        if article.id in self._position:
            return
        fingerprint = self._fingerprint(article)
        if article.text_hash is not None or article.duplicate_of is not None:
            self._insert(article.id, fingerprint, self._recorded(article))
        else:
            self._insert(article.id, fingerprint, self._match(fingerprint))

    def assign(self, article: Article, fingerprint: Fingerprint | None = None) -> Article:
        """Check and add: the article with ``text_hash`` and its duplicate fields filled.
        ``fingerprint``: the article's :meth:`fingerprint`, if computed ahead."""
        if article.id in self._position:
            match = self._indexed_match(article.id)
            digest = self._hashes[self._position[article.id]]
        else:
            if fingerprint is None:
                fingerprint = self._fingerprint(article)
            match = self._match(fingerprint)
            self._insert(article.id, fingerprint, match)
            digest = fingerprint.hash
        return replace(
            article,
            text_hash=digest,
            duplicate_of=match.of if match else None,
            duplicate_kind=match.kind if match else None,
            duplicate_similarity=match.similarity if match else None,
        )

    def origin_of(self, article_id: str) -> str | None:
        """The origin of an indexed article's group (itself for an origin); None if unknown."""
        if article_id not in self._position:
            return None
        return self._find(article_id)

    def groups(self) -> dict[str, list[str]]:
        """Every group with copies: origin id -> indexed member ids, in indexing order.

        The origin is the first member (when it is indexed itself: a group rebuilt from stored
        articles may name an origin that was not added).
        """
        out: dict[str, list[str]] = {}
        for article_id in self._ids:
            out.setdefault(self._find(article_id), []).append(article_id)
        return {
            root: members
            for root, members in out.items()
            if len(members) > 1 or root not in self._position
        }

    def fingerprint(self, article: Article) -> Fingerprint:
        """What :meth:`assign` reads of the article's text, with its MinHash: a pure function
        of the text and the settings (none of the index's state), to compute ahead."""
        found = self._fingerprint(article)
        if found.near:
            self._minhash(found)
        return found

    # ---------------------------------------------------------------- internals
    def _fingerprint(self, article: Article) -> Fingerprint:
        """The text's hash and shingles, read a piece at a time (:func:`text_pieces`): the
        same as over the whole text at once, in memory bounded by a piece (and 4 bytes per
        shingle), however long the text."""
        size = self.config.shingle_words
        digest = hashlib.sha256()
        found: list[np.ndarray] = []
        carry: list[str] = []  # the last size - 1 tokens: shingles across a piece boundary
        count = 0
        for piece in text_pieces(article.text or article.raw_text, PIECE_CHARS):
            tokens = normalise_text(piece).split()
            if not tokens:
                continue
            digest.update((" " if count else "").encode() + " ".join(tokens).encode("utf-8"))
            count += len(tokens)
            found.append(shingle_hashes([*carry, *tokens], size))
            carry = [*carry, *tokens][-(size - 1) :] if size > 1 else []
        if not count:
            return Fingerprint(None, np.empty(0, dtype=np.uint32), False)
        shingles = _union(found) if len(found) > 1 else found[0]
        return Fingerprint(digest.hexdigest(), shingles, shingles.size >= self.config.min_shingles)

    def _minhash(self, fp: Fingerprint) -> MinHash:
        """The fingerprint's MinHash, computed once (an article is queried, then inserted).
        datasketch hashes a batch into a ``num_perm`` x batch array (1 kB per value at 128
        permutations), so the shingles go in slices: the same minimum, bounded memory."""
        if isinstance(fp.sketch, MinHash):
            return fp.sketch
        sketch = self._template.copy()
        if fp.sketch is not None:  # its values, unpickled (see Fingerprint)
            sketch.hashvalues = fp.sketch
        else:
            for start in range(0, fp.shingles.size, _MINHASH_SLICE):
                sketch.update_batch(fp.shingles[start : start + _MINHASH_SLICE])
        fp.sketch = sketch
        return sketch

    def _match(self, fp: Fingerprint) -> DuplicateMatch | None:
        if fp.hash is None:
            return None
        if fp.hash in self._by_hash:
            return self._relate(self._ids[self._by_hash[fp.hash]], fp, 1.0)
        if not fp.near or not self._ids:
            return None
        best: tuple[float, int] | None = None
        positions = list(self._lsh.query(self._minhash(fp)))
        others = [self._shingles[position] for position in positions]
        size = fp.shingles.size
        for position, other, common in zip(
            positions, others, common_counts(fp.shingles, others), strict=True
        ):
            if size == 0 or other.size == 0:  # as near_duplicate_similarity: never near
                continue
            similarity = _near_similarity(common, size, other.size, self.config)
            if similarity is None:
                continue
            # the most similar wins; among equals the earliest indexed (deterministic)
            if best is None or (similarity, -position) > (best[0], -best[1]):
                best = (similarity, position)
        return None if best is None else self._relate(self._ids[best[1]], fp, best[0])

    def _relate(self, via: str, fp: Fingerprint, via_similarity: float) -> DuplicateMatch:
        """The match against the origin of ``via``'s group (against ``via`` if not indexed)."""
        origin = self._find(via)
        anchor = self._position.get(origin)
        if anchor is None or self._shingles[anchor] is _FORGOTTEN:
            # the origin is not indexed, or out of the near window: measured against ``via``
            anchor, similarity = self._position[via], via_similarity
        else:
            similarity = (
                via_similarity if origin == via else jaccard(fp.shingles, self._shingles[anchor])
            )
        if self._hashes[anchor] == fp.hash:
            return DuplicateMatch(of=origin, kind="exact", similarity=1.0, via=via)
        return DuplicateMatch(of=origin, kind="near", similarity=similarity, via=via)

    def _indexed_match(self, article_id: str) -> DuplicateMatch | None:
        """The match an indexed article was given, naming its group's current origin."""
        match = self._matches.get(article_id)
        return None if match is None else replace(match, of=self._find(article_id))

    def _recorded(self, article: Article) -> DuplicateMatch | None:
        """The match a stored article was given by an earlier run (trusted, not recomputed)."""
        if article.duplicate_of is None:
            return None
        origin = self._find(article.duplicate_of)
        if origin == article.id:  # a record naming itself, or a cycle: it is an origin
            return None
        exact = article.duplicate_kind == "exact"
        similarity = article.duplicate_similarity
        return DuplicateMatch(
            of=origin,
            kind="exact" if exact else "near",
            similarity=(1.0 if exact else 0.0) if similarity is None else similarity,
            via=article.duplicate_of,
        )

    def _insert(self, article_id: str, fp: Fingerprint, match: DuplicateMatch | None) -> None:
        position = len(self._ids)
        self._ids.append(article_id)
        self._position[article_id] = position
        self._shingles.append(fp.shingles)
        self._hashes.append(fp.hash)
        if match is not None:
            self._parent[article_id] = match.of
            self._matches[article_id] = match
        if fp.hash is not None:
            self._by_hash.setdefault(fp.hash, position)
        if fp.near:
            self._lsh.insert(position, self._minhash(fp), check_duplication=False)
        self._forget_old(position - self.config.near_window)

    def _forget_old(self, position: int) -> None:
        """Take the article at ``position`` (``near_window`` behind the last) out of the near
        duplicate search: its LSH entry and shingles go, its exact hash and group stay."""
        if self.config.near_window <= 0 or position < 0:
            return
        shingles = self._shingles[position]
        if shingles.size >= self.config.min_shingles:
            self._lsh.remove(position)
        self._shingles[position] = _FORGOTTEN

    def _find(self, article_id: str) -> str:
        """The root of an id's group, compressing the path on the way."""
        root = article_id
        while root in self._parent:
            root = self._parent[root]
        while article_id != root:
            parent = self._parent[article_id]
            self._parent[article_id] = root
            article_id = parent
        return root


def _identity(value: int) -> int:
    """MinHash ``hashfunc`` for values that are already stable 32-bit hashes."""
    return value


def independent_origins(articles: Iterable[Article]) -> int:
    """How many independent reports: distinct duplicate groups among ``articles``.

    An article counts as its ``duplicate_of`` origin when it has one, so an origin and all its
    copies count once (even when the origin itself is not among ``articles``).
    """
    return len({article.duplicate_of or article.id for article in articles})


def _publication_key(article: Article) -> tuple[bool, datetime, int]:
    published = article.published
    if published is not None and published.tzinfo is not None:  # compare aware as naive UTC
        published = published.astimezone(UTC).replace(tzinfo=None)
    return (published is None, published or datetime.min, article.seq)


def first_reported(articles: Iterable[Article]) -> Article | None:
    """The earliest published article; undated ones come after dated ones; ties by ``seq``.

    Naive datetimes are taken as UTC so that naive and aware dates can be compared.
    """
    return min(articles, key=_publication_key, default=None)
