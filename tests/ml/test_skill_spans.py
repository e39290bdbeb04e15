from pathlib import Path

from talentmatch.ml.skill_spans import SkillSpanTagger, tokenize, union_bio
from talentmatch.understanding import Understanding


def test_fit_save_and_load_contract(tmp_path: Path, understanding: Understanding) -> None:
    sentences = [
        ["Strong", "communication", "skills", "required"],
        ["Experience", "with", "Python"],
    ] * 20
    tags = [["O", "B", "I", "O"], ["O", "O", "B"]] * 20
    model = tmp_path / "tagger.crfsuite"
    tagger = SkillSpanTagger(max_iterations=30).fit(
        sentences, tags, model_path=model, extractor=understanding.skills
    )
    assert model.exists()
    text = "Strong communication skills required"
    assert [text[s:e] for s, e in tagger.predict_spans(text)] == ["communication skills"]
    reloaded = SkillSpanTagger.load(model, extractor=understanding.skills)
    assert reloaded.predict_spans(text) == tagger.predict_spans(text)


def test_tokenize_keeps_offsets() -> None:
    text = "Python/Go; CI/CD.\nC++ and C#"
    for sentence in tokenize(text):
        for token in sentence:
            assert text[token.start : token.end] == token.text


def test_union_of_skill_and_knowledge_layers() -> None:
    assert union_bio(["B", "I", "O", "O"], ["O", "O", "B", "O"]) == ["B", "I", "B", "O"]
