"""Tests of storyline.text.clean: the seed acceptance case, each rule on other invented pages
(and not firing on real content), corpus learning, titles, and properties (reversibility,
idempotence, what a long article can lose)."""

from __future__ import annotations

import copy
import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import CleanConfig
from storyline.errors import ConfigError, StoreError
from storyline.records import Article, RemovedLine
from storyline.text.clean import (
    MAX_BOILERPLATE_CHARS,
    RULE_IDS,
    BoilerplateModel,
    clean,
    normalise_line,
    pick_title,
    restore,
    source_key,
)

SEED_000 = "000_7554f5b1023b0940.txt"
SEED_004 = "004_c3b73e10f650a562.txt"


def make(
    raw: str,
    *,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str = "a1",
) -> Article:
    return Article(
        id=id,
        raw_id="r" + id,
        path="page.txt",
        format="text",
        raw_text=raw,
        source=source,
        url=url,
        title=title,
    )


def page(*lines: str) -> str:
    """A page whose paragraphs are separated by blank lines, as extracted text usually is."""
    return "\n\n".join(lines)


def removed(article: Article) -> list[tuple[str, str]]:
    return [(r.line, r.rule) for r in article.removed_lines]


def nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def read_seed(seeds_dir: Path, name: str) -> str:
    return (seeds_dir / name).read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")


# --- the acceptance case -----------------------------------------------------------------------


def test_seed_000_removes_exactly_its_boilerplate(seeds_dir: Path) -> None:
    raw = read_seed(seeds_dir, SEED_000)
    cookie = next(line for line in raw.split("\n") if line.startswith("This website uses cookies"))
    assert cookie.endswith("Accept Read More")

    cleaned = clean(make(raw), BoilerplateModel())

    assert removed(cleaned) == [
        ("Jesus' Coming Back", "site-name"),
        ("You can share this story on social media:", "share-prompt"),
        ("Source", "source-label"),
        ("Comments are closed.", "comments-closed"),
        (cookie, "cookie-notice"),
    ]
    assert cleaned.title == "Putin and Xi may meet sooner than expected"
    raw_lines = raw.split("\n")
    assert all(raw_lines[r.line_no] == r.line for r in cleaned.removed_lines)
    gone = {r.line for r in cleaned.removed_lines}
    assert nonblank(cleaned.text) == [line for line in nonblank(raw) if line not in gone]
    assert nonblank(cleaned.text)[0] == "Putin and Xi may meet sooner than expected"
    assert restore(cleaned) == raw


def test_seed_004_removes_exactly_its_boilerplate(seeds_dir: Path) -> None:
    raw = read_seed(seeds_dir, SEED_004)

    cleaned = clean(make(raw), BoilerplateModel())

    assert removed(cleaned) == [
        ("To find out more, read their op-ed:", "dangling-lead-in"),
        ("Read also: “China has shown no restraint in its dealings with Russia”", "read-also"),
        ("source site-29", "source-watermark"),
    ]
    kept = nonblank(cleaned.text)
    gone = {r.line for r in cleaned.removed_lines}
    assert kept == [line for line in nonblank(raw) if line not in gone]
    assert kept[0] == "Vladimir Putin and Xi Jinping will meet during the day in Uzbekistan"
    assert kept[-1].startswith("According to the two economists François Chimits and Antonia")
    assert cleaned.title == "Vladimir Putin and Xi Jinping will meet during the day in Uzbekistan"
    assert restore(cleaned) == raw


def test_seeds_clean_to_a_fixed_point(seeds_dir: Path) -> None:
    for name in (SEED_000, SEED_004):
        once = clean(make(read_seed(seeds_dir, name)))
        again = clean(replace(once, raw_text=once.text))
        assert again.removed_lines == []
        assert again.text == once.text
        assert again.title == once.title


# --- each rule on other pages ------------------------------------------------------------------

HARBOUR_GAZETTE = page(
    "The Harbour Gazette",
    "Port strike enters its third week as talks stall",
    "Dockworkers in Kingsbridge extended their strike on Monday after talks with the port"
    " authority broke down, union leaders said.",
    "Advertisement",
    "The union's spokesperson, Maria Lopez, said members would not return until pay was"
    " restored. She told reporters:",
    "“We have waited four years for a fair offer, and we will wait longer if we must.”",
    "Investigators are still trying to identify the source of the leak that revealed the"
    " authority's negotiating position.",
    "Photo: Jane Doe/Reuters",
    "The port handles about a third of the region's container traffic, and shippers say"
    " delays are already costing millions.",
    "Share this article",
    "Sign up for our Morning Briefing newsletter",
    "Follow us on Twitter",
    "Leave a comment",
    "© 2023 Kingsbridge Media Ltd. All rights reserved.",
)


