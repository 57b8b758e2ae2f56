"""BP 1114, "Email Protocol for Employees", items A to K, as rules."""

from __future__ import annotations

import re
from typing import Iterable

from assistant.core.content import EMAIL_RE, PHONE_RE, ORG_RE, TITLE_RE, WORD_RE, find_notice_fragments
from assistant.core.model import Applicability, ComposeType, Hint, Severity, Span
from assistant.rules.base import Context, Rule, phrases, sentences, terms

_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|rv|tr|enc)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_GREETING_LINE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hola|buenos días)\b[^\n]{0,60}$", re.I)
_STOP = frozenset(
    "a an the and or but if of to in on at for from by with about into over after before as is are was were "
    "be been being it its this that these those i you he she we they me him her us them my your his our their "
    "will would can could should may might must do does did have has had not no yes so than then there here "
    "what which who whom when where why how all any each some more most other such only own same just also "
    "very too please thanks thank hi hello dear re fw fwd let know get got one two new see".split()
)


def strip_prefixes(subject: str) -> str:
    return _PREFIX.sub("", subject).strip()


def content_words(text: str) -> set[str]:
    out = set()
    for w in WORD_RE.findall(text.lower()):
        if len(w) >= 4 and w not in _STOP and not w.isdigit():
            out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


class GenericSubject(Rule):
    """Subject line is missing, a bare prefix, or too generic to summarise the message.

    What it does:
        Flags a subject that is empty, only "RE:"/"FW:", a generic phrase such as
        "Question", "FYI", "Update", "Urgent" or "Hola", or shorter than three words
        none of which says what the message is about. Replies and forwards keep the
        thread's subject, so for them only an empty or bare-prefix subject is flagged.

    Why:
        People sort and prioritise mail by its subject; a generic one hides what the
        message is about and gets it lost or ignored.

    Example:
        Subject: "Question" (to a parent) — better: "Field trip permission slip due Friday".

    Policy:
        BP 1114, Email Protocol A: "Use the 'Subject Line' to clearly summarize your
        message. Properly titled messages help people organize and prioritize their
        email. Avoid generic subject lines."

    Fix:
        None (the author decides); a subject drawn from the body's first sentence is
        suggested for display only.
    """

    code = "EM101"
    name = "generic-subject"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol A"

    def check(self, ctx: Context) -> Iterable[Hint]:
        raw = ctx.draft.subject or ""
        subject = strip_prefixes(raw)
        suggestion = self.suggest(ctx)
        if not subject:
            what = "is empty" if not raw.strip() else f'is only "{raw.strip()}"'
            yield self.hint(ctx, f"The subject {what}: summarise the message in a few words.", field="subject", suggestion=suggestion, fix=False)
            return
        if ctx.draft.compose_type.is_response:
            return
        norm = re.sub(r"[^\w\s'+-]", "", subject.lower()).strip()
        norm = re.sub(r"\s+", " ", norm)
        if norm in phrases("generic_subject", "phrases").phrases or subject.lower() in phrases("generic_subject", "phrases").phrases:
            yield self.hint(ctx, f'"{subject}" is a generic subject: say what the message is about.', field="subject", suggestion=suggestion, fix=False)
            return
        ws = WORD_RE.findall(subject)
        vague = set(terms()["generic_subject"]["vague_words"])
        threshold = ctx.policy.threshold("subject_min_words")
        if len(ws) < threshold and all(w.lower() in vague for w in ws):
            yield self.hint(ctx, f'"{subject}" does not say what the message is about: use a specific subject.', field="subject", suggestion=suggestion, fix=False)

    @staticmethod
    def suggest(ctx: Context) -> str | None:
        for a, b in sentences(ctx.text):
            s = ctx.text[a:b].strip()
            if not s or _GREETING_LINE.match(s) or len(WORD_RE.findall(s)) < 3:
                continue
            ws = s.rstrip(".!?").split()
            return " ".join(ws[:9]) + ("…" if len(ws) > 9 else "")
        return None


