"""The source format, declared once: every key a volunteer may write, in one table per kind of source.

Each ``Field`` says what a YAML key holds (its ``Type``), whether it is required, its limit, its
closed values (the model's enums), a French description and an example. Everything else is
derived from these tables, so that adding a key is one edit here:

- the readers (``circles.py``, ``moments.py``) take the allowed keys, limits, required-ness and
  the « ajoutez « clé: … » » hints from them through ``FieldReader``, and check a declared key
  that no reader reads by its type;
- ``cercles.tools.schemas`` builds the JSON Schemas of ``schemas/`` from them;
- ``cercles new`` writes its commented skeletons from them;
- ``cercles import-grist`` takes the moment's columns and required columns from them.

Cross-field rules (``duree`` or ``fin``, an exception on an occurrence…) stay in the readers.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from cercles.model import CircleType, MomentKind, Visibility

MAX_NAME_LENGTH = 120
"""A title or a name: it must fit a heading and a calendar's summary line."""
MAX_TEXT_LENGTH = 4000
MAX_ID_LENGTH = 80
"""Ids become file names and URLs; the longest real one is a few words long."""


class Type(enum.Enum):
    """What a key holds; each type has one reading (``FieldReader``) and one JSON shape (``schemas``)."""

    TEXT = "texte"
    NAME = "nom"
    """A short text, at most ``MAX_NAME_LENGTH`` characters."""
    TEXT_LIST = "liste de textes"
    ID = "identifiant"
    BOOLEAN = "oui ou non"
    CHOICE = "choix"
    DATE = "date"
    DATETIME = "date et heure"
    DURATION = "durée"
    END = "heure de fin"
    """A time the same day (« 20:30 ») or a full date and time."""
    RHYTHM = "rythme"
    MAPPING = "dictionnaire"
    """A nested mapping read with its own ``Form``."""
    LIST = "liste"
    """A list of mappings, each read with the field's ``Form``."""
    URL = "adresse web"
    """An ``http://`` or ``https://`` address: the only links a page or a feed publishes from the sources."""
    COORDINATES = "coordonnées"
    """A latitude and a longitude in degrees, as a list of two numbers: ``[45.7578, 4.8320]``."""


DEFAULT_LIMITS = {Type.TEXT: MAX_TEXT_LENGTH, Type.NAME: MAX_NAME_LENGTH, Type.ID: MAX_ID_LENGTH, Type.RHYTHM: 200,
                  Type.TEXT_LIST: MAX_TEXT_LENGTH, Type.URL: 500}
