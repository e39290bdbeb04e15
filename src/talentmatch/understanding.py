"""The understanding models, loaded once per process and shared by the CLI and the web app."""

from __future__ import annotations

import hashlib
from functools import cached_property

from talentmatch.config import Settings
from talentmatch.documents import DocumentReader
from talentmatch.kit.memory import Recent
from talentmatch.ml.embeddings import SentenceEmbedder
from talentmatch.ml.identity import Identity, IdentityBlinder
from talentmatch.ml.jobs import JobPostParser, ParsedJob
from talentmatch.ml.matching import MatchEngine, MatchFeatures, MatchProfile
from talentmatch.ml.matching.profiles import approximate_bytes
from talentmatch.ml.occupations import RelatedOccupations, TitleNormalizer
from talentmatch.ml.preparation import PracticeScheduler, QuestionBank
from talentmatch.ml.resume import ParsedResume, ResumeParser
from talentmatch.ml.salary import SalaryEstimator
from talentmatch.ml.skill_spans import HybridSkillExtractor
from talentmatch.ml.skills import SkillExtractor
from talentmatch.ml.text import ExtractedText


class Understanding:
    """Lazily built models: the first use of each pays its loading time, later uses are free.

    Uploaded files are read by ``documents``, in limited child processes.
    """

    # Blind texts kept (by a digest of resume and identity): a match request blinds every
    # shortlisted resume that no kept profile covers (1.7 ms a resume). Bounded by bytes.
    BLIND_TEXTS_BYTES = 16 * 2**20
    # Profiles and jobs as the matcher sees them, with their stored vectors, by (kind, id,
    # what they are built from): reading one (JSON and vectors from the database) or building
    # it costs more than ranking it. Bounded by bytes (``approximate_bytes``; about 7 kB for a
    # profile with a short text, measured with tracemalloc: the vectors take 4.6 kB). At 100k
    # posts and 100k candidates, 4,096 profiles hit 20 % of lookups and 16,384 hit 60-70 %
    # (the talentmatch_memory_lookups_total metric).
    MATCH_PROFILES_BYTES = 128 * 2**20

    def __init__(self, documents: DocumentReader | None = None) -> None:
        # The settings' limits, as the web app reads uploads: the CLI reads a file the same way.
        self.documents = documents or DocumentReader.from_settings(Settings())
        self._blind_texts: Recent[str] = Recent(
            self.BLIND_TEXTS_BYTES, "blind_texts", weigh=lambda text: len(text) + 100
        )
        self.match_profiles: Recent[MatchProfile] = Recent(
            self.MATCH_PROFILES_BYTES, "match_profiles", weigh=approximate_bytes
        )

    @cached_property
    def skills(self) -> SkillExtractor:
        return SkillExtractor()

    @cached_property
    def hybrid_skills(self) -> HybridSkillExtractor:
        return HybridSkillExtractor(self.skills)

    @cached_property
    def blinder(self) -> IdentityBlinder:
        """The identity-blind view of profiles that every score reads."""
        return IdentityBlinder.for_taxonomy(self.skills.taxonomy)

    def blind_text(self, text: str, identity: Identity, limit: int = 4000) -> str:
        """``blinder.text(text, identity)[:limit]``, remembered for the texts blinded last
        (kept at most ``limit`` characters long, which bounds the memory)."""
        key = hashlib.blake2b(repr((text, identity, limit)).encode(), digest_size=16).digest()
        kept = self._blind_texts.get(key)
        if kept is not None:
            return kept
        blind = self.blinder.text(text, identity)[:limit]
        self._blind_texts.put(key, blind)
        return blind

    @cached_property
    def titles(self) -> TitleNormalizer:
        # The app's embedder: one copy of the model for matching and titles.
        return TitleNormalizer(embedder=self.embedder).fit()

    @cached_property
    def related(self) -> RelatedOccupations:
        return RelatedOccupations().fit(keep_tables=False)

    @cached_property
    def embedder(self) -> SentenceEmbedder:
        return SentenceEmbedder()

    @cached_property
    def matcher(self) -> MatchEngine:
        return MatchEngine(
            MatchFeatures(self.skills.taxonomy, self.embedder, self.related, titles=self.titles)
        )

    @cached_property
    def salaries(self) -> SalaryEstimator:
        return SalaryEstimator.load(self.titles)

    @cached_property
    def questions(self) -> QuestionBank:
        return QuestionBank.load()

    @cached_property
    def practice(self) -> PracticeScheduler:
        return PracticeScheduler()

    @cached_property
    def resumes(self) -> ResumeParser:
        return ResumeParser(self.skills, self.titles)

    @cached_property
    def jobs(self) -> JobPostParser:
        return JobPostParser(self.skills, self.titles)

    def warm_up(self) -> None:
        """Load every model now (and embed one text, which loads the transformer)."""
        # Reading each lazy property builds its model.
        _ = (self.resumes, self.jobs, self.related, self.hybrid_skills, self.salaries)
        self.documents.start()
        self.embedder.encode(["warm up"])

    def read_resume(
        self, content: bytes, media_type: str | None = None
    ) -> tuple[ExtractedText, ParsedResume]:
        extracted = self.documents.read(content, media_type)
        return extracted, self.resumes.parse(extracted.text)

    def read_job(self, title: str, description: str) -> ParsedJob:
        return self.jobs.parse(title, description)
