"""Who is this about: find references to people in a draft.

``find_people(text)`` returns every place the text names or points at a
person, as ``PersonRef`` spans of one of these kinds:

- ``name``: a given name, with any surnames after it ("Jaylen", "Sofia Alvarez");
- ``possessive``: the same, with a possessive ending ("Maya's", "Ethan Brooks's");
- ``title``: a title and the name it introduces ("Mr. Lee", "Sra. Gómez", "Coach Rivera");
- ``role``: a determiner and a role noun ("that principal", "your daughter", "su hijo");
- ``pronoun``: he/she/him/her/his (and they/them/their, él/ella/su when they have a
  single-person antecedent), with ``antecedent`` set to the person it refers back to
  in the same or the previous sentence when there is one;
- ``recipient``: a recipient's name (from display names or addresses) used in the text;
- ``greeting``: the name in the greeting line ("Hi Maria,", "Hola Sra. Gómez:") and
  later uses of it, or of a name the caller passes as ``greeting_names``.

``person_in_sentence_or_linked(text, span)`` is what the record and conduct rules
ask: which person is tied to this span, in the same sentence, the same table row,
or through a pronoun that refers back to the previous sentence.

Names come from two shipped lists (``data/given_names.txt.gz`` and
``data/surnames.txt.gz``) that ``scripts/build_names.py`` derives at development
time from the ``names-dataset`` package (MIT licence; per-country popularity ranks
of given names and surnames). It was chosen over ``gender-guesser`` (GPLv3
dictionary, last released 2016, no surnames), ``nameparser`` (parses a name you
already have; ships titles, not name lists), ``probablepeople`` (a CRF parser for
name strings, not a lexicon) and ``names`` (1990 US census only, 2013) because it
is maintained, permissively licensed, has surnames as well as given names, and has
ranks for Mexico, Central and South America, Spain and the Philippines as well as
the US, so Spanish and Latino names are well covered. Its full data is 55 MB of
pickles that take ~10 s to load, so the product ships only the compact lists.

Case and context decide for names that are also words. A capitalised token that
is a known given name counts as a name, except:

- lower-case tokens and ALL-CAPS tokens or lines never do;
- names that are common words (``AMBIGUOUS``: Will, May, Grace, Hope, Rosa, Luz...)
  need a person cue next to them: a title before, a surname or a possessive after,
  a person verb after ("was absent", "is failing"), or, in mid-sentence, a cue word
  before ("to", "with", "and", "tell", "su hijo"...); at the start of a sentence only
  a record-like verb counts ("Grace was suspended", not "Hope is a virtue");
- names whose lower-case form is an English word (flag ``w`` in the data: Amber,
  Rusty) need such a cue at the start of a sentence or in a Title Case line;
- months and weekdays need a title before or a surname after ("June Lee");
- chains of capitalised words that name a school, place or product ("Oak Hollow
  Elementary", "Grace Church", "Chase Bank") are not people;
- the signature block after a sign-off line is skipped (the sender, the title line,
  products), as are the words of greeting and sign-off themselves.

Everything is pure. The name lists are read once, lazily, and cached.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

KINDS = ("name", "title", "role", "possessive", "pronoun", "recipient", "greeting")


@dataclass(frozen=True)
class PersonRef:
    """One reference to a person: ``text[start:end]``, its kind, and for a pronoun what it refers to."""

    start: int
    end: int
    kind: str
    text: str
    antecedent: "PersonRef | None" = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def resolved(self) -> "PersonRef":
        """The named person behind a pronoun (itself when not a linked pronoun)."""
        ref = self
        while ref.antecedent is not None:
            ref = ref.antecedent
        return ref


# --------------------------------------------------------------------------- data


class SortedNames:
    """A set of names for ``in`` tests, built without hashing every name at start.

    Holds the names as a sorted list and answers by bisection, so loading is a split
    of the file's text in C (about a millisecond, against ~25 ms to hash 40,000 names
    into a frozenset on a check that may look up twenty). A long-running process that
    keeps asking (``PROMOTE_AFTER`` lookups) builds the frozenset once and answers
    from it. Either way the answers are the same."""

    PROMOTE_AFTER = 20_000
    __slots__ = ("_items", "_set", "_left")

    def __init__(self, items: list[str]):
        items.sort()  # the shipped lists are sorted: Timsort checks that in one pass
        while items and not items[0]:
            del items[0]
        self._items = items
        self._set: frozenset[str] | None = None
        self._left = self.PROMOTE_AFTER

    def __contains__(self, key: object) -> bool:
        found = self._set
        if found is not None:
            return key in found
        self._left -= 1
        if self._left <= 0:
            self._set = frozenset(self._items)
            return key in self._set
        items = self._items
        if not isinstance(key, str):
            return False
        i = bisect_left(items, key)
        return i < len(items) and items[i] == key

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)


@dataclass(frozen=True)
class NameLists:
    given: SortedNames
    wordlike: frozenset[str]  # given names whose lower-case form is an English word
    surnames: SortedNames
    headers: tuple[str, ...]


class NamesError(RuntimeError):
    """A shipped name list is missing or damaged (one line, for ``doctor`` and start-up)."""


# The shipped name lists (gzip). Read from the package folder directly, as
# assistant.policy.datafile.read_package_text reads text files: importlib.resources
# costs a process ~3 ms of imports; only a package that is not a folder uses it.
_DATA_DIR = Path(__file__).parent / "data"


def _package_bytes(name: str) -> bytes:
    if _DATA_DIR.is_dir():
        return (_DATA_DIR / name).read_bytes()
    from importlib import resources

    return resources.files("assistant.core").joinpath("data", name).read_bytes()


def _damaged(name: str, exc: BaseException) -> NamesError:
    return NamesError(f"name list assistant/core/data/{name} is missing or damaged ({exc.__class__.__name__}); reinstall the application")


@lru_cache(maxsize=2)
def _read_text(name: str) -> str:
    """A whole name list, decompressed once per process (``check_name_lists`` and
    ``name_lists`` share it)."""
    try:
        # zlib reads the gzip container in one C call (gzip.decompress loops over members in Python).
        return zlib.decompress(_package_bytes(name), 16 + zlib.MAX_WBITS).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        raise _damaged(name, exc) from None


# The headers are the first few hundred bytes of a list: this much text holds them all.
_HEADER_CHARS = 4096


def _read_header(name: str) -> list[str]:
    """The leading "#" lines of a name list, decompressing only its start."""
    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(_package_bytes(name), _HEADER_CHARS)
        head = start.decode("utf-8", "ignore")  # a character cut at the end is in no header line
    except (OSError, EOFError, zlib.error) as exc:
        raise _damaged(name, exc) from None
    lines = _headers(head)
    if lines and sum(len(h) + 1 for h in lines) > len(head):
        lines.pop()  # the last one may run past what was decompressed
    return lines


def check_name_lists() -> tuple[int, int]:
    """Check that the shipped name lists are readable, without building them (start-up
    and ``doctor``; the lists themselves are built on the first check that needs a
    person). Returns the number of given names and of surnames, from each list's
    "# entries:" header (read alone), else by counting its rows; ``NamesError`` when a
    list is missing or its start is not a gzip stream (damage further on is reported
    the same way by the first check that reads the whole list)."""
    counts = []
    for name in ("given_names.txt.gz", "surnames.txt.gz"):
        entries = next((ln.split(":", 1)[1].strip() for ln in _read_header(name) if ln.startswith("# entries:")), None)
        if entries and entries.isdigit():
            counts.append(int(entries))
        else:
            counts.append(sum(1 for ln in _read_text(name).splitlines() if ln and not ln.startswith("#")))
    return counts[0], counts[1]


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    """The shipped name lists (read on first use, then cached); ``NamesError`` when unusable."""
    # This runs on the first check that needs a person, so the sets are built from whole
    # strings in C (split, replace, frozenset) rather than line by line in Python.
    # The parsed lists are kept in the data cache (assistant.policy.datafile.parsed, keyed
    # by a checksum of the two files): a marshal load is ~2 ms against ~6 ms to decompress,
    # split and flag them.
    from assistant.policy.datafile import parsed

    names = ("given_names.txt.gz", "surnames.txt.gz")
    raw = []
    for name in names:
        try:
            raw.append(_package_bytes(name))
        except OSError as exc:
            raise _damaged(name, exc) from None

    def build() -> tuple:
        lists = _parse_lists(_read_text(names[0]), _read_text(names[1]))
        return list(lists.given), lists.wordlike, list(lists.surnames), lists.headers

    given, wordlike, surnames, headers = parsed(_NAMES_CACHE, b"\0".join(raw), build, tuple)
    return NameLists(SortedNames(given), frozenset(wordlike), SortedNames(surnames), tuple(headers))


# The data cache entry of the parsed lists: bump when _parse_lists changes what it returns.
_NAMES_CACHE = "names-v1"


def _parse_lists(given_text: str, surname_text: str) -> NameLists:
    """The name sets of the two files' text: given rows are "name<TAB>flags" (flag "w":
    the name is an English word), surname rows a name; "#" lines are headers."""
    g_head, s_head = _headers(given_text), _headers(surname_text)
    headers = g_head + s_head
    g_body = given_text[sum(len(h) + 1 for h in g_head):]
    s_body = surname_text[sum(len(h) + 1 for h in s_head):]
    shipped = (
        "\r" not in given_text and "\r" not in surname_text
        and "\n#" not in g_body and "\n#" not in s_body and g_body[:1] != "#" and s_body[:1] != "#"
        and g_body.count("\t") == g_body.count("\t\n") + g_body.count("\tw\n")
    )
    if shipped:
        # The shipped form (headers first, every row ends its line, flags "" or "w"):
        # strip the flags with two replaces and split, all in C.
        given = g_body.replace("\tw\n", "\n").replace("\t\n", "\n").split("\n")
        wordlike = frozenset(_flagged(g_body, "\tw\n"))
        surnames = s_body.split("\n")
    else:
        given_lines, surname_lines = given_text.splitlines(), surname_text.splitlines()
        headers = [ln for ln in given_lines if ln[:1] == "#"] + [ln for ln in surname_lines if ln[:1] == "#"]
        rows = [ln.partition("\t") for ln in given_lines if ln and ln[:1] != "#"]
        given = list(dict.fromkeys(name for name, _, _ in rows))
        wordlike = frozenset(name for name, _, flags in rows if "w" in flags)
        surnames = list(dict.fromkeys(ln for ln in surname_lines if ln and ln[:1] != "#"))
    return NameLists(SortedNames(given), wordlike, SortedNames(surnames), tuple(headers))


def _flagged(body: str, ending: str) -> list[str]:
    """The names of the rows that end with ``ending`` (a few thousand: found with str.find,
    which is far quicker than a multi-line regex over the whole list)."""
    out = []
    i = body.find(ending)
    while i >= 0:
        out.append(body[body.rfind("\n", 0, i) + 1 : i])
        i = body.find(ending, i + 1)
    return out


def _headers(text: str) -> list[str]:
    """The leading "#" lines of a name list."""
    out = []
    pos = 0
    while text.startswith("#", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        out.append(text[pos:end])
        pos = end + 1
    return out


def _key(word: str) -> str:
    """Lookup form of a word: accents removed, casefolded (as scripts/build_names.py writes)."""
    if word.isascii():
        return word.casefold()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> frozenset[str]:
    return frozenset(_key(w) for w in text.split())


# Given names that are everyday words (English and Spanish): need a person cue.
AMBIGUOUS = _words("""
    will may grace hope bill mark faith joy june art rose summer sunny angel victoria dean chase
    hunter lane april august autumn winter dawn destiny amber crystal ivy holly ruby pearl jade
    violet hazel daisy iris sky river rain storm star sterling king prince princess queen duke
    royal rich frank earnest justice honor liberty patience charity mercy harmony melody precious
    unique heaven trinity genesis baby lady major miles page park reed grant pat sue ray guy drew
    rob nick jack max sage brook cliff clay dale glen heath wade chip buck bud van said rock stone
    wolf bear fox porter baker walker parker mason taylor carter cooper chance colt gage price
    young white brown green gray grey black west love golden sunshine sugar honey candy brandy
    ginger pepper cherry berry apple mercedes paris london dallas austin houston phoenix india
    china asia georgia virginia carolina sierra savannah brooklyn montana dakota jordan chad
    israel christian sunday monday tuesday lucky happy penny sandy rusty dusty misty bunny
    kitty coco tiny sweetie red blue gold silver orange purple pink navy scarlet
    luz paz sol mar rosa dolores consuelo esperanza estrella fe gloria alma cruz blanca clara
    amparo pilar rocio reyes paloma perla cielo luna milagros socorro caridad soledad trinidad
    nieves rosario concepcion asuncion angeles belen flor leal salvador santos domingo linda
    bella dulce feliz rey reina jesus primavera verano modesto prudencia
    """)

# Words that are in the name data but never a person here (function words, greetings,
# sign-offs, school words, products).
STOP = _words("""
    i a an the and or but if so no yes not you your yours he she it we they me him her us them
    my his its our their this that these those there here then than what who whom which when
    where why how all any some each every other another more most much many few less least
    are be been being is was were am do does did done have has had having can could shall
    should would must might new old real mean said came come go went get got make made man
    men son day days time one two three four five six seven eight nine ten first last next
    hi hello hey dear greetings good morning afternoon evening best regards thanks thank thx
    please attached also just note fyi re fw fwd sincerely cheers respectfully warmly kind
    warm love hugs xoxo ok okay sorry welcome congratulations congrats happy great
    hola buenos buenas dias tardes noches estimado estimada estimados estimadas querido
    querida queridos queridas saludos atentamente cordialmente gracias abrazos por para con
    sin que como cuando donde hoy ayer manana su sus los las una uno unos unas le les lo
    muy bien mal favor mi mis tu tus yo el ella ellos ellas nosotros usted ustedes este esta
    estos estas ese esa eso al del de la en es son era fue y o pero si ni nos se ya tambien
    school class room student students teacher teachers principal district office staff
    parent parents family families team everyone everybody all folks
    aeries canvas zoom seesaw clever kami ixl lexia zearn schoology remind dojo teams outlook
    excel word chrome gmail google microsoft apple amazon facebook instagram youtube
    english spanish math science history art music pe dia mon tue tues wed thu thur thurs fri sat
    navidad pascua christmas easter thanksgiving halloween hanukkah kwanzaa ramadan eid
    papi mami mija mijo osito osita gatito gatita negrito negrita gordo gorda bebe nene nena
    """)

# Places that the name data also lists as given names: never a person on their own.
PLACES = _words("""
    cuba france spain mexico guatemala honduras salvador nicaragua peru chile colombia brazil
    argentina ecuador bolivia venezuela china japan korea vietnam philippines india canada
    america california texas florida hawaii maui nevada oregon arizona concord clayton martinez
    pittsburg oakland berkeley sacramento fresno diablo lafayette orinda moraga danville
    """)

TITLES_ABBR = _words("mr mrs ms mx dr sr sra srta prof")
TITLES_WORD = _words("""
    miss mister coach señor senor señora senora señorita senorita don doña dona maestro maestra
    profesor profesora professor principal nurse superintendent counselor officer deputy
    sister brother father madre padre pastor rabbi judge
    """)

MONTHS = _words("""
    january february march april may june july august september october november december
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    jan feb mar apr jun jul aug sep sept oct nov dec
    """)
WEEKDAYS = _words("""
    monday tuesday wednesday thursday friday saturday sunday
    lunes martes miercoles jueves viernes sabado domingo
    """)

# Capitalised words that make a chain a school, place, organisation or product.
ORG_WORDS = _words("""
    elementary middle high school schools academy college university institute charter preschool
    district unified department office center centre library hall gym cafeteria campus code
    park street st avenue ave road rd drive dr boulevard blvd lane way court ct place circle
    valley creek hill hills lake mountain mount mt river bay beach point heights gardens garden
    acres terrace grove woods oaks vista view area region house
    church chapel cathedral temple mosque hospital clinic medical health bank credit union
    foundation association council board committee club league county city state california
    company inc llc corp corporation group services store market cafe restaurant museum zoo
    theater theatre arena stadium field fields airport station
    classroom drive docs sheets forms slides meet calendar portal app
    camp program night fair festival week break session semester conference workshop training
    orientation registration concert tournament game games league carnival
    exhibit exhibition show showcase expo gala assembly rally parade celebration kickoff
    contest competition recital musical bazaar olympics
    escuela primaria secundaria preparatoria colegio universidad iglesia calle avenida parque
    """)

# Possessives that are fixed phrases, not people.
POSSESSIVE_IDIOMS = {
    ("dean", "list"), ("valentine", "day"), ("mother", "day"), ("father", "day"),
    ("president", "day"), ("new", "year"), ("april", "fool"), ("april", "fools"),
}

# Word after a name that says it is a person (any position).
PERSON_VERBS = _words("""
    was is has had did does got gets missed misses needs needed seems seemed said says told asked
    wants wanted scored scores received receives earned earns failed fails passed took takes came
    left went hit hits called brought forgot forgets turned keeps kept cannot can't won't isn't
    wasn't hasn't hadn't didn't doesn't will would could should can might must
    struggles struggled refused refuses threatened pushed punched fought bit kicked cried
    threw throws stole steals broke breaks yelled grabbed spit cursed swore ran hid lied cheated copied
    started stopped finished completed submitted worked works tried tries needs loves likes
    está estaba es fue tiene tenia tuvo falto falta faltó saco sacó recibio recibió necesita dijo
    reprobo reprobó llego llegó salio salió
    """)

# Sentence-initial ambiguous names need a stronger cue: a record-like verb, or
# was/is/has plus a state word.
STRONG_VERBS = _words("""
    missed scored earned failed received got pushed punched hit fought bit kicked refused
    threatened struggles struggled cried took takes forgot needs tested threw stole grabbed spit cursed swore
    faltó falto sacó saco reprobó reprobo recibió recibio
    """)
LINK_VERBS = _words("was is has had isn't wasn't hasn't will did está estaba fue tiene tuvo")
# Adverbs that may sit between a name's verb and its state ("Maria is currently at 52%").
ADVERBS = _words("currently now still already also again really often always usually just sometimes actualmente todavía ya")
STATE_WORDS = _words("""
    absent suspended failing missing late tardy sick struggling behind sent caught been being
    not doing having getting home given placed referred pulled expelled hurt injured tested
    diagnosed enrolled absent, failing, out retained reading moved eligible receiving taking allergic
    sitting turned shown
    ausente suspendido suspendida reprobando enfermo enferma faltando
    """)

# Word before a mid-sentence capitalised name that says it is a person.
BEFORE_CUES = _words("""
    and with to tell ask thank thanks told asked called emailed met saw see from for about
    student son daughter child named nephew niece grandson granddaughter without by between
    beside behind near paired seated
    y con a para hijo hija estudiante alumno alumna niño niña llamado llamada
    """)

DETERMINERS = _words("""
    the that this my your his her their our a an these those
    el la su mi tu ese esa este esta un una nuestro nuestra aquel aquella
    """)
ROLE_ADJECTIVES = _words("""
    new old other same little young younger older youngest oldest former current substitute
    assistant vice head main regular special ed education special-ed lead
    nuevo nueva otro otra mismo misma pequeño pequeña
    """)
ROLE_NOUNS = _words("""
    student kid child boy girl son daughter teacher principal counselor nurse coach aide parent
    mother father mom dad guardian secretary custodian janitor substitute sub para paraeducator
    paraprofessional employee colleague coworker co-worker superintendent librarian driver
    administrator admin manager tutor classmate brother sister grandson granddaughter stepson
    stepdaughter kiddo teen teenager toddler kindergartner kindergartener freshman sophomore
    husband wife baby boyfriend girlfriend neighbor clerk psychologist therapist specialist
    estudiante alumno alumna niño niña hijo hija maestro maestra profesor profesora director
    directora subdirector subdirectora consejero consejera enfermera enfermero entrenador
    entrenadora padre madre mamá mama papá papa chico chica muchacho muchacha empleado empleada
    secretaria nieto nieta hermano hermana esposo esposa
    """)
# A second word that turns a role noun into a compound ("the bus driver", "the vice principal").
ROLE_FIRST_WORDS = _words("bus vice assistant school head")

PRONOUNS_ALWAYS = _words("he him his himself she her hers herself él ella")
PRONOUNS_IF_LINKED = _words("they them their theirs themself themselves su sus")
# Words that make "they" plural in its antecedent sentence.
PLURAL_WORDS = _words("""
    students kids children boys girls parents families teachers staff everyone everybody
    people class team both all estudiantes alumnos niños padres familias maestros todos
    """)
# "her" followed by these is a determiner on a noun we already cover as a role.
GREETING_RE = re.compile(
    r"(?im)^[ \t>]*(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|hola|"
    r"buen[oa]s\s+(?:d[ií]as|tardes|noches)|estimad[oa]s?|querid[oa]s?)"
    r"[ \t,]+(?P<who>[^\n,:;!.?]{1,60}?(?:\.[ \t]*[^\n,:;!.?]{1,40}?)?)[ \t]*[,:;!]"
)
# A recipient named by one of these is a list or an office ("AVHS Counseling"): its name
# used in the text ("Counseling Notes", "the attendance office") is no one.
GROUP_WORDS = _words("""
    coaches grade grades football basketball soccer band choir pta ptsa pto booster boosters list
    department dept committee admin admins office classified certificated union members
    counseling counselling guidance attendance registrar payroll enrollment admissions athletics
    nursing transportation nutrition facilities maintenance helpdesk consejeria asistencia nomina
    """)
GROUP_ADDRESSEES = _words("""
    all everyone everybody team staff families family parents folks colleagues friends
    teachers there todos todas familias familia padres equipo colegas amigos
    """)
SIGNOFF_RE = re.compile(
    r"(?im)^[ \t]*(?:--|—|thanks(?: again| so much)?|thank you|many thanks|best(?: regards| wishes)?|"
    r"regards|kind regards|warm regards|warmly|sincerely|cheers|respectfully|take care|"
    r"saludos(?: cordiales)?|atentamente|cordialmente|gracias|muchas gracias|un saludo|"
    r"con cariño|abrazos)[ \t]*[,.!]?[ \t]*$"
)

ABBREVIATIONS = _words("""
    mr mrs ms mx dr sr sra srta jr prof st mt vs etc e.g i.e a.m p.m no nos approx dept ave
    blvd inc ltd co fig ext tel apt u.s gen rev hon lt sgt capt col gr rm
    """)
# Abbreviations that can also end a sentence (then the next word is capitalised).
SENTENCE_END_ABBR = _words("etc a.m p.m inc ltd co u.s")

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_TOKEN_BEFORE_DOT_RE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)\.*$")


# --------------------------------------------------------------------------- sentences


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``, whitespace trimmed.

    Ends at . ! ? … followed by space, except after titles and abbreviations
    (Mr., Dr., Sra., Mt., e.g.) and single initials; decimals ("3.5") have no
    space after the dot and never split. A blank line always ends a sentence; a
    single line break does too unless it is a wrapped line (a long line followed
    by a lower-case word).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY_RE.finditer(text):
        end = m.end()
        if m.group() == "\n":
            if _wrapped(text, start, m.start(), end):
                continue
        elif text[m.start()] == "." and not _period_ends(text, m.start(), end):
            continue
        _add_span(text, start, end, spans)
        start = end
    if start < n:
        _add_span(text, start, n, spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _wrapped(text: str, sent_start: int, nl: int, after: int) -> bool:
    """A single line break inside a wrapped paragraph (not a sentence end)."""
    line_start = text.rfind("\n", 0, nl) + 1
    if nl - line_start < 40 or text[line_start:nl].rstrip().endswith((":", ";", ",")):
        return False
    i = after
    while i < len(text) and text[i] in " \t":
        i += 1
    return i < len(text) and text[i].islower()


def _period_ends(text: str, dot: int, end: int) -> bool:
    """Whether the period at ``dot`` ends a sentence."""
    if text[dot:end].rstrip("\"'”’)]") != ".":
        return True  # "?!", "..." and the like
    m = _TOKEN_BEFORE_DOT_RE.search(text, max(0, dot - 12), dot)
    if m is None:
        return True
    word = _key(m.group(1))
    if len(m.group(1)) == 1 and m.group(1).isupper():
        return False  # an initial: "J. Smith"
    parts = m.group(1).split(".")
    if len(parts) > 1 and all(len(p) == 1 and p.isupper() for p in parts) and "".join(parts) not in NOT_INITIALS:
        return False  # initials: "J.T. was late", "J.R. Martinez"
    if word in ABBREVIATIONS:
        if word in SENTENCE_END_ABBR:
            nxt = _next_nonspace(text, end)
            return nxt is not None and nxt.isupper()
        return False
    return True


def _next_nonspace(text: str, i: int) -> str | None:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return text[i] if i < n else None


# --------------------------------------------------------------------------- tokens


@dataclass
class _Tok:
    start: int
    end: int  # end of the word, without a possessive ending
    word: str
    key: str
    poss_end: int  # end including "'s" / "’s" / "s'" when possessive, else end
    sent: int
    line: int
    initial: bool  # first word of its sentence (or after a colon, quote, bullet)

    @property
    def cap(self) -> bool:
        return self.word[:1].isupper() and not (len(self.word) > 1 and self.word.isupper())

    @property
    def possessive(self) -> bool:
        return self.poss_end != self.end


def _tokens(text: str, sents: list[tuple[int, int]], line_starts: list[int]) -> list[_Tok]:
    toks: list[_Tok] = []
    sent_starts = [s for s, _ in sents]
    prev_sent = -1
    for m in WORD_RE.finditer(text):
        start, end = m.span()
        word = m.group()
        poss_end = end
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            word = word[:-2]
            end -= 2
        elif end < len(text) and text[end] in "'’" and word.endswith("s") and (
            end + 1 >= len(text) or not text[end + 1].isalnum()
        ):
            poss_end = end + 1  # plural possessive "Chris'"
        sent = bisect_right(sent_starts, start) - 1
        line = bisect_right(line_starts, start) - 1
        initial = sent != prev_sent or _after_opener(text, start)
        prev_sent = sent
        toks.append(_Tok(start, end, word, _key(word), poss_end, sent, line, initial))
    return toks


def _after_opener(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] in ":\"“‘(•*>–—\n"


# --------------------------------------------------------------------------- lines


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_flags(text: str, starts: list[int]) -> tuple[list[bool], list[bool], list[bool]]:
    """Per line: ALL CAPS, Title Case heading, inside a signature block."""
    caps, title, sig = [], [], []
    in_sig = 0
    n = len(starts)
    for i, s in enumerate(starts):
        e = starts[i + 1] - 1 if i + 1 < n else len(text)
        line = text[s:e]
        letters = [c for c in line[:400] if c.isalpha()]
        caps.append(len(letters) >= 4 and not any(c.islower() for c in letters))
        words = WORD_RE.findall(line[:400])
        if len(words) >= 3:
            upper = sum(1 for w in words if w[0].isupper())
            title.append(upper / len(words) >= 0.7 and not line.rstrip().endswith((".", "?", "!")))
        else:
            title.append(False)
        stripped = line.strip()
        if in_sig:
            if not stripped:
                in_sig = 0
            else:
                in_sig -= 1
        sig.append(in_sig > 0)
        if SIGNOFF_RE.match(line) and len(stripped) <= 30:
            in_sig = 8
    return caps, title, sig


# --------------------------------------------------------------------------- recipients


_ADDR_RE = re.compile(r"<[^>]*>|\S+@\S+")


def recipient_names(recipients: Iterable[str]) -> list[list[str]]:
    """Name words of each recipient: "Ana Ruiz <ana@x.org>" -> ["Ana", "Ruiz"];
    "Ruiz, Ana" -> ["Ana", "Ruiz"]; a bare address uses its local part when that
    looks like a name ("ana.ruiz@x.org" -> ["Ana", "Ruiz"])."""
    out: list[list[str]] = []
    lists = name_lists()
    for raw in recipients:
        raw = str(raw)[:300]
        display = _ADDR_RE.sub(" ", raw).strip().strip("\"'").strip()
        if display:
            if display.count(",") == 1:
                last, first = display.split(",")
                display = f"{first} {last}"
            all_words = WORD_RE.findall(display)
            keys = {_key(w) for w in all_words}
            if keys & (ORG_WORDS | GROUP_ADDRESSEES | PLURAL_WORDS | GROUP_WORDS):
                continue  # a list or a group ("Concord High Staff", "Familias de 3er grado")
            words = [w for w in all_words if len(w) > 1 and _key(w) not in STOP | TITLES_ABBR | TITLES_WORD]
            if len(words) < 2 or len(words) > 4:
                # one word ("Mreyes", "Football") is a person only when it is a known name
                words = [w for w in words if _key(w) in lists.given or _key(w) in lists.surnames]
        else:
            m = re.search(r"([^<\s@]+)@", raw)
            local = m.group(1) if m else ""
            words = [
                w.capitalize()
                for w in re.split(r"[._\-+\d]+", local)
                if len(w) > 1 and (_key(w) in lists.given or _key(w) in lists.surnames)
            ]
        if words:
            out.append(words)
    return out


# --------------------------------------------------------------------------- detection


@dataclass
class _Ctx:
    text: str
    toks: list[_Tok]
    caps: list[bool]
    title: list[bool]
    sig: list[bool]
    lists: NameLists
    recipient_keys: frozenset[str]
    greeting_keys: set[str]


def find_people(
    text: str,
    *,
    recipients: Sequence[str] = (),
    greeting_names: Sequence[str] = (),
) -> list[PersonRef]:
    """Every reference to a person in ``text``, in order, without overlaps.

    ``recipients`` are the draft's recipients as display strings ("Ana Ruiz
    <ana@gmail.com>") or addresses; uses of their names are kind ``recipient``.
    ``greeting_names`` are names the caller knows the draft greets; they, and the
    name in a greeting line of the text, are kind ``greeting``.
    """
    lists = name_lists()
    sents = sentences(text)
    starts = _line_starts(text)
    caps, title, sig = _line_flags(text, starts)
    toks = _tokens(text, sents, starts)
    recipient_keys = frozenset(_key(w) for words in recipient_names(recipients) for w in words)
    greeting_keys = {_key(w) for name in greeting_names for w in WORD_RE.findall(str(name)) if len(w) > 1}
    greeting_keys -= STOP | TITLES_ABBR | TITLES_WORD
    ctx = _Ctx(text, toks, caps, title, sig, lists, recipient_keys, greeting_keys)

    refs: list[PersonRef] = []
    taken: set[int] = set()  # token indexes already inside a reference
    _greetings(ctx, refs, taken)
    i = 0
    while i < len(toks):
        if i in taken or caps[toks[i].line] or sig[toks[i].line]:
            i += 1
            continue
        found = (
            _initials_at(ctx, i)
            or _title_at(ctx, i)
            or _known_at(ctx, i, ctx.greeting_keys, "greeting")
            or _known_at(ctx, i, ctx.recipient_keys, "recipient")
            or _name_at(ctx, i)
            or _role_at(ctx, i)
        )
        if found is None:
            i += 1
            continue
        ref, last = found
        refs.append(ref)
        taken.update(range(i, last + 1))
        i = last + 1
    refs.sort(key=lambda r: r.start)
    return _pronouns(ctx, refs, taken)


def _greetings(ctx: _Ctx, refs: list[PersonRef], taken: set[int]) -> None:
    """Names in greeting lines ("Hi Maria,", "Dear Mr. Lee:", "Hola Sra. Gómez,")."""
    text, toks = ctx.text, ctx.toks
    tok_starts = [t.start for t in toks]
    for m in GREETING_RE.finditer(text):
        who_start, who_end = m.span("who")
        idx = bisect_right(tok_starts, who_start - 1)
        words = []
        while idx < len(toks) and toks[idx].start < who_end:
            words.append(idx)
            idx += 1
        if not words or ctx.sig[toks[words[0]].line]:
            continue
        if any(toks[j].key in GROUP_ADDRESSEES for j in words) or not all(toks[j].cap for j in words):
            continue
        if len(words) > 4:
            continue
        keys = [toks[j].key for j in words]
        titled = keys[0] in TITLES_ABBR or keys[0] in TITLES_WORD
        known = any(k in ctx.lists.given or k in ctx.lists.surnames or k in ctx.recipient_keys for k in keys)
        if not (titled or known) or any(k in ORG_WORDS or k in PLACES for k in keys):
            continue  # "Good morning Northgate,": a school, not a person
        first, last = words[0], words[-1]
        refs.append(PersonRef(toks[first].start, toks[last].poss_end, "greeting", text[toks[first].start:toks[last].poss_end]))
        taken.update(words)
        ctx.greeting_keys.update(
            toks[j].key for j in words if toks[j].key not in TITLES_ABBR | TITLES_WORD | STOP
        )


def _same_run(ctx: _Ctx, a: int, b: int) -> bool:
    """Tokens a and b are adjacent words on one line separated only by spaces (or a hyphen)."""
    ta, tb = ctx.toks[a], ctx.toks[b]
    gap = ctx.text[ta.poss_end:tb.start]
    return ta.line == tb.line and ta.poss_end == ta.end and gap in (" ", "  ", "-", "\u00a0")


def _org_chain(ctx: _Ctx, i: int) -> bool:
    """Token i starts or sits in a chain of capitalised words naming a place, school or product.

    A known given name followed only by a surname that is also a place word ("Jin Park",
    "Ana Hill", "Tom Lane") is a person: the chain names a place only when another
    capitalised word follows ("Jin Park Elementary") or "at/in/to" comes before it."""
    toks = ctx.toks
    j = i
    while j + 1 < len(toks) and j - i < 4 and _same_run(ctx, j, j + 1) and toks[j + 1].cap:
        j += 1
        if toks[j].key in ORG_WORDS:
            if j == i + 1 and _surname_not_place(ctx, i, j):
                return False
            return True
    return False


SURNAME_PLACES = _words("park hill hall lane field fields wood woods grove banks brook brooks rivers church bell")
_PLACE_BEFORE = _words("at in to near from on by the")


def _surname_not_place(ctx: _Ctx, i: int, j: int) -> bool:
    """"Jin Park" is a person: a given name, then a place word that is a surname, ending the chain."""
    toks, lists = ctx.toks, ctx.lists
    first, second = toks[i], toks[j]
    if second.key not in SURNAME_PLACES or second.key not in lists.surnames:
        return False
    if first.key not in lists.given or first.key in AMBIGUOUS or first.key in PLACES or first.key in ORG_WORDS:
        return False
    if j + 1 < len(toks) and _same_run(ctx, j, j + 1) and toks[j + 1].cap:
        return False  # "Jin Park Elementary"
    before = toks[i - 1] if i > 0 and toks[i - 1].sent == first.sent else None
    return before is None or before.key not in _PLACE_BEFORE or before.cap


def _extend_surnames(ctx: _Ctx, i: int, any_cap: bool = False, given_ok: bool = True) -> int:
    """Index of the last token of the name starting at i: absorbs given names and
    surnames after it ("Ana María", "Sofia Alvarez", "García-López", "de la Cruz")."""
    toks, lists = ctx.toks, ctx.lists
    last = i
    j = i + 1
    while j < len(toks) and j - last <= 3 and j - i <= 4 and _same_run(ctx, j - 1, j):
        t = toks[j]
        if t.key in ("de", "del", "la", "los", "van", "von", "da", "di", "le") and not t.cap:
            j += 1
            continue
        if len(t.word) == 1 and t.word.isupper() and ctx.text[t.end:t.end + 1] == ".":
            last = j  # a surname initial: "Ethan T.", "Ava M."
            break
        if t.key in ORG_WORDS and j == i + 1 and t.cap and _surname_not_place(ctx, i, j):
            last = j  # "Jin Park": a surname that is also a place word
            if t.possessive:
                break
            j += 1
            continue
        if not t.cap or t.key in ORG_WORDS or t.key in STOP or t.key in MONTHS or t.key in WEEKDAYS:
            break
        if t.key in lists.surnames or (given_ok and t.key in lists.given) or (any_cap and j == i + 1):
            last = j
            if t.possessive:
                break
            j += 1
            continue
        break
    return last


def _make(ctx: _Ctx, first: int, last: int, kind: str) -> tuple[PersonRef, int]:
    toks = ctx.toks
    end = toks[last].poss_end
    if kind == "name" and toks[last].possessive:
        kind = "possessive"
    return PersonRef(toks[first].start, end, kind, ctx.text[toks[first].start:end]), last


def _title_at(ctx: _Ctx, i: int) -> tuple[PersonRef, int] | None:
    """A title and the capitalised name after it: "Mr. Lee", "Coach Rivera", "Sra. Gómez"."""
    toks, text = ctx.toks, ctx.text
    t = toks[i]
    if t.key in TITLES_ABBR:
        gap_ok = re.fullmatch(r"\.?[ \t\u00a0]{1,2}", text[t.end:toks[i + 1].start]) if i + 1 < len(toks) else None
    elif t.key in TITLES_WORD:
        gap_ok = re.fullmatch(r"[ \t\u00a0]{1,2}", text[t.end:toks[i + 1].start]) if i + 1 < len(toks) else None
        if t.key in ("principal", "nurse", "counselor", "officer", "deputy", "judge", "sister", "brother", "father", "padre", "madre", "don") and not t.cap:
            gap_ok = None  # "the principal Lee" is odd; "Principal Lee" is a title
    else:
        return None
    if not gap_ok or t.possessive:
        return None
    nxt = toks[i + 1]
    if nxt.line != t.line or not nxt.cap or nxt.key in STOP or nxt.key in ORG_WORDS or nxt.key in MONTHS or nxt.key in WEEKDAYS:
        return None
    if _org_chain(ctx, i + 1):
        return None  # "Principal, Oak Hollow Elementary" on a title line
    last = _extend_surnames(ctx, i + 1, any_cap=True)
    return _make(ctx, i, last, "title")


# Two-letter abbreviations that are not someone's initials.
NOT_INITIALS = frozenset("""
    US UK AM PM PE ID IE EG DC LA OK TV HR IT RN MD PA PT OT ST CA NY NJ NB PS BA BS MA MS AP IB PR ER OR VP
