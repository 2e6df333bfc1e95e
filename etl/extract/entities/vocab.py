"""Word lists the entity resolver reads: titles, role and kin nouns, organisation, place, facility,
venue and sports words, name particles. Data only; each list says what it is for."""
from __future__ import annotations




SPEECH_LEMMAS = {
    "say", "tell", "write", "add", "state", "declare", "announce", "explain", "claim", "insist",
    "argue", "note", "warn", "urge", "ask", "reply", "respond", "answer", "comment", "remark",
    "report", "acknowledge", "admit", "deny", "suggest", "predict", "tweet", "post", "recall",
    "continue", "conclude", "describe", "call", "complain", "confirm", "contend", "maintain",
}


PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister",
    "premier", "chancellor", "senator", "sen", "rep", "representative", "gov", "governor", "mayor",
    "judge", "justice", "gen", "general", "col", "colonel", "capt", "captain", "lt", "sgt", "adm",
    "prof", "professor", "rev", "father", "pope", "king", "queen", "prince", "princess", "sheikh",
    "secretary", "ambassador", "spokesman", "spokeswoman", "chairman", "coach", "manager",
    "striker", "midfielder", "defender", "goalkeeper", "leader", "candidate", "nominee", "speaker",
    "pm", "vice", "deputy", "director", "ceo", "chief", "officer", "mp", "commissioner",
}


# Head words of organisation names: a name containing one is not a person.
ORG_WORDS = {
    "ministry", "department", "dept", "agency", "agencies", "commission", "board", "council",
    "committee", "party", "company", "co", "corp", "corporation", "inc", "ltd", "plc", "llc",
    "bank", "exchange", "radio", "television", "tv", "news", "daily", "times", "journal",
    "zeitung", "federation", "association", "league", "university", "institute", "foundation",
    "authority", "army", "police", "movement", "organisation", "organization", "club", "fc",
    "united", "rovers", "athletic", "wanderers", "airlines", "airways", "motors", "industries",
    "holdings", "mining", "cables", "spa", "gmbh", "treasury", "parliament", "congress", "senate",
    "assembly", "government", "administration", "navy", "hospital", "network", "magazine",
    "tribune", "herald", "gazette", "telegraph", "championship", "olympics", "festival",
    "convention", "treaty", "programme", "stadium", "airport", "hotel", "motel", "centre",
    "center", "avenue", "ministries", "services", "forces", "sa", "ag", "nv", "bv", "pt", "bhd",
    "tbk", "group", "bancorp", "petroleum", "holding", "consolidated", "financial",
    "pharma", "pharmaceutical", "pharmaceuticals", "partners", "ventures", "technologies", "systems",
    "labs", "laboratories", "enterprises", "securities", "investments", "insurance", "logistics",
    "software", "solutions", "telecom", "communications", "electronics", "chemicals", "steel", "foods",
    # wire services and broadcasters, named as sources in every story ("told Reuters")
    "newsroom", "digest", "rtrs",  # Reuters desk sign-offs ("Moscow Newsroom", "Press Digest")
    "reuters", "ap", "afp", "upi", "xinhua", "interfax", "tass", "itar", "dpa", "ansa", "kyodo",
    "yonhap", "efe", "bloomberg", "cnn", "bbc", "msnbc", "nbc", "cbs", "abc", "npr", "pbs",
}


# Words that end a place-like name and make it a thing, not a place ("Hong Kong Open").
_NOT_PLACE_WORDS = {
    "open", "cup", "games", "olympics", "championship", "championships", "conference", "summit",
    "agency", "radio", "news", "daily", "times", "airlines", "airways", "exchange", "party",
    "ministry", "department", "commission", "council", "court", "university", "institute",
    "foundation", "company", "corp", "corporation", "inc", "ltd", "plc", "club", "league",
    "federation", "association", "committee", "fund", "united", "rovers", "treasuries", "bonds",
    "prize", "award", "nations", "newsroom", "digest", "rtrs",
}


# Common nouns that a name stands in apposition to, or follows "of": kin and roles make a person,
# settlement and territory words a place ("his wife, Nancy"; "the border town of Goma").
PERSON_NOUNS = {
    "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow",
    "widower", "friend", "boyfriend", "girlfriend", "partner", "child", "uncle", "aunt", "cousin",
    "nephew", "niece", "grandson", "granddaughter", "man", "woman", "boy", "girl", "player",
    "official", "spokesman", "spokeswoman", "minister", "president", "leader", "chairman",
    "analyst", "economist", "lawyer", "attorney", "colleague", "aide", "adviser", "advisor",
    "founder", "owner", "author", "teammate", "champion", "winner", "opponent", "rival",
    "broker", "trader", "dealer", "banker", "diplomat", "witness", "resident", "reporter",
    "journalist", "activist", "dissident", "commander", "priest", "bishop", "doctor", "pilot",
}


