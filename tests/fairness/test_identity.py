"""The identity-blind view: what the scores read is the same for the same resume under any
identity, and keeps what the person did and knows."""

from __future__ import annotations

from collections import defaultdict

import pytest

from talentmatch.fairness.counterfactual import PERSONAS, Persona, corpus, variants_of
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


def _blind(parser: ResumeParser, text: str) -> str:
    return parser.blinder.text(text, identity_of(parser.parse(text)))


RESUME = (
    "{header}\n{contact}\nBoston, MA\n{details}\n\n"
    "SUMMARY\n{first} is a data engineer who moved {their} team's jobs to Airflow.\n\n"
    "EXPERIENCE\nData Engineer, Initech (2018 - present)\n- Spark, Airflow and dbt on AWS.\n"
    "- {club}\n\n"
    "EDUCATION\nM.Sc. Computer Science, Boston University, 2016 - 2018\n"
    "B.Sc. Mathematics, University of Leeds, {first_degree}\n\n"
    "SKILLS\nPython, SQL, Spark, Airflow, dbt, AWS\n\n"
    "ACTIVITIES\n{activity}\n"
)


@pytest.mark.parametrize(
    "who",
    [
        {"header": "Mary Ann Smith (she/her)", "first": "Mary Ann", "their": "her"},
        {"header": "José María García (he/him)", "first": "José María", "their": "his"},
        {"header": "Alex Kim | they/them", "first": "Alex", "their": "their"},
        {"header": "Sam Rivera (ze/zir)", "first": "Sam", "their": "zir"},
        {"header": "Jordan Lee\nPronouns: she/they", "first": "Jordan", "their": "their"},
        {"header": "Chris Park", "first": "Chris", "their": "their"},
    ],
)
def test_pronoun_statements_and_the_name_beside_them_go(
    parser: ResumeParser, who: dict[str, str]
) -> None:
    """Whatever pronouns the header states (or none), the blind text is the same, and the
    name beside them goes even where the parser reads no name there."""
    values = {
        "contact": "",
        "details": "",
        "club": "Mentor for new hires.",
        "first_degree": "2012 - 2016",
        "activity": "Running club",
    }
    text = RESUME.format(**values, **who)
    blind = _blind(parser, text)
    reference = _blind(
        parser,
        RESUME.format(**values, header="Chris Park", first="Chris", their="their"),
    )
    assert blind == reference
    for word in ("she", "he/him", "they/them", "ze", "zir", "Pronouns", "Mary", "Ann", "José"):
        assert word not in blind.split()


# Each list: resumes of people who differ only in who they are; their blind texts are one.
AFFILIATIONS = [
    ("- Member, Society of Women Engineers (SWE)", "- Member, Society of Engineers"),
    ("- Black Engineers Association", "- Engineers Association", "- Latinx Engineers Association"),
    (
        "- Treasurer, Korean Student Association",
        "- Treasurer, Muslim Student Association",
        "- Treasurer, Student Association",
        "- Treasurer, Chinese Student Association",
        "- Treasurer, Jewish Student Association",
    ),
    ("- Mentor, Association of Chinese Professionals", "- Mentor, Association of Professionals"),
    ("- Volunteer, LGBTQ+ Pride Network", "- Volunteer, Network", "- Volunteer, Christian Network"),
    ("- Hillel International", "- Women Who Code", "- NSBE", "- Latinas in Tech", ""),
    ("- Church youth group leader", "- Mosque youth group leader", "- Youth group leader"),
]


@pytest.mark.parametrize("lines", AFFILIATIONS)
def test_identity_affiliations_read_as_their_group_free_rest(
    parser: ResumeParser, lines: tuple[str, ...]
) -> None:
    values = {
        "header": "Chris Park",
        "contact": "chris.park@example.org",
        "details": "",
        "first": "Chris",
        "their": "their",
        "club": "Mentor for new hires.",
        "first_degree": "2012 - 2016",
    }
    blinds = {_blind(parser, RESUME.format(**values, activity=line)) for line in lines}
    assert len(blinds) == 1, blinds


def test_job_facts_that_name_a_group_or_a_country_stay() -> None:
    blinder = IdentityBlinder()
    kept = (
        "Python Software Foundation member",
        "Java User Group organiser",
        "Languages: Chinese (fluent), Korean",
        "B.Tech., Indian Institute of Technology",
        "Researcher, Indian Council of Medical Research",
        "Policy Analyst, African Union",
        "British Computer Society member",
        "TCP/IP, CI/CD, A/B tests",
    )
    for line in kept:
        assert blinder.text(line) == line
    # A lead role in a group's programme: the role stays, the group goes.
    assert blinder.text("Women in Tech mentoring program lead") == "Mentoring program lead"


