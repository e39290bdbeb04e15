"""The lexical feature's BM25 gives bm25s's numbers without building its index, from each
profile's words counted once (stable hashes that survive being kept and read back)."""

import os
import subprocess
import sys

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.ml.matching import MatchProfile, profile_from_payload, profile_payload
from talentmatch.ml.matching.profiles import lexical_words
from talentmatch.ml.matching.words import (
    WordCounts,
    bm25_scores,
    count_words,
    decode,
    encode,
    shares_a_word,
    word_hash,
)

WORDS = st.sampled_from(["python", "go", "sql", "kubernetes", "react", "rust", "java", "aws", "ml"])


def _words(tokens: list[str]) -> WordCounts:
    return count_words(tokens)


@settings(max_examples=200, deadline=None)
@given(
    corpus=st.lists(st.lists(WORDS, min_size=0, max_size=30), min_size=2, max_size=12),
    query=st.lists(WORDS, min_size=1, max_size=15),
)
def test_scores_are_bm25s_scores(corpus: list[list[str]], query: list[str]) -> None:
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in doc] for doc in corpus]
    if not vocabulary:
        return
    index = bm25s.BM25()
    index.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    known = [t for t in query if t in vocabulary]
    expected = index.get_scores(known) if known else np.zeros(len(corpus))
    found = bm25_scores(_words(query), [_words(doc) for doc in corpus])
    np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-6)


def test_a_rarer_shared_word_and_a_shorter_post_score_higher() -> None:
    posts = [
        _words(["python", "sql", "python"]),
        _words(["python", "sql", "aws", "react", "java", "go"]),
        _words(["java", "react"]),
    ]
    scores = bm25_scores(_words(["python", "go"]), posts)
    assert scores[2] == 0  # no word in common
    # "go" is in one post only: it weighs more than "python", which is in two.
    assert bm25_scores(_words(["go"]), posts)[1] > bm25_scores(_words(["python"]), posts)[1]
    assert bm25_scores(_words(["sql"]), posts)[0] > bm25_scores(_words(["sql"]), posts)[1]


def test_a_word_repeated_in_the_query_counts_each_time() -> None:
    posts = [_words(["python", "sql"]), _words(["go", "sql"]), _words(["java"])]
    once = bm25_scores(_words(["python", "go"]), posts)
    twice = bm25_scores(_words(["python", "python", "go"]), posts)
    assert twice[0] == 2 * once[0] and twice[1] == once[1]


def test_word_hashes_are_the_same_in_every_process() -> None:
    # Kept words are read by other processes: Python's string hash differs per process.
    code = "from talentmatch.ml.matching.words import word_hash; print(word_hash('python'))"
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(other.stdout) == word_hash("python")
    assert word_hash("c++") != word_hash("c#")


def test_shared_words() -> None:
    assert shares_a_word(_words(["python", "sql"]), _words(["go", "sql", "aws"]))
    assert not shares_a_word(_words(["python"]), _words(["go", "sql"]))
    assert not shares_a_word(_words([]), _words(["go"]))


def test_a_kept_profile_brings_back_its_words_and_scores_the_same() -> None:
    post = MatchProfile(
        id="j", kind="job", title="Data Engineer", text="Spark, SQL and Airflow pipelines."
    )
    person = MatchProfile(id="c", kind="candidate", title="Analyst", text="SQL, SQL and Spark")
    payload = profile_payload(post)
    kept = profile_from_payload(payload)
    assert kept.words is not None  # read back, not counted again
    assert kept == post
    np.testing.assert_array_equal(kept.words.hashes, lexical_words(post).hashes)
    # A post's title counts twice; a candidate's once.
    assert lexical_words(post).length == 2 * 2 + 5
    assert lexical_words(person).length == 1 + 4
    round_trip = decode(encode(lexical_words(person)))
    np.testing.assert_array_equal(round_trip.counts, lexical_words(person).counts)


def test_a_changed_text_is_counted_anew() -> None:
    from dataclasses import replace

    post = MatchProfile(id="j", kind="job", title="Data Engineer", text="Spark")
    lexical_words(post)
    edited = replace(post, text="Kafka")
    assert shares_a_word(lexical_words(edited), _words(["kafka"]))
    assert not shares_a_word(lexical_words(edited), _words(["spark"]))
