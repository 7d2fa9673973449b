"""Exact and near duplicates: reformatted copies, wire copies, same-story rewrites, chains."""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import re
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import DedupConfig
from storyline.errors import ConfigError
from storyline.records import Article
from storyline.text import dedup
from storyline.text.dedup import (
    DuplicateIndex,
    DuplicateMatch,
    common_counts,
    first_reported,
    independent_origins,
    jaccard,
    near_duplicate_similarity,
    normalise_text,
    shingle_hashes,
    text_hash,
    text_pieces,
)

# --- hand-written texts ----------------------------------------------------------------------
# An agency report, as the wire sent it.
WIRE = """\
HARBOURTON, March 3 (Northwire) - Two passenger ferries collided in thick fog at the entrance \
to Harbourton harbour on Tuesday morning, injuring 14 people, the port authority said.

The Island Queen, carrying 212 passengers, struck the side of the smaller Gull Rock shortly \
after 7:40 a.m. as both vessels approached the main channel, port spokeswoman Dana Okafor told \
reporters at the quayside.

"Visibility was under fifty metres at the time and both captains had reduced speed," Okafor \
said. "Thanks to their quick reaction, nobody fell into the water."

Eleven of the injured were treated at the scene for cuts and bruises. Three were taken to \
Harbourton General Hospital, where one man was in a serious but stable condition, a hospital \
spokesman said.

The maritime safety agency has opened an investigation and both ferries were withdrawn from \
service for inspection. Crossings to the islands will run on a reduced timetable until Thursday.

It was the second collision in the harbour in three years. In 2019 a cargo ship grounded on a \
sandbank near the same channel after its radar failed.
"""

# The same story, written independently by another outlet: same names, facts and figures.
INDEPENDENT = """\
Fourteen people were hurt when the Island Queen and the Gull Rock ran into each other in fog \
outside Harbourton on Tuesday.

Passengers on the smaller boat described a loud bang and a sudden lurch. "Everyone was thrown \
off their seats, and the coffee went everywhere," said Maria Lindqvist, a teacher who commutes \
to the islands every day.

According to the port authority, the larger ferry had 212 people on board. Its spokeswoman, \
Dana Okafor, praised the crews and said no one ended up in the sea.

Three of the injured went to Harbourton General Hospital; the others were patched up on the \
quay. The maritime safety agency is investigating, and the two ships will stay out of service \
while inspectors examine their hulls. Islanders face a reduced timetable until Thursday.
"""

# Unrelated invented articles, for the planted-copies check.
OTHERS = [
    """\
The central bank left its main interest rate unchanged at 4.25 percent on Thursday, saying \
inflation was falling more slowly than it had expected in the autumn.

Governor Ruth Anand told a news conference that wage growth remained strong and that the bank \
would not cut rates until it saw clear evidence that price rises were under control.

Most economists had predicted the decision. Markets now expect the first cut in June, although \
two members of the rate committee voted for an immediate reduction.

The currency rose slightly after the announcement, while shares of the largest lenders fell.
""",
    """\
City Rovers came from two goals down to beat Eastport United 3-2 on Saturday and climb to \
third place in the league.

Eastport led at half-time through a header from Tomas Berg and a penalty by Sami Haddad. \
Rovers pulled one back when Luca Ferri volleyed in from the edge of the area after an hour.

Substitute Kwame Mensah equalised with eight minutes left and then won the game in stoppage \
time, sliding in at the far post to finish a low cross.

"We never stopped believing," Rovers manager Ines Duarte said. "The supporters carried us."
""",
    """\
The city museum reopened on Friday after a three-year renovation that cost 48 million euros \
and doubled the space available for its collection of maritime paintings.

Architects replaced the leaking glass roof, added a new wing for temporary exhibitions and \
restored the nineteenth-century staircase that had been closed to visitors since 1987.

Director Helene Marchetti said the museum hoped to welcome 400,000 visitors a year, almost \
twice as many as before the works began.

Entry to the permanent collection will remain free for residents under 26.
""",
]