"""The length limit of each text-like type (of each element, for lists) when a field gives none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One key of a source file, with everything the readers, schemas and skeletons need to know."""

    key: str
    kind: Type
    description: str
    """French, for the editors' hover and the skeletons' comments."""
    example: str
    """YAML as written after « clé: », or an indented block (lines starting with « - » or a key)."""
    required: bool = False
    max_length: int | None = None
    """Length limit of the text (or of each element of a list); ``None``: the type's default."""
    choices: type[enum.Enum] | None = None
    """For ``Type.CHOICE``: the model's enum whose values are the words allowed."""
    choice_help: Mapping[enum.Enum, str] = field(default_factory=dict)
    """For ``Type.CHOICE``: what each word means; a member without one is explained by its ``label``."""
    form: Form | None = None
    """For ``Type.MAPPING`` and ``Type.LIST``: the keys of the nested mapping(s)."""
    default: str | None = None
    """The value the reader uses when the key is left out, as a volunteer would write it."""
    placeholder: str | None = None
    """What to write, in the hint of a missing required key, when a real example would mislead."""
    shorthand: str | None = None
    """For ``Type.LIST``: the key of the form that an item written as a bare text stands for
    (« - alice » means « - personne: alice »), so the short form stays valid once details are added."""

    def __post_init__(self) -> None:
        if not self.description.strip() or not self.example.strip():
            raise ValueError(f"the key {self.key} needs a description and an example")
        if (self.kind is Type.CHOICE) != (self.choices is not None):
            raise ValueError(f"the key {self.key}: closed values go with Type.CHOICE, and only there")
        if (self.kind in (Type.MAPPING, Type.LIST)) != (self.form is not None):
            raise ValueError(f"the key {self.key}: a nested form goes with Type.MAPPING or Type.LIST, and only there")
        if self.shorthand is not None and (self.kind is not Type.LIST or self.form is None or self.form.get(self.shorthand) is None):
            raise ValueError(f"the key {self.key}: a shorthand names a key of the form of a Type.LIST")

    @property
    def limit(self) -> int | None:
        return self.max_length if self.max_length is not None else DEFAULT_LIMITS.get(self.kind)

    @property
    def values(self) -> dict[str, enum.Enum]:
        """The words allowed by a choice, in the enum's order, with the member each one means."""
        return {member.value: member for member in self.choices} if self.choices else {}

    def help_of(self, member: enum.Enum) -> str:
        return self.choice_help.get(member) or str(getattr(member, "label", member.value))

    @property
    def explanation(self) -> str:
        """The description, with the default when there is one: the text of the schema's hover and the skeleton's comment."""
        return self.description + (f" Par défaut : {self.default}." if self.default is not None else "")

    def as_yaml(self) -> str:
        """The example as a volunteer writes it in a file: « clé: valeur », or « clé: » and an indented block."""
        block = "\n" in self.example or self.example.startswith("- ")
        if not block or self.example[0] in ">|":  # a block scalar's indicator stays on the key's line
            return f"{self.key}: {self.example}"
        return f"{self.key}:\n" + "\n".join(f"  {line}" for line in self.example.splitlines())

    @property
    def what(self) -> str:
        """What to write after « clé: » in the hint of a missing key."""
        if self.placeholder:
            return self.placeholder
        if self.choices:
            return "l'un de : " + ", ".join(self.values)
        return self.as_yaml().removeprefix(f"{self.key}: ") if "\n" not in self.as_yaml() else "…"


@dataclass(frozen=True, slots=True)
class Form:
    """The keys of one kind of mapping (a circle file, a role, an exception…), in the order volunteers write them."""

    name: str
    description: str
    fields: tuple[Field, ...]
    at_least_one_of: tuple[str, ...] = ()
    """Keys of which at least one must be given (an exception is cancelled or moved)."""
    _by_key: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {spec.key: spec for spec in self.fields}
        if len(by_key) != len(self.fields):
            raise ValueError(f"{self.name}: a key is declared twice")
        unknown = [key for key in self.at_least_one_of if key not in by_key]
        if unknown:
            raise ValueError(f"{self.name}: at_least_one_of names unknown keys {unknown}")
        object.__setattr__(self, "_by_key", MappingProxyType(by_key))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.fields if spec.required)

    def get(self, key: str) -> Field | None:
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> Field:
        return self._by_key[key]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def extended(self, *fields: Field) -> Form:
        """The same form with more keys (tests use it to show a new key reaches every consumer)."""
        return Form(self.name, self.description, (*self.fields, *fields), self.at_least_one_of)


# --- roles and actions --------------------------------------------------------------------------------

HOLDER = Form("titulaire", "Une personne qui tient le rôle : son identifiant seul, ou « personne: » avec les dates de "
                           "son mandat.", (
    Field(key="personne", kind=Type.ID, required=True, example="alice-martin", placeholder="l'identifiant de la personne",
          description="L'identifiant de la personne, tel qu'écrit dans le fichier des personnes."),
    Field(key="depuis", kind=Type.DATE, example="2025-07-01", description="Début du mandat (AAAA-MM-JJ)."),
    Field(key="jusqu_au", kind=Type.DATE, example="2027-06-30",
          description="Dernier jour du mandat (AAAA-MM-JJ) : le site affiche « jusqu'au … » et « cercles check » prévient "
                      "quand la fin approche ou est passée."),
    Field(key="elu_le", kind=Type.DATE, example="2025-06-21",
          description="Date de l'élection qui a donné le rôle (les sièges du bureau collégial)."),
))