PLACE_NOUNS = {
    "town", "city", "village", "capital", "province", "state", "region", "district", "county",
    "port", "island", "islands", "river", "border", "enclave", "republic", "territory", "suburb",
    "area", "mountains", "valley", "lake", "sea", "coast", "neighbourhood", "neighborhood",
    "municipality", "prefecture", "oblast", "hamlet", "resort", "base",
}


# Common nouns for a business or a publication: a name in apposition to one is an organisation
# ("mineral water firm Multico", "the news weekly Der Spiegel", "the aircraft carrier Carl Vinson").
ORG_NOUNS = {
    "firm", "company", "group", "maker", "manufacturer", "producer", "distributor", "publisher",
    "newspaper", "daily", "weekly", "magazine", "paper", "tabloid", "broadcaster", "network",
    "agency", "bank", "insurer", "airline", "carrier", "chain", "retailer", "conglomerate",
    "subsidiary", "consortium", "brokerage", "exporter", "importer", "operator", "supplier",
    "automaker", "carmaker", "ship", "vessel", "warship", "tanker", "frigate", "destroyer",
}


# Named buildings and sites: "Stansted airport", "the Barvikha sanatorium" are places in news gold.
FACILITY_NOUNS = {
    "airport", "airfield", "airbase", "stadium", "arena", "sanatorium", "hospital", "clinic",
    "church", "cathedral", "mosque", "temple", "synagogue", "shrine", "monastery", "prison", "jail",
    "camp", "palace", "hotel", "motel", "station", "square", "bridge", "dam", "racecourse",
    "circuit", "mine", "oilfield", "field", "pass", "strait", "gulf", "bay", "peninsula", "desert",
    "plain", "plateau", "highway", "road", "street", "canal", "mountain", "hill", "hills",
}


# Last words of a venue's own name ("Trent Bridge", "Central Clinical Hospital", "White House").
VENUE_WORDS = {
    "stadium", "park", "bridge", "street", "square", "centre", "center", "hospital", "hotel",
    "motel", "airport", "palace", "arena", "gardens", "garden", "house", "road", "avenue",
    "trafford", "oval", "field", "ground", "circuit", "racecourse", "cathedral", "church",
    "mosque", "temple", "prison", "tower", "building", "hall", "plaza", "wharf", "dock", "docks",
}


# Common nouns for a sports side: a name in apposition to one is an organisation ("Belgian club
# Standard Liege", "first division team Deportivo Coruna").
TEAM_NOUNS = {
    "team", "club", "side", "outfit", "squad", "visitors", "hosts", "franchise",
}


# A name directly before one of these is a sports side ("Warwickshire captain Tim Munton",
# "Sunderland forward Niall Quinn", "Dynamo Moscow players").
TEAM_ROLE_NOUNS = {
    "captain", "skipper", "coach", "manager", "striker", "forward", "midfielder", "defender",
    "keeper", "goalkeeper", "winger", "fullback", "sweeper", "pitcher", "batsman", "bowler",
    "quarterback", "player", "players", "fans", "teammate", "team-mate", "reliever", "outfielder",
    "infielder", "catcher",
}


# Verbs of one side beating another: their subject and object are competitors.
SPORT_VERBS = {
    "beat", "defeat", "thrash", "rout", "crush", "trounce", "edge", "down", "blank", "whip",
    "hammer", "upset", "eliminate", "oust", "outplay", "overpower", "outclass", "draw", "sweep",
    "shut", "topple", "overcome",
}


# Nouns of a result: "victory over X", "home defeat to X", "match against X".
RESULT_NOUNS = {
    "victory", "win", "defeat", "loss", "draw", "lead", "triumph", "success", "winner", "winners",
    "victor", "victors", "match", "game", "clash", "tie", "derby", "final", "semifinal",
    "semi-final", "fixture", "meeting", "series", "advantage",
}


# Lower-case words inside a surname ("Jan van der Heijden", "María José de la Fuente").
NAME_PARTICLES = {"van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "von",
                  "zu", "ten", "ter", "bin", "ibn", "al", "el", "y", "af", "op", "'t", "in"}


# Titles beyond PERSON_TITLES that open a name without belonging to it.
MORE_TITLES = {"sergeant", "archbishop", "monsignor", "cardinal", "bishop", "rabbi", "imam", "ayatollah",
               "crown", "corporal", "private", "major", "lieutenant", "inspector", "detective", "constable",
               "superintendent", "chief", "sheriff", "councillor", "councilman", "councilwoman", "alderman",
               "congressman", "congresswoman", "assemblyman", "assemblywoman", "mp", "mep", "msp", "dj",
               "cllr", "supt", "insp", "det", "cpl", "pte", "pc", "brig", "cmdr", "cdr", "fr", "sr", "sra"}
