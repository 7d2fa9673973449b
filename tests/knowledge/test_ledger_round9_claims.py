"""Ledger round 9, claims (issue 19): false claims read off the parse, each kind with a guard of
:mod:`storyline.extract._claim_guards` (definitions and advice, beliefs, products, descriptions,
lasting states, a headline's purpose infinitive). Every sentence here is invented (none is
taken from the shared data)."""

from __future__ import annotations

import pytest


def _claims(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    from storyline.extract.events import extract_events
    from storyline.knowledge.claims import claims_of

    return [(c.what, c.who, c.when) for c in claims_of(extract_events(text, None))]


def _plans(
    text: str, what: str, when: str | None = None, who: tuple[str, ...] | None = None
) -> None:
    """The control: ``text`` makes exactly one claim, whose what starts with ``what`` (and whose
    when and who are these, when given)."""
    [(found, actor, time)] = _claims(text)
    assert found.startswith(what), found
    assert when is None or time == when, time
    assert who is None or actor == who, actor


@pytest.mark.slow
def test_is_to_after_a_noun_of_purpose_the_parse_hangs_elsewhere_plans_nothing() -> None:
    # the noun of purpose an apposition of "Reddit", or no subject of the copula at all
    point = (
        "“Hey Reddit, the whole point of the poster series is to start a conversation,” "
        "Varga wrote."
    )
    assert _claims(point) == []
    advice = (
        "For those who use Firefox, Mozilla's advice is to install the out-of-cycle patch "
        "until a proper fix can be found."
    )
    assert _claims(advice) == []
    # a plan told with "is to" still plans
    _plans("Mayor Olsen is to open the new bridge next week.", "open", when="next week")


@pytest.mark.slow
def test_is_to_needs_a_finite_copula() -> None:
    # "has been on his strikers to avoid": no "is to" plan
    assert _claims("Coach Marek Lind has been on his strikers to avoid risky passes.") == []
    # the same subject with a finite "is to" and a time plans
    _plans("Coach Marek Lind is to meet his strikers on Friday.", "meet", when="on Friday")


@pytest.mark.slow
def test_a_future_a_verb_of_belief_governs_is_an_opinion_whatever_its_time() -> None:
    assert _claims("Few here think the strike will end anytime soon.") == []
    assert _claims("Many residents believe the bridge will reopen next week.") == []
    # the same future reported by a verb of saying is a claim
    _plans("Officials said the bridge will reopen next week.", "reopen", when="next week")


@pytest.mark.slow
def test_an_untyped_name_with_a_determiner_or_owner_is_a_product_not_an_actor() -> None:
    assert _claims("Kestrel’s Zephyr SUV will go 300 miles per charge.") == []
    assert _claims("'The Patch' will block a flaw that lets intruders in.") == []
    # a typed name that acts, with a time, still makes a claim
    _plans("Kestrel will unveil the Zephyr SUV next month.", "unveil", who=("Kestrel",))


@pytest.mark.slow
def test_a_future_verb_coordinated_with_present_descriptions_describes() -> None:
    text = "The new headset sounds better, will block out street noise, and comes with three tips."
    assert _claims(text) == []


@pytest.mark.slow
def test_a_lasting_state_with_a_time_ahead_is_no_event() -> None:
    undecided = "On Monday, Reyes indicated he might remain undecided until Friday's deadline."
    assert _claims(undecided) == []
    assert _claims("The Harbor Hawks will soon own the city's biggest arena.") == []


@pytest.mark.slow
def test_a_headline_infinitive_after_a_prepositional_phrase_is_a_purpose() -> None:
    assert _claims("ZentaCoin files for US bankruptcy protection to put lawsuits on hold") == []
    # the infinitive right after the title's noun still plans
    _plans("Verdant Books digital shop to sell Lumen Films titles", "sell")


@pytest.mark.slow
def test_a_measure_in_the_future_is_a_product_description() -> None:
    assert _claims("Kindle rival Zephyra will cost just $249") == []
    assert _claims("Orvell's smart speaker will cost $99 when it ships") == []


@pytest.mark.slow
def test_in_n_units_after_a_counted_change_is_a_span_not_a_time_ahead() -> None:
    assert _claims("Price of milk rises 12 cents in 3 weeks") == []
    assert _claims("Bank app crashes 3rd time in 10 days") == []
    # a plan with a time ahead and no count still plans
    _plans("Orvell releases new tablet in two weeks", "release", when="in two weeks")
