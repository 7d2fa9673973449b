"""Boilerplate removal, line by line, reversibly, every removed line on record with its rule.

Cleaning looks at the lines of ``Article.raw_text`` (``raw_text.split("\\n")``) and removes whole
lines only, never parts of a line. Three kinds of rules decide, in this order:

1. **Line rules** (:data:`RULES`): general, named patterns that match a whole *short* line
   (a cookie notice, "Share this story", "Comments are closed.", "Read also: ..."), in English,
   French, German and Spanish. Each pattern carries its own length limit, and no rule ever
   removes a line longer than :data:`MAX_BOILERPLATE_CHARS`, so a paragraph that merely mentions
   cookies or a source is kept. A line rule looks at the line alone.
2. **Learned repetition** (``repeated-in-source``): a :class:`BoilerplateModel` learned on a
   corpus knows the lines a source repeats in many of its articles (footers, banners).
3. **Context rules**: ``dangling-lead-in`` (a short line ending with a colon after which
   everything was removed: the link it announced is gone) and ``site-name`` (a short
   brand-like first line followed by the real, longer headline).

Reversibility: ``text`` is exactly the join of the kept lines, blank lines included, so putting
every removed line back at its ``line_no`` restores ``raw_text`` (:func:`restore`). Blank lines
are never removed nor recorded; the runs of blank lines a removal leaves behind stay in ``text``
(collapsing them would lose the line numbers; readers of ``text`` fold whitespace anyway).

Idempotence: cleaning an article whose ``raw_text`` is a cleaned ``text`` removes nothing more
(with the same model). Line rules and the model judge a line alone; a dangling lead-in would
already have gone with the lines after it; a site name is at most four words and is only removed
when followed by a headline of at least five, which is therefore never itself a site name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from storyline.config import CleanConfig
from storyline.errors import ConfigError, StoreError
from storyline.records import Article, RemovedLine

__all__ = [
    "MAX_BOILERPLATE_CHARS",
    "RULES",
    "RULE_IDS",
    "BoilerplateModel",
    "clean",
    "normalise_line",
    "pick_title",
    "restore",
    "source_key",
]

# No rule removes a line longer than this: long cookie notices reach ~500 characters; real
# paragraphs that happen to start like boilerplate are kept.
MAX_BOILERPLATE_CHARS = 600

_DEFAULT_CONFIG = CleanConfig()
_MODEL_FORMAT = 2  # version of BoilerplateModel.to_dict() and .source_state()


def _line(max_chars: int, *alternatives: str) -> re.Pattern[str]:
    """A pattern for a whole line (used with ``fullmatch``) of at most ``max_chars`` characters,
    matching any of ``alternatives``."""
    if max_chars > MAX_BOILERPLATE_CHARS:
        raise ValueError(f"rule limit {max_chars} exceeds MAX_BOILERPLATE_CHARS")
    return re.compile(rf"(?=.{{1,{max_chars}}}$)(?:{'|'.join(alternatives)})", re.IGNORECASE)


# Building blocks. Matching is case-insensitive except inside (?-i:...).
_SEP = r"\s*[:|»>\-–—•.]\s*"  # the separator after a label: "Read also: ...", "Lire aussi | ..."
_UPPER = r"(?-i:[A-ZÀ-ÖØ-Þ“\"«‘'„])"  # an uppercase letter or opening quote starting a title
_NETWORKS = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|mail|telegram|reddit|pinterest|messenger"
    r"|instagram|flipboard|sms|print|copy link|bluesky|threads)"
)
_DOMAIN = r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?"
_READ_ALSO = (
    r"(?:read (?:also|more|next)|also read|see also|more on this(?: story| topic)?"
    r"|related(?: articles?| stories| posts| content| coverage| news)?"
    r"|(?:à )?lire (?:aussi|également)|voir aussi|sur le même sujet"
    r"|lesen sie (?:auch|mehr)|auch interessant|mehr zum thema"
    r"|(?:lee|leer) (?:también|más)|ver también|te puede interesar)"
)

# The line rules: (rule id, pattern). The first rule that matches a line names its removal.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A cookie banner's sentence: "This website uses cookies to improve your experience...",
    # "We use cookies", "By continuing to browse ... cookies", in four languages.
    (
        "cookie-notice",
        _line(
            600,
            r"(?:this|our) (?:web ?site|site|page|portal)s? uses? cookies\b.*",
            r"we(?: and our partners)? (?:use|utili[sz]e) cookies\b.*",
            r"by (?:continuing|using|browsing|clicking)\b.{0,120}\byou (?:agree|accept|consent)\b"
            r".{0,120}\bcookies\b.*",
            r"(?:(?:ce|notre) site(?: web| internet)? (?:utilise|emploie)|nous utilisons)"
            r" des cookies\b.*",
            r"en poursuivant (?:votre )?navigation\b.*",
            r"(?:diese (?:web)?seite|diese website|wir) (?:verwende[nt]|nutz(?:t|en)) cookies\b.*",
            r"(?:este (?:sitio(?: web)?|portal)|esta (?:web|página)) (?:utiliza|usa) cookies\b.*",
            r"(?:utilizamos|usamos) cookies\b.*",
        ),
    ),
    # A cookie button or link alone: "Accept all cookies", "Cookie settings", "Cookie policy".
    (
        "cookie-notice",
        _line(
            60,
            r"(?:accept|allow|reject|refuse|decline|manage|customi[sz]e)"
            r"(?: all| necessary| essential)? cookies",
            r"cookies? (?:settings|preferences|policy|notice)",
            r"(?:accepter|refuser|gérer) (?:tous )?les cookies",
            r"politique (?:de|relative aux) cookies",
            r"(?:alle )?cookies (?:akzeptieren|ablehnen)|cookie-einstellungen",
            r"(?:aceptar|rechazar) (?:todas las )?cookies|(?:configuración|política) de cookies",
        ),
    ),
    # An invitation to share: "You can share this story on social media:", "Share on Facebook",
    # "Partager cet article", "Artikel teilen", "Compartir en Twitter".
    (
        "share-prompt",
        _line(
            120,
            r"(?:you can |please )?share (?:this|the|our) (?:story|article|post|page|news|video)"
            r"(?: (?:on|via|with) .{1,60})?[:.!]?",
            rf"share (?:on|via|to) {_NETWORKS}[:.!]?",
            r"(?:partager|partagez) (?:cet article|sur .{1,40})[:.!]?",
            r"(?:diesen )?artikel teilen|teilen sie (?:diesen artikel|.{1,40})[:.!]?",
            r"compart(?:ir|e) (?:en .{1,40}|este artículo)[:.!]?",
        ),
    ),
    # A lone sharing button ("Share", "Tweet", "Print", "Partager", "Teilen", "Compartir") or a row
    # of them ("Facebook Twitter WhatsApp Email").
    (
        "share-prompt",
        _line(
            120,
            r"(?:share|tweet|print|e-?mail|partager|imprimer|teilen|drucken|compartir|imprimir)"
            r"(?: this)?\s*:?",
            rf"(?:{_NETWORKS}[\s,|•·/]*){{2,}}",
        ),
    ),
    # "Comments are closed.", "Les commentaires sont fermés", "Kommentare sind geschlossen".
    (
        "comments-closed",
        _line(
            100,
            r"comments? (?:are|is) (?:now )?(?:closed|disabled)"
            r"(?: for this (?:article|story|post))?[.!]?",
            r"commenting (?:is|has been) (?:now )?(?:closed|disabled)[.!]?",
            r"(?:les )?commentaires sont (?:fermés|clos|désactivés)[.!]?",
            r"(?:die )?kommentare (?:sind )?(?:geschlossen|deaktiviert)[.!]?",
            r"(?:los )?comentarios (?:están )?cerrados[.!]?",
        ),
    ),
    # "Leave a comment", "12 comments", "Comments (3)", "Laisser un commentaire".
    (
        "comment-prompt",
        _line(
            60,
            r"(?:leave|post|add|write) a (?:comment|reply)[.!:]?",
            r"(?:view|show|read) (?:all )?comments|comments?(?: \(\d+\))?",
            r"\d+ (?:comments?|commentaires?|kommentare?|comentarios?)",
            r"(?:laisser|ajouter|écrire) un commentaire|kommentar (?:schreiben|verfassen)",
            r"(?:deja|dejar|escribe) (?:un|tu) comentario",
        ),
    ),
    # A link to another article: "Read also: ...", "Lire aussi | ...", "Lesen Sie auch: ...", or
    # the label alone. Without a separator the title after it must start with a capital or quote.
    ("read-also", _line(220, rf"{_READ_ALSO}(?:{_SEP}.*|\s+{_UPPER}.*|\s*[.!]?)")),
    # A lone attribution label whose link is gone: "Source", "Sources:", "Quelle", "Fuente".
    ("source-label", _line(20, r"(?:sources?|quellen?|fuentes?|fonte|bron)\s*:?")),
    # A source watermark, an identifier or a domain: "source site-29", "Source: example.com".
    (
        "source-watermark",
        _line(120, rf"(?:sources?|quelle|fuente|via)\s*[:\-–—]?\s*(?:[a-z]+[-_]\d+|{_DOMAIN})"),
    ),
    # Newsletter sign-up: "Sign up for our newsletter", "Abonnez-vous à notre newsletter".
    (
        "newsletter-signup",
        _line(
            200,
            r"(?:sign up|subscribe|register|get|receive|join)\b.{0,80}\bnewsletters?\b.*",
            r"(?:inscrivez-vous|abonnez-vous)\b.{0,60}\b(?:newsletter|lettre d'information)\b.*",
            r"newsletter (?:abonnieren|bestellen)\b.*",
            r"(?:jetzt )?(?:zum|für den) newsletter anmelden\b.*",
            r"suscr[ií]b(?:e|ete|irse)\b.{0,60}\b(?:newsletter|boletín)\b.*",
        ),
    ),
    # "Follow us on Twitter", "Follow @handle", "Suivez-nous sur ...", "Folgen Sie uns".
    (
        "follow-us",
        _line(
            160,
            r"follow us\b.*|follow @\w+.*",
            rf"(?:find|join) us on {_NETWORKS}\b.*",
            r"suivez-nous\b.*|retrouvez-nous sur\b.*|folgen sie uns\b.*|s[ií]guenos\b.*",
        ),
    ),
    # A copyright line: "© 2024 Daily Planet", "Copyright 2024 ...", "... All rights reserved."
    (
        "copyright",
        _line(
            200,
            r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}).*",
            r".{0,160}\b(?:all rights reserved|tous droits réservés|alle rechte vorbehalten"
            r"|todos los derechos reservados)[.!]?",
        ),
    ),
    # An ad slot's label: "Advertisement", "- Publicité -", "Anzeige", "Story continues below ad".
    (
        "advertisement",
        _line(
            80,
            r"[\W_]*(?:advertisement|advert|ad|sponsored(?: content| post| links?)?"
            r"|paid (?:post|content)|publicité|anzeige|werbung|publicidad)[\W_]*",
            r"(?:story|article|text) continues (?:below|after) (?:this )?(?:ad|advertisement)\.?",
            r"continue reading (?:below|after)(?: the)?(?: ad| advertisement)?\.?",
            r"la suite après (?:cette |la )?publicité|weiter nach der anzeige",
        ),
    ),
    # A dead link: "Click here to subscribe", "For the full report, click here.", "Cliquez ici".
    (
        "click-here",
        _line(
            160,
            r"(?:please )?(?:click|tap) here\b.*|.{0,80}\b(?:click|tap) here[.!]?",
            r"cliquez ici\b.*|klicken sie hier\b.*|(?:haga|haz) clic aquí\b.*|pulse aquí\b.*",
        ),
    ),
    # A photo credit: "Photo: AFP", "Image: Getty Images", "Crédit photo : ...", "Foto: dpa",
    # "(Photo by Jane Doe/Reuters)", "AFP via Getty Images".
    (
        "photo-credit",
        _line(
            120,
            r"(?:photos?|photograph|image|picture|pic|credit|photo credit|image credit|illustration"
            r"|crédits?(?: photo)?|photo ?©|bild|foto|fotos)\s*:\s*[^.!?]{1,100}\.?",
            r"\(?(?:photo|image|picture)s? (?:by|credit|courtesy(?: of)?)\s*:?"
            r"\s*[^.!?]{1,80}\)?\.?",
            r"(?:[^/.]{1,40}(?:/|\s+via\s+))?(?:getty images|shutterstock|ap photo)"
            r"(?:\s*/\s*[^/.]{1,40})?\.?",
        ),
    ),
    # A paywall's teaser: "Already a subscriber? Log in", "Il vous reste 80% de cet article à lire".
    (
        "paywall",
        _line(
            250,
            r"already (?:a )?(?:subscriber|member)\b.*",
            r"subscribe (?:now )?to (?:continue|keep) reading\b.*",
            r"(?:this|the rest of this) (?:article|story|content) is (?:only )?"
            r"(?:available|reserved) (?:to|for) (?:subscribers|members)\b.*",
            r"you have reached your (?:limit|maximum) of free articles\b.*",
            r"(?:cet article|la suite) est réservée? aux abonnés\b.*",
            r"il vous reste \d+ ?% de cet article à lire.*",
            r"(?:dieser|der) artikel ist (?:nur )?für abonnenten\b.*",
            r"(?:contenido|artículo) (?:exclusivo|solo) para suscriptores\b.*",
        ),
    ),
    # A navigation label: "Skip to content", "Most read", "Next article", "Meistgelesen".
    (
        "navigation",
        _line(
            40,
            r"skip to (?:main )?content|(?:main )?menu|toggle navigation|(?:back|return) to top",
            r"sign in|log ?in|log ?out|search|trending(?: now)?|top stories",
            r"most (?:read|popular|viewed)|(?:previous|next) (?:article|story|post)",
            r"article (?:précédent|suivant)|les plus lus|meistgelesen|lo más leído",
        ),
    ),
    # A tag list: "Tags: Russia, China", "Mots-clés : ...", "Schlagwörter: ...", "Etiquetas: ...".
    (
        "tags",
        _line(
            250,
            r"(?:tags?|topics?|keywords?|filed under|mots[- ]clés|thèmes|schlagw(?:örter|orte)"
            r"|etiquetas)\s*:\s*.*",
        ),
    ),
)

# A lead-in: a short line ending with a colon, announcing something that should follow.
_LEAD_IN = re.compile(r"(?=.{1,160}$)(?:\S+\s+){0,19}\S*[:：]")

CONTEXT_RULE_IDS = ("repeated-in-source", "dangling-lead-in", "site-name")
RULE_IDS: tuple[str, ...] = tuple(dict.fromkeys(rule for rule, _ in RULES)) + CONTEXT_RULE_IDS

# Words that say nothing about a topic, for the site-name test.
_STOPWORDS = frozenset(
    {
        *("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to"),
        *("le", "la", "les", "de", "des", "du", "et", "un", "une", "au", "aux", "with"),
        *("der", "die", "das", "den", "dem", "und", "ein", "eine", "im", "am"),
        *("el", "los", "las", "del", "y", "en"),
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_DIGITS = re.compile(r"\d+")
_DOMAIN_LINE = re.compile(_DOMAIN, re.IGNORECASE)

# A site name is a short brand line; the headline after it is at least this many words.
_SITE_NAME_MAX_WORDS = 4
_SITE_NAME_MAX_CHARS = 40
_HEADLINE_MIN_WORDS_AFTER_SITE = 5
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 200
_TITLE_LOOKAHEAD = 3  # a title is picked among the first three kept non-blank lines


# --- lines -------------------------------------------------------------------------------------


def _squash(line: str) -> str:
    """The line as the rules see it: NFKC-normalised (no-break spaces become spaces), whitespace
    runs folded to one space, stripped."""
    return " ".join(unicodedata.normalize("NFKC", line).split())


def normalise_line(line: str) -> str:
    """The key a line is counted under when learning: squashed, lowercased, digits folded."""
    return _DIGITS.sub("0", _squash(line).lower())


def source_key(article: Article) -> str | None:
    """Which source an article's lines are learned for: its source, else its URL's host."""
    if article.source and article.source.strip():
        return article.source.strip().lower()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def _line_rule(squashed: str, disabled: frozenset[str]) -> str | None:
    """The id of the first line rule that matches a (squashed) line, if any."""
    for rule, pattern in RULES:
        if rule not in disabled and pattern.fullmatch(squashed):
            return rule
    return None


# --- the learned model -------------------------------------------------------------------------


class BoilerplateModel:
    """Per-source line statistics: which lines a source repeats across its articles.

    The thresholds are parameters (from :class:`CleanConfig`); the learned state is, per
    source, the number of articles, in how many of them each normalised line occurs, and the
    ids of the articles learned that may be learned again (:meth:`retain_ids`). Only lines a
    model could ever call repeated (at most ``repeat_max_chars``) are counted. An article (by
    id) is counted once however often it is learned, as re-ingesting is idempotent.

    The state is bounded: when a source reaches twice ``repeat_window`` articles, its counts
    are halved (a line seen once is forgotten), so a source's state holds about the lines of
    its last few hundred articles and follows a site's template when it changes. Below that
    learning is order-independent; the model is deterministic and serialisable, whole
    (:meth:`to_dict`) or one source at a time (:meth:`source_state`, :meth:`load_source`), so
    a caller keeps in memory and writes back only the sources it touches.
    """

    def __init__(self, config: CleanConfig = _DEFAULT_CONFIG) -> None:
        self.config = config
        self._articles: Counter[str] = Counter()
        self._lines: dict[str, Counter[str]] = {}
        self._ids: dict[str, set[str]] = {}

    def learn(self, articles: Iterable[Article]) -> None:
        """Count the lines of these articles (of their ``raw_text``) under their source.

        Articles without a source are counted under their URL's host (:func:`source_key`);
        without either they are not learned.
        """
        for article in articles:
            key = source_key(article)
            if key is None:
                continue
            ids = self._ids.setdefault(key, set())
            if article.id in ids:
                continue
            if article.id:
                ids.add(article.id)
            self._articles[key] += 1
            seen = {
                normalise_line(line)
                for line in article.raw_text.split("\n")
                if line.strip() and len(_squash(line)) <= self.config.repeat_max_chars
            }
            self._lines.setdefault(key, Counter()).update(seen)
            if self._articles[key] >= 2 * self.config.repeat_window:
                self._halve(key)

    def _halve(self, key: str) -> None:
        """Halve a source's counts, forgetting the lines then counted zero times."""
        self._articles[key] //= 2
        lines = self._lines.get(key, Counter())
        self._lines[key] = Counter({line: n // 2 for line, n in lines.items() if n >= 2})

    def retain_ids(self, ids: Container[str]) -> None:
        """Forget the learned article ids not in ``ids`` (those that will never be learned
        again: a pipeline keeps the ids of the articles it has not yet assigned)."""
        for key, learned in self._ids.items():
            self._ids[key] = {i for i in learned if i in ids}

    def is_repeated(self, source_key: str | None, line: str) -> bool:
        """Whether a source (a :func:`source_key`) repeats this line in enough of its articles
        to call it boilerplate."""
        if source_key is None or not line.strip():
            return False
        return self.is_repeated_squashed(source_key, _squash(line))

    def is_repeated_squashed(self, source_key: str | None, squashed: str) -> bool:
        """:meth:`is_repeated` of a line already squashed (whitespace folded, NFKC: as the
        rules see it), not squashed again."""
        if source_key is None or not squashed or len(squashed) > self.config.repeat_max_chars:
            return False
        n_articles = self._articles.get(source_key, 0)
        key = _DIGITS.sub("0", squashed.lower())  # normalise_line(line)
        count = self._lines.get(source_key, Counter()).get(key, 0)
        return (
            count >= self.config.repeat_min_articles
            and count >= self.config.repeat_min_share * n_articles
        )

    def sources(self) -> list[str]:
        """The sources learned (or loaded), sorted."""
        return sorted(self._articles)

    def source_state(self, key: str) -> dict[str, Any]:
        """One source's learned state as plain JSON-able data, keys sorted."""
        return {
            "format": _MODEL_FORMAT,
            "articles": self._articles.get(key, 0),
            "lines": dict(sorted(self._lines.get(key, Counter()).items())),
            "ids": sorted(self._ids.get(key, ())),
        }

    def load_source(self, key: str, data: dict[str, Any]) -> None:
        """Take one source's state from :meth:`source_state` data (replacing what it had)."""
        _check_format(data)
        try:
            articles = int(data["articles"])
            lines = Counter({str(line): int(n) for line, n in data["lines"].items()})
            ids = {str(i) for i in data["ids"]}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"boilerplate model data is malformed ({exc!r}): relearn it") from exc
        self._articles[key] = articles
        self._lines[key] = lines
        self._ids[key] = ids

    def to_dict(self) -> dict[str, Any]:
        """The learned state as plain JSON-able data, keys sorted (thresholds are not in it)."""
        sources = {}
        for key in self.sources():
            state = self.source_state(key)
            del state["format"]
            sources[key] = state
        return {"format": _MODEL_FORMAT, "sources": sources}

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], config: CleanConfig = _DEFAULT_CONFIG
    ) -> BoilerplateModel:
        """A model from :meth:`to_dict` data, with the thresholds of ``config``."""
        _check_format(data)
        model = cls(config)
        try:
            for key, state in data["sources"].items():
                model.load_source(key, {**state, "format": _MODEL_FORMAT})
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"boilerplate model data is malformed ({exc!r}): relearn it") from exc
        return model


