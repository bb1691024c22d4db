"""``cercles import-grist``, one module per job.

``options`` reads ``grist.yaml``; ``table`` reads the downloaded export (``/records`` JSON or CSV),
within bounds; ``formats`` reads Grist's date display formats; ``cells`` turns one cell into one
value (typed values, formula errors, ChoiceList quoting, text hygiene); ``rows`` maps rows to
moments and reads each back with the loader; ``render`` writes a moment's YAML; ``command`` is
the command line and the writing of the files.
"""
