"""BP 1114, "Social Media Protocol for Employees" (and Telephone C), as rules."""

from __future__ import annotations

import re
from typing import Iterable

from assistant.core.model import Hint, Severity, Span
from assistant.rules.base import Context, Rule, phrases, sentence_at, sentences, terms

_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_STUDENT_ID = re.compile(r"\b(?:student\s*(?:id|number|#)|perm(?:anent)?\s*(?:id|#))\s*(?:#|no\.?|number)?\s*:?\s*\d{5,10}\b", re.I)
_DOB = re.compile(r"\b(?:dob|d\.o\.b\.|date of birth|birth ?date)\s*:?\s*\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b", re.I)
# Words each pattern above cannot match without (lower case). On ASCII text,
# lower-casing is exactly the patterns' case folding, so a pattern whose words are
# all absent cannot match and is not run over the text.
_NEEDS = ((_SSN, ("-",)), (_STUDENT_ID, ("student", "perm")), (_DOB, ("dob", "d.o.b.", "birth")))


def _record_patterns(text: str) -> list[re.Pattern[str]]:
    if not text.isascii():
        return [rx for rx, _ in _NEEDS]
    low = text.lower()
    return [rx for rx, words in _NEEDS if any(w in low for w in words)]


# A person named in the sentence: two capitalised words (see names_person).
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)(?:\s[A-Z]\.)?\s([A-Z][a-z]{2,})\b")
# Capitalised words that start headings and titles, never a person's name.
_NOT_NAMES = frozenset(
    "the a an and of for to in on at by with from dear please thank thanks hello hi district school "
    "board office department unified high middle elementary academy center services program team staff "
    "student students parent parents teacher teachers principal superintendent human resources open "
    "enrollment benefits performance evaluation evaluations report card reports test scores grade grades "
    "special education plan attendance record records date birth social security medical health annual "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december new year spring fall winter summer break north south "
    "east west street avenue road california concord walnut creek pleasant hill clayton".split()
)