""".split())


def _initials_at(ctx: _Ctx, i: int) -> tuple[PersonRef, int] | None:
    """Initials used as a name ("J.R. was suspended", "J.R. Martinez", "A.J.'s mom"):
    two or three capital letters each with a dot, then a surname or a person verb."""
    toks, text = ctx.toks, ctx.text
    t = toks[i]
    if len(t.word) != 1 or not t.word.isupper() or text[t.end:t.end + 1] != ".":
        return None
    j = i
    while j + 1 < len(toks) and j - i < 2 and toks[j + 1].start == toks[j].end + 1 and len(toks[j + 1].word) == 1 \
            and toks[j + 1].word.isupper() and text[toks[j + 1].end:toks[j + 1].end + 1] == ".":
        j += 1
    if j == i or "".join(toks[k].word for k in range(i, j + 1)) in NOT_INITIALS:
        return None
    end = toks[j].end + 1  # the last dot
    if text[end:end + 2] in ("'s", "’s"):
        return PersonRef(t.start, end + 2, "possessive", text[t.start:end + 2]), j
    if j + 1 < len(toks) and toks[j + 1].line == t.line and toks[j + 1].start - end <= 2:
        nxt = toks[j + 1]
        if nxt.cap and nxt.key in ctx.lists.surnames:
            last = _extend_surnames(ctx, j + 1, any_cap=True)
            return _make(ctx, i, last, "name")
        if not nxt.cap and nxt.key in PERSON_VERBS:
            return PersonRef(t.start, end, "name", text[t.start:end]), j
    return None


def _known_at(ctx: _Ctx, i: int, keys: frozenset[str] | set[str], kind: str) -> tuple[PersonRef, int] | None:
    """A use of a recipient's or the greeted person's name (capitalised)."""
    t = ctx.toks[i]
    if not keys or t.key not in keys or not t.cap or _org_chain(ctx, i):
        return None
    initial = t.initial or ctx.title[t.line]
    if t.key in AMBIGUOUS or t.key in MONTHS or (initial and t.key in ctx.lists.wordlike):
        # "Hi Will," greets Will, but "Will you send..." later is still a question.
        vocative = ctx.text[t.poss_end:t.poss_end + 1] in (",", "!") or (
            i > 0 and ctx.toks[i - 1].key in ("thanks", "thank", "hi", "hello", "hey", "dear", "gracias", "hola")
        )
        if not vocative and not _has_cue(ctx, i, i, initial):
            return None
    last = i
    while last + 1 < len(ctx.toks) and _same_run(ctx, last, last + 1) and ctx.toks[last + 1].key in keys and ctx.toks[last + 1].cap:
        last += 1
    ref, last = _make(ctx, i, last, kind)
    return ref, last


def _next_word(ctx: _Ctx, i: int) -> _Tok | None:
    if i + 1 < len(ctx.toks) and ctx.toks[i + 1].sent == ctx.toks[i].sent:
        return ctx.toks[i + 1]
    return None


def _has_cue(ctx: _Ctx, i: int, last: int, initial: bool, lenient: bool = False) -> bool:
    """Is there a person cue around the (ambiguous) name tokens i..last?

    ``lenient`` is for names that are only rare words (Maria, Ava, Bobby: flagged as
    words by the word list, but not everyday words like Will or Hope): at the start of a
    sentence any person verb after them counts, unless a definition follows ("Amber is a
    colour"), and so does "and" with another name."""
    toks, text = ctx.toks, ctx.text
    t = toks[i]
    if last > i:
        return True  # followed by a known surname
    if t.possessive:
        nxt = _next_word(ctx, i)
        return nxt is None or (t.key, nxt.key) not in POSSESSIVE_IDIOMS
    after = text[t.end:t.end + 2]
    nxt = _next_word(ctx, i)
    if nxt is not None and not nxt.cap and after[:1] in (" ", "\t"):
        if initial:
            if nxt.key in STRONG_VERBS:
                return True
            k = i + 1
            nxt2 = _next_word(ctx, k)
            while nxt2 is not None and nxt2.key in ADVERBS:
                k += 1
                nxt2 = _next_word(ctx, k)
            if nxt.key in LINK_VERBS and nxt2 is not None and nxt2.key in STATE_WORDS:
                return True
            if lenient and nxt.key in PERSON_VERBS and nxt2 is not None and (
                nxt.key not in LINK_VERBS or nxt2.key not in ("a", "an", "the", "i", "you", "we", "they", "it")
            ):
                return True  # "Tommy threw a chair", "Maria is currently at 52%", not "Amber is a colour"
            if lenient and nxt.key in ("and", "y") and i + 2 < len(toks):
                other = toks[i + 2]
                return other.sent == t.sent and other.cap and other.key in ctx.lists.given
            return False
        if nxt.key in PERSON_VERBS:
            nxt2 = _next_word(ctx, i + 1)
            # "May I", "Will you": a modal question, not a person.
            return not (nxt2 is not None and nxt2.key in ("i", "you", "we", "they", "he", "she", "it"))
    if not initial and i > 0 and toks[i - 1].sent == t.sent and toks[i - 1].key in BEFORE_CUES and not toks[i - 1].cap:
        return True
    if not initial and nxt is not None and nxt.key in ("and", "y", "or") and i + 2 < len(toks):
        other = toks[i + 2]
        # "Summer and Chase", "Will and Ana": coordinated with another capitalised name.
        return other.sent == t.sent and other.cap and (other.key in ctx.lists.given or other.key in AMBIGUOUS)
    return False


def _name_at(ctx: _Ctx, i: int) -> tuple[PersonRef, int] | None:
    """A known given name (with surnames), or an unknown capitalised word with a possessive
    before a record noun, subject to the case-and-context rules in the module docstring."""
    toks, lists = ctx.toks, ctx.lists
    t = toks[i]
    if not t.cap or t.key in STOP or t.key in PLACES or t.key in WEEKDAYS or len(t.word) < 2:
        return None
    k = t.key
    if k in ORG_WORDS and i > 0 and _same_run(ctx, i - 1, i) and toks[i - 1].cap:
        return None  # the tail of "Hunter Lane", "Oak Hollow Elementary"
    initial = t.initial or ctx.title[t.line]
    if k in lists.given or k in MONTHS or k in AMBIGUOUS:
        if _org_chain(ctx, i):
            return None
        last = _extend_surnames(ctx, i, given_ok=k not in MONTHS)
        if k in MONTHS:
            if last == i:
                return None
        elif k in AMBIGUOUS or (k in lists.wordlike and initial):
            if not _has_cue(ctx, i, last, initial, lenient=k not in AMBIGUOUS):
                return None
        elif k not in lists.given:
            return None
        return _make(ctx, i, last, "name")
    if (
        i > 0
        and not t.initial
        and toks[i - 1].sent == t.sent
        and toks[i - 1].key in ROLE_NOUNS | NAMED_CUES
        and not toks[i - 1].cap
        and _same_run(ctx, i - 1, i)
        and k not in ORG_WORDS | MONTHS | PLACES
        and not _org_chain(ctx, i)
    ):
        # "my student Zyaire", "su hija Yaretzi", "a boy named Kaidyn": a name the lists lack.
        return _make(ctx, i, _extend_surnames(ctx, i), "name")
    if t.possessive and k not in ORG_WORDS and k not in MONTHS and not _org_chain(ctx, i):
        # "Ximenita's grades": an unknown capitalised word whose possession is a record.
        nxt = [toks[j].key for j in range(i + 1, min(i + 4, len(toks))) if toks[j].sent == t.sent]
        if any(w in RECORD_NOUNS for w in nxt) or _digit_after(ctx.text, t.poss_end):
            return _make(ctx, i, i, "possessive")
    return None


NAMED_CUES = _words("named called llamado llamada")
RECORD_NOUNS = _words("""
    grades grade iep plan attendance absences absence behavior behaviour scores score report
    progress reading math gpa transcript records record medication medications diagnosis
    evaluation test tests results suspension referral speech therapy goals accommodations
    mom dad mother father parents family allergy allergies seizures seizure counseling
    calificaciones notas asistencia conducta
    """)


def _digit_after(text: str, i: int) -> bool:
    m = re.match(r"[ \t]{1,2}(\d)", text[i:i + 4])
    return m is not None


def _role_at(ctx: _Ctx, i: int) -> tuple[PersonRef, int] | None:
    """Determiner + (adjectives) + singular role noun: "that principal", "su hijo"."""
    toks = ctx.toks
    t = toks[i]
    if t.key not in DETERMINERS or t.possessive:
        return None
    if t.word[:1].isupper() and not t.initial:
        return None  # "The Principal" in a heading or name is not a role reference
    j = i + 1
    for _ in range(3):
        if j >= len(toks) or toks[j].sent != t.sent or not _same_run(ctx, j - 1, j):
            return None
        w = toks[j]
        if w.key in ROLE_NOUNS:
            if w.key in TITLES_WORD and _title_at(ctx, j) is not None:
                return None  # "la maestra Ortega": the title rule takes it
            if w.key in ROLE_FIRST_WORDS and j + 1 < len(toks) and toks[j + 1].key in ROLE_NOUNS and toks[j + 1].sent == t.sent:
                j += 1
                w = toks[j]
            end = w.poss_end
            return PersonRef(t.start, end, "role", ctx.text[t.start:end]), j
        if w.key in ROLE_ADJECTIVES or w.key in ROLE_FIRST_WORDS or _grade_word(w.key):
            j += 1
            continue
        return None
    return None


def _grade_word(key: str) -> bool:
    return key in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "grade", "grader", "th", "rd", "nd", "st", "year", "old")


