"""Stage 3b, feeds: iCalendar files of the agenda, with provenance from git."""
