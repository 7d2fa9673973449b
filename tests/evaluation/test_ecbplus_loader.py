"""The ECB+ loader removes the two corpus-split leaks: source URLs and datelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import (
    DEV_TOPICS,
    LOOKALIKE_DAYS,
    TRAIN_TOPICS,
    EcbDocument,
    _is_dateline,
    date_spread,
    load_documents,
    publication_dates,
    to_article,
)


@pytest.mark.parametrize(
    "sentence",
    [
        "May 03 , 2013",
        "PUBLISHED : THURSDAY , MAY 2 , 2013 , 1 : 32 PM",
        "8 / 2 / 13 at 1 : 30 PM",
        "September 18th , 2013 , 05 : 31 GMT",
        "Friday August 2 , 2013 @ 8 : 13am PDT",
        # forms found left in train and dev documents before the token list was widened
        "Updated 4 : 08 p . m . ET",
        "Originally published 05 / 03 / 2013 at 10 : 20 AM EDT",
        "Posted : 04 / 9 / 2012 8 : 33 am Updated : 04 / 9 / 2012 8 : 33 am",
        "Published : Tuesday , Dec. 20 2005 12 : 00 a . m . MST",
        "Article posted on 08 . 07 . 2012",
        "Story Created : Aug 7 , 2012 at 9 : 56 AM AKDT",
        "11 / 28 / 05\t\t",
        "Published time : March 12 , 2013 02 : 03",
    ],
)
def test_datelines_are_recognised(sentence: str) -> None:
    assert _is_dateline(sentence.split())


@pytest.mark.parametrize(
    "sentence",
    [
        "Lindsay Lohan checks into Betty Ford Center",
        "May 2 was a sad day for fans",
        "Williams was arrested around 1 : 30 a . m . Feb. 1 on state Route 94",
    ],
)
def test_real_sentences_are_not_datelines(sentence: str) -> None:
    assert not _is_dateline(sentence.split())


def test_no_document_keeps_its_url_and_splits_are_disjoint(shared_data: Path) -> None:
    docs = list(load_documents(shared_data / "ecbplus", topics=[1, 2]))
    plus = [d for d in docs if d.name.endswith("ecbplus.xml")]
    assert plus and all(d.url and d.url.startswith("http") for d in plus)
    assert not any("http" in s.replace(" ", "")[:8] for d in docs for s in d.sentences[:1])
    assert not set(DEV_TOPICS) & set(TRAIN_TOPICS)


def _doc(topic: int, plus: bool, n: int) -> EcbDocument:
    kind = "ecbplus" if plus else "ecb"
    return EcbDocument(f"{topic}_{n}{kind}.xml", topic, f"{topic}{kind}", None, ("A text.",))


def test_date_modes_parse_and_bad_ones_say_what_works() -> None:
    assert date_spread("none") is None
    assert date_spread("spread:90") == 90
    assert date_spread("spread:0") == 0
    for bad in ("spread", "spread:-3", "spread:x", "as-is", ""):
        with pytest.raises(ConfigError, match="spread:N"):
            date_spread(bad)


def test_spread_dates_follow_each_event_within_n_days_and_are_seeded() -> None:
    docs = [_doc(t, plus, n) for t in (1, 2, 3) for plus in (False, True) for n in range(12)]
    dates = publication_dates(docs, 90, seed=4)
    assert dates == publication_dates(docs, 90, seed=4)
    assert dates != publication_dates(docs, 90, seed=5)
    assert len(dates) == len(docs)
    # with no spread every document of an event is dated on the event's own moment
    events = publication_dates(docs, 0, seed=4)
    for doc in docs:
        lag = (dates[doc.name] - events[doc.name]).total_seconds() / 86_400
        assert 0.0 <= lag <= 90.0
    lags = [(dates[d.name] - events[d.name]).days for d in docs]
    assert max(lags) - min(lags) > 45  # spread over the window, not all at one day
    for topic in (1, 2, 3):
        moments = {events[d.name] for d in docs if d.topic == topic}
        assert len(moments) == 2  # one per event (sub-topic)
        earliest, latest = min(moments), max(moments)
        assert (latest - earliest).days <= LOOKALIKE_DAYS
    assert len({events[d.name] for d in docs}) == 6


def test_articles_carry_the_date_given() -> None:
    doc = _doc(1, True, 1)
    when = publication_dates([doc], 10, seed=0)[doc.name]
    assert to_article(doc, 0, when).published == when
    assert to_article(doc, 0).published is None
