"""Stage 2, rules: cross-file checks over the whole organisation, and recurrence and time rules."""
