"""The web layer's pure parts on synthetic views: timeline layout, ledger and entities on the
story page (the library does not give them yet), cross-story indexes, filters, safe filters."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from markupsafe import escape

from storyline.web.queries import (
    StoryFilters,
    _matches_facets,
    duplicate_groups,
    entity_index,
    expectation_index,
    mention_count,
    parse_iso,
)
from storyline.web.render import http_url, mark_snippet, render
from storyline.web.timeline import build_timeline, status_class

EVIL = "<img src=x onerror=alert(1)>"


def article(aid: str, published: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": aid,
        "path": f"{aid}.txt",
        "entry": None,
        "format": "text",
        "title": f"Title {aid}",
        "source": "Wire",
        "published": published,
        "url": None,
        "language": "en",
        "removed_lines": [],
        "duplicate_of": None,
        "duplicate_kind": None,
        "duplicate_similarity": None,
        "story_id": "s1",
        **extra,
    }


def ledger_view() -> dict[str, Any]:
    """A story view as the library will give it with entities and the expectation ledger."""
    articles = [
        article("a1", "2022-08-19"),
        article("a2", "2022-09-15T09:30:00+02:00"),
        article("a3", None, title=EVIL),
        article(
            "a4", "2022-09-15", duplicate_of="a2", duplicate_kind="near", duplicate_similarity=0.91
        ),
    ]
    return {
        "id": "s1",
        "title": "Putin and Xi may meet",
        "n_articles": 4,
        "independent_origins": 3,
        "first_reported": "2022-08-19",
        "last_reported": "2022-09-15",
        "first_article_id": "a1",
        "sources": ["Wire"],
        "languages": ["en"],
        "article_ids": ["a1", "a2", "a4", "a3"],
        "articles": articles,
        "explanations": [],
        "duplicate_groups": duplicate_groups(articles),
        "origins": ["a1", "a2", "a3"],
        "entities": [
            {"name": "Xi Jinping", "type": "PERSON", "aliases": ["Xi"], "mentions": 7},
            {
                "name": EVIL,
                "type": "ORG",
                "aliases": [],
                "n_mentions": 2,
                "mentions": [{"article_id": "a1"}, {"article_id": "a2"}],
            },
        ],
        "timeline": [{"when": "2022-09-15", "text": "SCO summit opens", "article_id": "a2"}],
        "expectations": [
            {
                "status": "confirmed",
                "text": "Putin and Xi may meet at the SCO summit",
                "what": "meet",
                "who": ["Putin", "Xi"],
                "where": "Samarkand",
                "when": {"text": "September 15 and 16", "date": "2022-09-15"},
                "attributed_to": "the Wall Street Journal",
                "first_reported": {"article_id": "a1", "sentence": f"They may meet. {EVIL}"},
                "evidence": [{"article_id": "a2", "sentence": "They are meeting today."}],
            },
            {"status": "<b>weird</b>", "text": "Something undated", "when": "soon"},
        ],
    }


# -- timeline --------------------------------------------------------------------------------


def test_timeline_rows_reports_then_events() -> None:
    timeline = build_timeline(ledger_view())
    kinds = [m.kind for m in timeline.marks]
    assert kinds == ["report", "report", "report", "event", "expectation"]
    reports = timeline.marks[:3]
    assert [m.article_id for m in reports] == ["a1", "a2", "a4"]
    assert reports[0].x < reports[1].x  # x is time
    assert len({m.y for m in timeline.marks}) == len(timeline.marks)  # one row each
    assert [a["id"] for a in timeline.undated] == ["a3"]
    assert "copy" in reports[2].css
    expectation = timeline.marks[-1]
    assert "status-confirmed" in expectation.css
    assert expectation.link_from == (reports[0].x, reports[0].y)  # joined to its first report
    assert expectation.x > reports[0].x
    assert timeline.marks[3].link_from == (reports[1].x, reports[1].y)
    labels = [t.label for t in timeline.ticks]
    assert labels == sorted(labels) and all(re.fullmatch(r"\d{4}-\d\d-\d\d", x) for x in labels)
    assert all(0 <= m.x <= timeline.width for m in timeline.marks)
    assert timeline.height > max(m.y for m in timeline.marks)


def test_timeline_of_one_day_and_of_no_date() -> None:
    one = build_timeline({"articles": [article("a1", "2022-08-19"), article("a2", "2022-08-19")]})
    assert len(one.marks) == 2 and one.marks[0].x == one.marks[1].x
    assert 0 < one.marks[0].x < one.width
    none = build_timeline({"articles": [article("a1", None)]})
    assert none.empty and [a["id"] for a in none.undated] == ["a1"]
    assert build_timeline({}).empty


def test_wide_labels_are_cut_to_fit_on_either_side() -> None:
    """Capitals are wide: a 48-character title of W and M overflowed the viewBox from a mark
    left of the middle. Each label now fits its side, by the widths test_browser checks."""
    from storyline.web.timeline import text_width

    days = ["2022-08-01", "2022-08-10", "2022-08-14", "2022-08-17", "2022-08-20", "2022-08-31"]
    shout = "WHEN MEMBERS WARN: " * 4
    view = {
        "articles": [article(f"a{i}", d, title=shout, source="WMWM") for i, d in enumerate(days)]
    }
    timeline = build_timeline(view)
    assert len(timeline.marks) == len(days)
    for mark in timeline.marks:
        drawn = text_width(f"{mark.source} — {mark.label}")
        if mark.anchor_end:
            assert mark.label_x - drawn >= 0, mark
        else:
            assert mark.label_x + drawn <= timeline.width, mark
        assert mark.source == "WMWM" and mark.label.startswith("WHEN")
        assert mark.full.startswith("WMWM — WHEN MEMBERS WARN: WHEN")  # the tooltip: uncut


def test_status_classes_come_from_a_fixed_set() -> None:
    assert status_class("Confirmed") == "status-confirmed"
    assert status_class("pending") == "status-pending"
    assert status_class("refuted") == "status-refuted"
    assert status_class('x" onmouseover="alert(1)') == "status-other"
    assert status_class(None) == "status-other"


# -- the story page with the ledger and entities ----------------------------------------------


def test_story_page_renders_ledger_entities_and_escapes_them() -> None:
    view = ledger_view()
    html = render(
        "story.html",
        story=view,
        timeline=build_timeline(view),
        excerpts={"a1": "<script>alert(2)</script> text"},
        why={},
        titles={a["id"]: a["title"] for a in view["articles"]},
        status_class=status_class,
        mention_count=mention_count,
    )
    assert '<section id="ledger">' in html and '<section id="entities">' in html
    assert '<span class="badge status status-confirmed">confirmed</span>' in html
    assert "Putin and Xi may meet at the SCO summit" in html
    assert "the Wall Street Journal" in html
    assert 'first reported in <a href="#article-a1">Title a1</a>' in html
    assert "They are meeting today." in html
    assert "Xi Jinping" in html and "PERSON" in html
    assert "<td>7</td>" in html and "<td>2</td>" in html and "article_id" not in html
    assert str(escape(EVIL)) in html and "<img" not in html
    assert "&lt;b&gt;weird&lt;/b&gt;" in html and "status-other" in html
    assert "<script" not in html
    assert 'class="mark expectation status-confirmed"' in html
    assert "<polygon" in html and html.count("<circle") == 3
    assert "<h3>Without a date</h3>" in html
    assert "Copy (near, similarity 0.91)" in html
    assert "Duplicate groups" in html


def test_story_page_without_ledger_keys_has_no_ledger_section() -> None:
    view = {k: v for k, v in ledger_view().items() if k not in ("entities", "expectations")}
    html = render(
        "story.html",
        story=view,
        timeline=build_timeline(view),
        excerpts={},
        why={},
        titles={},
        status_class=status_class,
        mention_count=mention_count,
    )
    assert 'id="ledger"' not in html and 'id="entities"' not in html


# -- indexes and filters ---------------------------------------------------------------------


def test_entity_index_merges_across_stories() -> None:
    a = ledger_view()
    b = {
        **ledger_view(),
        "id": "s2",
        "entities": [
            {
                "name": "Xi Jinping",
                "type": "PERSON",
                "aliases": ["Xi", "President Xi"],
                "mentions": 2,
            }
        ],
    }
    rows = entity_index([a, b])
    assert rows[0] == {
        "name": "Xi Jinping",
        "type": "PERSON",
        "aliases": ["Xi", "President Xi"],
        "mentions": 9,
        "stories": ["s1", "s2"],
    }
    assert [r["name"] for r in entity_index([a, b], name="president xi")] == ["Xi Jinping"]
    assert entity_index([{"id": "s3", "title": "t"}]) == []


def test_expectation_index_filters_by_status() -> None:
    rows = expectation_index([ledger_view()], status="CONFIRMED")
    assert len(rows) == 1 and rows[0]["story_id"] == "s1" and rows[0]["what"] == "meet"
    assert len(expectation_index([ledger_view()])) == 2
    assert expectation_index([{"id": "s", "title": "t", "expectations": "bad"}]) == []


def test_entity_and_status_facets() -> None:
    view = ledger_view()
    assert _matches_facets(view, StoryFilters(entity="xi"))
    assert _matches_facets(view, StoryFilters(entity="XI JINPING", status="confirmed"))
    assert not _matches_facets(view, StoryFilters(entity="Putin"))
    assert not _matches_facets(view, StoryFilters(status="refuted"))
    assert not _matches_facets({"id": "s"}, StoryFilters(entity="xi"))


def test_duplicate_groups() -> None:
    arts = [
        article("a1", None),
        article("a2", None, duplicate_of="a1", duplicate_kind="exact", duplicate_similarity=1.0),
        article("a3", None, duplicate_of="zz"),
    ]
    assert duplicate_groups(arts) == [
        {
            "origin": "a1",
            "origin_in_story": True,
            "copies": [{"id": "a2", "kind": "exact", "similarity": 1.0}],
        },
        {
            "origin": "zz",
            "origin_in_story": False,
            "copies": [{"id": "a3", "kind": None, "similarity": None}],
        },
    ]


# -- small helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://news.example/a?b=1", True),
        ("http://news.example", True),
        ("HTTPS://NEWS.EXAMPLE/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https://", False),
        ("http://[::1", False),
        (None, False),
        (42, False),
    ],
)
def test_http_url(url: Any, ok: bool) -> None:
    assert http_url(url) == (url if ok else None)


def test_mark_snippet_escapes_and_marks() -> None:
    assert str(mark_snippet("a **<b>x</b>** c")) == "a <mark>&lt;b&gt;x&lt;/b&gt;</mark> c"
    assert str(mark_snippet("odd ** <i>")) == "odd ** &lt;i&gt;"
    assert str(mark_snippet(None)) == ""


def test_parse_iso() -> None:
    assert parse_iso("2022-09-15").date() == date(2022, 9, 15)  # type: ignore[union-attr]
    assert parse_iso("2022-09-15T09:30:00+02:00").hour == 9  # type: ignore[union-attr]
    assert parse_iso("2022-09-15 and later") is not None
    assert parse_iso("soon") is None and parse_iso(None) is None and parse_iso(20220915) is None
