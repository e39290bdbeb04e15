"""Career counselling: salary benchmarks (more to come: gaps, roadmaps, interview preparation)."""
