"""Person identity: name structure and the linker as pure functions (batch rows + state → ids)."""
from __future__ import annotations

from etl.link.names import extends, full_compatible, parse
from etl.link.persons import EmptyState, KnownPerson, Mention, link_people


def same(a: str, b: str) -> bool:
    return full_compatible(parse(a), parse(b))


def test_name_variants_of_one_person():
    assert same("Donald J. Trump", "Donald Trump")
    assert same("Bill Clinton", "William Clinton")
    assert same("Paul D. Ryan", "Paul Ryan")
    assert same("Aleksander Lebed", "Alexander Lebed")       # transliteration
    assert same("Yvegeny Kafelnikov", "Yevgeny Kafelnikov")  # transposed letters
    assert same("EDBERG", "Edberg") or parse("EDBERG").tokens == ("edberg",)


def test_people_who_share_a_surname_stay_apart():
    assert not same("Donald Trump Jr.", "Donald Trump")
    assert not same("Hillary Clinton", "Bill Clinton")
    assert not same("Chelsea Clinton", "Hillary Clinton")
    assert not same("Rafael Cruz", "Ted Cruz")
    assert not same("Mark Smith", "Mary Smith")
    assert not same("Paul D. Ryan", "Paul M. Ryan")


def test_epithets_and_full_forms_extend_a_name_but_given_names_do_not():
    assert extends(parse("Crooked Hillary Clinton"), parse("Hillary Clinton"))
    assert extends(parse("Aung San Suu Kyi"), parse("Suu Kyi"))
    assert not extends(parse("John Paul Jones"), parse("Paul Jones"))


def _ids(links, article, name):
    return links.ids[(article, name)]


def test_one_batch_links_full_names_and_resolves_surnames_by_context():
    m = [
        Mention("a1", "Bill Clinton", role="President"), Mention("a1", "Bob Dole"),
        Mention("a2", "William J. Clinton"), Mention("a2", "Bob Dole"),
        Mention("a3", "Hillary Rodham Clinton"), Mention("a3", "Chelsea Clinton"),
        Mention("a4", "Bill Clinton"), Mention("a5", "Bill Clinton"), Mention("a5", "Bob Dole"),
        Mention("a6", "Clinton", role="President"), Mention("a6", "Bob Dole"),
        Mention("a7", "Donald Trump"), Mention("a8", "Donald Trump Jr."),
        Mention("a9", "Ted Cruz"), Mention("a10", "Rafael Cruz"),
    ]
    links = link_people(m, EmptyState())
    bill = _ids(links, "a1", "Bill Clinton")
    assert _ids(links, "a2", "William J. Clinton") == bill == _ids(links, "a4", "Bill Clinton")
    assert _ids(links, "a6", "Clinton") == bill
    assert links.methods[("a6", "Clinton")] == "surname"
    assert len({bill, _ids(links, "a3", "Hillary Rodham Clinton"), _ids(links, "a3", "Chelsea Clinton")}) == 3
    assert _ids(links, "a7", "Donald Trump") != _ids(links, "a8", "Donald Trump Jr.")
    assert _ids(links, "a9", "Ted Cruz") != _ids(links, "a10", "Rafael Cruz")


def test_a_surname_that_fits_several_people_equally_is_not_merged():
    m = [Mention("a1", "Alex Fernandez"), Mention("a2", "Mary Joe Fernandez"), Mention("a3", "Fernandez")]
    links = link_people(m, EmptyState())
    fernandez = _ids(links, "a3", "Fernandez")
    assert fernandez not in {_ids(links, "a1", "Alex Fernandez"), _ids(links, "a2", "Mary Joe Fernandez")}
    assert links.methods[("a3", "Fernandez")] == "ambiguous"


def test_first_names_alone_and_mononyms():
    m = [Mention("a1", "Suharto"), Mention("a2", "Suharto"), Mention("a3", "James"), Mention("a4", "James")]
    links = link_people(m, EmptyState())
    assert _ids(links, "a1", "Suharto") == _ids(links, "a2", "Suharto")
    assert links.methods[("a1", "Suharto")] == "mononym"
    # "James" alone is a first name: too thin to say two articles mean one James
    assert _ids(links, "a3", "James") != _ids(links, "a4", "James")


class _Known:
    """A warehouse state held in memory, as the lake would answer it."""

    def __init__(self, persons):
        self.persons = persons

    def persons_by_surname(self, surnames):
        return [p for p in self.persons if parse(p.name).tokens[-1] in set(surnames)]

    def co_mentions(self, person_ids, context_ids):
        return {}

    def merged_ids(self, person_ids):
        return {}


def test_ids_are_stable_and_a_later_full_name_merges_an_earlier_mononym():
    first = link_people([Mention("a1", "Clinton"), Mention("a2", "Clinton")], EmptyState())
    mono = _ids(first, "a1", "Clinton")
    assert _ids(first, "a2", "Clinton") == mono
    known = [KnownPerson(p.person_id, p.name, p.kind, p.articles) for p in first.persons]
    second = link_people([Mention("b1", "Bill Clinton"), Mention("b2", "Clinton")], _Known(known))
    bill = _ids(second, "b1", "Bill Clinton")
    assert [(mg.old_id, mg.new_id) for mg in second.merges] == [(mono, bill)]
    assert _ids(second, "b2", "Clinton") == bill
    # the same batch against the same state gives the same ids
    again = link_people([Mention("b1", "Bill Clinton"), Mention("b2", "Clinton")], _Known(known))
    assert again.ids == second.ids
