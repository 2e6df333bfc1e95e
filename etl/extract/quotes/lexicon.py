"""Word lists the attribution reads: verbs that cue a quotation, nouns for roles, organisations,
documents and media, given names and nouns that tell a person's gender."""
from __future__ import annotations

import re

from etl.extract.entities import SPEECH_LEMMAS

CUE_LEMMAS = set(SPEECH_LEMMAS) | {
    "tell", "say", "write", "tweet", "promise", "vow", "pledge", "boast", "joke", "quip", "muse",
    "scoff", "lament", "concede", "observe", "emphasize", "stress", "demand", "plead", "assert",
    "allege", "testify", "recount", "charge", "blast", "slam", "accuse", "criticize", "praise",
    "caution", "advise", "reiterate", "counter", "retort", "shout", "chant", "proclaim", "rule",
    "tout", "mock", "decry", "label", "dub", "brand", "characterize", "term", "rate", "deem",
    "describe", "call", "announce", "ask", "wonder", "question", "query", "agree", "estimate",
    "predict", "conclude", "find", "cite", "quote", "post", "email", "text", "message", "read",
    "joke", "sing", "yell", "scream", "exclaim", "whisper", "mutter", "recall", "remember",
    "acknowledge", "concur", "echo", "summarize", "sum", "put", "suggest", "indicate", "hint",
}
# Verbs that take a quote as a complement but are weak cues: only used when nothing better.
WEAK_CUES = {"put", "read", "find", "question", "remember", "sum", "indicate", "text", "message"}

