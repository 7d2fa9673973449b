"""Language identification: real news paragraphs and headlines in five languages, edge cases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.config import LanguageConfig
from storyline.errors import ConfigError
from storyline.records import Article
from storyline.text.language import LanguageDetector, language_sample, normalise_language_tag

# Hand-written for these tests: one local news item told in each language, and headlines.

PARAGRAPHS = {
    "en": (
        "The city council voted on Tuesday to close two of the three bridges over the river "
        "for repairs that engineers say cannot wait another winter. Traffic will be diverted "
        "through the northern ring road from next month, and officials warned commuters to "
        "expect delays of up to forty minutes during the morning rush."
    ),
    "fr": (
        "Le conseil municipal a voté mardi la fermeture de deux des trois ponts de la ville "
        "pour des travaux que les ingénieurs jugent urgents. La circulation sera déviée par "
        "le périphérique nord dès le mois prochain, et la mairie prévient les automobilistes "
        "qu'ils devront s'attendre à des retards importants aux heures de pointe."
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, zwei der drei Brücken über den Fluss für "
        "dringende Reparaturen zu sperren. Der Verkehr wird ab dem kommenden Monat über den "
        "nördlichen Ring umgeleitet, und die Verwaltung warnt Pendler vor Verzögerungen von "
        "bis zu vierzig Minuten im morgendlichen Berufsverkehr."
    ),
    "es": (
        "El ayuntamiento aprobó el martes el cierre de dos de los tres puentes sobre el río "
        "para realizar unas reparaciones que, según los ingenieros, no pueden esperar otro "
        "invierno. El tráfico se desviará por la ronda norte a partir del próximo mes y las "
        "autoridades advierten de retrasos de hasta cuarenta minutos en la hora punta."
    ),
    "ru": (
        "Городской совет во вторник проголосовал за закрытие двух из трёх мостов через реку "
        "на ремонт, который, по словам инженеров, не может ждать ещё одну зиму. Со следующего "
        "месяца движение будет перенаправлено на северную кольцевую дорогу, а власти "
        "предупреждают водителей о задержках до сорока минут в утренний час пик."
    ),
    "it": (
        "Il consiglio comunale ha approvato martedì la chiusura di due dei tre ponti sul fiume "
        "per lavori che secondo gli ingegneri non possono più aspettare. Dal mese prossimo il "
        "traffico sarà deviato sulla tangenziale nord e il comune avverte gli automobilisti di "
        "ritardi fino a quaranta minuti nell'ora di punta del mattino."
    ),
    "pt": (
        "A câmara municipal aprovou na terça-feira o encerramento de duas das três pontes sobre "
        "o rio para obras que, segundo os engenheiros, não podem esperar mais um inverno. O "
        "trânsito será desviado pela circular norte a partir do próximo mês e as autoridades "
        "alertam para atrasos de até quarenta minutos na hora de ponta."
    ),
    "nl": (
        "De gemeenteraad heeft dinsdag besloten twee van de drie bruggen over de rivier af te "
        "sluiten voor herstelwerkzaamheden die volgens ingenieurs niet langer kunnen wachten. "
        "Het verkeer wordt vanaf volgende maand omgeleid via de noordelijke ringweg en de "
        "gemeente waarschuwt forenzen voor vertragingen tot veertig minuten in de ochtendspits."
    ),
}

HEADLINES = {
    "en": [
        "Storm knocks out power to thousands across the coast",
        "Central bank holds interest rates steady",
        "Prime minister survives confidence vote",
        "Floods force evacuation of riverside towns",
        "Striking rail workers reject new pay offer",
        "Scientists discover new species of frog in rainforest",
    ],
    "fr": [
        "La tempête prive des milliers de foyers d'électricité",
        "La banque centrale maintient ses taux directeurs",
        "Le Premier ministre survit à la motion de censure",
        "Les inondations forcent l'évacuation de plusieurs villages",
        "Les cheminots rejettent la nouvelle offre salariale",
        "Des chercheurs découvrent une nouvelle espèce de grenouille",
    ],
    "de": [
        "Sturm legt Stromversorgung an der Küste lahm",
        "Zentralbank lässt Leitzins unverändert",
        "Regierungschef übersteht Vertrauensfrage im Parlament",
        "Hochwasser zwingt Dörfer am Fluss zur Evakuierung",
        "Bahnbeschäftigte lehnen neues Lohnangebot ab",
        "Forscher entdecken neue Froschart im Regenwald",
    ],
    "es": [
        "La tormenta deja sin luz a miles de hogares en la costa",
        "El banco central mantiene los tipos de interés",
        "El presidente del Gobierno supera la moción de confianza",
        "Las inundaciones obligan a evacuar varios pueblos",
        "Los ferroviarios rechazan la nueva oferta salarial",
        "Científicos descubren una nueva especie de rana en la selva",
    ],
    "ru": [
        "Шторм оставил без света тысячи домов на побережье",
        "Центробанк сохранил ключевую ставку",
        "Премьер-министр пережил вотум доверия",
        "Наводнение вынудило эвакуировать прибрежные сёла",
        "Железнодорожники отвергли новое предложение по зарплате",
        "Учёные обнаружили новый вид лягушек в тропическом лесу",
    ],
}


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(LanguageConfig())


def _article(text: str, title: str | None = None, language: str | None = None) -> Article:
    return Article(
        id="a1",
        raw_id="r1",
        path="x.txt",
        format="text",
        title=title,
        text=text,
        language=language,
    )


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_news_paragraphs(detector: LanguageDetector, lang: str) -> None:
    assert detector.detect(PARAGRAPHS[lang]) == lang


@pytest.mark.parametrize(
    ("lang", "headline"), [(lang, h) for lang, hs in HEADLINES.items() for h in hs]
)
def test_short_headlines(detector: LanguageDetector, lang: str, headline: str) -> None:
    assert detector.detect(headline) == lang


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "12345 67890 2022-09-15 14:30", "+44 (0)20 7946 0958 / 1,234.56 %", "OK!"],
)
def test_undecidable_texts_are_none(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None


def test_low_confidence_is_none(detector: LanguageDetector) -> None:
    # "Hello" alone is as much Italian as English to lingua: below the 0.5 confidence floor.
    assert detector.detect("Hello Hello") is None
    floorless = LanguageDetector(LanguageConfig(min_confidence=0.0))
    assert floorless.detect("Hello Hello") is not None


def test_script_of_no_configured_language_is_none() -> None:
    latin_only = LanguageDetector(LanguageConfig(languages=("en", "fr")))
    assert latin_only.detect(PARAGRAPHS["ru"]) is None
    assert latin_only.detect(PARAGRAPHS["fr"]) == "fr"
    assert latin_only.languages == ("en", "fr")


def test_seed_files_are_english(detector: LanguageDetector, seeds_dir: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) == 2
    for path in seeds:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert detector.detect(text) == "en", path.name
        assert detector.detect_article(_article(text)).language == "en"


def test_detect_article_uses_title_and_body(detector: LanguageDetector) -> None:
    article = _article(PARAGRAPHS["de"], title=HEADLINES["de"][0])
    out = detector.detect_article(article)
    assert out.language == "de"
    assert article.language is None  # input not mutated
    assert out is not article
    # with no cleaned text the raw text is read
    raw_only = replace(_article(""), raw_text=PARAGRAPHS["es"])
    assert detector.detect_article(raw_only).language == "es"
    # a title alone is enough
    assert detector.detect_article(_article("", title=HEADLINES["fr"][1])).language == "fr"
    assert detector.detect_article(_article("")).language is None


def test_metadata_language_is_kept(detector: LanguageDetector) -> None:
    # The text is English but the feed said French: metadata wins, normalised to ISO 639-1.
    assert detector.detect_article(_article(PARAGRAPHS["en"], language="fr")).language == "fr"
    assert detector.detect_article(_article(PARAGRAPHS["en"], language="pt-BR")).language == "pt"
    assert detector.detect_article(_article(PARAGRAPHS["en"], language=" EN_gb ")).language == "en"
    # an empty tag counts as no metadata
    assert detector.detect_article(_article(PARAGRAPHS["ru"], language=" ")).language == "ru"


def test_normalise_language_tag() -> None:
    assert normalise_language_tag("en-US") == "en"
    assert normalise_language_tag("DE") == "de"
    assert normalise_language_tag("") is None


def test_only_the_start_is_read() -> None:
    # English lead, then a long French tail: with a small cap only the English start counts.
    text = PARAGRAPHS["en"] + "\n" + PARAGRAPHS["fr"] * 10
    capped = LanguageDetector(LanguageConfig(max_chars=300))
    assert capped.detect(text) == "en"
    whole = LanguageDetector(LanguageConfig(max_chars=100_000))
    assert whole.detect(text) == "fr"
    sample = language_sample(_article(text, title="Bridges"), 300)
    assert sample.startswith("Bridges\nThe city council") and len(sample) <= 300
    assert not sample.endswith(" ")  # cut at a word boundary


def test_detector_is_lazy_and_reused() -> None:
    fresh = LanguageDetector(LanguageConfig(languages=("en", "de")))
    assert fresh._detector is None  # nothing built until first use
    assert fresh.detect(PARAGRAPHS["de"]) == "de"
    built = fresh._detector
    assert built is not None
    assert fresh.detect(PARAGRAPHS["en"]) == "en"
    assert fresh._detector is built


@pytest.mark.parametrize(
    "config",
    [
        LanguageConfig(languages=()),
        LanguageConfig(languages=("en", "xx")),
        LanguageConfig(languages=("english",)),
        LanguageConfig(min_confidence=1.5),
        LanguageConfig(max_chars=0),
    ],
)
def test_bad_config_is_a_config_error(config: LanguageConfig) -> None:
    with pytest.raises(ConfigError):
        LanguageDetector(config)


def test_deterministic(detector: LanguageDetector) -> None:
    texts = [*PARAGRAPHS.values(), *(h for hs in HEADLINES.values() for h in hs)]
    assert [detector.detect(t) for t in texts] == [detector.detect(t) for t in texts]
