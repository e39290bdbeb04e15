"""Fairness: identity-blind matching checked by counterfactual tests, and bias audits."""
