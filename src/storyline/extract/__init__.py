"""Information extraction from article text: pure functions, no I/O.

* :mod:`~storyline.extract.nlp`: the shared spaCy pipeline (lazy; the ``nlp`` extra);
* :mod:`~storyline.extract.entities`: name mentions and canonical entities;
* :mod:`~storyline.extract.modality`: expected / ongoing / happened / denied, and attribution;
* :mod:`~storyline.extract.events`: who did what, where and when, with the sentence cited;
* :mod:`~storyline.extract.dates`: time expressions normalised against the publication date.

Importing the package needs no spaCy: the model loads on first use, and a missing one raises
:class:`~storyline.errors.MissingExtraError`.
"""

from __future__ import annotations

from storyline.extract.dates import (
    GRAINS,
    TENSES,
    TimeExpression,
    find_time_expressions,
    sentence_tense,
)
from storyline.extract.entities import (
    ENTITY_TYPES,
    Entity,
    Mention,
    canonicalise,
    extract_mentions,
    extract_mentions_many,
    find_acronyms,
    found_again,
    mentions_from_doc,
)
from storyline.extract.events import Analysis, Event, analyse, analyse_many, extract_events
from storyline.extract.modality import (
    LABELS,
    Modality,
    classify_modality,
    main_predicate,
    modality_of,
    time_ahead,
)
from storyline.extract.nlp import MODEL_PACKAGE, Sentence, load_pipeline, split_sentences

__all__ = [
    "ENTITY_TYPES",
    "GRAINS",
    "LABELS",
    "MODEL_PACKAGE",
    "TENSES",
    "Analysis",
    "Entity",
    "Event",
    "Mention",
    "Modality",
    "Sentence",
    "TimeExpression",
    "analyse",
    "analyse_many",
    "canonicalise",
    "classify_modality",
    "extract_events",
    "extract_mentions",
    "extract_mentions_many",
    "find_acronyms",
    "find_time_expressions",
    "found_again",
    "load_pipeline",
    "main_predicate",
    "mentions_from_doc",
    "modality_of",
    "sentence_tense",
    "split_sentences",
    "time_ahead",
]