def test_english_page_loses_its_boilerplate_and_keeps_its_story() -> None:
    cleaned = clean(make(HARBOUR_GAZETTE))

    assert removed(cleaned) == [
        ("The Harbour Gazette", "site-name"),
        ("Advertisement", "advertisement"),
        ("Photo: Jane Doe/Reuters", "photo-credit"),
        ("Share this article", "share-prompt"),
        ("Sign up for our Morning Briefing newsletter", "newsletter-signup"),
        ("Follow us on Twitter", "follow-us"),
        ("Leave a comment", "comment-prompt"),
        ("© 2023 Kingsbridge Media Ltd. All rights reserved.", "copyright"),
    ]
    assert cleaned.title == "Port strike enters its third week as talks stall"
    # A sentence ending with a colon, followed by the quote it announces, is content.
    assert "She told reporters:" in cleaned.text
    assert "“We have waited four years" in cleaned.text
    assert "the source of the leak" in cleaned.text


COURRIER_DU_SUD = page(
    "Le Courrier du Sud",
    "Grève à la SNCF : le trafic très perturbé jeudi dans le Sud-Ouest",
    "Publicité",
    "La grève des contrôleurs, lancée mardi soir, devrait fortement perturber le trafic des"
    " trains régionaux jeudi, a annoncé la direction régionale.",
    "Lire aussi : Les syndicats appellent à une nouvelle journée de mobilisation",
    "Selon la direction, un TER sur trois circulera. Le ministre des transports a déclaré :",
    "« Nous appelons chacun à la responsabilité. »",
    "Crédit photo : Jean Martin / AFP",
    "Partager cet article",
    "Suivez-nous sur Facebook",
    "Ce site utilise des cookies pour améliorer votre expérience. En continuant, vous acceptez"
    " leur utilisation.",
    "Les commentaires sont fermés.",
    "Source",
    "Tags : grève, SNCF, transports",
)


def test_french_page_loses_its_boilerplate_and_keeps_its_story() -> None:
    cleaned = clean(make(COURRIER_DU_SUD))

    assert removed(cleaned) == [
        ("Le Courrier du Sud", "site-name"),
        ("Publicité", "advertisement"),
        (
            "Lire aussi : Les syndicats appellent à une nouvelle journée de mobilisation",
            "read-also",
        ),
        ("Crédit photo : Jean Martin / AFP", "photo-credit"),
        ("Partager cet article", "share-prompt"),
        ("Suivez-nous sur Facebook", "follow-us"),
        (COURRIER_DU_SUD.split("\n")[20], "cookie-notice"),
        ("Les commentaires sont fermés.", "comments-closed"),
        ("Source", "source-label"),
        ("Tags : grève, SNCF, transports", "tags"),
    ]
    assert cleaned.title == "Grève à la SNCF : le trafic très perturbé jeudi dans le Sud-Ouest"
    assert "Le ministre des transports a déclaré :" in cleaned.text
    assert "« Nous appelons chacun à la responsabilité. »" in cleaned.text


def test_a_dangling_lead_in_goes_only_at_the_end_of_a_page() -> None:
    raw = page(
        "Farmers block motorways across the north of the country",
        "Tractors blocked three motorways on Tuesday in protest at new fuel taxes.",
        "Watch the video:",
        "Officials said the blockades would be cleared by nightfall.",
        "For more on this, see our explainer:",
        "Related: What the new fuel taxes mean for farmers",
        "via example-news.com",
    )
    cleaned = clean(make(raw))
    assert removed(cleaned) == [
        ("For more on this, see our explainer:", "dangling-lead-in"),
        ("Related: What the new fuel taxes mean for farmers", "read-also"),
        ("via example-news.com", "source-watermark"),
    ]
    assert "Watch the video:" in cleaned.text  # something follows it