def _article(art_id: str, text: str, **fields: Any) -> Article:
    return Article(
        id=art_id, raw_id="r" + art_id, path=f"{art_id}.txt", format="text", text=text, **fields
    )


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _change_words(text: str, n: int, rng: random.Random) -> str:
    """Replace ``n`` random words of ``text`` by other words (a sub-editor's touch)."""
    words = text.split(" ")
    for index in rng.sample(range(len(words)), n):
        words[index] = rng.choice(["also", "reportedly", "local", "then", "early", "several"])
    return " ".join(words)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text.strip())


def _perturb(text: str, rng: random.Random) -> str:
    """A planted copy: one sentence deleted, two adjacent words swapped, two words replaced."""
    sentences = _sentences(text)
    del sentences[rng.randrange(1, len(sentences))]
    words = " ".join(sentences).split(" ")
    i = rng.randrange(len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    return _change_words(" ".join(words), 2, rng)


@pytest.fixture()
def index() -> DuplicateIndex:
    return DuplicateIndex(DedupConfig())


# --- normalisation -------------------------------------------------------------------------------
def test_normalise_text_folds_case_space_punctuation_and_unicode() -> None:
    assert normalise_text("  The U.S.  President’s\tvisit —\n“historic”!  ") == (
        "the us presidents visit historic"
    )
    assert normalise_text("STRASSE Straße") == "strasse strasse"
    assert normalise_text("ﬁnal ＡＢＣ 10,000 e-mail") == "final abc 10000 email"
    assert normalise_text("soft\u00adhyphen zero\u200bwidth") == "softhyphen zerowidth"
    assert normalise_text("Ілюстрація — ДЕНЬ") == "ілюстрація день"
    assert normalise_text("...!!! ---") == ""


def _reference_normalise(text: str) -> str:
    """normalise_text as first written: its regular expressions as they read plainest."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate({ord("ı"): "i"})
    folded = unicodedata.normalize("NFKC", folded)
    folded = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", folded)
    join = r"(?<=\w)['’ʼ‘`´.\-\u2010\u2011](?=\w)|(?<=\d)[,\u00a0\u202f](?=\d)"
    folded = re.sub(join, "", folded)
    return re.sub(rf"(?:[^\w{re.escape(_MARKS)}]|_)+", " ", folded).strip()


_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M")
_NORMALISE_ALPHABET = st.sampled_from(
    [*"aAzZ09ıIİéß_'’ʼ‘`´.-‐‑,;: \n\t\u00a0\u202f\u00ad\u200b\u0301\u0915\u093f", "ﬁ", "＿"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_NORMALISE_ALPHABET, max_size=40).map("".join))
def test_normalise_text_matches_the_reference(text: str) -> None:
    """Underscores, joining marks and group separators, dotless i, combining marks: the
    faster regular expressions fold every text as the plain ones do."""
    assert normalise_text(text) == _reference_normalise(text)


def test_text_hash_is_equal_only_for_the_same_words() -> None:
    assert text_hash(WIRE) == text_hash(WIRE.upper().replace(" ", "   ").replace(",", " ,"))
    assert text_hash(WIRE) != text_hash(WIRE.replace("14 people", "15 people"))
    assert re.fullmatch(r"[0-9a-f]{64}", text_hash(WIRE))


def test_shingle_hashes_are_stable_across_processes() -> None:
    """Not Python's salted hash(): another interpreter with another hash seed agrees."""
    here = shingle_hashes(normalise_text(WIRE).split()).tolist()
    code = (
        "import sys; from storyline.text.dedup import normalise_text, shingle_hashes; "
        "print(shingle_hashes(normalise_text(sys.stdin.read()).split()).tolist())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=WIRE,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == str(here)


def test_shingles_are_word_trigrams() -> None:
    tokens = ["a", "b", "c", "d", "a", "b", "c"]
    shingles = shingle_hashes(tokens)
    assert shingles.dtype == np.uint32
    assert shingles.size == 4  # abc bcd cda dab; the repeated abc counts once
    assert np.all(np.diff(shingles.astype(np.int64)) > 0)  # sorted, unique
    assert shingle_hashes(["a", "b"]).size == 0
    assert not np.array_equal(shingle_hashes(["a", "b", "c"]), shingle_hashes(["c", "b", "a"]))


# --- exact duplicates ---------------------------------------------------------------------------
def test_exact_copy_with_other_whitespace_case_and_punctuation(index: DuplicateIndex) -> None:
    original = index.assign(_article("a1", WIRE))
    assert original.duplicate_of is None
    assert original.text_hash == text_hash(WIRE)
    reformatted = WIRE.upper().replace("\n\n", "\n \n\n").replace(", ", " , ").replace('"', "“")
    copy = index.assign(_article("a2", reformatted, title="ANOTHER HEADLINE"))
    assert copy.duplicate_of == "a1"
    assert copy.duplicate_kind == "exact"
    assert copy.duplicate_similarity == 1.0
    assert copy.text_hash == original.text_hash


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300),
    upper=st.booleans(),
    spacing=st.sampled_from([" ", "  ", "\n", " \t\n ", "\u00a0"]),
)
def test_any_text_is_an_exact_duplicate_of_itself_reformatted(
    text: str, upper: bool, spacing: str
) -> None:
    reformatted = spacing + spacing.join(text.split()) + spacing
    reformatted = reformatted.upper() if upper else reformatted.lower()
    assert normalise_text(reformatted) == normalise_text(text)
    assert text_hash(reformatted) == text_hash(text)
    index = DuplicateIndex()
    index.add(_article("a1", text))
    match = index.check(_article("a2", reformatted))
    if normalise_text(text):
        assert match == DuplicateMatch(of="a1", kind="exact", similarity=1.0, via="a1")
    else:  # no words at all: nothing to compare
        assert match is None


