"""storyline.text.digest: a page whose parts are about different things, told from one report.

Real pages come from the extraction benchmark in ../shared/data (extracted as an ingest does);
only the kinds no real page there shows (a bare headline list, a live page of unrelated
items, a text in an unspaced script) are small synthetic texts.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline import ingest
from storyline.config import DigestConfig
from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import TRAIN_TOPICS, load_documents, to_article
from storyline.records import RawInput
from storyline.text.digest import find_digest, text_parts

_PAGES = "article_extraction_benchmark/html"
# Business Insider's "10 things in tech you need to know today": ten unrelated items.
TEN_THINGS = "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e"
# One event each, though written as lists, sections or timed entries:
ONE_EVENT = {
    # a band's tour announcement and its 31 tour dates (Rolling Stone)
    "ac1bfdd4c510f679c58f1b62101630d40fda20a16703235ae0f56b65a465e423": "tour dates",
    # the same tour (Billboard)
    "9cb8224b660f36c932823ab613fb76a07928fcbc41956c4c1f96f4ecab9202aa": "tour dates",
    # AP's "The Latest": a live page of one stabbing, entries by the hour
    "5caf91b8a4423735f866b089d2611ea14503584cf3b6f487c6d26eb7b9521fca": "live page",
    # CBS's key moments of one impeachment hearing
    "7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03": "key moments",
    # 62 listed Black Friday deals on one maker's devices
    "e7d77f1869803e24667fa0b985cff27fb4139951a5ffa494bc9ba810df48fb30": "deals list",
}


def page_text(shared_data: Path, name: str) -> str:
    path = shared_data / _PAGES / f"{name}.html.gz"
    raw = RawInput.from_bytes(str(path), gzip.decompress(path.read_bytes()), "html")
    (article,) = ingest.parse(raw, None).articles
    return article.text or article.raw_text


def test_a_real_newsletter_of_ten_unrelated_items_is_a_digest(shared_data: Path) -> None:
    found = find_digest(page_text(shared_data, TEN_THINGS))
    assert found is not None
    assert found.parts >= 10 and found.groups >= 5
    assert found.largest_share <= DigestConfig().max_share
    assert found.reason.startswith("a digest page")
    assert found.to_dict()["parts"] == found.parts


@pytest.mark.parametrize("name", sorted(ONE_EVENT), ids=[ONE_EVENT[n] for n in sorted(ONE_EVENT)])
def test_a_real_report_of_one_event_is_no_digest_however_listed(
    shared_data: Path, name: str
) -> None:
    text = page_text(shared_data, name)
    assert len(text_parts(text, DigestConfig().heading_words)) >= 3  # cut into parts
    assert find_digest(text) is None
    assert find_digest(text, DigestConfig(min_parts=2)) is None  # judged, however few parts


def test_no_ecbplus_train_report_is_a_digest(shared_data: Path) -> None:
    docs = list(load_documents(shared_data / "ecbplus", TRAIN_TOPICS))
    assert len(docs) > 500
    found = [d.name for i, d in enumerate(docs) if find_digest(to_article(d, i).text)]
    assert found == []


HEADLINES = """Top stories
Wildfire forces thousands to flee homes near Sydney suburbs
Central bank raises interest rates for the third time this year
Striker signs record contract with Madrid club after long saga
New smartphone battery lasts a week, engineers claim
Parliament votes down pension reform after marathon debate
Museum returns looted bronze statues to Nigeria
"""

LIVE_UNRELATED = """Live: the day's news
Flooding closes motorway
Heavy rain flooded the M4 near Swindon on Monday morning, and police closed both lanes.
Drivers were told to avoid the area until the water drains.
Tech giant cuts jobs
The software company will lay off 4,000 workers in its cloud division, its chief executive said.
Election date set
Voters will choose a new parliament on March 3, the prime minister announced in a speech.
Transfer news
The goalkeeper joins Porto on loan for the rest of the season, the club confirmed.
Weather warning
Forecasters expect gales along the northern coast overnight, with gusts of 70 mph.
"""

SECTIONS_ONE_EVENT = """Earthquake strikes northern Chile
A magnitude 7.1 earthquake struck northern Chile on Tuesday, shaking buildings in Iquique.
The earthquake
The quake hit 40 km off the coast of Iquique at a depth of 20 km, the geological survey said.
Damage in Iquique
Walls of old buildings in Iquique fell, and the quake cut power to parts of the city.
Tsunami warning
Chile's navy issued a tsunami warning near Iquique after the quake, lifted hours later.
Rescue work
Rescuers searched collapsed buildings in Iquique through the night after the earthquake.
"""


def test_a_headline_list_is_a_digest() -> None:
    found = find_digest(HEADLINES)
    assert found is not None and found.parts == 6 and found.groups == 6


def test_a_live_page_of_unrelated_items_is_a_digest() -> None:
    found = find_digest(LIVE_UNRELATED)
    assert found is not None and found.groups >= 5


def test_a_report_of_one_event_in_sections_is_no_digest() -> None:
    assert len(text_parts(SECTIONS_ONE_EVENT, DigestConfig().heading_words)) >= 5
    assert find_digest(SECTIONS_ONE_EVENT) is None


def test_a_report_in_paragraphs_is_not_even_cut_into_parts() -> None:
    report = "\n".join(f"Paragraph {i} of the report ends here." for i in range(20))
    assert len(text_parts(report, DigestConfig().heading_words)) == 1
    assert find_digest(report) is None


def test_a_line_broken_mid_sentence_is_joined_again() -> None:
    text = "Photos\n which were released online show the actress.\nShe smiled."
    assert text_parts(text, 15) == [
        "Photos which were released online show the actress. She smiled."
    ]


def test_unspaced_scripts_are_not_judged() -> None:
    lines = [
        f"第{i}のニュース：市場と政治と天気と野球と映画の話題がここに続きます" for i in range(8)
    ]
    assert find_digest("\n".join(lines), DigestConfig(max_share=0.99, min_part_terms=1)) is None


def test_too_few_parts_or_turned_off_is_no_digest() -> None:
    assert find_digest(HEADLINES, DigestConfig(min_parts=7)) is None
    assert find_digest(HEADLINES, DigestConfig(enabled=False)) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"max_share": 0.0},
        {"max_share": 1.0},
        {"min_parts": 1},
        {"min_parts": 90},
        {"min_shared": 0},
    ],
)
def test_settings_that_cannot_work_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="digest"):
        DigestConfig(**bad)  # type: ignore[arg-type]
