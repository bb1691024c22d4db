"""Marked YAML → places: ``lieux.yaml``, where moments happen and how to come.

Read with the same ``FieldReader`` as every source, against ``format.PLACE``; moments name a
place by its id in « lieu » (``moments.read_schedule`` resolves it).
"""

from __future__ import annotations

from cercles.model import Place
from cercles.sources.fields import keyed_entries
from cercles.sources.format import PLACE
from cercles.sources.problems import Problem
from cercles.sources.yamlio import Marked


def read_places(tree: Marked, problems: list[Problem]) -> dict[str, Place]:
    """Read the places file: ``<id>: {nom, adresse, acces, accessibilite, coordonnees, carte}``."""
    places: dict[str, Place] = {}
    for place_id, location, fields in keyed_entries(tree, problems, PLACE, "chaque lieu"):
        name = fields.text("nom")
        address = fields.text("adresse")
        access = fields.text("acces")
        accessibility = fields.text("accessibilite")
        coordinates = fields.coordinates("coordonnees")
        map_url = fields.url("carte")
        fields.finish()
        if address is None:
            fields.warn("adresse", "adresse à préciser", fields.hint("adresse") + " : la page « Venir » et les calendriers la donnent")
        if name:
            places[place_id] = Place(id=place_id, name=name, address=address, access=access, accessibility=accessibility,
                                     coordinates=coordinates, map_url=map_url, location=location)
    return places