# --- near duplicates ----------------------------------------------------------------------------
def _wire_copy(rng: random.Random) -> str:
    """The wire text as another site runs it: site banner, last paragraph cut, words changed."""
    body = "\n\n".join(_paragraphs(WIRE)[:-1])
    return "Harbour Daily - your local news, every day\n\n" + _change_words(body, 4, rng)


def test_wire_copy_is_a_near_duplicate(index: DuplicateIndex) -> None:
    index.assign(_article("a1", WIRE, title="Ferries collide in fog"))
    copy = index.assign(
        _article("a2", _wire_copy(random.Random(1)), title="14 hurt as ferries crash off port")
    )
    assert copy.duplicate_of == "a1"
    assert copy.duplicate_kind == "near"
    assert copy.duplicate_similarity is not None
    assert 0.6 < copy.duplicate_similarity < 1.0
    print(f"wire copy similarity: {copy.duplicate_similarity:.3f}")


def test_same_story_written_independently_is_not_a_duplicate(index: DuplicateIndex) -> None:
    index.assign(_article("a1", WIRE))
    other = index.assign(_article("a2", INDEPENDENT))
    assert other.duplicate_of is None
    assert other.duplicate_kind is None and other.duplicate_similarity is None
    a, b = (shingle_hashes(normalise_text(t).split()) for t in (WIRE, INDEPENDENT))
    assert jaccard(a, b) < 0.1  # shares names and figures, not sentences


def test_trimmed_and_edited_copy_matches_by_containment(index: DuplicateIndex) -> None:
    """A copy cut to just over half, with words changed: Jaccard < 0.5, but it is contained."""
    index.add(_article("a1", WIRE))
    paragraphs = _paragraphs(WIRE)
    trimmed = "\n\n".join([*paragraphs[:3], _sentences(paragraphs[3])[0]])
    copy = _change_words(trimmed, 4, random.Random(0))
    a, b = (shingle_hashes(normalise_text(t).split()) for t in (WIRE, copy))
    common = np.intersect1d(a, b).size
    assert jaccard(a, b) < 0.5 and common / b.size > 0.85 and b.size / a.size > 0.55
    match = index.check(_article("a2", copy))
    assert match is not None and match.of == "a1" and match.kind == "near"
    assert match.similarity == pytest.approx(jaccard(a, b))  # the Jaccard is what is reported
    # A paragraph of the original quoted inside a different article is not a copy.
    quoting = INDEPENDENT + "\n\n" + paragraphs[2]
    assert index.check(_article("a3", quoting)) is None
    # Nor is a copy cut to its first two paragraphs (under half): too little to tell.
    assert index.check(_article("a4", "\n\n".join(paragraphs[:2]))) is None


