"""The ECB+ loader removes the two corpus-split leaks: source URLs and datelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluation.ecbplus import DEV_TOPICS, TRAIN_TOPICS, _is_dateline, load_documents


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
