from talentmatch.ml.stored import StoredParse


def test_rows_from_older_parsers_read_as_empty_not_as_errors() -> None:
    old = StoredParse.of({"seniority": "senior", "parser_version": "job-1"})
    assert old.seniority == "senior" and old.city is None and old.occupation_code is None
    assert StoredParse.of(None) == StoredParse()


def test_wrong_types_are_ignored() -> None:
    odd = StoredParse.of({"occupation": "15-1252.00", "salary_min": "90k", "name": 7})
    assert odd.occupation is None and odd.salary_min is None and odd.name is None
    good = StoredParse.of({"occupation": {"code": "15-1252.00", "title": "Software Developers"}})
    assert good.occupation_code == "15-1252.00"
    assert good.occupation and good.occupation.title == "Software Developers"
