"""Invented articles the clusterer tests share: three stories (a quake, a phone, football)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from storyline.records import Article, article_id_for

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def make(text: str, title: str | None = None, days: float | None = 0.0, **kw: Any) -> Article:
    """An article whose id derives from its text, published ``days`` after T0 (None: undated)."""
    aid = article_id_for(hashlib.sha256(f"{title}\n{text}".encode()).hexdigest())
    published = None if days is None else T0 + timedelta(days=days)
    return Article(
        id=aid,
        raw_id=aid,
        path=f"{aid}.txt",
        format="text",
        title=title,
        text=text,
        raw_text=text,
        published=published,
        **kw,
    )


QUAKE = [
    make(
        "A magnitude 7.1 earthquake struck off the coast of Chile near Valparaiso on Monday, "
        "collapsing buildings and cutting power. The Chilean emergency agency Onemi ordered a "
        "tsunami evacuation of coastal towns.",
        "Strong earthquake hits Chile",
        0.0,
    ),
    make(
        "Rescuers in Valparaiso searched collapsed buildings after the magnitude 7.1 earthquake "
        "that hit central Chile. Onemi said twelve people died and the tsunami warning was "
        "lifted for the coast.",
        "Chile earthquake: rescuers search rubble",
        0.5,
    ),
    make(
        "Aftershocks rattled Valparaiso two days after the Chile earthquake. Onemi counted 30 "
        "collapsed buildings and President Gabriel Boric visited the damaged coast.",
        "Aftershocks shake Chile after earthquake",
        2.0,
    ),
]
PHONE = [
    make(
        "Nimbus Labs unveiled the Nimbus Phone 3 smartphone in San Francisco, with a bigger "
        "battery, a periscope camera and a new chip. The smartphone goes on sale in April for "
        "799 dollars, chief executive Dana Ortiz said at the launch event.",
        "Nimbus Labs launches Nimbus Phone 3",
        0.2,
    ),
    make(
        "Reviewers praised the battery of the Nimbus Phone 3 after the launch event in San "
        "Francisco. Nimbus Labs says the smartphone camera uses a periscope lens and the chip "
        "is twice as fast.",
        "Nimbus Phone 3 first look",
        1.0,
    ),
]
FOOTBALL = [
    make(
        "Riverside United beat Northgate City 3-1 in the cup semi-final at Riverside Stadium. "
        "Striker Tomas Herrera scored twice and the goalkeeper saved a penalty before the "
        "fans invaded the pitch.",
        "Riverside United reach cup final",
        0.3,
    ),
    make(
        "Tomas Herrera's two goals sent Riverside United into the cup final after the 3-1 "
        "semi-final win over Northgate City. The manager praised the goalkeeper's penalty "
        "save.",
        "Herrera double sends Riverside into final",
        0.8,
    ),
]
STREAM = sorted([*QUAKE, *PHONE, *FOOTBALL], key=lambda a: (a.published, a.id))