def reported(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` are quoted or reported speech in their sentence."""
    before = text[sentence_at(text, pos)[0] : pos]
    return bool(REPORTING.search(before)) or '"' in before or "“" in before


def names_person(sentence: str) -> bool:
    """Whether ``sentence`` names a person: "Maria Lopez", not "Open Enrollment"."""
    words = sentence.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    if words and capitalised / len(words) > 0.5:
        return False  # a heading or a title, not a sentence about someone
    return any(
        m.group(1).lower() not in _NOT_NAMES and m.group(2).lower() not in _NOT_NAMES
        for m in _FULL_NAME.finditer(sentence)
    )
# A value that makes a record mention a disclosure: a number or a letter grade.
_VALUE = re.compile(r"\d|\b[A-F][+-]?(?=[\s.,;]|$)|\b(?:failing|passing|fails|failed)\b")
# "her salary", "his IEP goals": a pronoun owning the record.
_POSSESSIVE = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}$", re.I)
# Reporting what someone else said or wrote is not saying it.
REPORTING = re.compile(
    r"\b(?:said|says|told|wrote|posted|texted|threatened|heard|reported|report|called|yelled|shouted|"
    r"used|using|typed|overheard|screamed|claims|claimed)\b",
    re.I,
)
_MEDIA_WORDS = re.compile(r"\b(?:photos?|pictures?|pics?|videos?|images?|footage|recording)\b", re.I)
_STUDENT_WORDS = re.compile(r"\b(?:students?|kids?|children|child|class(?:room)?|pupils?|my (?:\d(?:st|nd|rd|th) )?graders?|team|players?)\b", re.I)


def _sentence_spans(text: str, words: re.Pattern[str], require) -> list[Span]:
    """Where ``words`` occur in sentences that ``require`` accepts."""
    out = []
    for a, b in sentences(text):
        s = text[a:b]
        m = words.search(s)
        if not m:
            continue
        if require(s):
            out.append(Span(a + m.start(), a + m.end()))
    return out


class StudentOrPersonnelRecords(Rule):
    """Confidential student or personnel records in an e-mail.

    What it does:
        Flags grades, test scores, attendance, IEP/504, discipline, health or medical
        details, student ID numbers, Social Security numbers, dates of birth and personnel
        evaluations or salaries when they are tied to a person in the same sentence (a
        full name, "your son", "the student", "her salary"…). Grades, scores and report
        cards count only with a value beside them ("a C- in math"), so "report cards go
        home Friday" is not flagged. An error when any recipient is
        outside the District's mail domains; a warning when all are inside.

    Why:
        Pupil and personnel records are confidential by law (FERPA, Education Code) and
        may be shared only on District-approved secured connections, by authorized
        people, with authorized people.

    Example:
        To a gmail address: "Maria Lopez has 14 unexcused absences and is failing
        Algebra."

    Policy:
        BP 1114, Social Media Protocol, items 3–4: "Never share confidential or
        privileged information about students or personnel (e.g., grades, attendance
        records, or other pupil/personnel record information)." and "Confidential or
        privileged information about students or personnel … may be shared only on
        District-approved secured connections by authorized individuals to authorized
        persons."

    Fix:
        None: use the District's secured systems (e.g. the student information system)
        instead of e-mail.
    """

    code = "CF101"
    name = "student-or-personnel-records"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 3–4"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        spans = [Span(m.start(), m.end()) for rx in _record_patterns(text) for m in rx.finditer(text)]
        person = phrases("records", "person")
        strong = [(a, b, True) for a, b, _ in phrases("records", "terms").matches(text)]
        weak = [(a, b, False) for a, b, _ in phrases("records", "needs_value").matches(text)]
        for start, end, alone in strong + weak:
            a, b = sentence_at(text, start)
            s = text[a:b]
            if not alone and not _VALUE.search(s):
                continue
            if names_person(s) or person.search(s) or _POSSESSIVE.search(text[a:start]):
                spans.append(Span(start, end))
        if not spans:
            return
        spans = sorted(set(spans))[:10]
        if ctx.any_external:
            yield self.hint(ctx, "Student or personnel record details are going outside the District: use a secured District system instead.", spans=spans)
        else:
            yield self.hint(ctx, "This contains student or personnel record details: share them only with people authorized to see them.", spans=spans, severity=Severity.WARNING)


class IdentifyingStudentMedia(Rule):
    """Photos or videos of students going outside the District.

    What it does:
        Flags, when any recipient is outside the District, image or video attachments
        (not signature images) in a message that talks about students, or a student's
        full name mentioned with "photo", "video" or "picture".

    Why:
        Identifying student information, names, photos and videos may not be published
        without the written, informed consent of the parent or guardian and the principal.

    Example:
        Sending the class field-trip photos to a newspaper's address.

    Policy:
        BP 1114, Social Media Protocol, item 3: "Never post any identifying student
        information including names, videos and photographs on any school-based, personal
        or professional online forum or social networking website, without the written,
        informed consent of the child's parent/legal guardian and the principal."

    Fix:
        None: check you have written consent, or share through a District-approved
        platform.
    """

    code = "CF102"
    name = "identifying-student-media"
    severity = Severity.WARNING
    citation = "BP 1114, Social Media Protocol 3"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if not ctx.any_external:
            return
        text = ctx.text
        # Inline images are usually logos and signatures; count attached ones and videos.
        media = [a for a in ctx.draft.attachments if a.is_video or (a.is_image and not a.inline)]
        if media and _STUDENT_WORDS.search(text):
            names = ", ".join(a.filename or a.content_type for a in media[:3])
            yield self.hint(ctx, f"Student photos or videos ({names}) are going outside the District: make sure you have written consent.", field="attachments")
            return
        spans = _sentence_spans(text, _MEDIA_WORDS, lambda s: names_person(s) and bool(_STUDENT_WORDS.search(s)))
        if spans:
            yield self.hint(ctx, "A student's name with photos or videos is going outside the District: make sure you have written consent.", spans=spans)


class HarassingOrDerogatory(Rule):
    """Harassing, derogatory or bullying language about a person.

    What it does:
        Flags slurs, and insults aimed at a person in the same clause ("that kid is an
        idiot", "she is so lazy", "you are pathetic"). Reported or quoted words ("a
        student reported being called …") are not flagged. Insults about things ("this form
        is useless") are not flagged.

    Why:
        Such comments about a student or employee are prohibited, whatever the channel,
        and are grounds for discipline.

    Example:
        "Honestly that student is a lazy brat and his mother is worse."

    Policy:
        BP 1114, Social Media Protocol, item 7: "Posting inappropriate threatening,
        harassing, racist, biased, derogatory, disparaging or bullying comments toward or
        about any student or employee … is prohibited and will subject an employee to
        discipline."

    Fix:
        None: rewrite it, describing behaviour and facts, not the person.
    """

    code = "CF201"
    name = "harassing-or-derogatory"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 7"

    _aimed: re.Pattern[str] | None = None

    @classmethod
    def aimed(cls) -> re.Pattern[str]:
        if cls._aimed is None:
            t = terms()["harassing"]
            targets = "|".join(re.escape(x) for x in sorted(t["targets"], key=len, reverse=True))
            insults = "|".join(re.escape(x) for x in sorted(t["insults"], key=len, reverse=True))
            cls._aimed = re.compile(
                rf"\b(?:{targets})\s+(?:is|are|was|were|'s|’s|'re|’re|seems|acts)\s+"
                rf"(?:(?:such|so|really|just|totally|completely|a|an|the|most|being|like)\s+){{0,3}}"
                rf"(?:{insults})\b",
                re.I,
            )
        return cls._aimed

    # Where a verb of aimed() follows whitespace, on lower-cased ASCII text.
    _VERB = re.compile(r"(?:is|are|was|were|'s|'re|seems|acts)(?=\s)")

    @classmethod
    def aimed_matches(cls, text: str) -> list[re.Match[str]]:
        """``aimed().finditer(text)``, without trying the pattern at every position.

        A match is a target, whitespace, then a verb. On ASCII text (where lower-casing
        is exactly the pattern's case folding) the pattern is tried only where a target
        ends right before whitespace and a verb: every position where it can match, so
        the matches, taken left to right without overlap, are finditer's.
        """
        rx = cls.aimed()
        if not text.isascii():
            return list(rx.finditer(text))
        low = text.lower()
        targets = {x.lower() for x in terms()["harassing"]["targets"]}
        lengths = sorted({len(x) for x in targets})
        starts: set[int] = set()
        for m in cls._VERB.finditer(low):
            w = m.start()
            if w == 0 or not low[w - 1].isspace():
                continue
            while w > 0 and low[w - 1].isspace():
                w -= 1
            starts.update(w - n for n in lengths if n <= w and low[w - n : w] in targets)
        out: list[re.Match[str]] = []
        pos = 0
        for p in sorted(starts):
            if p < pos:
                continue
            found = rx.match(text, p)
            if found:
                out.append(found)
                pos = found.end()
        return out

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        spans = phrases("harassing", "slurs").spans(text)
        spans += [Span(m.start(), m.end()) for m in self.aimed_matches(text)]
        # A counselor documenting what a student was called is reporting, not harassing.
        spans = [sp for sp in spans if not reported(text, sp.start)]
        if spans:
            yield self.hint(ctx, "This is derogatory about a person: describe behaviour and facts instead.", spans=sorted(set(spans)))


class Threat(Rule):
    """Threats of violence or harm.

    What it does:
        Flags threatening phrases ("I'll kill", "bring a gun", "watch your back",
        "you'll be sorry").

    Why:
        Threats are taken seriously and may lead to law-enforcement intervention and a
        formal threat assessment, even when meant as a joke.

    Example:
        "If he takes my parking spot again I'll kill him."

    Policy:
        BP 1114, Social Media Protocol, item 8: "Threats are taken seriously and are
        subject to law enforcement intervention, including but not limited to, formal
        threat assessments."

    Fix:
        None: remove it. If you are reporting a threat, say so plainly and contact your
        administrator.
    """

    code = "CF202"
    name = "threat"
    severity = Severity.ERROR
    citation = "BP 1114, Social Media Protocol 8"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        spans = []
        for start, end, _ in phrases("threats", "patterns").matches(text):
            # Reporting someone else's threat to the right people is not a threat.
            if not reported(text, start):
                spans.append(Span(start, end))
        if spans:
            yield self.hint(ctx, "This reads as a threat: remove it (threats can lead to a formal threat assessment).", spans=spans)


class ExplicitContent(Rule):
    """Sexual or explicit content.

    What it does:
        Flags sexually explicit words and phrases, except in sex-education, Title IX
        and harassment-policy contexts.

    Why:
        No sexting or explicit content of any kind may be sent on District equipment,
        including its mail servers.

    Example:
        "lol send me the pics from last night, the naked pics too".

    Policy:
        BP 1114, Telephone and Mobile Phone Protocol, item C: "No sexting of any kind
        can be done on District-owned equipment, including servers."

    Fix:
        None: remove it.
    """

    code = "CF301"
    name = "explicit-content"
    severity = Severity.ERROR
    citation = "BP 1114, Telephone and Mobile Phone Protocol C"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        allowed = phrases("explicit", "allowed_contexts")
        spans = []
        for start, end, _ in phrases("explicit", "terms").matches(text):
            a, b = sentence_at(text, start)
            if not allowed.search(text[a:b]):
                spans.append(Span(start, end))
        if spans:
            yield self.hint(ctx, "This contains explicit content, which is not allowed on District mail.", spans=spans)