@pytest.mark.parametrize(
    "details",
    [
        "DOB 1988",
        "born 12.03.1988",
        "Date of birth 12/03/1988",
        "age 37",
        "Age: 37",
        "37 years old",
        "37-year-old",
        "37 year-old",
        "b. 1988",
        "Year of birth 1965",
        "Born on 3rd March 1990 | Married",
        "",
    ],
)
def test_birth_dates_and_ages_go_labelled_or_not(parser: ResumeParser, details: str) -> None:
    values = {
        "header": "Chris Park",
        "contact": "chris.park@example.org",
        "first": "Chris",
        "their": "their",
        "club": "Mentor for new hires.",
        "first_degree": "2012 - 2016",
        "activity": "Running club",
    }
    blind = _blind(parser, RESUME.format(**values, details=details))
    assert blind == _blind(parser, RESUME.format(**values, details=""))


def test_an_age_beside_the_name_and_a_maiden_name_go(parser: ResumeParser) -> None:
    values = {
        "contact": "chris.park@example.org",
        "details": "",
        "first": "Chris",
        "their": "their",
        "club": "Mentor for new hires.",
        "first_degree": "2012 - 2016",
        "activity": "Running club",
    }
    blinds = {
        _blind(parser, RESUME.format(**values, header=header))
        for header in (
            "Chris Park, 58",
            "Chris Park (58)",
            "Chris Park (née O'Brien)",
            "Chris Park",
        )
    }
    assert len(blinds) == 1, blinds


def test_class_of_a_year_before_the_last_degree_goes() -> None:
    blinder = IdentityBlinder()
    text = (
        "ACTIVITIES\nHarvard alumni network, Class of {year}\n\n"
        "EDUCATION\nMBA, Harvard Business School, 2010\nB.A. History, Yale, {year}\n"
    )
    blinds = {blinder.text(text.format(year=year)) for year in ("1984", "1998", "2004")}
    blinds.add(blinder.text(text.format(year="2004").replace("Class of", "graduated")))
    assert len(blinds) == 1
    (blind,) = blinds
    assert "Class of" not in blind and "2010" in blind
    # The last degree's class year stays, as the last degree's year does.
    assert "Class of 2010" in blinder.text("Harvard alumni, Class of 2010\n\nEDUCATION\nMBA, 2010")


def test_a_name_of_several_words_is_swapped_whole_and_each_part_alone(
    parser: ResumeParser,
) -> None:
    text = (
        "Mary Ann Smith (she/her)\nmary.smith@example.org | github.com/maryann-smith\nBoston\n\n"
        "SUMMARY\nMary Ann is a data engineer. Mary led the migration to Airflow; Ann mentors "
        "two juniors. Ms Smith's team trusts her.\n\n"
        "EXPERIENCE\nData Engineer, Initech (2018 - present)\n- Spark, Airflow and dbt on AWS.\n"
    )
    personas = [
        Persona("José María", "García", "male", "Hispanic"),
        Persona("Greg", "Baker", "male", "white (US)"),
        Persona("Ana", "de la Cruz", "female", "Filipino"),
        Persona("Alex", "Kim", "neutral", "Korean"),
    ]
    variants = variants_of("cv", text, parser.parse(text), personas)
    assert len(variants) == len(personas) + 1
    for variant, persona in zip(variants[1:], personas, strict=True):
        words = set(variant.text.replace(".", " ").replace("'s", " ").split())
        assert not words & {"Mary", "Ann", "Smith", "maryann", "mary.smith@example.org"}
        assert f"{persona.name} (" in variant.text  # the header
        assert f"{persona.first} is a data engineer. {persona.first} led" in variant.text
        assert f"{persona.first} mentors" in variant.text
    assert "García's team trusts him" in variants[1].text and "Mr García" in variants[1].text
    assert "de la Cruz's team trusts her" in variants[3].text
    assert "Mx Kim's team trusts their" in variants[4].text
    # And every one of them, the original included, reads the same once blind.
    assert len({_blind(parser, v.text) for v in variants}) == 1