ROLE = Form("rôle", "Un rôle du cercle ou de l'action : identifiant, nom, redevabilités et titulaires.", (
    Field(key="id", kind=Type.ID, required=True, example="referent-budget", placeholder="un-identifiant-en-minuscules",
          description="Identifiant du rôle, unique dans son cercle ou son action : minuscules sans accent, chiffres "
                      "et tirets. Il fait partie de l'adresse du rôle sur le site."),
    Field(key="nom", kind=Type.NAME, required=True, example="Référent·e budget", placeholder="le nom du rôle",
          description="Nom du rôle affiché sur le site."),
    Field(key="raison_d_etre", kind=Type.TEXT, example="Faire vivre le collectif du cercle.",
          description="Pourquoi ce rôle existe, en une phrase."),
    Field(key="redevabilites", kind=Type.TEXT_LIST, example="- Tenir le tableau budgétaire du cercle à jour",
          description="Ce que le rôle s'engage à faire, une redevabilité par ligne après un tiret."),
    Field(key="titulaires", kind=Type.LIST, form=HOLDER, shorthand="personne",
          example="- prenom-nom\n- personne: alice-martin\n  jusqu_au: 2027-06-30",
          description="Qui tient le rôle : les identifiants des personnes, tels qu'écrits dans le fichier des "
                      "personnes, un par ligne après un tiret ; pour un mandat à durée connue, écrivez « personne: » "
                      "puis « depuis », « jusqu_au » ou « elu_le » en retrait. Laissez vide si personne n'est encore "
                      "désigné (« à préciser » pour les éditeurs)."),
    Field(key="coordination", kind=Type.BOOLEAN, example="true",
          description="true si ce rôle coordonne son cercle ou son action (chaque cercle en a au moins un)."),
    Field(key="referent", kind=Type.BOOLEAN, example="true",
          description="true si ce rôle est le ou la référent·e d'une action (il en faut un par action)."),
    Field(key="referent_budget", kind=Type.BOOLEAN, example="true",
          description="true si ce rôle tient le budget du cercle et participe aux points budgétaires."),
))

ACTION = Form("action", "Une action (sous-cercle) portée par le cercle : identifiant, nom, raison d'être et rôles.", (
    Field(key="id", kind=Type.ID, required=True, example="ateliers-du-samedi", placeholder="un-identifiant-en-minuscules",
          description="Identifiant de l'action, unique dans toute l'organisation (il sert d'adresse sur le site) : "
                      "minuscules sans accent, chiffres et tirets."),
    Field(key="nom", kind=Type.NAME, required=True, example="Ateliers du samedi", placeholder="le nom de l'action",
          description="Nom de l'action affiché sur le site."),
    Field(key="raison_d_etre", kind=Type.TEXT, example="Ouvrir l'atelier au quartier un samedi par mois.",
          description="Pourquoi cette action existe, en une phrase ou deux."),
    Field(key="roles", kind=Type.LIST, form=ROLE,
          example="- id: referent\n  nom: Référent·e des ateliers du samedi\n  referent: true",
          description="Les rôles de l'action ; l'un d'eux a « referent: true ». Chaque rôle commence par un tiret et « id: »."),
    Field(key="code_analytique", kind=Type.TEXT, max_length=40, example='"B-02"',
          description="Code analytique de l'action dans la comptabilité, entre guillemets."),
))


# --- moments: agenda files and a circle's meetings -----------------------------------------------------

