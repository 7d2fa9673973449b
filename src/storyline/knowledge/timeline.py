"""A story's timeline: every event at its own time, every article at its report time.

:func:`build_timeline` makes one item per event (its normalised time, the time it was reported,
its modality and the sentence that says it, cited) and one item per article (its publication,
the report). Items are sorted by event time, then report time: a report's event time is its
publication day, and an event without a time of its own is placed at its report (its ``when``
stays None, so a reader can tell). An expected event sits at the time it is expected for, so a
story's anticipations show ahead of the reports that resolve them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storyline.knowledge.expectations import Window
from storyline.records import Article

if TYPE_CHECKING:
    from storyline.extract import Event

__all__ = ["TimelineItem", "build_timeline"]


@dataclass(slots=True)
class TimelineItem:
    """One row of a timeline: an event (``kind="event"``) or an article's report."""

    kind: str  # "event" or "report"
    article_id: str
    reported: datetime | None
    text: str  # the event's sentence, or the article's title
    when: Window | None = None  # the event's own time; None for reports and undated events
    sentence_index: int | None = None
    what: str | None = None
    who: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    modality: str | None = None
    attributed_to: str | None = None
    source: str | None = None

    def sort_time(self) -> date | None:
        """The day the item is placed at: its event time, else its report day."""
        if self.when is not None:
            return self.when.start
        return None if self.reported is None else self.reported.date()

    def to_dict(self) -> dict[str, Any]:
        """The JSON view (``storyline show --json`` ``timeline`` items)."""
        view: dict[str, Any] = {
            "kind": self.kind,
            "article_id": self.article_id,
            "text": self.text,
            "when": None if self.when is None else self.when.to_dict(),
            "reported": _iso(self.reported),
            "placed_at": _iso(self.sort_time()),
            "source": self.source,
        }
        if self.kind == "event":
            view.update(
                sentence_index=self.sentence_index,
                what=self.what,
                who=list(self.who),
                where=list(self.where),
                modality=self.modality,
                attributed_to=self.attributed_to,
                citation={
                    "article_id": self.article_id,
                    "sentence_index": self.sentence_index,
                    "sentence": self.text,
                },
            )
        return view


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


def build_timeline(articles: Sequence[Article], events: Iterable[Event]) -> list[TimelineItem]:
    """One item per event and one per article, sorted by event time, then report time.

    Events of articles not in ``articles`` are left out. Ties keep the articles' order, each
    report before its own events, events in sentence order.
    """
    by_id = {a.id: a for a in articles}
    rank = {a.id: i for i, a in enumerate(articles)}
    items = [
        TimelineItem(
            kind="report",
            article_id=a.id,
            reported=a.published,
            text=a.title or a.text.strip().split("\n", 1)[0][:120],
            source=a.source,
        )
        for a in articles
    ]
    for event in events:
        article = by_id.get(event.article_id)
        if article is not None:
            items.append(_event_item(event, article))

    def key(item: TimelineItem) -> tuple[Any, ...]:
        placed = item.sort_time()
        reported = item.reported.replace(tzinfo=None) if item.reported else None
        return (
            placed is None,
            placed or date.min,
            reported is None,
            reported or datetime.min,
            rank[item.article_id],
            -1 if item.sentence_index is None else item.sentence_index,
        )

    return sorted(items, key=key)


def _event_item(event: Event, article: Article) -> TimelineItem:
    return TimelineItem(
        kind="event",
        article_id=event.article_id,
        reported=article.published,
        text=event.sentence,
        when=Window.from_time(event.when),
        sentence_index=event.sentence_index,
        what=event.predicate,
        who=list(event.who),
        where=list(event.where),
        modality=event.modality.label,
        attributed_to=event.modality.attributed_to,
        source=article.source,
    )
