"""The identity-blind view: what the scores read is the same for the same resume under any
identity, and keeps what the person did and knows."""

from __future__ import annotations

from collections import defaultdict

import pytest

from talentmatch.fairness.counterfactual import PERSONAS, corpus
from talentmatch.ml.identity import Identity, IdentityBlinder, blind_skill_ids
from talentmatch.ml.resume import ResumeParser, identity_of
from talentmatch.ml.skills import SkillExtractor


@pytest.fixture(scope="module")
def parser() -> ResumeParser:
    return ResumeParser()


def test_every_counterfactual_resume_reads_the_same_byte_for_byte(parser: ResumeParser) -> None:
    blind: dict[str, set[str]] = defaultdict(set)
    for variant in corpus():
        parsed = parser.parse(variant.text)
        blind[variant.resume_id].add(parser.blinder.text(variant.text, identity_of(parsed)))
    assert len(blind) == 4
    for resume_id, texts in blind.items():
        assert len(texts) == 1, resume_id
        (text,) = texts
        # What the person did and knows is all there.
        assert "EXPERIENCE" in text and "– present)" in text
        # The last degree's graduation year stays; the earlier degree's years go.
        assert "Technical University of Munich, 2014" in text
        assert "Chess Club" in text
    every_name = {part for p in PERSONAS for part in (p.first, p.last)}
    for (text,) in blind.values():
        words = set(text.replace(",", " ").split())
        assert not (words & every_name - {"Ruby", "Swift"}), words & every_name


def test_a_name_that_spells_skills_gives_no_skills(parser: ResumeParser) -> None:
    resume = (
        "Julia Ruby\njulia.ruby@example.com\n\n"
        "EXPERIENCE\nData Analyst, Acme (2019 - 2023)\n- SQL, Excel"
    )
    skills = {s.skill.name for s in parser.parse(resume).skills}
    assert "SQL" in skills
    assert not skills & {"Julia", "Ruby"}
    # Ruby the language is still read where the resume names it as a skill.
    assert "Ruby" in {s.skill.name for s in parser.parse(resume + ", Ruby scripts").skills}


def test_pronouns_gendered_words_and_verbs_read_alike() -> None:
    blinder = IdentityBlinder()
    she = blinder.text("She leads her team. She is the chairwoman of the women's chess club.")
    he = blinder.text("He leads his team. He is the chairman of the men's chess club.")
    they = blinder.text("They lead their team. They are the chair of the chess club.")
    assert she == he == they == "They lead their team. They are the chair of the chess club."


def test_age_cues_go_and_the_last_degree_year_stays() -> None:
    blinder = IdentityBlinder()
    text = (
        "Ada Lovelace\nDate of birth: 10.12.1975 | Nationality: British | Marital status: married\n"
        "\nEDUCATION\nM.Sc. Computing, Imperial College, 2016 – 2018\n"
        "B.Sc. Mathematics, University of Leeds, 1994 – 1997\n"
    )
    blind = blinder.text(text, Identity.of(names=["Ada Lovelace"]))
    assert "1975" not in blind and "British" not in blind and "married" not in blind
    assert "1994" not in blind and "1997" not in blind
    assert "2018" in blind and "Imperial College" in blind and "University of Leeds" in blind
    assert "Ada" not in blind and "Lovelace" not in blind


def test_a_right_to_work_is_kept_and_skills_that_look_like_links_too() -> None:
    blinder = IdentityBlinder()
    blind = blinder.text(
        "Nationality: German (EU citizen, right to work in the EU)\n\n"
        "SKILLS\nsocket.io, ASP.NET, Node.js"
    )
    assert "right to work in the EU" in blind
    assert "socket.io" in blind and "ASP.NET" in blind and "Node.js" in blind


def test_a_name_part_with_another_sense_stays_where_it_is_not_the_name() -> None:
    parser = ResumeParser()
    who = Identity.of(names=["Greg Washington"])
    text = (
        "Greg Washington\nSeattle\n\n"
        "SUMMARY\nWashington led the team. Moved from Washington, DC.\nGreg's code."
    )
    blind = parser.blinder.text(text, who)
    assert "Washington led" not in blind and "Greg" not in blind
    assert "Moved from Washington, DC." in blind


def test_profiles_parsed_before_the_change_lose_the_skills_their_name_spelled() -> None:
    extractor = SkillExtractor()
    blinder = IdentityBlinder.for_taxonomy(extractor.taxonomy)
    taxonomy = extractor.taxonomy
    julia, ruby, sql, go = (
        taxonomy.lookup(n).id  # type: ignore[union-attr]
        for n in ("Julia", "Ruby", "SQL", "Go")
    )
    old_parse = {
        "name": "Julia Ruby",
        "skills": [{"id": julia}, {"id": ruby}, {"id": sql}],
    }
    resume = "Julia Ruby\n\nEXPERIENCE\nData Analyst, Acme (2019 - 2023)\n- SQL reports"
    kept = blind_skill_ids(
        [julia, ruby, sql, go],  # Go: typed by the person, never read from the name
        parsed=old_parse,
        identity=Identity.of(names=["Julia Ruby"]),
        blinder=blinder,
        extractor=extractor,
        resume_text=lambda: resume,
    )
    assert kept == [sql, go]
    # A resume that uses Ruby as a skill keeps it.
    kept = blind_skill_ids(
        [julia, ruby, sql],
        parsed=old_parse,
        identity=Identity.of(names=["Julia Ruby"]),
        blinder=blinder,
        extractor=extractor,
        resume_text=lambda: resume + "\n- Ruby scripts for the reports",
    )
    assert kept == [ruby, sql]