def test_chains_resolve_to_the_first_article(index: DuplicateIndex) -> None:
    rng = random.Random(5)
    b_text = _change_words(WIRE, 16, rng)
    c_text = _change_words(b_text, 16, rng)
    shingles = {
        k: shingle_hashes(normalise_text(t).split())
        for k, t in {"a": WIRE, "b": b_text, "c": c_text}.items()
    }
    config = DedupConfig()
    assert near_duplicate_similarity(shingles["b"], shingles["a"], config) is not None
    assert near_duplicate_similarity(shingles["c"], shingles["b"], config) is not None
    assert near_duplicate_similarity(shingles["c"], shingles["a"], config) is None  # drifted

    index.assign(_article("A", WIRE))
    b = index.assign(_article("B", b_text))
    match_c = index.check(_article("C", c_text))
    c = index.assign(_article("C", c_text))
    d = index.assign(_article("D", c_text.replace("  ", " ").lower()))  # exact copy of C
    assert b.duplicate_of == c.duplicate_of == d.duplicate_of == "A"
    assert match_c is not None and match_c.via == "B"
    # kind and similarity describe the article against the origin it names
    assert c.duplicate_kind == d.duplicate_kind == "near"
    assert c.duplicate_similarity == pytest.approx(jaccard(shingles["c"], shingles["a"]))
    assert index.origin_of("C") == "A" and index.origin_of("A") == "A"
    assert index.origin_of("unknown") is None
    assert index.groups() == {"A": ["A", "B", "C", "D"]}


def test_best_matching_group_wins_and_ties_go_to_the_earliest(index: DuplicateIndex) -> None:
    index.assign(_article("x1", WIRE))
    index.assign(_article("x2", OTHERS[0]))
    copy = index.assign(_article("x3", _change_words(OTHERS[0], 3, random.Random(2))))
    assert copy.duplicate_of == "x2"
    index2 = DuplicateIndex()
    for art_id in ("y1", "y2"):  # two indexed originals with the same words
        index2.add(_article(art_id, WIRE, text_hash="stored", duplicate_of=None))
    match = index2.check(_article("y3", _change_words(WIRE, 3, random.Random(3))))
    assert match is not None and (match.of, match.kind, match.via) == ("y1", "near", "y1")
    assert 0.8 < match.similarity < 1.0


def test_short_texts_only_match_exactly(index: DuplicateIndex) -> None:
    index.add(_article("s1", "Mt. Gox files for US bankruptcy protection"))
    assert index.check(_article("s2", "Mt. Gox files for US bankruptcy")) is None
    match = index.check(_article("s3", "MT GOX FILES FOR U.S. BANKRUPTCY PROTECTION!"))
    assert match is not None and match.kind == "exact" and match.of == "s1"


def test_text_falls_back_to_raw_text_and_empty_texts_never_match(index: DuplicateIndex) -> None:
    first = index.assign(replace(_article("r1", ""), raw_text=WIRE))
    assert first.text_hash == text_hash(WIRE)
    second = index.assign(_article("r2", WIRE.lower()))
    assert second.duplicate_of == "r1" and second.duplicate_kind == "exact"
    empty = [index.assign(_article(f"e{i}", "  ...  ")) for i in range(2)]
    assert all(e.text_hash is None and e.duplicate_of is None for e in empty)