def _check_format(data: dict[str, Any]) -> None:
    if data.get("format") != _MODEL_FORMAT:
        raise StoreError(
            f"boilerplate model data has format {data.get('format')!r}; this version of"
            f" Storyline reads format {_MODEL_FORMAT}: relearn the model (storyline.text.clean)"
        )


# --- context rules -----------------------------------------------------------------------------


def _dangling_lead_ins(squashed: list[str], rules: dict[int, str]) -> list[int]:
    """Lead-ins ending with a colon after which every line is removed (or blank), from the end."""
    found: list[int] = []
    for i in range(len(squashed) - 1, -1, -1):
        if not squashed[i] or i in rules:
            continue
        if not _LEAD_IN.fullmatch(squashed[i]):
            break
        found.append(i)
    return found


def _is_headline(line: str, min_words: int = 1) -> bool:
    """Whether a (squashed) line reads as a headline: short, starts like a title, doesn't end
    like a sentence or a lead-in."""
    n_words = len(line.split())
    return (
        min_words <= n_words <= _HEADLINE_MAX_WORDS
        and len(line) <= _HEADLINE_MAX_CHARS
        and line[-1] not in ".,;:"
        and not line[0].islower()
        and any(c.isalpha() for c in line)
    )


def _looks_like_brand(line: str) -> bool:
    """A short name of capitalised words, function words aside ("Jesus' Coming Back",
    "Le Courrier du Sud"), or a domain. "Putin meets Xi" is not one."""
    if _DOMAIN_LINE.fullmatch(line):
        return True
    words = line.split()
    return (
        0 < len(words) <= _SITE_NAME_MAX_WORDS
        and len(line) <= _SITE_NAME_MAX_CHARS
        and line[-1] not in ".,;:!?"
        and not words[0][0].islower()
        and all(not w[0].islower() or w.lower() in _STOPWORDS for w in words)
        and any(c.isalpha() for c in line)
    )