class NewTopicInOldThread(Rule):
    """A new conversation started by replying to an old or unrelated message.

    What it does:
        For a reply, flags new text written into a thread whose last message is older
        than the threshold (30 days by default), or new text that shares no content
        words at all with the thread's subject and quoted history.

    Why:
        Replying to an old message to raise a new subject buries the new subject under
        an unrelated title and history, and recipients file it in the wrong place.

    Example:
        Replying to September's "Back to school night" thread in November to ask about
        report card comments.

    Policy:
        BP 1114, Email Protocol A: "If you are starting a new conversation, don't reply
        to an old email that has a different subject."

    Fix:
        None: start a new message with its own subject.
    """

    code = "EM102"
    name = "new-topic-in-old-thread"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol A"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if ctx.draft.compose_type not in (ComposeType.REPLY, ComposeType.REPLY_ALL):
            return
        days = ctx.policy.threshold("old_thread_days")
        replied, now = ctx.replied_date, ctx.draft.date
        if replied and now:
            if (replied.tzinfo is None) != (now.tzinfo is None):
                replied, now = replied.replace(tzinfo=None), now.replace(tzinfo=None)
            age = (now - replied).days
            if age > days:
                yield self.hint(ctx, f"You are replying to a message from {age} days ago: if this is a new subject, start a new message.", field="subject")
                return
        new = content_words(ctx.text)
        old = content_words(strip_prefixes(ctx.draft.subject or "") + " " + ctx.content.quoted_text[:20000])
        if len(new) >= 12 and len(old) >= 12 and not (new & old):
            yield self.hint(ctx, "Your text shares nothing with the thread it replies to: start a new message with its own subject.", field="subject")


class CcOveruse(Rule):
    """Too many people on Cc.

    What it does:
        Flags more Cc recipients than the threshold (5), or a Cc list more than twice
        as long as the To list when it has at least 4 people. Distribution lists count
        by their expanded size when the mail server could expand them.

    Why:
        Every Cc is a message someone has to open and file; copying people who are not
        directly involved clutters inboxes.

    Example:
        A note to one parent with the whole grade-level team and the office on Cc.

    Policy:
        BP 1114, Email Protocol B: "Be cautious with the 'CC (Carbon Copy)' function.
        Overuse simply clutters inboxes. Copy only people who are directly involved."

    Fix:
        None: remove the people who are not directly involved.
    """

    code = "EM201"
    name = "cc-overuse"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol B"

    def check(self, ctx: Context) -> Iterable[Hint]:
        cc = sum(r.count for r in ctx.draft.cc)
        to = sum(r.count for r in ctx.draft.to)
        p = ctx.policy
        if cc > p.threshold("cc_max") or (cc >= p.threshold("cc_ratio_min") and cc > p.threshold("cc_to_ratio") * to):
            yield self.hint(ctx, f"{cc} people are on Cc: copy only those directly involved.", field="cc")


class ReplyAllCaution(Rule):
    """A short acknowledgement sent with Reply All.

    What it does:
        Flags a reply to three or more people whose new text is only an
        acknowledgement ("Thanks!", "Got it", "+1", "See you there") in under 25 words.

    Why:
        A "thanks" to everyone creates work for all the people who did not need it.

    Example:
        Replying "Thank you!" to the principal's staff-wide announcement.

    Policy:
        BP 1114, Email Protocol C: "Use the 'Reply All' button carefully. You may end up
        broadcasting your response to many more people than intended and create work for
        those who do not need to see your response."

    Fix:
        Safe: reply to the sender only (the other recipients are removed; your words stay).
    """

    code = "EM301"
    name = "reply-all-caution"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol C"
    fix = "reply-sender-only"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        d = ctx.draft
        if d.compose_type not in (ComposeType.REPLY, ComposeType.REPLY_ALL):
            return
        n = sum(r.count for r in d.visible_recipients)
        if n < ctx.policy.threshold("reply_all_min_recipients"):
            return
        if not 0 < ctx.word_count < ctx.policy.threshold("reply_all_max_words"):
            return
        acks = phrases("acknowledgements", "phrases")
        found = acks.spans(ctx.text)
        if not found:
            return
        acks_removed = ctx.text
        for m in reversed(found):
            acks_removed = acks_removed[: m.start] + " " + acks_removed[m.end :]
        courtesy = set(terms()["acknowledgements"]["courtesy"])
        names = {w.lower() for r in d.all_recipients for w in WORD_RE.findall(r.name)}
        if d.sender:
            names |= {w.lower() for w in WORD_RE.findall(d.sender.name)}
        leftover = [w for w in WORD_RE.findall(acks_removed) if w.lower() not in courtesy and w.lower() not in names]
        # A first name or initials may remain; anything more is real content.
        if len(leftover) > 2:
            return
        spans = found
        yield self.hint(ctx, f"This short acknowledgement goes to {n} people: reply to the sender only.", spans=spans, field="to")