# Each list: summaries of people who differ only in who they are (the first is the person
# with no cue at all); their blind texts are one. Cues the reviews of 2026-11-30 and
# 2026-12-01 found the blinder let through.
PERSONAL_CUES = [
    ("Senior engineer. Loves Go.", "Senior engineer. Aged 58. Loves Go."),
    ("Senior engineer.", "Senior engineer, 58, married mother of two.", "Senior engineer. Single."),
    (
        "Senior engineer.",
        "Wife and mother. Senior engineer.",
        "Husband and father. Senior engineer.",
    ),
    (
        "Senior engineer.",
        "Born in Lagos, Nigeria. Senior engineer.",
        "Nigerian-born. Senior engineer.",
    ),
    ("Senior engineer.", "Grew up in São Paulo, Brazil. Senior engineer."),
    ("A senior engineer.", "A hijab-wearing senior engineer.", "A turban-wearing senior engineer."),
    ("Senior engineer.", "Senior engineer. Widowed in 2015, 3 kids.", "Senior engineer. Divorced."),
    ("Senior engineer.", "Senior engineer. Married with two children."),
    (
        "Senior engineer.",
        "Senior engineer. Height 160 cm.",
        "Senior engineer. Disability: wheelchair user.",
    ),
]


@pytest.mark.parametrize(
    ("name", "first"),
    [("Julia Ruby", "Julia"), ("Emily Walsh", "Emily"), ("Mary Ann Smith", "Mary Ann")],
)
def test_a_name_as_the_subject_reads_as_a_pronoun_does(
    parser: ResumeParser, name: str, first: str
) -> None:
    """ "Julia led" and "She led" read alike ("They led"), and so do "Julia's team" and "her
    team", wherever the name stands in the sentence; the name's skills stay skills."""
    resume = (
        "{name}\nperson@example.org\n\nSUMMARY\n{subject} leads the data team and {they} "
        "optimised its jobs. {whose} team ships Ruby on Rails and Julia services.\n"
        "- {subject} migrated the warehouse.\n"
    )
    named = resume.format(name=name, subject=first, they=first, whose=f"{first.split()[-1]}'s")
    she = resume.format(name=name, subject="She", they="she", whose="Her")
    blind = _blind(parser, named)
    assert blind == _blind(parser, she)
    assert "They lead the data team and they optimised" in blind
    assert "Their team ships Ruby on Rails and Julia services" in blind
    assert "\nThey migrated the warehouse" in blind


def test_the_rewrite_changes_the_name_and_leaves_skills_and_organisations(
    parser: ResumeParser,
) -> None:
    """`audit counterfactual` on a user's resume: a name part that is also a skill is replaced
    only where it is the name, and an organisation's gendered name stays as it is."""
    text = (
        "Julia Ruby\njulia.ruby@example.org\n\nSUMMARY\nJulia Ruby builds Ruby on Rails apps; "
        "Julia led the move to Julia for the models.\n\nACTIVITIES\n- Women Who Code mentor\n"
        "\nSKILLS\nRuby on Rails, Ruby, Julia, Python\n"
    )
    persona = Persona("Jordan", "Swift", "male", "names that are skills")
    (_, variant) = variants_of("cv", text, parser.parse(text), [persona], blinder=parser.blinder)
    assert variant.text.startswith("Jordan Swift\n")
    assert "Jordan Swift builds Ruby on Rails apps" in variant.text
    assert "Jordan led the move to Julia for the models" in variant.text
    assert "Women Who Code mentor" in variant.text
    # Her name's parts listed as skills ("Ruby, Julia" reads like "Ruby, Julia" reversed) are
    # skills, for the rewrite and for the blinder alike.
    assert "Ruby on Rails, Ruby, Julia, Python" in variant.text
    assert "Ruby on Rails, Ruby, Julia, Python" in _blind(parser, text)
    assert _blind(parser, variant.text) == _blind(parser, text)
    assert {s.skill.name for s in parser.parse(text).skills} >= {"Ruby", "Julia"}


# A third review (2026-12-01): more cues, each list read alike.
MORE_CUES = [
    (
        "I moved to Toronto in 2010.",
        "Born in Boston, I moved to Toronto in 2010.",
        "Born in Lagos, Nigeria, I moved to Toronto in 2010.",
    ),
    (
        "Backend engineer.",
        "Married mother of two, backend engineer.",
        "Single, backend engineer.",
        "Married with two children, backend engineer.",
    ),
    (
        "Backend engineer.",
        "Born in Dar es Salaam. Backend engineer.",
        "Born in Lagos (Nigeria). Backend engineer.",
        "Grew up in rural Kenya. Backend engineer.",
    ),
    (
        "Backend engineer, with 9 years in Go.",
        "Nigerian-born backend engineer and mother of two, with 9 years in Go.",
        "Hijab-wearing backend engineer, with 9 years in Go.",
    ),
    (
        "Backend engineer.",
        "Born in 1985 in Lagos, Nigeria. Backend engineer.",
        "Originally from Accra, Ghana. Hong Kong-born. Backend engineer.",
    ),
    ("Backend engineer.", "Happily married. Grandmother of four. Backend engineer."),
    ("Backend engineer.", "Backend engineer. Date of birth March 3, 1966. 58 years young."),
    (
        "Backend engineer.",
        "Backend engineer. I am deaf.",
        "Backend engineer. I use a wheelchair.",
        "Backend engineer. Diagnosed with ADHD.",
        "Backend engineer. Legally blind.",
    ),
]


