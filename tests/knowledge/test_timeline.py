"""The story timeline: events at their own time, reports at their publication."""

from __future__ import annotations

from datetime import date, datetime

from storyline.knowledge.timeline import build_timeline
from storyline.records import Article

try:
    from ._ledger_samples import PUTIN, XI, ev, when
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _ledger_samples import PUTIN, XI, ev, when


def article(aid: str, published: datetime | None, title: str, seq: int = 0) -> Article:
    return Article(id=aid, raw_id="r", path=f"{aid}.txt", format="text", title=title,
                   text=f"{title}\n\nBody.", published=published, source="example.org",
                   seq=seq)  # fmt: skip


ANTICIPATION = article("a", datetime(2022, 8, 19), "Putin and Xi may meet", 1)
CONFIRMATION = article("b", datetime(2022, 9, 15, 9, 30), "Xi and Putin meet today", 2)
EXPECTED = ev("a", 2, "Xi could travel to Samarkand on September 15 to meet Putin.", "travel",
              [XI, PUTIN], "expected", time=when("2022-09-15", "2022-09-16", "on September 15 "
              "and 16", "range"), where=["Samarkand"], source="WSJ")  # fmt: skip
DENOUNCED = ev("a", 5, "This week, Putin denounced Pelosi's trip.", "denounce", [PUTIN],
               "happened", trigger="denounced",
               time=when("2022-08-15", "2022-08-21", "This week", "week"))  # fmt: skip
MEETING = ev("b", 1, "Xi and Putin are meeting today in Uzbekistan.", "meet", [XI, PUTIN],
             "ongoing", trigger="meeting", time=when("2022-09-15", text="today"))  # fmt: skip
UNDATED = ev("b", 3, "Beijing supported Moscow.", "support", ["Beijing"], "happened",
             trigger="supported")  # fmt: skip


def test_items_are_sorted_by_event_time_then_report_time() -> None:
    items = build_timeline([ANTICIPATION, CONFIRMATION], [EXPECTED, MEETING, DENOUNCED, UNDATED])
    order = [(i.kind, i.article_id, i.sentence_index) for i in items]
    assert order == [
        ("event", "a", 5),  # the week of 2022-08-15
        ("report", "a", None),  # 2022-08-19
        ("event", "a", 2),  # expected for 2022-09-15..16, reported on 2022-08-19
        ("report", "b", None),  # 2022-09-15 09:30
        ("event", "b", 1),  # today = 2022-09-15, reported at 09:30: after its own report
        ("event", "b", 3),  # undated: placed at its report
    ]
    assert [i.sort_time() for i in items] == [
        date(2022, 8, 15), date(2022, 8, 19), date(2022, 9, 15), date(2022, 9, 15),
        date(2022, 9, 15), date(2022, 9, 15),
    ]  # fmt: skip


def test_event_items_cite_their_sentence_and_carry_time_and_modality() -> None:
    (item,) = [i for i in build_timeline([ANTICIPATION], [EXPECTED]) if i.kind == "event"]
    view = item.to_dict()
    assert view["citation"] == {
        "article_id": "a",
        "sentence_index": 2,
        "sentence": EXPECTED.sentence,
    }
    assert view["when"] == {
        "text": "on September 15 and 16", "start": "2022-09-15", "end": "2022-09-16",
        "grain": "range",
    }  # fmt: skip
    assert view["reported"] == "2022-08-19"
    assert (view["modality"], view["attributed_to"], view["what"]) == ("expected", "WSJ", "travel")
    assert view["who"] == [XI, PUTIN] and view["where"] == ["Samarkand"]


def test_reports_and_undated_events_and_foreign_events() -> None:
    undated_article = article("c", None, "No date here", 3)
    items = build_timeline([CONFIRMATION, undated_article], [UNDATED, DENOUNCED])
    assert [(i.kind, i.article_id) for i in items] == [
        ("report", "b"), ("event", "b"), ("report", "c"),
    ]  # fmt: skip
    # DENOUNCED belongs to an article that was not given: left out.
    report = items[0].to_dict()
    assert report == {
        "kind": "report", "article_id": "b", "text": "Xi and Putin meet today", "when": None,
        "reported": "2022-09-15T09:30:00", "placed_at": "2022-09-15", "source": "example.org",
    }  # fmt: skip
    assert items[1].when is None and items[1].to_dict()["placed_at"] == "2022-09-15"
    assert items[2].to_dict()["placed_at"] is None
    assert build_timeline([], []) == []