class BccForLargeGroup(Rule):
    """A large group addressed in To/Cc instead of Bcc.

    What it does:
        Flags a message whose visible recipients (To + Cc, distribution lists counted
        by their expanded size when the server could expand them) reach the threshold
        (10 by default).

    Why:
        With Bcc every recipient sees only their own address and yours, addresses are
        not exposed, and an accidental Reply All reaches only you.

    Example:
        A teacher e-mailing 28 parents with all addresses in To.

    Policy:
        BP 1114, Email Protocol D: "Use the 'BCC (Blind Carbon copy)' when addressing a
        message that will go to a large group of people, so recipients won't have to see
        a huge list of names."

    Fix:
        Safe: move To and Cc to Bcc and put the sender in To.
    """

    code = "EM401"
    name = "bcc-for-large-group"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol D"
    fix = "bcc"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        n = sum(r.count for r in ctx.draft.visible_recipients)
        if n >= ctx.policy.threshold("bcc_min_recipients"):
            yield self.hint(ctx, f"{n} recipients can see each other's addresses: put them in Bcc.", field="to")


class NoticeMissing(Rule):
    """The District confidentiality notice is missing from the message.

    What it does:
        Flags new text that does not contain the confidentiality notice of BP 1114 E
        (compared word by word, ignoring case, spacing, line wrapping and HTML). An
        altered or partial copy does not count. A notice only in the quoted history is
        reported by EM502 instead.

    Why:
        The notice is mandatory on all District e-mail; it protects privileged and
        confidential information sent by mistake to the wrong person.

    Example:
        A reply to a parent that ends with the signature and no notice.

    Policy:
        BP 1114, Email Protocol E: "All District Email shall contain the following
        confidentiality notice which shall appear beneath the employee's signature and
        contact information."

    Fix:
        Safe: insert the verbatim notice directly beneath the signature.
    """

    code = "EM501"
    name = "confidentiality-notice-missing"
    severity = Severity.ERROR
    citation = "BP 1114, Email Protocol E"
    fix = "notice"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if c.notices or c.notice_in_quote:
            return
        partial = find_notice_fragments(c.new_text, ctx.policy.notice_words)
        if partial:
            yield self.hint(ctx, "The confidentiality notice has been altered or cut short: use the District's exact text.", spans=partial[:1])
        else:
            yield self.hint(ctx, "Add the District confidentiality notice beneath your signature.")


class NoticeMisplaced(Rule):
    """The confidentiality notice is above the signature, repeated, or only in the quote.

    What it does:
        Flags a notice that stands above the signature instead of beneath it, appears
        more than once in the new text, or appears only inside the quoted history (so
        it is not part of what you are writing).

    Why:
        The policy places the notice beneath the signature and contact information; a
        notice only in the quoted history belongs to someone else's message.

    Example:
        A notice pasted at the top of a message, or a reply whose only notice is the one
        in the original message below.

    Policy:
        BP 1114, Email Protocol E: "… confidentiality notice which shall appear beneath
        the employee's signature and contact information."

    Fix:
        Safe: place one notice directly beneath the signature (the quoted history is
        never changed).
    """

    code = "EM502"
    name = "confidentiality-notice-misplaced"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol E"
    fix = "notice"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if not c.notices:
            if c.notice_in_quote:
                yield self.hint(ctx, "The notice is only in the quoted message: add it beneath your own signature.")
            return
        if len(c.notices) > 1:
            yield self.hint(ctx, f"The confidentiality notice appears {len(c.notices)} times: keep one, beneath your signature.", spans=c.notices)
            return
        sig = c.signature
        if sig is not None and c.notices[0].end <= sig.start:
            yield self.hint(ctx, "Move the confidentiality notice beneath your signature.", spans=c.notices)


class MessageTooLong(Rule):
    """The message is long.

    What it does:
        Flags new text longer than the threshold (250 words by default), not counting
        the signature, the notice or the quoted history.

    Why:
        Long messages are skimmed; the request or decision gets lost.

    Example:
        A 600-word update to staff that could be three bullet points and a link.

    Policy:
        BP 1114, Email Protocol G: "Keep messages brief and to the point."

    Fix:
        None: shorten, or move details to an attachment or link.
    """

    code = "EM601"
    name = "message-too-long"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol G"

    def check(self, ctx: Context) -> Iterable[Hint]:
        limit = ctx.policy.threshold("max_words")
        if ctx.word_count > limit:
            yield self.hint(ctx, f"Your text is {ctx.word_count} words: keep it under {limit}, brief and to the point.")


