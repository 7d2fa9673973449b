"""HTML pages: main text, metadata, dates that are never invented, and real benchmark pages."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.common import ParseResult
from storyline.ingest.html import extract_html, parse_html
from storyline.records import RawInput

PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate that lasted "
    "well into the night, with eleven votes in favour and four against.",
    "The budget includes new funding for public transport, including two tram lines and a "
    "network of protected bicycle lanes across the northern districts.",
    "Opposition members criticised the plan, saying it would raise local taxes for families "
    "already struggling with the cost of living and rising rents.",
    "The mayor said the investment was overdue and would pay for itself within a decade "
    "through lower congestion, cleaner air and a busier city centre.",
]


def article_page(*, date: str | None = "2024-03-05T10:30:00+01:00", body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    meta_date = f'<meta property="article:published_time" content="{date}">' if date else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves budget | The Gazette</title>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="The Gazette">
<link rel="canonical" href="https://gazette.example/news/budget">
{meta_date}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><h1>Council approves budget</h1>{body or paragraphs}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens a restaurant</a></li></ul>
</aside><footer><p>Copyright 2024 The Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_extract_html_finds_text_and_metadata() -> None:
    page = extract_html(article_page())
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    assert "Copyright" not in page.text and "Celebrity chef" not in page.text
    assert page.title == "Council approves budget"
    assert page.source == "The Gazette"
    assert page.url == "https://gazette.example/news/budget"
    assert page.published == datetime(2024, 3, 5, 9, 30)  # naive UTC


def test_extract_html_accepts_bytes_in_a_declared_legacy_charset() -> None:
    html = article_page().replace('charset="utf-8"', 'charset="iso-8859-1"')
    html = html.replace("public transport", "transports publics à Genève")
    page = extract_html(html.encode("iso-8859-1"))
    assert "transports publics à Genève" in page.text


def test_no_date_in_the_page_means_none() -> None:
    page = extract_html(article_page(date=None), url="https://gazette.example/news/budget")
    assert page.published is None


def test_given_url_is_used_without_a_canonical_link() -> None:
    html = article_page().replace(
        '<link rel="canonical" href="https://gazette.example/news/budget">', ""
    )
    assert extract_html(html, url="https://mirror.example/b").url == "https://mirror.example/b"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<<<>>> </div></p> <html <body",
    ],
)
def test_no_main_text_raises(html: str) -> None:
    with pytest.raises(InputError, match="no main text found in HTML"):
        extract_html(html)


def _parse(content: bytes, sidecar: dict[str, Any] | None = None) -> ParseResult:
    raw = RawInput.from_bytes("page.html", content, "html")
    return parse_html(raw, content, sidecar, IngestConfig())


def test_parse_html_article() -> None:
    result = _parse(article_page().encode())
    [article] = result.articles
    assert (article.format, article.entry, article.path) == ("html", "", "page.html")
    assert PARAGRAPHS[0] + "\n" + PARAGRAPHS[1] in article.raw_text
    assert article.title == "Council approves budget"
    assert article.published == datetime(2024, 3, 5, 9, 30)


def test_parse_html_sidecar_wins() -> None:
    result = _parse(article_page().encode(), {"published": "2024-01-01", "source": "Wire"})
    [article] = result.articles
    assert (article.published, article.source) == (datetime(2024, 1, 1), "Wire")


def test_malformed_html_is_rejected() -> None:
    result = _parse(b"<html><body><div><span></div></body>")
    assert result.articles == []
    assert [r.reason for r in result.rejections] == ["no main text found in HTML"]


def test_short_page_is_rejected_as_no_text() -> None:
    result = _parse(article_page(body="<p>Short.</p>").encode())
    assert result.articles == []
    [rejection] = result.rejections
    assert rejection.reason == "no main text found in HTML (30 characters)"  # title + "Short."


def test_a_short_article_does_not_pick_up_the_menu() -> None:
    page = extract_html(article_page(body="<p>Short piece here.</p>"))
    assert "Home" not in page.text


def _token_f1(predicted: str, truth: str) -> float:
    pred, gold = Counter(predicted.split()), Counter(truth.split())
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def test_real_benchmark_pages_overlap_the_ground_truth(shared_data: Path) -> None:
    bench = shared_data / "article_extraction_benchmark"
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for path in sorted((bench / "html").glob("*.html.gz"))[:12]:
        item = truth[path.name.removesuffix(".html.gz")]
        page = extract_html(gzip.decompress(path.read_bytes()), url=item["url"])
        scores.append(_token_f1(page.text, item["articleBody"]))
    assert len(scores) == 12
    assert min(scores) > 0.6
    assert sum(scores) / len(scores) > 0.9
