"""Stage 1, reading: YAML with positions, the declared source format, the readers, ``Problem``.

Everything a volunteer writes enters Cercles here, and every mistake leaves it as a ``Problem``.
"""