def _content_stems(text: str) -> set[str]:
    """The words of a text that carry a topic, cut to five letters (meets ~ meeting)."""
    return set(_stems_of(text))


def _stems_of(text: str) -> Iterator[str]:
    words = (m.group().lower() for m in _WORD.finditer(text))
    return (w[:5] for w in words if w not in _STOPWORDS)


def _is_topical(line: str, body: list[str]) -> bool:
    """Whether most words of a line recur in the text after it: a headline, not a brand.

    A one-word headline ("Brexit") is about the story below it; a site name is not.
    """
    stems = _content_stems(line)
    if not stems:
        return False
    # line by line, not the body joined: the same stems (no word spans two lines), without a
    # copy of a long text and a list of its every word (~600 MB for 45 MB of text)
    body_stems: set[str] = set()
    for text in body:
        body_stems.update(_stems_of(text))
    return len(stems & body_stems) / len(stems) > 0.5


def _site_name(squashed: list[str], rules: dict[int, str]) -> int | None:
    """The first kept line when it is a site name: brand-like, not about the text, followed by
    a longer headline and then by more text."""
    kept = [i for i, line in enumerate(squashed) if line and i not in rules]
    if len(kept) < 3:
        return None
    first, headline = squashed[kept[0]], squashed[kept[1]]
    min_words = max(_HEADLINE_MIN_WORDS_AFTER_SITE, len(first.split()) + 2)
    if not _looks_like_brand(first) or not _is_headline(headline, min_words):
        return None
    if _is_topical(first, [squashed[i] for i in kept[1:]]):
        return None
    return kept[0]


