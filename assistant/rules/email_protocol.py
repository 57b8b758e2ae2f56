"""BP 1114, "Email Protocol for Employees", items A to K: every EM rule by name.

The rules live in one module per policy section (``subject_thread``,
``recipients``, ``notice_signature``, ``length_topics``, ``formatting``,
``personal_use``); this module only re-exports them for older imports.
The registry is ``assistant.rules.RULE_MODULES``.
"""

from __future__ import annotations

from assistant.rules.base import strip_prefixes
from assistant.rules.formatting import AllCaps, BackgroundOrDecoration, NonStandardFont, TooManyColors
from assistant.rules.length_topics import MessageTooLong, SeveralSubjects
from assistant.rules.notice_signature import NoticeMisplaced, NoticeMissing, SignatureMissing
from assistant.rules.personal_use import ChainLetterHoaxOrJoke, PersonalContent
from assistant.rules.recipients import BccForLargeGroup, CcOveruse, ReplyAllCaution
from assistant.rules.subject_thread import GenericSubject, NewTopicInOldThread, content_words

__all__ = [
    "AllCaps",
    "BackgroundOrDecoration",
    "BccForLargeGroup",
    "CcOveruse",
    "ChainLetterHoaxOrJoke",
    "GenericSubject",
    "MessageTooLong",
    "NewTopicInOldThread",
    "NonStandardFont",
    "NoticeMisplaced",
    "NoticeMissing",
    "PersonalContent",
    "ReplyAllCaution",
    "SeveralSubjects",
    "SignatureMissing",
    "TooManyColors",
    "content_words",
    "strip_prefixes",
]