EXCEPTION = Form("exception", "Une date annulée (« annule: true ») ou déplacée (« deplace_au: … »).", (
    Field(key="date", kind=Type.DATE, required=True, example="2027-03-17", placeholder="AAAA-MM-JJ",
          description="La date de la fois concernée, telle que prévue par le rythme (AAAA-MM-JJ)."),
    Field(key="annule", kind=Type.BOOLEAN, example="true", description="true si cette fois est annulée."),
    Field(key="deplace_au", kind=Type.DATETIME, example="2027-03-18 18:30",
          description="La nouvelle date et heure si cette fois est déplacée (AAAA-MM-JJ HH:MM)."),
), at_least_one_of=("annule", "deplace_au"))

VISIBILITY_HELP: Mapping[enum.Enum, str] = {
    Visibility.PUBLIC: "sur l'agenda du site et dans le calendrier auquel chacun peut s'abonner",
    Visibility.INTERNAL: "seulement dans le calendrier des membres ; le site n'en dit que le type et le rythme",
    Visibility.CONFIDENTIAL: "nulle part, ni sur le site ni dans le calendrier des membres",
}


def _schedule(*, meeting: bool) -> tuple[Field, ...]:
    """The when and where shared by agenda files and a circle's ``reunions`` block (read by ``read_schedule``)."""
    return (
        Field(key="visibilite", kind=Type.CHOICE, choices=Visibility, choice_help=VISIBILITY_HELP, required=not meeting,
              default=Visibility.INTERNAL.value if meeting else None, example="public",
              description="Qui voit le moment : « public », « interne » ou « confidentiel »."),
        Field(key="rythme", kind=Type.RHYTHM, example="chaque trimestre" if meeting else "chaque mercredi",
              description="Quand le moment revient, en français : « chaque mercredi », « dernier lundi du mois », "
                          "« chaque trimestre », « toutes les 2 semaines »…"
                          + (" Obligatoire quand « debut » n'est pas donné." if meeting
                             else " Sans rythme, le moment n'a lieu qu'une fois.")),
        Field(key="debut", kind=Type.DATETIME, required=not meeting, example="2027-03-10 18:30",
              placeholder="AAAA-MM-JJ HH:MM",
              description="Date et heure de la première fois (AAAA-MM-JJ HH:MM)."
                          + (" Avec « debut », les réunions entrent dans l'agenda des membres." if meeting
                             else " Avec un rythme, le début doit tomber dessus.")),
        Field(key="duree", kind=Type.DURATION, example="1h30", default="2h",
              description="Durée de chaque fois : « 2h », « 1h30 » ou « 45 min ». Ne la donnez pas en même temps que « fin »."),
        Field(key="fin", kind=Type.END, example='"20:30"',
              description="Heure de fin, entre guillemets, ou date et heure de fin « 2027-03-10 20:30 ». "
                          "À la place de « duree », pas en plus."),
        Field(key="jusqu_au", kind=Type.DATE, example="2027-06-30",
              description="Dernière date d'un moment qui revient (AAAA-MM-JJ)."),
        Field(key="lieu", kind=Type.TEXT, max_length=200, example="cuisine",
              description="Où cela se passe : l'identifiant d'un lieu du fichier des lieux (lieux.yaml), qui donne "
                          "son adresse et comment y venir, ou simplement un nom (« Salle commune »)."),
        Field(key="a_confirmer", kind=Type.BOOLEAN, example="true",
              description="true tant que la date ou l'heure ne sont pas sûres : le site affiche « horaire à confirmer »."),
        Field(key="description", kind=Type.TEXT,
              example=">-\n  Apportez vos épluchures : on apprend ensemble à faire du compost.",
              description="Ce que l'on y fait, en quelques phrases. Pour un texte long, écrivez « description: >- » "
                          "puis le texte en retrait sur les lignes suivantes."),
        Field(key="exceptions", kind=Type.LIST, form=EXCEPTION,
              example="- date: 2027-03-17\n  annule: true\n- date: 2027-03-24\n  deplace_au: 2027-03-25 18:30",
              description="Les dates annulées ou déplacées d'un moment qui revient."),
        Field(key="tarif", kind=Type.TEXT, max_length=120, example="Prix libre",
              description="Ce que coûte la participation, tel qu'il s'affiche (« Gratuit », « Prix libre », « 5 € »)."),
        Field(key="inscription", kind=Type.URL, example="https://exemple.org/inscription",
              description="L'adresse web où s'inscrire (commençant par https:// ou http://), si l'inscription est demandée."),
        Field(key="contact", kind=Type.TEXT, max_length=200, example="ateliers@exemple.org",
              description="Une adresse de contact que l'organisation publie pour ce moment (courriel ou téléphone "
                          "d'accueil, jamais celui d'une personne qui ne l'a pas accepté)."),
    )