# --- title -------------------------------------------------------------------------------------


def pick_title(lines: Iterable[str]) -> str | None:
    """The first line that reads as a headline among the first non-blank lines, squashed.

    The very first line may be a single word ("Brexit"); later ones need three words or more
    (a short later line is more likely a label than a headline).
    """
    candidates = [s for s in map(_squash, lines) if s][:_TITLE_LOOKAHEAD]
    for n, line in enumerate(candidates):
        if _is_headline(line, min_words=1 if n == 0 else 3):
            return line
    return None


def _title_after(title: str | None, kept: list[str], removed: list[RemovedLine]) -> str | None:
    """Keep a known title unless cleaning removed it (a site name given as the title)."""
    if title is not None and _squash(title):
        removed_keys = {normalise_line(r.line) for r in removed}
        if normalise_line(title) not in removed_keys:
            return title
    return pick_title(kept)


# --- cleaning ----------------------------------------------------------------------------------


def _check_config(config: CleanConfig) -> frozenset[str]:
    unknown = sorted(set(config.disabled_rules) - set(RULE_IDS))
    if unknown:
        raise ConfigError(
            f"unknown clean rule(s) {', '.join(unknown)} in disabled_rules;"
            f" the rules are: {', '.join(RULE_IDS)}"
        )
    return frozenset(config.disabled_rules)


