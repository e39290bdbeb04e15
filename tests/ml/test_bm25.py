"""The lexical feature's BM25 gives bm25s's numbers without building its index."""

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.ml.matching.features import DocumentWords, bm25_scores

WORDS = st.sampled_from(["python", "go", "sql", "kubernetes", "react", "rust", "java", "aws", "ml"])


def _words(tokens: list[str]) -> DocumentWords:
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    return DocumentWords(counts, len(tokens))


@settings(max_examples=200, deadline=None)
@given(
    corpus=st.lists(st.lists(WORDS, min_size=1, max_size=30), min_size=2, max_size=12),
    query=st.lists(WORDS, min_size=1, max_size=15),
)
def test_scores_are_bm25s_scores(corpus: list[list[str]], query: list[str]) -> None:
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in doc] for doc in corpus]
    index = bm25s.BM25()
    index.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    known = [t for t in query if t in vocabulary]
    expected = index.get_scores(known) if known else np.zeros(len(corpus))
    found = bm25_scores(query, [_words(doc) for doc in corpus])
    np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-6)


def test_a_rarer_shared_word_and_a_shorter_post_score_higher() -> None:
    posts = [
        _words(["python", "sql", "python"]),
        _words(["python", "sql", "aws", "react", "java", "go"]),
        _words(["java", "react"]),
    ]
    scores = bm25_scores(["python", "go"], posts)
    assert scores[2] == 0  # no word in common
    # "go" is in one post only: it weighs more than "python", which is in two.
    assert bm25_scores(["go"], posts)[1] > bm25_scores(["python"], posts)[1]
    assert bm25_scores(["sql"], posts)[0] > bm25_scores(["sql"], posts)[1]
