"""Names written several ways for one referent that news writes without spelling them out:
the short forms of countries, unions and US states (AP style, with and without their dots).
:func:`storyline.extract.entities.canonicalise` joins a short form to its full name.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ALIASES", "COUNTRY_KEYS"]


def _alias_table(table: Mapping[str, tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for name, (family, spellings) in table.items():
        for spelling in (name, *spellings.split(",")):
            out[(family, " ".join(spelling.split()).casefold())] = (name, name.casefold())
    return out


# (family, key) -> (name, key): one referent, several spellings.
ALIASES = _alias_table(
    {
        "United States": ("PLACE", "U.S.,US,U.S.A.,USA,U.S,U. S.,U. S"),
        "New York City": ("PLACE", "NYC,N.Y.C."),
        "United Kingdom": ("PLACE", "U.K.,UK,Britain,Great Britain,U.K"),
        "United Arab Emirates": ("PLACE", "UAE,U.A.E."),
        "European Union": ("ORG", "EU,E.U."),
        "United Nations": ("ORG", "UN,U.N."),
        "Associated Press": ("ORG", "AP"),
        "Alabama": ("PLACE", "Ala"), "Arizona": ("PLACE", "Ariz"), "Arkansas": ("PLACE", "Ark"),
        "California": ("PLACE", "Calif"), "Colorado": ("PLACE", "Colo"),
        "Connecticut": ("PLACE", "Conn"), "Delaware": ("PLACE", "Del"),
        "Florida": ("PLACE", "Fla"), "Georgia": ("PLACE", "Ga"), "Illinois": ("PLACE", "Ill"),
        "Indiana": ("PLACE", "Ind"), "Kansas": ("PLACE", "Kan"), "Kentucky": ("PLACE", "Ky"),
        "Louisiana": ("PLACE", "La"), "Maryland": ("PLACE", "Md,MD"),
        "Massachusetts": ("PLACE", "Mass"), "Michigan": ("PLACE", "Mich"),
        "Minnesota": ("PLACE", "Minn"), "Mississippi": ("PLACE", "Miss"),
        "Missouri": ("PLACE", "Mo"), "Montana": ("PLACE", "Mont"), "Nebraska": ("PLACE", "Neb"),
        "Nevada": ("PLACE", "Nev"), "New Hampshire": ("PLACE", "N.H.,NH"),
        "New Jersey": ("PLACE", "N.J.,NJ"), "New Mexico": ("PLACE", "N.M.,NM"),
        "New York": ("PLACE", "N.Y.,NY"), "North Carolina": ("PLACE", "N.C.,NC"),
        "North Dakota": ("PLACE", "N.D.,ND"), "Oklahoma": ("PLACE", "Okla"),
        "Oregon": ("PLACE", "Ore"), "Pennsylvania": ("PLACE", "Pa,PA"),
        "Rhode Island": ("PLACE", "R.I.,RI"), "South Carolina": ("PLACE", "S.C.,SC"),
        "South Dakota": ("PLACE", "S.D.,SD"), "Tennessee": ("PLACE", "Tenn"),
        "Texas": ("PLACE", "Tex,TX"), "Vermont": ("PLACE", "Vt"), "Virginia": ("PLACE", "Va"),
        "Washington": ("PLACE", "Wash"), "West Virginia": ("PLACE", "W.Va,W.Va."),
        "Wisconsin": ("PLACE", "Wis"), "Wyoming": ("PLACE", "Wyo"),
    }
)  # fmt: skip
# The keys of countries written short ("U.S.", "UK", "UAE"): a place, whatever the model says
# (round 7: "US" typed ORG stood apart from "U.S." and "United States").
COUNTRY_KEYS = frozenset(
    key
    for (family, key), (name, _) in ALIASES.items()
    if family == "PLACE" and name in {"United States", "United Kingdom", "United Arab Emirates"}
)