# --- the index as a whole -----------------------------------------------------------------------
def test_check_does_not_change_the_index(index: DuplicateIndex) -> None:
    index.add(_article("a1", WIRE))
    for _ in range(2):
        assert index.check(_article("a2", WIRE)) is not None
    assert len(index) == 1 and "a2" not in index
    # re-adding or re-assigning an indexed id changes nothing and gives the same answer
    index.add(_article("a2", WIRE))
    again = index.assign(_article("a2", WIRE))
    index.add(_article("a1", OTHERS[0]))
    assert len(index) == 2 and again.duplicate_of == "a1" and again.duplicate_kind == "exact"
    assert index.check(_article("a1", WIRE)) is None  # an origin is nobody's copy


def test_stored_articles_keep_their_recorded_groups() -> None:
    """Rebuilding from a store: recorded duplicate_of is trusted, even out of order."""
    index = DuplicateIndex()
    # C was recorded as a copy of A, but A comes later in the rebuild order
    index.add(
        _article(
            "C",
            WIRE,
            text_hash=text_hash(WIRE),
            duplicate_of="A",
            duplicate_kind="exact",
            duplicate_similarity=1.0,
        )
    )
    index.add(_article("A", WIRE, text_hash=text_hash(WIRE)))
    index.add(_article("X", OTHERS[1], text_hash=text_hash(OTHERS[1])))
    assert index.origin_of("C") == "A"
    assert index.groups() == {"A": ["C", "A"]}
    new = index.assign(_article("N", WIRE.upper()))
    assert new.duplicate_of == "A" and new.duplicate_kind == "exact"
    # an article never deduplicated (no text_hash) is decided on add
    index.add(_article("M", OTHERS[1].lower()))
    assert index.origin_of("M") == "X"


def test_recorded_chains_of_copies_resolve_to_the_root() -> None:
    """Old records may name a copy rather than the origin; the index still finds the origin."""
    index = DuplicateIndex()
    stored = {"text_hash": "stored", "duplicate_kind": "near", "duplicate_similarity": 0.7}
    index.add(_article("C", OTHERS[2], duplicate_of="B", **stored))  # B not indexed yet
    index.add(_article("B", OTHERS[2], duplicate_of="A", **stored))
    index.add(_article("A", OTHERS[2], text_hash="stored"))
    assert [index.origin_of(x) for x in "ABC"] == ["A", "A", "A"]
    assert index.groups() == {"A": ["C", "B", "A"]}
    # the recorded match, naming the origin found since (A) and the copy it was matched via (B)
    assert index.check(_article("C", "")) == DuplicateMatch("A", "near", 0.7, via="B")
    copy = index.assign(_article("D", OTHERS[2]))
    assert copy.duplicate_of == "A" and copy.duplicate_kind == "exact"


def test_cyclic_records_do_not_hang() -> None:
    index = DuplicateIndex()
    index.add(_article("P", OTHERS[0], text_hash="stored", duplicate_of="Q"))
    index.add(_article("Q", OTHERS[0], text_hash="stored", duplicate_of="P"))
    index.add(_article("R", OTHERS[1], text_hash="stored", duplicate_of="R"))
    assert index.origin_of("P") == index.origin_of("Q") == "Q"
    assert index.origin_of("R") == "R"
    assert index.check(_article("Q", "")) is None


def test_deterministic_across_indexes() -> None:
    rng = random.Random(11)
    texts = [WIRE, INDEPENDENT, *OTHERS] + [_perturb(t, rng) for t in (WIRE, *OTHERS)]
    runs = []
    for _ in range(2):
        index = DuplicateIndex(DedupConfig(seed=7))
        runs.append([index.assign(_article(f"d{i}", t)) for i, t in enumerate(texts)])
    assert [(a.duplicate_of, a.duplicate_similarity) for a in runs[0]] == [
        (a.duplicate_of, a.duplicate_similarity) for a in runs[1]
    ]


@pytest.mark.parametrize(
    "config",
    [
        DedupConfig(near_duplicate_jaccard=0.0),
        DedupConfig(near_duplicate_jaccard=1.5),
        DedupConfig(lsh_threshold=0.7, near_duplicate_jaccard=0.5),
        DedupConfig(num_perm=4),
        DedupConfig(shingle_words=0),
        DedupConfig(min_shingles=0),
        DedupConfig(containment_min_ratio=0.0),
    ],
)
def test_bad_config_is_a_config_error(config: DedupConfig) -> None:
    with pytest.raises(ConfigError):
        DuplicateIndex(config)