def test_a_one_word_headline_is_not_a_site_name() -> None:
    raw = page(
        "Brexit",
        "Britain formally leaves the European Union at midnight",
        "Britain left the European Union at 11pm on Friday, ending 47 years of membership."
        " Brexit supporters celebrated in Parliament Square.",
    )
    cleaned = clean(make(raw))
    assert cleaned.removed_lines == []
    assert cleaned.title == "Brexit"


def test_a_short_title_case_headline_about_the_story_is_not_a_site_name() -> None:
    raw = page(
        "Putin Meets Xi",
        "The two leaders will hold talks in Samarkand on Thursday",
        "Vladimir Putin and Xi Jinping will meet on Thursday, the Kremlin said, in their first"
        " meeting since February.",
    )
    assert clean(make(raw)).removed_lines == []


def test_a_domain_first_line_is_a_site_name() -> None:
    raw = page(
        "dailyplanet-news.com",
        "City council approves the new tram line after a long debate",
        "The council voted 31 to 12 in favour of the tram line on Wednesday evening.",
    )
    assert removed(clean(make(raw))) == [("dailyplanet-news.com", "site-name")]


def test_a_site_name_needs_a_headline_and_a_body_after_it() -> None:
    # A short line followed directly by body text (no headline) is kept: it may be a headline.
    raw = page(
        "Daily Planet", "The council voted 31 to 12 in favour of the tram line on Wednesday."
    )
    assert clean(make(raw)).removed_lines == []


