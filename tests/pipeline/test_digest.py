"""A digest page through the pipeline: kept out of stories, its reason on the article.

Real pages of the extraction benchmark (../shared/data): Business Insider's "10 things in tech
you need to know today" (Nov 19, 2019; three of its ten items are about WeWork) and three
reports of that week's WeWork news. Read as a report, the digest joined the WeWork story."""

from __future__ import annotations

from pathlib import Path

from storyline import Pipeline, open_store

_PAGES = "article_extraction_benchmark/html"
TEN_THINGS = "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e"
WEWORK = [
    "1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892",  # TechCrunch
    "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85",  # VentureBeat
    "bc13ff87b2630ffbebc33bc37b11178b14f03109055e1d17bf644f804b63d98a",  # The Real Deal
]


def test_a_digest_page_is_kept_out_with_its_reason_shown(shared_data: Path, tmp_path: Path) -> None:
    paths = [shared_data / _PAGES / f"{name}.html.gz" for name in [*WEWORK, TEN_THINGS]]
    with open_store(tmp_path / "s.db") as store:
        pipeline = Pipeline(store)
        report = pipeline.ingest(paths)
        assert report.ingested == 4 and not report.rejected
        articles = {a.path: a for a in store.iter_articles()}
        digest = articles[str(paths[-1])]
        assert digest.meta["digest"]["parts"] >= 10
        stories = pipeline.stories()
        alone = [s for s in stories if s.article_ids == [digest.id]]
        assert len(alone) == 1  # a story of its own
        wework = {articles[str(p)].story_id for p in paths[:2]}
        assert len(wework) == 1 and digest.story_id not in wework
        view = pipeline.story_document(alone[0].id, knowledge=False)
        (shown,) = view["articles"]
        assert shown["digest"]["reason"].startswith("a digest page")
        (why,) = view["explanations"]
        assert why["reason"].startswith("kept out of stories: a digest page")
