"""Fair re-ranking: the company's and the platform's option, and the step that re-orders a
job's candidates toward the compatible pool's group shares (:mod:`talentmatch.ml.fair_ranking`)."""