# --- planted copies ------------------------------------------------------------------------------
def test_planted_copies_are_found_without_false_matches(seeds_dir: Path) -> None:
    seeds = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds_dir.glob("*.txt"))
    ]
    originals = [*seeds, WIRE, INDEPENDENT, *OTHERS]
    rng = random.Random(2024)
    copies = [(i % len(originals), _perturb(originals[i % len(originals)], rng)) for i in range(21)]

    index = DuplicateIndex()
    out = [index.assign(_article(f"o{i}", text)) for i, text in enumerate(originals)]
    # The two seeds are one story (anticipation, then confirmation), WIRE and INDEPENDENT another:
    # related originals, none a copy of another.
    assert [a.duplicate_of for a in out] == [None] * len(originals)
    found = 0
    for n, (source, text) in enumerate(copies):
        copy = index.assign(_article(f"c{n}", text))
        found += copy.duplicate_of == f"o{source}"
        assert copy.duplicate_of in (None, f"o{source}")  # never the wrong original
    recall = found / len(copies)
    print(f"planted copies: {found}/{len(copies)} found, recall {recall:.2f}")
    assert recall == 1.0
    assert independent_origins(index.assign(a) for a in out) == len(originals)


# --- story helpers -------------------------------------------------------------------------------
def _dated(art_id: str, published: datetime | None, seq: int, dup: str | None = None) -> Article:
    return _article(art_id, "", published=published, seq=seq, duplicate_of=dup)


def test_independent_origins_counts_groups() -> None:
    arts = [
        _dated("A", None, 0),
        _dated("B", None, 1, dup="A"),
        _dated("C", None, 2, dup="A"),
        _dated("D", None, 3),
        _dated("E", None, 4, dup="Z"),  # its origin is not among them: still one report
        _dated("F", None, 5, dup="Z"),
    ]
    assert independent_origins(arts) == 3
    assert independent_origins([]) == 0


def test_first_reported() -> None:
    day = datetime(2022, 9, 15, 9, 0)
    arts = [
        _dated("undated", None, 0),
        _dated("late", day + timedelta(hours=5), 1),
        _dated("tie-second", day, 3),
        _dated("tie-first", day, 2),
    ]
    first = first_reported(arts)
    assert first is not None and first.id == "tie-first"
    assert first_reported([_dated("u2", None, 7), _dated("u1", None, 4)]).id == "u1"  # type: ignore[union-attr]
    assert first_reported([]) is None
    # aware and naive dates compare (naive read as UTC): 08:30+02:00 is 06:30 UTC
    mixed = [
        _dated("naive", day, 0),
        _dated("aware", day.replace(hour=8, minute=30, tzinfo=timezone(timedelta(hours=2))), 1),
    ]
    assert first_reported(mixed).id == "aware"  # type: ignore[union-attr]
    assert first_reported([_dated("utc", day.replace(tzinfo=UTC), 0)]) is not None


def test_cached_word_hashes_are_the_plain_blake2b_hashes() -> None:
    from storyline.text import dedup

    tokens = ["the", "storm", "hit", "the", "coast", "and", "the", "storm", "moved", "on"]
    plain = [
        int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
        for t in tokens
    ]
    dedup._token_hash.cache_clear()
    first = shingle_hashes(tokens)
    assert [dedup._token_hash(t) for t in tokens] == plain  # now from the cache
    np.testing.assert_array_equal(shingle_hashes(tokens), first)


def test_an_article_is_min_hashed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from datasketch import MinHash

    calls = []
    original = MinHash.update_batch

    def counting(self: MinHash, values: object) -> None:
        calls.append(1)
        original(self, values)

    monkeypatch.setattr(MinHash, "update_batch", counting)
    index = DuplicateIndex(DedupConfig())
    words = " ".join(f"word{i} other{i % 7}" for i in range(60))
    first = index.assign(_article("a1", words))
    copy = index.assign(_article("a2", words + " tail words added here"))
    assert first.duplicate_of is None and copy.duplicate_of == "a1"
    assert len(calls) == 2  # a1 inserted (nothing to query yet); a2 queried and inserted


