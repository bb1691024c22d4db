"""Cercles: render an organisation run by shared governance into a wiki and an agenda.

The core (loading, model, validation, pages, feeds) never imports MkDocs, so the same
outputs can be written to disk for another engine (see ``cercles export``).
"""
