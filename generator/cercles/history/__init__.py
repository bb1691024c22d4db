"""Governance changes derived from the git history of the circle files: what was decided, and when."""