def _pronouns(ctx: _Ctx, refs: list[PersonRef], taken: set[int]) -> list[PersonRef]:
    """Add pronoun references, linked to the nearest person before them in the same
    sentence or in the previous one (recipients and the greeted person excluded)."""
    toks = ctx.toks
    by_sent: dict[int, tuple[PersonRef, frozenset[str]]] = {}
    sent_starts = [t.start for t in toks]
    out: list[PersonRef] = []
    ri = 0
    plural_sents: set[int] = set()
    for idx, t in enumerate(toks):
        if t.key in PLURAL_WORDS:
            plural_sents.add(t.sent)
    for idx, t in enumerate(toks):
        while ri < len(refs) and refs[ri].start <= t.start:
            ref = refs[ri]
            out.append(ref)
            if ref.kind not in ("recipient", "greeting"):
                s = toks[bisect_right(sent_starts, ref.start) - 1].sent
                _remember(by_sent, s, ref)
            ri += 1
        if idx in taken or ctx.caps[t.line] or ctx.sig[t.line]:
            continue
        if t.key not in PRONOUNS_ALWAYS and t.key not in PRONOUNS_IF_LINKED:
            continue
        if t.word in ("el", "El", "EL"):
            continue  # the article; only "él" with its accent is the pronoun
        # by_sent holds, per sentence, the last reference so far and up to two distinct
        # people in it (enough to tell "one person" from "several"): constant work per pronoun.
        here = by_sent.get(t.sent) or by_sent.get(t.sent - 1)
        antecedent = here[0].resolved() if here else None
        if t.key in PRONOUNS_IF_LINKED:
            window = {t.sent, t.sent - 1}
            if antecedent is None or len(here[1]) != 1 or plural_sents & window:
                continue
            if here[0].end <= t.start and not ctx.text[here[0].end:t.start].strip():
                continue  # "the new sub they sent": a relative clause, not the sub
        if antecedent is not None and antecedent.kind == "pronoun":
            antecedent = antecedent.antecedent
        # "He's" is "he is": the pronoun is the word without the ending.
        ref = PersonRef(t.start, t.end, "pronoun", ctx.text[t.start:t.end], antecedent)
        out.append(ref)
        _remember(by_sent, t.sent, ref)
    out.extend(refs[ri:])
    return out


