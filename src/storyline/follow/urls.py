"""URLs as ``storyline follow`` compares them: canonical forms and item keys.

Two links to one article differ by tracking parameters (``utm_*``, ``fbclid``...), a fragment,
the case of the scheme and host, a default port: :func:`canonical_url` removes those, so that
an article linked from two feeds (or twice from one) is fetched once.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["canonical_url", "guid_key", "is_http_url", "same_site", "url_key"]

# Query parameters that name the campaign or the click, never the page.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "oly_")
_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "cmpid",
        "ocid",
        "ncid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "xtor",
        "ref_src",
        "smid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def canonical_url(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base``) without fragment, tracking parameters, default
    port, upper-case scheme or host. A URL that cannot be parsed comes back stripped."""
    url = url.strip()
    try:
        parts = urlsplit(urljoin(base, url) if base else url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query, doseq=True), ""))


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are on the same site (the host, ``www.`` ignored)."""

    def host(u: str) -> str:
        try:
            name = (urlsplit(u).hostname or "").lower()
        except ValueError:
            return ""
        return name.removeprefix("www.")

    return bool(host(url)) and host(url) == host(other)


def url_key(url: str) -> str:
    """The item key of an article URL (its canonical form)."""
    return f"url:{canonical_url(url)}"


def guid_key(feed_url: str, guid: str) -> str:
    """The item key of a feed GUID: a GUID is unique within its feed only."""
    return f"guid:{canonical_url(feed_url)} {guid.strip()}"