SUBJ_DEPS = {"nsubj", "nsubjpass"}
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
PLURAL_PRONOUNS = {"they", "we"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f", "lady": "f", "lord": "m"}
GENDERED_NOUNS = {
    "f": {"woman", "mother", "wife", "daughter", "sister", "grandmother", "actress", "queen",
          "princess", "spokeswoman", "congresswoman", "chairwoman", "businesswoman", "girl",
          "lady", "widow", "aunt", "niece", "councilwoman", "anchorwoman", "first lady"},
    "m": {"man", "father", "husband", "son", "brother", "grandfather", "actor", "king", "prince",
          "spokesman", "congressman", "chairman", "businessman", "boy", "gentleman", "widower",
          "uncle", "nephew", "councilman", "anchorman"},
}
# Common given names (US/UK news); a person whose first name is here gets its gender.
MALE_NAMES = set("""
aaron adam adrian alan albert alex alexander andrew andy anthony antonio arthur austin barack ben
benjamin bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl carlos charles
charlie chris christopher chuck cory craig dan daniel danny dave david dennis dick donald doug
douglas earl ed eddie edward eric ernest eugene frank fred gary george gerald glenn gordon greg
gregory harold harry henry howard ian jack jacob jake james jason jeb jeff jeffrey jeremy jerry
jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith
ken kenneth kevin kyle larry lawrence lee leon louis luis marc marco mark martin matt matthew
michael mike mitch mitt nathan newt nicholas nick norman oscar patrick paul peter phil philip
ralph randy ray raymond reince richard rick rob robert roger ron ronald roy russell ryan sam
samuel scott sean sergei seth stephen steve steven ted terry thomas tim timothy todd tom tony
travis tyler victor vladimir walter wayne william willie xi francisco jared reid rudy rudolph
newton marco lindsey chad corey dale dean derek dylan evan frederick gabriel harvey herbert
hugh ivan jay jerome karl kurt lance leonard lloyd luke malcolm marvin maurice max mohammed
muhammad neil nigel omar otto pedro ramon reggie rex rodney ross rusty sanjay shawn sidney
stanley stuart trevor vincent wade warren wesley xavier zach zachary boris emmanuel angelo
""".split())
FEMALE_NAMES = set("""
abigail alice alicia allison amanda amy andrea angela ann anna anne ashley barbara betty
beverly brenda carla carmen carol caroline carolyn catherine cheryl christina christine cindy
claire connie cynthia dana deborah debra denise diana diane donna doris dorothy elizabeth ellen
emily emma erin esther evelyn gloria grace gwen hannah heather helen hillary huma ivana ivanka
jacqueline jane janet janice jean jennifer jessica jill joan joanne joyce judith judy julia julie
karen katherine kathleen kathy katie kay kelly kelly kellyanne kim kimberly laura lauren linda
lisa lori loretta louise lynn margaret maria marie marilyn martha mary megan melania melissa
michelle monica nancy natalie nicole nikki olivia pamela patricia paula peggy rachel rebecca
rose ruth sandra sara sarah sharon shirley sonia sophia stephanie susan suzanne tammy teresa
theresa tiffany tulsi valerie victoria virginia wanda wendy elaine condoleezza madeleine
angela theresa sheila marine christine donna debbie kristen kirsten tina roberta yvonne
sonya krystal jacklyn ariana azucena leslie tyresha minyon aparna carmel janet kamala
elena ruth sonia nadia olga irina yulia natalia aung ada agnes alison amber beth brittany
charlotte chelsea clara courtney crystal daisy danielle dolores eva faith felicia gina haley
heidi holly irene iris jan jasmine jenny jo joy kara kate kathryn kristin leah lily liz lucy
mandy marcia margaret maureen meg melinda mia miriam molly nina nora norma pam penny priscilla
regina rita robin sabrina sally samantha sasha shannon sue sylvia tanya tara tracy vanessa vera
""".split())
ROLE_NOUNS = {
    "senator", "governor", "congressman", "congresswoman", "businessman", "businesswoman",
    "billionaire", "mogul", "candidate", "nominee", "president", "lawmaker", "legislator", "mayor",
    "secretary", "minister", "chancellor", "premier", "leader", "chairman", "chairwoman",
    "speaker", "republican", "democrat", "former", "star", "developer", "tycoon", "host",
    "woman", "man", "mother", "father", "general", "justice", "judge", "prosecutor", "attorney",
    "director", "ambassador", "official", "spokesman", "spokeswoman", "actor", "actress",
    "veteran", "author", "writer", "economist", "professor", "executive", "representative",
    "congresswoman", "commander", "coach", "player", "activist", "pastor", "reverend", "doctor",
    "physician", "surgeon", "lawyer", "analyst", "strategist", "pollster", "adviser", "advisor",
    "aide", "manager", "founder", "ceo", "governor-elect", "president-elect", "vice", "wife",
    "husband", "daughter", "son", "sister", "brother", "chief", "head", "diplomat", "envoy",
}
ORG_NOUNS = {
    "ministry", "department", "agency", "campaign", "committee", "company", "government",
    "office", "police", "court", "party", "council", "commission", "organization", "organisation",
    "union", "firm", "bank", "administration", "newspaper", "network", "website", "site",
    "association", "institute", "foundation", "group", "center", "centre", "board", "army",
    "military", "navy", "corporation", "embassy", "senate", "house", "congress", "parliament",
    "cabinet", "team", "club", "league", "federation", "coalition", "alliance", "service",
    "bureau", "authority", "regulator", "fund", "university", "school", "hospital", "magazine",
    "paper", "station", "channel", "outlet", "publication", "panel", "tribunal", "secretariat",
    "spokesperson", "statement", "report", "study", "poll", "survey", "lawsuit", "ad",
    "advertisement", "memo", "letter", "filing", "brief", "complaint", "indictment", "ruling",
    "order", "release", "document", "book", "article", "editorial", "post", "tweet", "video", "clip",
}
# Heads that stand for the words of their possessor ("Ivana Trump's brief said").
DOCUMENT_NOUNS = {"statement", "brief", "letter", "tweet", "post", "email", "memo", "filing",
                  "lawsuit", "speech", "remarks", "op-ed", "column", "account", "message",
                  "book", "memoir", "testimony", "affidavit", "complaint", "website", "twitter"}
# Pieces that "say" things; "the clip says" stands for the author of the earlier "web video by X".
MEDIA_CLASS = {**{n: "video" for n in ("ad", "advertisement", "clip", "video", "spot", "commercial")},
               **{n: "text" for n in ("article", "story", "report", "book", "memoir", "column",
                                       "editorial", "piece", "op-ed", "essay", "memo")}}
AUTHOR_VERBS = {"write", "publish", "release", "air", "run", "launch", "unveil", "produce", "post", "have", "pen"}
# Collectives and unnamed people who are quoted ("the crowd chanted", "voters told us").
GROUP_NOUNS = {"crowd", "audience", "voter", "supporter", "protester", "demonstrator", "resident",
               "people", "member", "delegate", "critic", "opponent", "fan", "worker", "student",
               "parent", "expert", "source", "observer", "insider", "person", "impostor", "narrator",
               "voice", "sign", "banner", "headline", "caption", "message", "email", "text", "note"}
# "the newspaper said": definite nouns for news outlets, and what an outlet's name looks like.
OUTLET_NOUNS = {"newspaper", "paper", "magazine", "network", "outlet", "publication", "tabloid",
                "daily", "broadcaster", "station", "channel", "wire", "website", "site", "weekly"}
OUTLET_NAME = re.compile(
    r"\b(Post|Times|Journal|News|Tribune|Herald|Globe|Gazette|Magazine|Daily|Telegraph|Guardian|"
    r"Observer|Review|Examiner|Register|Chronicle|Inquirer|Star|Sun|Mail|Express|Independent|Press|"
    r"Reuters|Bloomberg|Politico|CNN|MSNBC|NBC|ABC|CBS|Fox|NPR|BBC|AP|AFP|Breitbart|HuffPost|"
    r"Huffington|Axios|Atlantic|Slate|Vox|BuzzFeed|Newsweek|Time|Hill|Blaze|Salon|Mother Jones)\b")
# Titles the parser can take for the head of "Army Capt. Jane Doe" / "former Pennsylvania Gov. X".
TITLE_ABBREVIATIONS = {"capt", "gov", "sen", "rep", "lt", "gen", "col", "sgt", "dr", "adm", "maj",
                       "cpl", "pvt", "cmdr", "supt", "det", "insp", "prof", "rev", "atty", "amb"}