def _remember(by_sent: dict[int, tuple[PersonRef, frozenset[str]]], sent: int, ref: PersonRef) -> None:
    _, seen = by_sent.get(sent, (ref, frozenset()))
    who = ref.resolved().text
    if len(seen) < 2 and who not in seen:
        seen = seen | {who}
    by_sent[sent] = (ref, seen)


# --------------------------------------------------------------------------- rule helper

_TABLE_ROW_RE = re.compile(r"\t|\||\S {2,}\S")


def person_in_sentence_or_linked(
    text: str,
    span: tuple[int, int],
    *,
    people: Sequence[PersonRef] | None = None,
) -> PersonRef | None:
    """The person tied to ``span`` (e.g. a record phrase), or None.

    Looks, in order, in the same sentence (the nearest reference, people named
    before role nouns and pronouns), then in the same line when that line is a
    row of a text table (tabs, pipes or aligned columns). A pronoun in the
    sentence carries its ``antecedent`` from the previous sentence, so a record in
    "His latest progress report shows a D" is tied to "Ethan" through "His".
    Pass ``people`` (from ``find_people``) to avoid detecting again.
    """
    refs = list(people) if people is not None else _cached_people(text)
    start, end = span
    sents = _cached_sentences(text)
    k = bisect_right(sents, (start, len(text) + 1)) - 1
    sent = sents[k] if k >= 0 and start < sents[k][1] else None
    if sent is not None:
        hit = _nearest([r for r in refs if sent[0] <= r.start < sent[1]], start, end)
        if hit is not None:
            return hit
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _TABLE_ROW_RE.search(text, line_start, line_end):
        return _nearest([r for r in refs if line_start <= r.start < line_end], start, end)
    return None


_PRIORITY = {"name": 0, "possessive": 0, "title": 0, "recipient": 1, "greeting": 1, "role": 2, "pronoun": 3}


def _nearest(refs: list[PersonRef], start: int, end: int) -> PersonRef | None:
    usable = [r for r in refs if r.kind != "pronoun" or r.antecedent is not None] or refs
    if not usable:
        return None

    def distance(r: PersonRef) -> int:
        if r.end <= start:
            return start - r.end
        if r.start >= end:
            return r.start - end
        return 0

    return min(usable, key=lambda r: (_PRIORITY[r.kind], distance(r)))


# The rules ask about several spans of one text: detect once per text.
@lru_cache(maxsize=8)
def _cached_people(text: str) -> tuple[PersonRef, ...]:
    return tuple(find_people(text))


@lru_cache(maxsize=8)
def _cached_sentences(text: str) -> list[tuple[int, int]]:
    return sentences(text)