class SeveralSubjects(Rule):
    """One message covers several unrelated subjects.

    What it does:
        Counts phrases that open an unrelated subject ("On another note", "Separately,",
        "Also, unrelated:", "By the way") and flags two or more.

    Why:
        A second subject inside a message is easy to miss and hard to find later.

    Example:
        A note about the field trip that also asks about parking permits and the
        holiday potluck.

    Policy:
        BP 1114, Email Protocol G: "Concentrate on one subject per message whenever
        possible."

    Fix:
        None: send one message per subject.
    """

    code = "EM602"
    name = "several-subjects"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol G"

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = phrases("topic_shifts", "phrases").spans(ctx.text)
        if len(found) >= ctx.policy.threshold("topic_shifts"):
            yield self.hint(
                ctx,
                f"This message changes subject {len(found)} times: send one message per subject.",
                spans=found,
            )


class SignatureMissing(Rule):
    """No signature with your name and contact information.

    What it does:
        Flags new text without a signature block that has the sender's name and at
        least one contact line: a phone number, an e-mail address, or a title with a
        school or department.

    Why:
        Parents and colleagues need to know who wrote and how to reach them.

    Example:
        A message that ends with just "- J".

    Policy:
        BP 1114, Email Protocol H: "Use a signature that includes contact information to
        ensure that people know who you are."

    Fix:
        Safe: insert your configured signature at the end of your text (above any quoted
        history), once.
    """

    code = "EM701"
    name = "signature-missing"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol H"
    fix = "signature"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if not c.new_text.strip():
            return
        sig = c.signature_text
        if not sig:
            yield self.hint(ctx, "Add a signature with your name and contact information.")
            return
        has_contact = bool(PHONE_RE.search(sig) or EMAIL_RE.search(sig) or (TITLE_RE.search(sig) and ORG_RE.search(sig)))
        if not has_contact:
            yield self.hint(ctx, "Your signature has no contact line: add your phone, e-mail, or title and school.", spans=[c.signature] if c.signature else ())


class TooManyColors(Rule):
    """Many text or highlight colours.

    What it does:
        Counts distinct text and highlight colours in the new text of an HTML message,
        ignoring black and greys and link colours, and flags more than the threshold (2).

    Why:
        Not every mail program shows colours the same way, and colourful text is hard to
        read and looks unprofessional.

    Example:
        A newsletter-style note in red, green, purple and orange.

    Policy:
        BP 1114, Email Protocol I: "Watch formatting. Do not overuse colors or graphics
        in your message, because not everyone uses an email program that can display
        the." (sic)

    Fix:
        Unsafe (previewed first): remove the colours.
    """

    code = "EM801"
    name = "too-many-colors"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "colors"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        colors = ctx.content.style.colors
        if len(colors) > ctx.policy.threshold("max_colors"):
            yield self.hint(ctx, f"{len(colors)} colours are used ({', '.join(colors[:5])}): keep to plain text colour.")


class NonStandardFont(Rule):
    """A non-standard font, or too many fonts.

    What it does:
        Flags font families outside the District's list (Calibri, Aptos, Arial,
        Helvetica, Times New Roman, Georgia, Verdana, Tahoma, Segoe UI, Cambria and the
        generic families), or more than two families in the new text.

    Why:
        Decorative fonts are replaced or garbled on other devices and are hard to read.

    Example:
        A message in Comic Sans MS or Papyrus.

    Policy:
        BP 1114, Email Protocol I: "Examples of these include 'cute' pictures,
        non-standard fonts and colorful page backgrounds."

    Fix:
        Unsafe (previewed first): use the default font.
    """

    code = "EM802"
    name = "non-standard-font"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "fonts"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        fonts = ctx.content.style.fonts
        allowed = ctx.policy.allowed_fonts
        odd = [f for f in fonts if f.lower() not in allowed]
        families = {f.lower() for f in fonts}
        if odd:
            yield self.hint(ctx, f"{', '.join(odd[:3])} is not a standard font: use the default font.")
        elif len(families) > ctx.policy.threshold("max_font_families"):
            yield self.hint(ctx, f"{len(families)} fonts are mixed: use one font.")


_CLIPART = re.compile(r"clip-?art|smiley|emoji|emoticon|animated|sparkle|glitter|divider|border|balloon|confetti|clipart", re.I)