# A line in the middle of a page: (line, rule). English, French, German, Spanish.
POSITIVE_LINES = [
    ("We use cookies to give you the best experience on our website.", "cookie-notice"),
    (
        "By continuing to use this site, you agree to our use of cookies. Find out more.",
        "cookie-notice",
    ),
    ("Accept all cookies", "cookie-notice"),
    ("Cookie settings", "cookie-notice"),
    ("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "cookie-notice"),
    ("Este sitio web utiliza cookies para mejorar su experiencia.", "cookie-notice"),
    ("Share on Facebook", "share-prompt"),
    ("Facebook Twitter WhatsApp Email", "share-prompt"),
    ("Tweet", "share-prompt"),
    ("Comments are closed for this article.", "comments-closed"),
    ("Kommentare sind geschlossen.", "comments-closed"),
    ("Los comentarios están cerrados.", "comments-closed"),
    ("12 comments", "comment-prompt"),
    ("Read more: Why the port strike matters", "read-also"),
    ("Lire aussi Le gouvernement recule sur la réforme", "read-also"),
    ("À lire aussi | Le gouvernement recule sur la réforme", "read-also"),
    ("Lesen Sie auch: Die Bahn streikt erneut", "read-also"),
    ("Lee también: El Gobierno aprueba los presupuestos", "read-also"),
    ("See also", "read-also"),
    ("Sources:", "source-label"),
    ("Source: www.example.org/news/123", "source-watermark"),
    ("Abonnez-vous à notre newsletter quotidienne", "newsletter-signup"),
    ("Get the best of our journalism with our free newsletter", "newsletter-signup"),
    ("Folgen Sie uns auf Instagram", "follow-us"),
    ("Síguenos en Twitter", "follow-us"),
    ("Copyright 2021 The Northern Echo", "copyright"),
    ("Alle Rechte vorbehalten.", "copyright"),
    ("— ADVERTISEMENT —", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Anzeige", "advertisement"),
    ("Click here to subscribe to our podcast", "click-here"),
    ("For the full report, click here.", "click-here"),
    ("Cliquez ici pour lire la suite", "click-here"),
    ("Image: Getty Images", "photo-credit"),
    ("(Photo by Jane Doe/Getty Images)", "photo-credit"),
    ("AFP via Getty Images", "photo-credit"),
    ("Already a subscriber? Log in", "paywall"),
    ("Il vous reste 72 % de cet article à lire.", "paywall"),
    ("Skip to main content", "navigation"),
    ("Most read", "navigation"),
    ("Tags: port strike, unions, Kingsbridge", "tags"),
]


def embedded(line: str) -> str:
    return page(
        "Council approves the new tram line after a long debate",
        "The council voted 31 to 12 in favour of the tram line on Wednesday evening.",
        line,
        "Construction is due to start next spring and last about three years.",
    )


@pytest.mark.parametrize(("line", "rule"), POSITIVE_LINES)
def test_rule_removes_a_boilerplate_line(line: str, rule: str) -> None:
    cleaned = clean(make(embedded(line)))
    assert cleaned.removed_lines == [RemovedLine(4, line, rule)]


def test_every_rule_is_exercised_by_an_example() -> None:
    shown = {rule for _, rule in POSITIVE_LINES}
    shown |= {"site-name", "dangling-lead-in", "repeated-in-source"}  # tests of their own
    assert shown == set(RULE_IDS)


# Real content that looks a little like boilerplate: kept.
CONTENT_LINES = [
    "The source of the leak has not been identified, police said.",
    "Sources close to the minister said the decision was final.",
    "Source: Reuters",  # an agency attribution is information, not a watermark
    "Share prices fell 3% in early trading on Monday.",
    "Share",  # as a line it is a button; in a sentence it is kept, below
    "Shareholders will vote on the merger in June.",
    "Read the full statement on the ministry's website.",
    "Related parties were not named in the filing.",
    "Comments made by the minister on Monday angered unions.",
    "Comment la réforme va-t-elle changer les retraites ?",
    "Cookies and biscuits sales rose 4% last year, the bakers' federation said.",
    "By using cookies, advertisers can follow users from site to site, the regulator said.",
    "EU tightens cookie consent rules",
    "Photo agencies have struck a deal with the union.",
    "Getty Images agreed to buy Shutterstock in a deal worth $3.7bn.",
    "Copyright law in the EU was reformed in 2019.",
    "Follow the money, the prosecutor told the jury.",
    "Join us at the rally on Saturday, the organisers wrote.",
    "The advertisement was banned by the regulator on Tuesday.",
    "Subscribers to the service will pay 10% more from April.",
    "Lire la suite du rapport prendra des semaines, a prévenu le ministre.",
    "Tags and labels were found at the scene.",
    "The law requires every website that uses cookies to ask visitors for consent first,"
    " and regulators in France and Germany have already fined several large publishers for"
    " failing to do so, according to a report published on Thursday by the European"
    " Commission.",
]


@pytest.mark.parametrize("line", [c for c in CONTENT_LINES if c != "Share"])
def test_rules_do_not_fire_on_real_content(line: str) -> None:
    assert clean(make(embedded(line))).removed_lines == []


def test_long_lines_are_never_removed() -> None:
    notice = "This website uses cookies to improve your experience. " * 12
    assert len(notice) > MAX_BOILERPLATE_CHARS
    assert clean(make(embedded(notice.strip()))).removed_lines == []


# --- corpus learning ---------------------------------------------------------------------------

BANNER = "Subscribe to the Morning Brief for $1"
FOOTER = "© 2024 Daily Planet Media Group — All rights reserved"

STORIES = [
    "Council approves the new tram line after a long debate",
    "Harbour festival draws record crowds despite the rain",
    "Local school wins national robotics competition",
    "Water bills to rise by 6% from April, regulator says",
]
REPORTERS = ["Lois Lane", "Clark Kent", "Jimmy Olsen", "Perry White", "Cat Grant", "Ron Troupe"]


def planet_article(n: int, source: str | None = "Daily Planet", url: str | None = None) -> Article:
    raw = page(
        STORIES[n % len(STORIES)],
        f"Reported by {REPORTERS[n % len(REPORTERS)]}, in a sentence that only this article has.",
        BANNER.replace("$1", f"${n % 3 + 1}"),  # digits are folded when learning
        FOOTER,
    )
    return make(raw, source=source, url=url, id=f"a{n}")


def test_repeated_lines_of_a_source_are_learned_and_removed() -> None:
    corpus = [planet_article(n) for n in range(4)]
    model = BoilerplateModel()
    model.learn(corpus)

    plain = clean(corpus[0])  # no generic rule knows the banner
    assert removed(plain) == [(FOOTER, "copyright")]

    cleaned = clean(corpus[0], model)
    assert removed(cleaned) == [(BANNER, "repeated-in-source"), (FOOTER, "copyright")]

    elsewhere = clean(planet_article(0, source="Evening Star"), model)
    assert removed(elsewhere) == [(FOOTER, "copyright")]


def test_a_line_squashed_before_is_judged_as_the_line() -> None:
    """clean() squashes each line once and asks the model about the squashed line
    (is_repeated_squashed): the same answer as is_repeated on the line as written."""
    corpus = [planet_article(n) for n in range(4)]
    model = BoilerplateModel()
    model.learn(corpus)
    lines = [
        *(line for a in corpus for line in a.raw_text.split("\n")),
        "  " + BANNER.replace(" ", "\u00a0 ") + "\t",
        BANNER.upper(),
        "",
        " \t ",
        "x" * 400,
    ]
    for key in ("daily planet", "evening star", None):
        for line in lines:
            squashed = " ".join(unicodedata.normalize("NFKC", line).split())
            assert model.is_repeated_squashed(key, squashed) == model.is_repeated(key, line)
    assert any(model.is_repeated("daily planet", line) for line in lines)


def test_articles_without_source_are_grouped_by_url_host() -> None:
    corpus = [planet_article(n, None, f"https://www.dailyplanet.example/{n}") for n in range(4)]
    corpus.append(planet_article(9, None, None))  # no source, no url: not learned
    model = BoilerplateModel()
    model.learn(corpus)
    assert model.sources() == ["dailyplanet.example"]
    assert source_key(corpus[0]) == "dailyplanet.example"
    assert model.is_repeated("dailyplanet.example", BANNER)
    assert removed(clean(corpus[4], model)) == [(FOOTER, "copyright")]


def test_repetition_needs_enough_articles_and_a_large_enough_share() -> None:
    few = BoilerplateModel()
    few.learn(planet_article(n) for n in range(2))  # 2 < repeat_min_articles
    assert not few.is_repeated("daily planet", BANNER)

    diluted = BoilerplateModel()
    others = [
        make(page(STORIES[n % 4], FOOTER), source="Daily Planet", id=f"other{n}") for n in range(8)
    ]
    diluted.learn([planet_article(n) for n in range(3)] + others)  # 3 of 11 < 30%
    assert not diluted.is_repeated("daily planet", BANNER)
    assert diluted.is_repeated("daily planet", FOOTER.upper())  # 11 of 11; case is folded

    lenient = BoilerplateModel(CleanConfig(repeat_min_share=0.2))
    lenient.learn([planet_article(n) for n in range(3)] + others)
    assert lenient.is_repeated("daily planet", BANNER)


def test_long_repeated_lines_are_not_learned_as_boilerplate() -> None:
    long_line = "The Daily Planet is an independent newspaper. " * 5
    corpus = [
        make(page(f"Story {n}", long_line, FOOTER), source="Daily Planet", id=f"a{n}")
        for n in range(4)
    ]
    model = BoilerplateModel()
    model.learn(corpus)
    assert model.is_repeated("daily planet", FOOTER)
    assert not model.is_repeated("daily planet", long_line)


def test_model_round_trips_and_is_deterministic() -> None:
    corpus = [planet_article(n) for n in range(4)] + [planet_article(5, source="Evening Star")]
    forward, backward = BoilerplateModel(), BoilerplateModel()
    forward.learn(corpus)
    backward.learn(reversed(corpus))
    assert forward.to_dict() == backward.to_dict()
    assert json.dumps(forward.to_dict()) == json.dumps(backward.to_dict())

    again = BoilerplateModel.from_dict(json.loads(json.dumps(forward.to_dict())))
    assert again.to_dict() == forward.to_dict()
    assert removed(clean(corpus[1], again)) == removed(clean(corpus[1], forward))
    assert normalise_line("  © 2024\u00a0Daily  Planet ") == "© 0 daily planet"


def test_model_data_of_an_unknown_format_or_malformed_is_refused() -> None:
    with pytest.raises(StoreError, match="format"):
        BoilerplateModel.from_dict({"format": 99, "sources": {}})
    with pytest.raises(StoreError, match="malformed"):
        BoilerplateModel.from_dict({"format": 2, "sources": {"x": {"articles": 2}}})
    with pytest.raises(StoreError, match="malformed"):
        BoilerplateModel().load_source("x", {"format": 2, "articles": "many", "lines": {}})


def test_an_article_learned_twice_counts_once() -> None:
    article = planet_article(0)
    model = BoilerplateModel(CleanConfig(repeat_min_articles=2, repeat_min_share=0.0))
    model.learn([article, article])
    model.learn([article])
    assert model.to_dict()["sources"]["daily planet"]["articles"] == 1
    assert not model.is_repeated("daily planet", BANNER)
    model.learn([replace(article, id="another id")])
    assert model.is_repeated("daily planet", BANNER)


def test_the_model_stays_bounded_and_keeps_a_repeated_line() -> None:
    """A source's counts halve at twice repeat_window articles: lines seen once are forgotten,
    the banner every article carries is still repeated, and the state no longer grows."""
    config = CleanConfig(repeat_window=20)

    def word(n: int) -> str:  # digits are folded when learning: letters tell articles apart
        return "".join(chr(ord("a") + int(d)) for d in str(n))

    def unique(n: int) -> Article:
        return make(
            page(BANNER, f"Line only {word(n)} has", f"And another {word(n)} of its own", FOOTER),
            source="Daily Planet",
            id=f"u{n}",
        )

    model = BoilerplateModel(config)
    sizes = []
    for n in range(400):
        model.learn([unique(n)])
        sizes.append(len(model.source_state("daily planet")["lines"]))
    assert max(sizes) <= 2 * 2 * 20 + 2  # two unique lines an article, under 40 articles
    assert max(sizes[200:]) <= max(sizes[:200])  # not growing with the articles
    assert model.source_state("daily planet")["articles"] < 40
    assert model.is_repeated("daily planet", BANNER)
    assert not model.is_repeated("daily planet", f"Line only {word(399)} has")
    unbounded = BoilerplateModel(CleanConfig(repeat_window=10_000))
    unbounded.learn(unique(n) for n in range(400))
    assert len(unbounded.source_state("daily planet")["lines"]) > 800


def test_one_source_state_round_trips_and_ids_can_be_forgotten() -> None:
    corpus = [planet_article(n) for n in range(4)] + [planet_article(5, source="Evening Star")]
    model = BoilerplateModel()
    model.learn(corpus)
    state = json.loads(json.dumps(model.source_state("daily planet")))
    assert state["ids"] == ["a0", "a1", "a2", "a3"]

    loaded = BoilerplateModel()
    loaded.load_source("daily planet", state)
    assert loaded.sources() == ["daily planet"]
    assert loaded.is_repeated("daily planet", BANNER)
    loaded.learn([corpus[0]])  # learned before: not counted again
    assert loaded.source_state("daily planet")["articles"] == 4

    loaded.retain_ids({"a1"})  # the others were assigned: they never come back
    assert loaded.source_state("daily planet")["ids"] == ["a1"]
    loaded.learn([corpus[1], corpus[0]])
    assert loaded.source_state("daily planet")["articles"] == 5


# --- titles, config, purity --------------------------------------------------------------------


def test_a_known_title_is_kept_unless_it_was_the_removed_site_name() -> None:
    assert clean(make(HARBOUR_GAZETTE, title="Strike goes on")).title == "Strike goes on"
    site_title = clean(make(HARBOUR_GAZETTE, title="The Harbour Gazette"))
    assert site_title.title == "Port strike enters its third week as talks stall"


def test_no_headline_gives_no_title() -> None:
    raw = page(
        "The council voted 31 to 12 in favour of the tram line on Wednesday evening.",
        "Construction is due to start next spring.",
    )
    assert clean(make(raw)).title is None
    assert pick_title(["", "  Port strike  enters its third week  "]) == (
        "Port strike enters its third week"
    )


def test_rules_can_be_disabled_and_unknown_ones_are_refused() -> None:
    config = CleanConfig(disabled_rules=("site-name", "advertisement"))
    cleaned = clean(make(HARBOUR_GAZETTE), config=config)
    assert "site-name" not in {r.rule for r in cleaned.removed_lines}
    assert "advertisement" not in {r.rule for r in cleaned.removed_lines}
    assert cleaned.title == "The Harbour Gazette"
    with pytest.raises(ConfigError, match="no-such-rule"):
        clean(make(HARBOUR_GAZETTE), config=CleanConfig(disabled_rules=("no-such-rule",)))


def test_the_input_article_is_not_changed() -> None:
    article = make(HARBOUR_GAZETTE)
    before = copy.deepcopy(article)
    cleaned = clean(article)
    assert article == before
    assert cleaned is not article and cleaned.raw_text == article.raw_text


def test_restore_refuses_removed_lines_that_do_not_fit() -> None:
    cleaned = clean(make(HARBOUR_GAZETTE))
    with pytest.raises(ValueError, match="do not fit"):
        restore(replace(cleaned, removed_lines=[RemovedLine(999, "x", "site-name")]))


def test_a_page_of_boilerplate_only_is_left_whole() -> None:
    # With no line kept, the text could not say how many lines there were: nothing is removed.
    assert clean(make("Advertisement\nShare this article")).removed_lines == []
    assert removed(clean(make("Advertisement\n\nShare this article"))) == [
        ("Advertisement", "advertisement"),
        ("Share this article", "share-prompt"),
    ]


# --- properties --------------------------------------------------------------------------------

BOILERPLATE = [line for line, _ in POSITIVE_LINES]
ANY_LINE = st.one_of(
    st.sampled_from(BOILERPLATE + CONTENT_LINES + ["", " ", "\t", "Daily Planet", "Watch:"]),
    st.sampled_from(STORIES),
    st.text(max_size=60),
    st.text(alphabet="Ab :.\u00a0©1-", max_size=12),
)
ANY_TEXT = st.one_of(st.lists(ANY_LINE, max_size=25).map("\n".join), st.text(max_size=300))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(raw=ANY_TEXT, title=st.none() | st.sampled_from(["Daily Planet", "A headline here"]))
def test_cleaning_is_reversible(raw: str, title: str | None) -> None:
    cleaned = clean(make(raw, title=title))
    lines = raw.split("\n")
    numbers = [r.line_no for r in cleaned.removed_lines]
    assert numbers == sorted(set(numbers))
    assert all(lines[r.line_no] == r.line and r.line.strip() for r in cleaned.removed_lines)
    kept = [line for i, line in enumerate(lines) if i not in set(numbers)]
    assert cleaned.text == "\n".join(kept)
    assert restore(cleaned) == raw


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(raws=st.lists(ANY_TEXT, min_size=1, max_size=5), which=st.integers(0, 4))
def test_cleaning_the_cleaned_text_removes_nothing_more(raws: list[str], which: int) -> None:
    # The model learns these very articles (so it does remove lines), then stays the same.
    corpus = [make(raw, source="Daily Planet", id=f"a{i}") for i, raw in enumerate(raws)]
    model = BoilerplateModel(CleanConfig(repeat_min_articles=1, repeat_min_share=0.5))
    model.learn(corpus)
    once = clean(corpus[which % len(corpus)], model)
    again = clean(replace(once, raw_text=once.text), model)
    assert again.removed_lines == []
    assert again.text == once.text
    assert again.title == once.title


FIRST_WORDS = ["Officials", "The", "Analysts", "Residents", "Police", "Ministers", "Unions"]
WORDS = [
    *("source", "share", "cookies", "read", "also", "comments", "closed", "photo", "click"),
    *("follow", "us", "rights", "newsletter", "advertisement", "site", "uses", "subscribe"),
    *("the", "of", "port", "strike", "talks", "minister", "council", "new", "tram", "line"),
]
PROSE = st.builds(
    lambda first, middle: " ".join([first, *middle, "said on Monday."]),
    st.sampled_from(FIRST_WORDS),
    st.lists(st.sampled_from(WORDS), min_size=8, max_size=60),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    prose=st.lists(PROSE, min_size=10, max_size=30),
    inserts=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(POSITIVE_LINES)), max_size=5),
)
def test_a_long_article_loses_only_its_boilerplate(
    prose: list[str], inserts: list[tuple[int, tuple[str, str]]]
) -> None:
    lines = list(prose)
    for position, (line, _) in inserts:
        lines.insert(position % (len(lines) + 1), line)
    raw = page(*lines)
    cleaned = clean(make(raw))
    boiler = {line for _, (line, _) in inserts}
    assert {r.line for r in cleaned.removed_lines} == boiler
    assert len(cleaned.removed_lines) == len(inserts)
    # So a long article of real paragraphs keeps them all, whatever words they use.
    assert len(cleaned.removed_lines) <= len(nonblank(raw)) - len(prose)


@settings(max_examples=100)
@given(raw=ANY_TEXT, padding=st.text(alphabet="abcdef", min_size=MAX_BOILERPLATE_CHARS))
def test_no_line_longer_than_the_limit_is_removed(raw: str, padding: str) -> None:
    lines = [line + " " + padding if i % 2 else line for i, line in enumerate(raw.split("\n"))]
    cleaned = clean(make("\n".join(lines)))
    assert all(len(r.line.strip()) <= MAX_BOILERPLATE_CHARS for r in cleaned.removed_lines)
