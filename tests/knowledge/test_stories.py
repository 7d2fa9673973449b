"""storyline.knowledge.stories: a story's title, chosen from its members' headlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from storyline.knowledge.stories import clean_headline, story_title, summarise_story
from storyline.records import Article

T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)


def _article(n: int, title: str | None, url: str | None = None, **kw: object) -> Article:
    return Article(
        id=f"a{n}",
        raw_id=f"r{n}",
        path=f"{n}.txt",
        format="text",
        title=title,
        text=f"Body {n}.",
        raw_text=f"Body {n}.",
        url=url,
        published=T0 + timedelta(hours=n),
        seq=n,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Tara Reid checks into rehab - Digg", "Tara Reid checks into rehab"),
        ("Why the port strike must end now | Editorial", "Why the port strike must end now"),
        (
            "Opinion | Republicans Are Following Trump to Nowhere - The New York Times",
            "Republicans Are Following Trump to Nowhere",
        ),
        (
            "BREAKING: Senate adjourns over two deaths - The Paradigm",
            "Senate adjourns over two deaths",
        ),
        (
            "Wild beat Sabres 4-1 as Parise scores twice – Twin Cities",
            "Wild beat Sabres 4-1 as Parise scores twice",
        ),
        # a headline's own dash stays: the tail is not a name, or the head is a name, not a label
        ("Talks resume in Brussels - and fail again", "Talks resume in Brussels - and fail again"),
        ("Lindsay Lohan - Checks into rehab again", "Lindsay Lohan - Checks into rehab again"),
        ("Vox Media", "Vox Media"),
        (
            "The Early Reviews For Stadia Are Here — And They're Not Great - Digg",
            "The Early Reviews For Stadia Are Here — And They're Not Great",
        ),
        ("Hong Kong on the brink - Opinion | Editorial", "Hong Kong on the brink"),
    ],
)
def test_outlet_clutter_is_cleaned_from_headlines(title: str, cleaned: str) -> None:
    assert clean_headline(title) == cleaned


def test_the_site_named_in_the_url_goes_even_in_lower_case() -> None:
    article = _article(1, "Quake hits Chile coast - sportsnet", "https://www.sportsnet.ca/x")
    assert clean_headline(article.title or "", article) == "Quake hits Chile coast"
    assert clean_headline("Quake hits Chile coast - sportsnet") == (
        "Quake hits Chile coast - sportsnet"
    )


def test_the_title_is_the_most_central_headline_not_the_first() -> None:
    articles = [
        _article(0, "Watch live - Digg"),  # too short once cleaned: kept whole, but not central
        _article(1, "Her rep confirms a stay at a California clinic | People"),
        _article(2, "Actress Tara Reid checks into rehab at Promises"),
        _article(3, "American Pie star Tara Reid in rehab - E! Online"),
    ]
    assert story_title(articles) == "Actress Tara Reid checks into rehab at Promises"
    assert story_title(articles[:1]) == "Watch live - Digg"
    assert story_title(articles[3:]) == "American Pie star Tara Reid in rehab"
    summary = summarise_story("s1", articles)
    assert summary.title == "Actress Tara Reid checks into rehab at Promises"
    assert summary.first_article_id == "a0"  # the first headline stays on record


def test_copies_do_not_vote_and_untitled_stories_fall_back_to_text() -> None:
    first = _article(0, "Chile earthquake kills twelve in Valparaiso")
    copies = [
        replace(_article(n, "Rescuers search rubble after Chile earthquake"), duplicate_of="a0")
        for n in (1, 2, 3)
    ]
    assert story_title([first, *copies]) == "Chile earthquake kills twelve in Valparaiso"
    assert story_title([_article(5, None)]) == "Body 5."


def test_two_headlines_keep_the_first_informative_one() -> None:
    pair = [
        _article(0, "Live - Digg"),
        _article(1, "Putin and Xi may meet sooner than expected - The Times"),
        _article(2, "Vladimir Putin and Xi Jinping will meet during the day in Uzbekistan"),
    ]
    assert story_title(pair[1:]) == "Putin and Xi may meet sooner than expected"
    assert story_title(pair[:2]) == "Putin and Xi may meet sooner than expected"


def test_a_story_whose_headlines_are_all_short_keeps_the_first() -> None:
    # three or more headlines, none of three words: no central one to choose (this raised
    # StopIteration, and an ingest of such a story failed)
    short = [_article(0, "Live"), _article(1, "Breaking news"), _article(2, "Update")]
    assert story_title(short) == "Live"


def test_a_report_is_the_title_before_an_opinion_piece_or_a_question() -> None:
    """Headlines of two stories of the extraction benchmark's pages (Nov 2019)."""
    fight = [
        _article(
            0,
            "Opinion | Is Football Violence a Crime?",
            "https://www.wsj.com/articles/is-football-violence-a-crime-11574121884",
        ),
        _article(
            1,
            "Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it",
            "https://www.cbssports.com/nfl/news/browns-player-on-mason-rudolphs-role/",
        ),
    ]
    assert story_title(fight) == fight[1].title
    hong_kong = [
        _article(
            0,
            "The Guardian view on Hong Kong: a city on the brink | Editorial",
            "http://www.theguardian.com/commentisfree/2019/nov/18/the-guardian-view-on-hong-kong",
        ),
        _article(
            1,
            "Why Beijing will bring slaughter to Hong Kong",
            "https://www.washingtonexaminer.com/opinion/why-beijing-will-bring-slaughter",
        ),
        _article(
            2,
            "Hong Kong chaos: China deploys troops and warns SURRENDER is only option",
            "https://www.express.co.uk/news/world/1206313/hong-kong-latest-china-protests",
        ),
    ]
    assert story_title(hong_kong) == hong_kong[2].title
    # no report among them: the opinion pieces and questions stand, as before
    assert story_title(hong_kong[:2]) == "The Guardian view on Hong Kong: a city on the brink"
    assert story_title(fight[:1]) == "Is Football Violence a Crime?"


@pytest.mark.parametrize(
    "title",
    [
        "  Is  Football\tViolence a Crime?  ",
        "Opinion  |  Republicans Are Following Trump to Nowhere  -  The New York Times ",
        "BREAKING:\u00a0Senate adjourns over two deaths\n- The Paradigm",
        "Hong Kong  on the brink - Opinion |  Editorial",
        "Vox   Media",
    ],
)
def test_a_headline_is_cleaned_alike_with_its_spaces_squashed_or_not(title: str) -> None:
    """story_title cleans each headline once and reads its question mark off that (its report
    test squashed the spaces first): both give the same."""
    article = _article(0, title, "https://www.nytimes.com/2019/11/18/opinion/trump.html")
    assert clean_headline(title, article) == clean_headline(" ".join(title.split()), article)