@pytest.mark.parametrize("summaries", PERSONAL_CUES + MORE_CUES)
def test_family_age_birthplace_and_dress_cues_go(
    parser: ResumeParser, summaries: tuple[str, ...]
) -> None:
    """Each list's summaries read as one, and as the first of them (no cue) reads."""
    resume = "Chris Park\nchris.park@example.org\n\nSUMMARY\n{}\n\nSKILLS\nPython, Go, SQL\n"
    blinds = {_blind(parser, resume.format(summary)) for summary in summaries}
    assert len(blinds) == 1, blinds
    (blind,) = blinds
    assert summaries[0] in blind and "Python, Go, SQL" in blind


def test_labels_written_with_a_dash_go(parser: ResumeParser) -> None:
    resume = "Chris Park\nchris.park@example.org\n{}\n\nSUMMARY\nBackend engineer.\n"
    blinds = {
        _blind(parser, resume.format(details))
        for details in ("Marital Status - Married | Nationality - Nigerian", "Religion\tHindu", "")
    }
    assert len(blinds) == 1, blinds


@pytest.mark.parametrize(
    ("name", "plain"), [("Georgia Austin", "Emily Walsh"), ("Jordan Swift", "Greg Baker")]
)
def test_a_name_part_that_is_a_place_or_skill_stays_on_the_headers_other_lines(
    parser: ResumeParser, name: str, plain: str
) -> None:
    """Georgia Austin lives in Austin, TX and Jordan Swift writes Swift: the header's place and
    headline are read as they are for anyone else, and so are the skills parsed from them."""
    resume = "{}\n{}@example.org\nAustin, TX\niOS Developer (Swift, SwiftUI)\n\nSKILLS\nGo\n"
    text, other = (resume.format(n, n.split()[0].lower()) for n in (name, plain))
    assert _blind(parser, text) == _blind(parser, other)
    assert "Austin, TX" in _blind(parser, text) and "(Swift, SwiftUI)" in _blind(parser, text)
    skills = {s.skill.name for s in parser.parse(text).skills}
    assert skills == {s.skill.name for s in parser.parse(other).skills} and "Swift" in skills
    assert parser.parse(text).location == "Austin, TX"


def test_a_name_introduced_or_in_apposition_goes(parser: ResumeParser) -> None:
    text = (
        "{0} {1}\nme@example.org\n\nSUMMARY\n"
        "I am {0}, a backend engineer. {0}, a mentor, has run talks.\n"
    )
    assert _blind(parser, text.format("Julia", "Ruby")) == _blind(
        parser, text.format("Emily", "Walsh")
    )


def test_work_words_that_look_like_cues_stay() -> None:
    blinder = IdentityBlinder()
    kept = (
        "React Native in TypeScript. Languages: Native in Spanish",
        "Separated the billing monolith into services",
        "Chased receivables aged 90+ days",
        "Taught computer science to 28 children per class",
        "Data Steward for the finance domain",
        "Black Friday sales, Black-Scholes pricing, Asian markets",
        "Skills: Flutter, React Native, Swift",
        # what a review of the change found it removed
        "Traced the parent of a span",
        "Acme, parent of two fintech brands",
        "Ran sessions for 40 children.",
        "Built the spouse and dependant coverage module",
        "Moved records originally from Oracle to PostgreSQL",
        "Fixed exceptions raised in Django views",
        "Kubernetes native, cloud native, serverless",
        "Made the site accessible to wheelchair users",
        "Captioning for Deaf users; an app for people living with diabetes",
        "Kafka... then Spark",
    )
    # A birthplace goes; the title before it stays.
    assert blinder.text("SUMMARY\nSenior Software Engineer born and raised in Texas.") == (
        "SUMMARY\nSenior Software Engineer."
    )
    for line in kept:
        assert blinder.text(line) == line
    # In a section (in the header, "Name, 58" is an age)
    assert blinder.text("EXPERIENCE\nModel accuracy, 92; recall, 88") == (
        "EXPERIENCE\nModel accuracy, 92; recall, 88"
    )