def _find_removals(
    article: Article, lines: list[str], model: BoilerplateModel | None, disabled: frozenset[str]
) -> dict[int, str]:
    """Line number -> rule id of every line to remove (never a blank line); ``lines``: the
    article's ``raw_text.split("\\n")``, split once (a long text's lines are as large as it)."""
    squashed = [_squash(line) for line in lines]
    key = source_key(article)
    if "repeated-in-source" in disabled:
        model = None
    rules: dict[int, str] = {}
    for i, line in enumerate(squashed):
        if not line or len(line) > MAX_BOILERPLATE_CHARS:
            continue
        rule = _line_rule(line, disabled)
        if rule is None and model is not None and model.is_repeated_squashed(key, line):
            rule = "repeated-in-source"
        if rule is not None:
            rules[i] = rule
    if "dangling-lead-in" not in disabled:
        rules.update(dict.fromkeys(_dangling_lead_ins(squashed, rules), "dangling-lead-in"))
    site = None if "site-name" in disabled else _site_name(squashed, rules)
    if site is not None:
        rules[site] = "site-name"
    return rules


def clean(
    article: Article,
    model: BoilerplateModel | None = None,
    config: CleanConfig = _DEFAULT_CONFIG,
) -> Article:
    """A copy of ``article`` with boilerplate lines removed from ``raw_text``.

    Fills ``text`` (the kept lines of ``raw_text``, joined, blank lines included),
    ``removed_lines`` (each removed line, its 0-based line number and its rule id, in order) and
    ``title`` when it was unknown or was itself removed (a site name). The input is not changed.
    ``model`` adds the ``repeated-in-source`` rule; its own config sets its thresholds. An
    article made only of boilerplate lines, with no blank line to keep, is returned with nothing
    removed (an empty ``text`` would not say how many lines it had).
    """
    disabled = _check_config(config)
    lines = article.raw_text.split("\n")
    rules = _find_removals(article, lines, model, disabled)
    if len(rules) == len(lines):
        rules = {}
    removed = [RemovedLine(i, lines[i], rule) for i, rule in sorted(rules.items())]
    kept = [line for i, line in enumerate(lines) if i not in rules]
    return replace(
        article,
        text="\n".join(kept),
        removed_lines=removed,
        title=_title_after(article.title, kept, removed),
    )


def restore(article: Article) -> str:
    """The ``raw_text`` a cleaned article came from: its removed lines put back at their index.

    Exact for any output of :func:`clean`: ``restore(clean(a)) == a.raw_text``.
    """
    kept = article.text.split("\n")
    removed = {r.line_no: r.line for r in article.removed_lines}
    total = len(kept) + len(removed)
    if len(removed) != len(article.removed_lines) or any(n >= total for n in removed):
        raise ValueError(f"article {article.id}: its removed lines do not fit its text")
    rest = iter(kept)
    return "\n".join(removed[i] if i in removed else next(rest) for i in range(total))
