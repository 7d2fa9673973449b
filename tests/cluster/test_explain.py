"""The explanations the clusterer attaches to its decisions (storyline.cluster.explain)."""

from __future__ import annotations

from storyline.cluster.explain import Score, Shared, join_assignment, new_story_assignment


def _score(**kw: float) -> Score:
    base = dict(score=0.42, lexical=0.3, names=0.6, dense=0.5, gap_days=1.5, threshold=0.35)
    base.update(kw)
    return Score(story_id="s-1", **base)  # type: ignore[arg-type]


def test_shared_names_drop_single_tokens_covered_by_a_longer_name() -> None:
    shared = Shared.between(
        {"summit": 1.0, "samarkand": 0.5},
        {"xi": 1.0, "xi jinping": 1.0, "putin": 0.5},
        {"summit": 2.0, "samarkand": 1.0, "beijing": 3.0},
        {"xi": 1.0, "xi jinping": 1.0, "putin": 1.0},
    )
    assert shared.terms == ("summit", "samarkand")
    assert "xi jinping" in shared.names and "putin" in shared.names
    assert "xi" not in shared.names


def test_a_join_says_which_story_by_which_score_and_what_is_shared() -> None:
    shared = Shared(terms=("summit",), names=("xi jinping",))
    a = join_assignment("a-1", _score(), shared, "s-2", None)
    assert (a.story_id, a.new_story, a.best_other_story) == ("s-1", False, "s-2")
    assert "score 0.42 >= threshold 0.35" in a.reason
    assert "gap 1.5 d" in a.reason and "xi jinping, summit" in a.reason


def test_a_new_story_names_the_closest_story_it_did_not_join() -> None:
    a = new_story_assignment("a-1", "s-9", _score(score=0.2), Shared((), ()), None)
    assert (a.story_id, a.new_story) == ("s-9", True)
    assert a.reason.startswith("new story: the closest story s-1 had score 0.20 < threshold")
    lonely = new_story_assignment("a-1", "s-9", None, None, None)
    assert lonely.score == 0.0 and "no active story" in lonely.reason
