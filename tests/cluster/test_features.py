"""storyline.cluster.features: the days an article's lead speaks of."""

from __future__ import annotations

from datetime import date

from _cluster_samples import make

from storyline.cluster.features import EVENT_LEAD_CHARS, event_days, text_features


def _day(y: int, m: int, d: int) -> int:
    return date(y, m, d).toordinal()


def test_event_days_resolve_against_the_publication_date() -> None:
    # T0 is Friday 2024-03-01: "on Tuesday" in a past clause is 2024-02-27
    article = make("Police said the gunman opened fire on Tuesday near the station.", "Shooting")
    assert event_days(article) == (_day(2024, 2, 27),)


def test_a_follow_up_names_the_event_day_months_later() -> None:
    late = make(
        "The man charged over the Feb. 27 shooting at the station appeared in court.",
        "Suspect in court",
        days=60.0,
    )
    assert event_days(late) == (_day(2024, 2, 27),)


def test_undated_articles_keep_only_dates_with_their_year() -> None:
    article = make(
        "On May 3, 2013, the factory collapsed. Rescuers worked through Friday.",
        "Collapse",
        days=None,
    )
    assert event_days(article) == (_day(2013, 5, 3),)


def test_weeks_months_years_and_plans_are_no_event_days() -> None:
    article = make(
        "Sales rose last month and in 2023. The trial is expected to open next Monday.",
        "Sales",
    )
    assert event_days(article) == ()


def test_only_the_lead_is_read_and_the_features_carry_the_days() -> None:
    filler = "Nothing dated happens in this sentence at all. " * 20
    article = make(filler[:EVENT_LEAD_CHARS] + " It happened on Tuesday.", "Filler")
    assert event_days(article) == ()
    assert event_days(article, lead_chars=10_000) == (_day(2024, 2, 27),)
    dated = make("The vote took place on Tuesday.", "Vote")
    assert text_features(dated, 450).event_days == (_day(2024, 2, 27),)
