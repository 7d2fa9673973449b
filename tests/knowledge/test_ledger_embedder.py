"""The ledger's link by meaning follows the configuration: with ``ledger_embedder="none"`` the
sentence encoder is never loaded (issue 19, ledger round 10). Every text here is invented."""

from __future__ import annotations

import pytest

from storyline.errors import ConfigError


def test_the_ledger_embedder_is_use_or_none() -> None:
    from storyline.config import AnalysisConfig

    assert AnalysisConfig().ledger_embedder == "use"
    with pytest.raises(ConfigError, match="ledger_embedder"):
        AnalysisConfig(ledger_embedder="bert")


@pytest.mark.slow
def test_invented_no_encoder_is_loaded_when_the_ledger_embedder_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.knowledge.analysis as analysis
    from storyline.config import AnalysisConfig
    from storyline.records import Article

    def refuse() -> None:
        raise AssertionError("the sentence encoder was asked for")

    monkeypatch.setattr(analysis, "use_vectors", refuse)
    texts = [
        "Hartwell Mining will open its new copper mine near Kalgoorlie on Monday.",
        "The first ore was trucked out of Hartwell Mining's Kalgoorlie pit on Monday.",
    ]
    articles = [
        Article(id=f"a{i}", raw_id="r", path=f"{i}.txt", format="text", text=t, seq=i)
        for i, t in enumerate(texts)
    ]
    found = analysis.analyse_story(articles, config=AnalysisConfig(ledger_embedder="none"))
    assert found.expectations  # the ledger was built, by its rules alone
    # The control: with the default configuration the same story asks for the encoder.
    with pytest.raises(AssertionError, match="encoder was asked for"):
        analysis.analyse_story(articles, config=AnalysisConfig())