# --- long texts: read a piece at a time ------------------------------------------------------
_PIECE_TEXT = st.lists(
    st.sampled_from(["the", "Ferry", "U.S.", "10,000", "don't", "\n", " ", "  ", "\n\n", "é", "—"]),
    max_size=80,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=_PIECE_TEXT, piece=st.integers(8, 40))  # a space in every 8 characters
def test_a_text_read_in_pieces_has_the_whole_texts_hash_and_shingles(text: str, piece: int) -> None:
    """The fingerprint of a text normalised a piece at a time (memory bounded by a piece) is
    the one of the whole text: the same exact hash, the same shingles."""
    whole = DuplicateIndex()._fingerprint(_article("a", text))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dedup, "PIECE_CHARS", piece)
        pieces = DuplicateIndex()._fingerprint(_article("a", text))
    tokens = normalise_text(text).split()
    assert pieces.hash == whole.hash == (text_hash(text) if tokens else None)
    assert np.array_equal(pieces.shingles, shingle_hashes(tokens))
    assert np.array_equal(pieces.shingles, whole.shingles)
    assert "".join(text_pieces(text, piece)) == text


def test_a_long_text_is_normalised_and_minhashed_a_bounded_piece_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 45 MB text took ~6 GB to fingerprint at once (its normalised copies, a list of every
    word, and datasketch's num_perm x shingles array): each step now reads a bounded piece."""
    seen: list[int] = []
    batches: list[int] = []
    original_normalise, original_update = dedup.normalise_text, MinHash.update_batch

    def normalise(text: str) -> str:
        seen.append(len(text))
        return original_normalise(text)

    def update_batch(self: MinHash, values: Any) -> None:
        batches.append(len(values))
        original_update(self, values)

    monkeypatch.setattr(dedup, "normalise_text", normalise)
    monkeypatch.setattr(MinHash, "update_batch", update_batch)
    rng = random.Random(3)
    words = WIRE.split()
    text = "\n\n".join(
        " ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(60))
        for _ in range(1500)
    )  # ~900,000 characters, 90,000 distinct words
    index = DuplicateIndex()
    index.add(_article("long", text))
    assert max(seen) <= dedup.PIECE_CHARS < len(text)
    assert sum(batches) > 80_000 and max(batches) <= 8192
    assert index.check(_article("copy", text)) == DuplicateMatch("long", "exact", 1.0, "long")


def test_near_duplicates_are_looked_for_in_a_window_exact_ones_in_all() -> None:
    """An indexed article cost ~7 kB for ever (7 GB at 1,000,000): only the last near_window
    keep their shingles and LSH entry; an older one is still an exact duplicate's origin."""
    index = DuplicateIndex(DedupConfig(near_window=2))
    index.assign(_article("old", WIRE))
    for n, other in enumerate(OTHERS[:3]):
        index.assign(_article(f"o{n}", other))
    assert len(index._lsh.keys) <= 2 and index._shingles[0].size == 0
    near = index.assign(_article("near", _wire_copy(random.Random(1))))
    assert near.duplicate_of is None  # its origin left the window
    exact = index.assign(_article("exact", WIRE.upper()))
    assert (exact.duplicate_of, exact.duplicate_kind, exact.duplicate_similarity) == (
        "old",
        "exact",
        1.0,
    )
    recent = index.assign(_article("recent", _wire_copy(random.Random(2))))
    assert recent.duplicate_of == "near" and recent.duplicate_kind == "near"  # in the window
    unbounded = DuplicateIndex(DedupConfig(near_window=0))
    for article in (_article("old", WIRE), *(_article(f"o{n}", o) for n, o in enumerate(OTHERS))):
        unbounded.assign(article)
    assert unbounded.assign(_article("near", _wire_copy(random.Random(1)))).duplicate_of == "old"


def test_a_pickled_index_matches_as_the_original() -> None:
    """A group whose origin left the near window is measured against the member that matched
    (the window's marker is compared by identity): so after a pickle round trip too (the
    stream snapshot, storyline.pipeline.snapshot)."""
    index = DuplicateIndex(DedupConfig(near_window=2))
    index.assign(_article("old", WIRE))
    index.assign(_article("copy", _wire_copy(random.Random(1))))  # joins old's group
    index.assign(_article("o0", OTHERS[0]))  # old leaves the window, copy stays
    loaded = pickle.loads(pickle.dumps(index))
    probe = _article("probe", _wire_copy(random.Random(3)))
    found = index.check(probe)
    assert found is not None and found.of == "old" and found.via == "copy"
    assert found.similarity > 0  # measured against the copy, not the forgotten origin
    assert loaded.check(probe) == found
    assert [s.size for s in loaded._shingles] == [s.size for s in index._shingles]


def test_a_fingerprint_computed_elsewhere_assigns_as_one_computed_here() -> None:
    """The pipeline's worker process computes fingerprints (another index, the same settings)
    and pickles them to the index that assigns: the same groups, kinds and similarities, and
    the pickle carries the MinHash's values, not its permutations."""
    rng = random.Random(5)
    texts = [WIRE, *OTHERS, _wire_copy(rng), WIRE.upper(), _wire_copy(rng), "Too short."]
    articles = [_article(f"a{n}", text) for n, text in enumerate(texts)]
    here, there = DuplicateIndex(), DuplicateIndex()
    elsewhere = DuplicateIndex()  # the worker's: only fingerprints, never assigns
    sent = [pickle.loads(pickle.dumps(elsewhere.fingerprint(a))) for a in articles]
    assert all(isinstance(fp.sketch, np.ndarray) for fp in sent if fp.near)
    found = [there.assign(a, fp) for a, fp in zip(articles, sent, strict=True)]
    assert found == [here.assign(a) for a in articles]
    assert sum(a.duplicate_kind == "near" for a in found) == 2  # the wire copies
    assert len(pickle.dumps(sent[0])) < len(pickle.dumps(elsewhere.fingerprint(articles[0]).sketch))


_HASH_SETS = st.lists(st.integers(0, 60), max_size=25).map(
    lambda xs: np.unique(np.array(xs, dtype=np.uint32))
)


# hashes over the whole uint32 range, and ones that share the top bits common_counts looks up
# by (a bucket holding several of a set's hashes)
_SPREAD_HASH = st.one_of(
    st.integers(0, 2**32 - 1),
    st.integers(0, 40).map(lambda x: (x % 4) << 28 | x),
    st.sampled_from([0, 1, 2**16 - 1, 2**16, 2**32 - 1]),
)
_SPREAD_SETS = st.lists(_SPREAD_HASH, max_size=40).map(
    lambda xs: np.unique(np.array(xs, dtype=np.uint32))
)


@given(_HASH_SETS, st.lists(_HASH_SETS, max_size=6))
def test_common_counts_are_the_intersections_sizes(a: np.ndarray, others: list[np.ndarray]) -> None:
    # one pass over a text's LSH candidates gives what np.intersect1d gives each of them
    expected = [np.intersect1d(a, b, assume_unique=True).size for b in others]
    assert common_counts(a, others) == expected


@given(_SPREAD_SETS, st.lists(_SPREAD_SETS, max_size=6))
def test_common_counts_over_the_whole_hash_range(a: np.ndarray, others: list[np.ndarray]) -> None:
    # the same with hashes in buckets of their own, sharing one, and at the range's ends; a
    # second call sees a clean table (the first one's set is cleared)
    expected = [np.intersect1d(a, b, assume_unique=True).size for b in others]
    assert common_counts(a, others) == expected
    assert common_counts(a[:0], others) == [0] * len(others)
    if a.size:
        assert common_counts(a[1:], others) == [
            np.intersect1d(a[1:], b, assume_unique=True).size for b in others
        ]
