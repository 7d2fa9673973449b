"""MUC, B³, CEAF-e and CoNLL F1 on small examples computed by hand (arithmetic in comments)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from storyline.evaluation.coref_metrics import (
    bcubed_coref,
    ceafe,
    clusters_from_mapping,
    conll,
    max_assignment,
    muc,
)

# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", section 3.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_pradhan_example() -> None:
    # recall: key {a,b,c} is cut by the response into {a,b},{c} -> 3-2 = 1 link kept;
    #         {d,e,f,g} into {d},{e}(missing),{f,g} -> 4-3 = 1; links 2 + 3 = 5 -> R = 2/5
    # precision: {a,b} -> 1 part, 2-1 = 1; {c,d} -> {c},{d}, 2-2 = 0;
    #            {f,g,h,i} -> {f,g},{h},{i}, 4-3 = 1; links 1 + 1 + 3 = 5 -> P = 2/5
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.4)
    assert s.precision == pytest.approx(0.4)
    assert s.f1 == pytest.approx(0.4)


def test_bcubed_pradhan_example() -> None:
    # recall: {a,b,c}: (2² + 1²)/3 = 5/3; {d,e,f,g}: (1² + 2²)/4 = 5/4;
    #         (5/3 + 5/4) / 7 key mentions = (35/12)/7 = 5/12
    # precision: {a,b}: 2²/2 = 2; {c,d}: (1 + 1)/2 = 1; {f,g,h,i}: 2²/4 = 1;
    #            (2 + 1 + 1) / 8 response mentions = 1/2
    # F1 = 2 (5/12)(1/2) / (5/12 + 6/12) = (5/12)/(11/12) = 5/11
    s = bcubed_coref(KEY, RESPONSE)
    assert s.recall == pytest.approx(5 / 12)
    assert s.precision == pytest.approx(0.5)
    assert s.f1 == pytest.approx(5 / 11)


def test_ceafe_pradhan_example() -> None:
    # φ4 = 2|K∩R|/(|K|+|R|): {a,b,c}~{a,b} = 4/5; {a,b,c}~{c,d} = 2/5;
    #      {d,e,f,g}~{c,d} = 2/6; {d,e,f,g}~{f,g,h,i} = 4/8.
    # best one-to-one: 4/5 + 4/8 = 1.3 (vs 2/5 + 4/8 = 0.9, 4/5 + 2/6 = 1.13)
    # R = 1.3/2 key clusters = 0.65; P = 1.3/3 response clusters = 13/30
    # F1 = 2 (13/20)(13/30) / (13/20 + 13/30) = 338/650 = 0.52
    s = ceafe(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.65)
    assert s.precision == pytest.approx(13 / 30)
    assert s.f1 == pytest.approx(0.52)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    # (0.4 + 5/11 + 0.52) / 3
    scores = conll(KEY, RESPONSE)
    assert scores.conll_f1 == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)
    out = scores.to_dict()
    assert out["conll_f1"] == pytest.approx(45.82, abs=0.005)  # percentages, as the scorer
    assert out["muc"] == {"precision": 40.0, "recall": 40.0, "f1": 40.0}
    assert out["b3"]["f1"] == pytest.approx(45.45)


def test_perfect_response_scores_100() -> None:
    key = [{"a", "b", "c"}, {"d", "e"}, {"f"}]
    out = conll(key, [{"c", "b", "a"}, {"f"}, {"e", "d"}]).to_dict()
    for metric in ("muc", "b3", "ceafe"):
        assert out[metric] == {"precision": 100.0, "recall": 100.0, "f1": 100.0}
    assert out["conll_f1"] == 100.0


def test_singletons_weigh_in_b3_and_ceafe_but_not_in_muc() -> None:
    # key {a,b},{c},{d}; response {a,b,c},{d}
    key = [{"a", "b"}, {"c"}, {"d"}]
    response = [{"a", "b", "c"}, {"d"}]
    # MUC recall: {a,b} whole -> 1/1; singletons have no links -> R = 1/1 = 1
    # MUC precision: {a,b,c} -> {a,b},{c}: (3-2)/(3-1) = 1/2; {d}: 0/0 -> P = 1/2; F1 = 2/3
    m = muc(key, response)
    assert (m.recall, m.precision) == (pytest.approx(1.0), pytest.approx(0.5))
    assert m.f1 == pytest.approx(2 / 3)
    # B³ recall: {a,b}: 2²/2 = 2; {c}: 1; {d}: 1 -> 4/4 = 1
    # B³ precision: {a,b,c}: (2² + 1²)/3 = 5/3; {d}: 1 -> (8/3)/4 = 2/3; F1 = 0.8
    b = bcubed_coref(key, response)
    assert (b.recall, b.precision) == (pytest.approx(1.0), pytest.approx(2 / 3))
    assert b.f1 == pytest.approx(0.8)
    # CEAF-e: {a,b}~{a,b,c} = 4/5, {c}~{a,b,c} = 2/4, {d}~{d} = 1
    # best: 4/5 + 1 = 1.8; R = 1.8/3 = 0.6; P = 1.8/2 = 0.9; F1 = 2(.6)(.9)/1.5 = 0.72
    c = ceafe(key, response)
    assert (c.recall, c.precision) == (pytest.approx(0.6), pytest.approx(0.9))
    assert c.f1 == pytest.approx(0.72)


def test_all_singletons_have_no_muc_links() -> None:
    # The reference scorer reports MUC 0 when the key has no links at all.
    key = [{"a"}, {"b"}, {"c"}]
    out = conll(key, key)
    assert out.muc.f1 == 0.0
    assert out.b3.f1 == pytest.approx(1.0)
    assert out.ceafe.f1 == pytest.approx(1.0)


def test_everything_merged() -> None:
    # key {a,b,c},{d,e}; response {a,b,c,d,e}
    key = [{"a", "b", "c"}, {"d", "e"}]
    response = [{"a", "b", "c", "d", "e"}]
    # MUC: R = (2 + 1)/(2 + 1) = 1; P = (5 - 2)/(5 - 1) = 3/4
    assert muc(key, response).precision == pytest.approx(0.75)
    assert muc(key, response).recall == pytest.approx(1.0)
    # B³: R = (3²/3 + 2²/2)/5 = 1; P = ((3² + 2²)/5)/5 = 13/25
    assert bcubed_coref(key, response).precision == pytest.approx(13 / 25)
    assert bcubed_coref(key, response).recall == pytest.approx(1.0)
    # CEAF-e: {a,b,c}~R = 6/8, {d,e}~R = 4/7: one response cluster -> 0.75;
    # R = 0.75/2 = 0.375, P = 0.75/1
    c = ceafe(key, response)
    assert (c.recall, c.precision) == (pytest.approx(0.375), pytest.approx(0.75))


def test_response_missing_a_mention() -> None:
    # key {a,b,c}; response {a,b}  (c never predicted)
    key, response = [{"a", "b", "c"}], [{"a", "b"}]
    # MUC: R: {a,b},{c} -> (3-2)/(3-1) = 1/2; P: {a,b} intact -> 1/1
    assert muc(key, response).recall == pytest.approx(0.5)
    assert muc(key, response).precision == pytest.approx(1.0)
    # B³: R = (2²/3)/3 = 4/9; P = (2²/2)/2 = 1
    assert bcubed_coref(key, response).recall == pytest.approx(4 / 9)
    assert bcubed_coref(key, response).precision == pytest.approx(1.0)
    # CEAF-e: φ4 = 4/5 for the only pair: R = P = 0.8
    assert ceafe(key, response).f1 == pytest.approx(0.8)


def test_empty_response() -> None:
    out = conll([{"a", "b"}], [])
    assert out.conll_f1 == 0.0


def test_clusters_from_mapping_and_validation() -> None:
    clusters = clusters_from_mapping({"a": 1, "b": 1, "c": "x"})
    assert sorted(sorted(c) for c in clusters) == [["a", "b"], ["c"]]
    with pytest.raises(ValueError, match="more than one cluster"):
        muc([{"a", "b"}, {"b"}], [{"a"}])


def _brute_force(similarity: np.ndarray) -> float:
    rows, cols = similarity.shape
    if rows > cols:
        return _brute_force(similarity.T)
    return max(
        sum(similarity[i, j] for i, j in enumerate(perm))
        for perm in itertools.permutations(range(cols), rows)
    )


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (4, 4), (5, 3), (6, 6), (3, 7)])
def test_kuhn_munkres_matches_brute_force(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    for _ in range(5):
        similarity = rng.random(shape) * (rng.random(shape) > 0.4)
        assert max_assignment(similarity) == pytest.approx(_brute_force(similarity))


def test_kuhn_munkres_on_a_known_matrix() -> None:
    # rows take 0.9 (0,1) + 0.8 (1,0) + 0.7 (2,2) = 2.4; greedy first-row-first would take
    # (0,1), then (1,0), then (2,2) too here, so also check a trap for greedy:
    trap = np.array([[0.9, 0.8], [0.85, 0.0]])  # greedy 0.9 + 0.0 = 0.9; optimal 0.8 + 0.85
    assert max_assignment(trap) == pytest.approx(1.65)
    m = np.array([[0.1, 0.9, 0.2], [0.8, 0.3, 0.1], [0.2, 0.1, 0.7]])
    assert max_assignment(m) == pytest.approx(2.4)


# The CEAF test cases of the reference scorer (reference-coreference-scorers, test/
# TestCases.README and CorefMetricTestConfig.pm): key {a} {bc} {def}; expected CEAF-e
# (recall, precision, F1) as the scorer's configuration lists them.
SCORER_KEY = [{"a"}, {"b", "c"}, {"d", "e", "f"}]


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        # TC1 perfect
        ([{"a"}, {"b", "c"}, {"d", "e", "f"}], (1.0, 1.0, 1.0)),
        # TC2 missing mentions: common = 1 + 4/5 = 1.8; R = 1.8/3, P = 1.8/2
        ([{"a"}, {"d", "e"}], (0.6, 0.9, 0.72)),
        # TC3 false alarms: common = 1 + 4/5 + 6/7 = 2.657; R = /3, P = /4
        ([{"a"}, {"b", "c", "x"}, {"d", "e", "f", "y"}, {"z"}], (0.88571, 0.66429, 0.75918)),
        # TC4 both: common = 1 + 4/5 + 2/5 = 2.2; R = 2.2/3, P = 2.2/4
        ([{"a"}, {"b", "c", "x"}, {"d", "y"}, {"z"}], (0.73333, 0.55, 0.62857)),
    ],
)
def test_ceafe_reference_scorer_cases(
    response: list[set[str]], expected: tuple[float, float, float]
) -> None:
    s = ceafe(SCORER_KEY, response)
    assert (s.recall, s.precision, s.f1) == pytest.approx(expected, abs=1e-5)
