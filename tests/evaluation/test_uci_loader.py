"""storyline.evaluation.uci: headline articles from title, publisher and URL slug."""

from __future__ import annotations

from storyline.evaluation.uci import UciHeadline, to_article, url_words


def test_url_words_keep_the_slug_not_the_sections() -> None:
    url = "http://www.latimes.com/business/money/la-fi-mo-fed-plosser-taper-20140310,0,1.story"
    assert url_words(url) == "fed plosser taper"
    assert url_words("http://example.com/tech/2014/03/apple-iphone-sales.html") == (
        "apple iphone sales"
    )
    assert url_words("http://example.com/") == ""
    assert url_words("") == ""


def test_article_body_is_title_and_slug_words() -> None:
    url = "http://x.com/news/feds-plosser"
    item = UciHeadline(7, "Fed's Plosser sees high bar", url, "X", "s1")
    article = to_article(item, 0)
    assert article.text == "Fed's Plosser sees high bar\nfeds plosser"
    assert article.source == "X" and article.url == item.url and article.title == item.title