MOMENT = Form("moment", "Un moment de l'agenda : ponctuel, ou qui revient avec un « rythme ». Le nom du fichier (sans "
                        "« .yaml ») est son identifiant : ne le changez plus une fois annoncé.", (
    Field(key="titre", kind=Type.NAME, required=True, example="Atelier réparation de vélos", placeholder="le titre du moment",
          description="Titre affiché dans l'agenda."),
    Field(key="type", kind=Type.CHOICE, choices=MomentKind, required=True, example="atelier",
          choice_help={MomentKind.REUNION_OPERATIONNELLE: "Réunion opérationnelle (plutôt dans le fichier du cercle, "
                                                         "section « reunions »)"},
          description="Le genre de moment."),
    Field(key="cercle", kind=Type.ID, required=True, example="fabriquer", placeholder="l'identifiant du cercle organisateur",
          description="Le cercle qui organise le moment : le nom de son fichier de cercle, sans « .yaml »."),
    *_schedule(meeting=False),
))

MEETINGS = Form("reunions", "Les réunions opérationnelles du cercle : au moins « rythme: chaque trimestre » ; avec "
                            "« debut », elles entrent aussi dans l'agenda des membres.", (
    Field(key="note", kind=Type.TEXT, max_length=400, example="au minimum une fois par trimestre",
          description="Une précision affichée avec le rythme."),
    *_schedule(meeting=True),
), at_least_one_of=("debut", "rythme"))


# --- circles and people -----------------------------------------------------------------------------

CIRCLE_TYPE_HELP: Mapping[enum.Enum, str] = {
    CircleType.BUREAU: "le bureau collégial, un seul par organisation",
    CircleType.PROJET: "il porte des activités",
    CircleType.SUPPORT: "il sert les autres cercles",
}

CIRCLE = Form("cercle", "Un cercle de l'organisation. Le nom du fichier (sans « .yaml ») est son identifiant et son "
                        "adresse sur le site : minuscules sans accent, chiffres et tirets.", (
    Field(key="nom", kind=Type.NAME, required=True, example="Fabriquer", placeholder="le nom du cercle",
          description="Nom du cercle affiché sur le site, avec accents et majuscules."),
    Field(key="type", kind=Type.CHOICE, choices=CircleType, choice_help=CIRCLE_TYPE_HELP, required=True, example="projet",
          description="Le genre de cercle."),
    Field(key="raison_d_etre", kind=Type.TEXT, required=True, example="Faire ensemble, avec les outils de l'atelier.",
          placeholder="la raison d'être du cercle, en une phrase ou deux",
          description="Pourquoi ce cercle existe, en une phrase ou deux. Pour un texte long, écrivez "
                      "« raison_d_etre: >- » puis le texte en retrait sur les lignes suivantes."),
    Field(key="domaines", kind=Type.TEXT_LIST,
          example="- Ateliers et espaces dédiés au faire\n- Réemploi des matériaux dans les ateliers",
          description="Ce sur quoi le cercle décide seul, un domaine par ligne après un tiret."),
    Field(key="roles", kind=Type.LIST, form=ROLE,
          example="- id: coordination\n  nom: Coordination du cercle\n  coordination: true",
          description="Les rôles du cercle, chacun commençant par un tiret et « id: » ; au moins un a « coordination: true »."),
    Field(key="reunions", kind=Type.MAPPING, form=MEETINGS,
          example="rythme: chaque trimestre\ndebut: 2027-01-12 18:30\nduree: 2h",
          description="Les réunions opérationnelles du cercle."),
    Field(key="code_analytique", kind=Type.TEXT, max_length=40, example='"F-01"',
          description="Code analytique du cercle dans la comptabilité, entre guillemets."),
    Field(key="budget", kind=Type.TEXT, max_length=400, example="Tableur partagé, onglet du cercle",
          description="Où se trouve le tableau budgétaire du cercle."),
    Field(key="actions", kind=Type.LIST, form=ACTION,
          example="- id: ateliers-du-samedi\n  nom: Ateliers du samedi\n  roles:\n    - id: referent\n"
                  "      nom: Référent·e des ateliers du samedi\n      referent: true",
          description="Les actions (sous-cercles) que porte le cercle ; chacune a un rôle avec « referent: true »."),
    Field(key="parent", kind=Type.ID, example="fabriquer",
          description="Si ce cercle est un sous-cercle : l'identifiant de son cercle parent, c'est-à-dire le nom de son "
                      "fichier sans « .yaml »."),
))

