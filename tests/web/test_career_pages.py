"""A backend engineer aiming at ML engineering opens the career page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from talentmatch.ml.preparation import QuestionBank
from tests.web.conftest import screenshot
from tests.web.journeys import fill_wish_list, resume_file, sign_up, unique_email, upload_resume


def test_backend_engineer_sees_gap_roadmap_salary_and_interviews(
    page: Page, tmp_path: Path
) -> None:
    sign_up(page, name="Brook Backend", email=unique_email("brook"))
    upload_resume(page, resume_file(tmp_path))
    fill_wish_list(page, roles="Machine Learning Engineer", min_salary="120000")
    page.get_by_role("link", name="Career").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Toward Machine Learning Engineer")
    expect(page.get_by_role("img", name=re.compile("Skill coverage by area"))).to_be_visible()
    expect(page.get_by_text("The move from Software Engineer")).to_be_visible()
    gap = page.locator("table", has_text="Area")
    expect(gap.locator("tr", has_text="Devops").locator(".tags.met")).to_contain_text("Docker")
    expect(gap.locator("tr", has_text="Machine learning").locator(".tags.missing")).to_contain_text(
        "PyTorch"
    )
    roadmap = page.locator("#roadmap")
    expect(roadmap).to_contain_text("Milestone")
    expect(roadmap.get_by_role("heading", name=re.compile("of \\d+ steps done"))).to_contain_text(
        "(0 of"
    )
    expect(page.locator(".market")).to_contain_text("sources")
    expect(page.get_by_role("img", name=re.compile("Yearly pay, USD"))).to_be_visible()
    expect(page.locator("table", has_text="Specialism").locator("tbody tr")).to_have_count(13)
    expect(page.get_by_text("ML system design")).to_be_visible()
    screenshot(page, "candidate-career")

    page.get_by_role("button", name="Mark done: Statistics").click()
    expect(page.locator(".flash")).to_contain_text("Roadmap updated")
    expect(page.locator("#roadmap h2")).to_contain_text("(1 of")

    page.get_by_label("Target role").select_option("data-engineer")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toward Data Engineer")


def test_candidate_practises_and_gets_a_mock_interview(page: Page, tmp_path: Path) -> None:
    sign_up(page, name="Pat Practice", email=unique_email("pat"))
    upload_resume(page, resume_file(tmp_path))
    fill_wish_list(page, roles="Machine Learning Engineer", min_salary="120000")
    page.get_by_role("link", name="Interview prep").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Interview preparation")
    mock = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Mock interview"))
    )
    expect(mock.get_by_role("heading", name=re.compile("ML system design"))).to_be_visible()
    expect(mock).to_contain_text("Your gaps it may probe")
    screenshot(page, "candidate-interview-prep")

    page.get_by_role("link", name=re.compile("Practise")).first.click()
    question = page.get_by_role("heading", level=2).first
    asked = question.inner_text()
    page.get_by_text("Show the answer outline").click()
    expect(page.locator("details[open] li").first).to_be_visible()
    screenshot(page, "candidate-practice")
    page.get_by_role("button", name="Again: missed it").click()
    expect(page.locator(".flash")).to_contain_text("Rated again")
    expect(page.get_by_text(f"1 of {len(QuestionBank.load())} tried")).to_be_visible()
    # The next question is another one: the missed one comes back in ten minutes.
    expect(page.get_by_role("heading", level=2).first).not_to_have_text(asked)

    page.get_by_role("link", name="← Interview preparation").click()
    expect(page.get_by_text(f"1 of {len(QuestionBank.load())} questions tried")).to_be_visible()