class BackgroundOrDecoration(Rule):
    """Page backgrounds, animated GIFs or decorative pictures.

    What it does:
        Flags a page, table or block background colour or image, animated GIFs, and
        clip-art style pictures outside the signature in the new text of an HTML message.
        Ordinary photos and images in the signature are not flagged.

    Why:
        Backgrounds and decorations make messages hard to read on other devices, large
        to download, and look unprofessional.

    Example:
        A message on a yellow stationery background with a dancing-turkey GIF.

    Policy:
        BP 1114, Email Protocol I: "Examples of these include 'cute' pictures,
        non-standard fonts and colorful page backgrounds."

    Fix:
        Unsafe (previewed first): remove backgrounds (pictures are left for you to remove).
    """

    code = "EM803"
    name = "background-or-decoration"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol I"
    fix = "background"
    applicability = Applicability.UNSAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        style = ctx.content.style
        what = list(style.backgrounds)
        for img in style.images:
            tiny = (img.width or 99) <= 2 and (img.height or 99) <= 2  # tracking pixels
            name = f"{img.src} {img.alt}"
            if tiny:
                continue
            if img.src.lower().split("?")[0].endswith(".gif") or "image/gif" in img.src.lower():
                what.append("an animated GIF" if not img.in_signature else "a GIF in the signature")
            elif not img.in_signature and _CLIPART.search(name):
                what.append("a decorative picture")
        if what:
            yield self.hint(ctx, f"Remove decorations: {', '.join(dict.fromkeys(what))}.", fix=bool(style.backgrounds))


class AllCaps(Rule):
    """Text in ALL CAPITAL LETTERS.

    What it does:
        Flags a subject written in capitals, a run of four or more all-caps words on one
        line, or a body where more than 30 % of the words of its sentences (lines of five
        or more words, so rosters and "KEY: VALUE" tables do not count) are in capitals. Known acronyms (IEP,
        ELA, MDUSD, CAASPP, PTA, K-12, … configurable) and words of three letters or
        fewer do not count.

    Why:
        Capitals read as shouting.

    Example:
        "PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY".

    Policy:
        BP 1114, Email Protocol I: "Also, using all CAPITAL LETTERS in an email appears
        to be shouting."

    Fix:
        Unsafe (previewed first): sentence case, acronyms kept.
    """

    code = "EM804"
    name = "all-caps"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol I"
    fix = "caps"
    applicability = Applicability.UNSAFE

    # Words of four or more letters: shorter tokens never count (RULES.md).
    # Tokens glued to digits or underscores (TRANS_TYPE, SC_ID) are codes, not words.
    # "[IMAGE]" placeholders are not words either.
    _LONG_WORD = re.compile(r"(?<![\w\[])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w\]])")

    @classmethod
    def shouted_words(cls, text: str, acronyms: frozenset[str]) -> tuple[list[re.Match[str]], int]:
        """(matches of the words that count, how many of them are shouted) in order."""
        counted = []
        shouted = 0
        for m in cls._LONG_WORD.finditer(text):
            w = m.group()
            if len(w) <= 3:
                continue
            if w.isupper():
                if w in acronyms or w.rstrip("S").rstrip("'’") in acronyms:
                    continue
                shouted += 1
            counted.append(m)
        return counted, shouted

    def check(self, ctx: Context) -> Iterable[Hint]:
        acr = ctx.policy.acronyms
        subject = strip_prefixes(ctx.draft.subject or "")
        words_, shouted_ = self.shouted_words(subject, acr)
        if words_ and shouted_ == len(words_) and subject.upper() == subject:
            yield self.hint(ctx, "The subject is in capitals, which reads as shouting: use sentence case.", field="subject")
        counted, shouted_total = self.shouted_words(ctx.text, acr)
        if not shouted_total and ctx.policy.threshold("caps_ratio") >= 0:
            return  # no run and a zero ratio: the per-line walk below would find nothing
        text = ctx.text
        need = ctx.policy.threshold("caps_run")
        runs: list[Span] = []
        run: list[re.Match[str]] = []
        # Per line: a run never crosses a line break (rosters, key: VALUE tables),
        # and only prose lines (five or more counted words) enter the ratio.
        total = shouted = 0
        line_words: list[re.Match[str]] = []

        def end_run() -> None:
            if len(run) >= need:
                runs.append(Span(run[0].start(), run[-1].end()))
            run.clear()

        def end_line() -> None:
            nonlocal total, shouted
            if len(line_words) >= 5:
                total += len(line_words)
                shouted += sum(1 for w in line_words if w.group().isupper())
            line_words.clear()

        prev_end = 0
        for m in counted:
            if "\n" in text[prev_end : m.start()]:
                end_run()
                end_line()
            prev_end = m.end()
            line_words.append(m)
            if m.group().isupper():
                run.append(m)
            else:
                end_run()
        end_run()
        end_line()
        ratio_hit = total >= ctx.policy.threshold("caps_min_words") and shouted / total > ctx.policy.threshold("caps_ratio")
        if runs or ratio_hit:
            pct = round(100 * shouted / total) if total else 0
            msg = (
                f"{pct} % of your words are in capitals, which reads as shouting: use sentence case."
                if ratio_hit
                else "Words in capitals read as shouting: use sentence case."
            )
            yield self.hint(ctx, msg, spans=runs)


