"""The bar an article must clear to join a candidate story, by the story's size.

A story of one or two articles is a noisy picture of its event: an article about another event
of the same kind (a second earthquake, another player's injury) shares its topic words and often
clears the plain threshold against it. On ECB+ train that one decision per topic (the first
article of a topic's second event joining the first event's story, which then absorbs both)
is most of the precision lost, and it is taken against stories of 1-3 articles at scores just
above the threshold. Joining a story of ``n`` articles therefore takes ``threshold * (1 +
margin / n)``: the margin fades as the story gathers evidence. Off by default: it won on ECB+
train and did not carry over to dev (figures at ``ClusterConfig.small_story_margin``).
"""

from __future__ import annotations

__all__ = ["small_story_threshold"]


def small_story_threshold(threshold: float, story_size: int, margin: float) -> float:
    """``threshold`` raised by ``margin / story_size`` of itself (a story has >= 1 article).

    >>> small_story_threshold(0.35, 1, 0.05), small_story_threshold(0.35, 5, 0.05)
    (0.3675, 0.35350000000000004)
    """
    return threshold * (1.0 + margin / max(story_size, 1))