PERSON = Form("personne", "Une personne, sous son identifiant : seul son nom est publié, sauf si elle le demande.", (
    Field(key="nom", kind=Type.NAME, required=True, example="Alice Martin", placeholder="le nom affiché",
          description="Le nom affiché sur le site."),
    Field(key="courriel", kind=Type.TEXT, max_length=200, example="alice@example.org",
          description="Adresse électronique, publiée seulement avec « contact_public: true »."),
    Field(key="telephone", kind=Type.TEXT, max_length=40, example='"06 12 34 56 78"',
          description="Numéro de téléphone, publié seulement avec « contact_public: true »."),
    Field(key="contact_public", kind=Type.BOOLEAN, example="true",
          description="true si le courriel et le téléphone peuvent paraître sur le site."),
))


# --- places -----------------------------------------------------------------------------------------

PLACE = Form("lieu", "Un lieu où se tiennent des moments, sous son identifiant (celui que les moments écrivent dans "
                     "« lieu: ») : son nom, son adresse et comment y venir, publiés sur la page « Venir ».", (
    Field(key="nom", kind=Type.NAME, required=True, example="Cuisine partagée", placeholder="le nom du lieu",
          description="Le nom du lieu affiché dans l'agenda."),
    Field(key="adresse", kind=Type.TEXT, max_length=300, example="12 rue des Ateliers, 69000 Lyon",
          placeholder="l'adresse postale, sur une ligne",
          description="L'adresse postale complète, sur une ligne : elle va dans les calendriers et la page « Venir »."),
    Field(key="acces", kind=Type.TEXT, max_length=1000, example="Entrée par la cour, deuxième porte à gauche.",
          description="Comment y venir et entrer : transports, entrée, étage."),
    Field(key="accessibilite", kind=Type.TEXT, max_length=1000, example="De plain-pied, toilettes accessibles.",
          description="Ce qu'une personne à mobilité réduite ou avec un handicap doit savoir."),
    Field(key="coordonnees", kind=Type.COORDINATES, example="[45.7578, 4.8320]",
          description="Latitude et longitude en degrés, entre crochets : les calendriers placent le lieu sur une carte."),
    Field(key="carte", kind=Type.URL, example="https://www.openstreetmap.org/#map=19/45.7578/4.8320",
          description="L'adresse web d'une carte du lieu (OpenStreetMap…), proposée en lien sur le site."),
))

FORMS = (CIRCLE, ROLE, HOLDER, ACTION, MEETINGS, MOMENT, PERSON, EXCEPTION, PLACE)
"""Every table, for the tests that hold them all to the same rules."""