class PersonalContent(Rule):
    """Personal mail sent from the District account.

    What it does:
        Scores signs of personal life in the new text and subject (endearments and
        family talk count double; holidays, shopping and personal sales, sports pools,
        dating, social plans count once), subtracts signs of work, and flags the
        message as personal when the balance reaches 2.

    Why:
        District e-mail is for District business, and District mail is not private.

    Example:
        "Are you and your husband still coming to the BBQ this weekend? I'm selling my
        old couch too if you want it."

    Policy:
        BP 1114, Email Protocol J: "Direct personal email to your home email account.
        District email resources are intended solely for District-related business."

    Fix:
        None: send it from your home account.
    """

    code = "EM901"
    name = "personal-content"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol J"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text + "\n" + strip_prefixes(ctx.draft.subject or "")
        strong = phrases("personal", "strong").found(text)
        weak = phrases("personal", "phrases").found(text) - strong
        score = 2 * len(strong) + len(weak)
        need = terms()["personal"]["min_score"]
        if score < need:
            return
        business = phrases("personal", "business").found(text)
        if score - len(business) >= need:
            spans = (phrases("personal", "strong").spans(ctx.text) + phrases("personal", "phrases").spans(ctx.text))[:5]
            yield self.hint(ctx, "This reads as personal mail: send it from your home account.", spans=sorted(set(spans)))


class ChainLetterHoaxOrJoke(Rule):
    """Chain letters, virus hoaxes, junk and jokes.

    What it does:
        Flags chain-letter and hoax phrasing ("forward this to 10 people", "do not open
        any email titled…", "this is not a hoax", "everyone in your address book") and
        jokes (a phrase that announces one, such as "thought you might enjoy this", or
        two joke markers in your own text and subject, three with the forwarded text). For a forward, the forwarded message is what
        you are sending, so it is checked too: the one exception to "quoted history is
        never linted".

    Why:
        Chain mail and jokes waste everyone's time and clog District mail; virus alarms
        are almost always hoaxes and cause panic.

    Example:
        "FW: FW: Warning!! Do not open any email titled 'Happy Holidays' — forward this
        to everyone you know."

    Policy:
        BP 1114, Email Protocol K: "Don't send chain letters, virus warnings, junk mail,
        or jokes. Always check a reputable antivirus web site or the Technology and
        Information Services Department before sending out an alarm."

    Fix:
        None: don't send it; ask the Technology and Information Services Department
        about any virus alarm.
    """

    code = "EM902"
    name = "chain-letter-hoax-or-joke"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol K"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        # A forward (by compose type, or a "Forwarded by"/"Original Message" block under
        # a new message) sends the forwarded text on: it is part of what is checked.
        is_forward = ctx.draft.compose_type is ComposeType.FORWARD or (
            ctx.draft.compose_type is ComposeType.NEW and ctx.content.quote_marker == "separator"
        )
        forwarded = ctx.content.quoted_text[:50000] if is_forward else ""
        chain = phrases("chain", "phrases")
        if len(chain.found(text) | chain.found(forwarded)) >= 2:
            spans = chain.spans(text)[:5]
            yield self.hint(ctx, f"This looks like a chain letter or hoax: don't forward it; ask the {ctx.policy.help_desk} about any virus alarm.", spans=spans)
            return
        subject = ctx.draft.subject or ""
        jokes, strong = phrases("chain", "jokes"), phrases("chain", "jokes_strong")
        own = jokes.found(text) | jokes.found(subject)
        # A long forwarded text says "joke" or "haha" in passing: it needs a third marker.
        weak = len(own) >= 2 or len(own | jokes.found(forwarded)) >= 3
        if weak or strong.search(text) or strong.search(subject) or strong.search(forwarded):
            spans = sorted(set(jokes.spans(text) + strong.spans(text)))[:5]
            yield self.hint(ctx, "Jokes are not District business: don't send them from District mail.", spans=spans)
