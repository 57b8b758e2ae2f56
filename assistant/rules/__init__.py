"""The rule catalogue (RULES.md): one table of codes, one class per rule."""

from __future__ import annotations

from assistant.rules.base import Context, Rule
from assistant.rules.confidentiality import (
    ExplicitContent,
    HarassingOrDerogatory,
    IdentifyingStudentMedia,
    StudentOrPersonnelRecords,
    Threat,
)
from assistant.rules.email_protocol import (
    AllCaps,
    BackgroundOrDecoration,
    BccForLargeGroup,
    CcOveruse,
    ChainLetterHoaxOrJoke,
    GenericSubject,
    MessageTooLong,
    NewTopicInOldThread,
    NonStandardFont,
    NoticeMisplaced,
    NoticeMissing,
    PersonalContent,
    ReplyAllCaution,
    SeveralSubjects,
    SignatureMissing,
    TooManyColors,
)

# The code table: code -> rule class, in catalogue order.
RULES: dict[str, type[Rule]] = {
    r.code: r
    for r in (
        GenericSubject,
        NewTopicInOldThread,
        CcOveruse,
        ReplyAllCaution,
        BccForLargeGroup,
        NoticeMissing,
        NoticeMisplaced,
        MessageTooLong,
        SeveralSubjects,
        SignatureMissing,
        TooManyColors,
        NonStandardFont,
        BackgroundOrDecoration,
        AllCaps,
        PersonalContent,
        ChainLetterHoaxOrJoke,
        StudentOrPersonnelRecords,
        IdentifyingStudentMedia,
        HarassingOrDerogatory,
        Threat,
        ExplicitContent,
    )
}


def all_rules() -> list[type[Rule]]:
    return list(RULES.values())


def get_rule(code: str) -> type[Rule] | None:
    return RULES.get(code.upper())


__all__ = ["RULES", "Context", "Rule", "all_rules", "get_rule"]
