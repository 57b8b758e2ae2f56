"""Where quoted history starts: assistant.core.quotes.find_quote_start.

Every example here is written for this project (District names, addresses and
dates are made up); none is copied from a corpus. Each header-block style the
detector knows has an English and a Spanish case, and the must-not-split cases
are lines that look like headers in ordinary District mail.
"""

from __future__ import annotations

import pytest

from assistant.core.quotes import (
    NEW,
    QUOTE_BODY,
    QUOTE_HEADER,
    find_quote_start,
    zones,
)

NEW_TEXT = [
    "Hi Michael,",
    "",
    "I can take Tuesday and Thursday morning yard duty.",
    "",
    "Dana Whitfield",
    "Walnut Acres Elementary",
    "",
]
OLD_BODY = ["", "Here is the new yard duty schedule for December.", "Michael"]
NEW_TEXT_ES = [
    "Hola Sra. López:",
    "",
    "Sí, la boleta de permiso se entrega el viernes.",
    "",
    "Dana Whitfield",
    "",
]
OLD_BODY_ES = ["", "¿La boleta se entrega el viernes? Sofía perdió la suya.", "María"]

START = len(NEW_TEXT)
START_ES = len(NEW_TEXT_ES)


def split(header: list[str], spanish: bool = False) -> tuple[int, str] | None:
    lines = (NEW_TEXT_ES if spanish else NEW_TEXT) + header + (OLD_BODY_ES if spanish else OLD_BODY)
    found = find_quote_start(lines)
    return None if found is None else (found.line, found.reason)


# -- header blocks, by structure ---------------------------------------------------

HEADER_BLOCKS = {
    "outlook": [
        "From: Michael Okafor <okaform@mdusd.org>",
        "Sent: Monday, November 16, 2026 4:05 PM",
        "To: Walnut Acres Staff",
        "Subject: Yard duty schedule",
    ],
    "outlook, tab-separated and another order": [
        "From:\tOkafor, Michael",
        "To:\tWhitfield, Dana",
        "Subject:\tYard duty",
        "Date:\t11/16/2026 4:05 PM",
    ],
    "outlook, bold labels": [
        "*From:* Michael Okafor [mailto:okaform@mdusd.org]",
        "*Sent:* Monday, November 16, 2026 4:05 PM",
        "*To:* Dana Whitfield",
    ],
    "lotus notes: name line, date line, then To/cc/Subject, indented with tabs": [
        "\tMichael Okafor",
        "\t11/16/2026 04:05 PM",
        "\t\t ",
        "\t\t To: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "\t\t cc: ",
        "\t\t Subject: Yard duty schedule",
    ],
    "lotus notes: quoted name and address on a date": [
        '"Michael Okafor" <okaform@mdusd.org> on 12/04/2026 10:31:32 AM',
        "To: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "cc: ",
        "Subject: Yard duty schedule",
    ],
    "lotus notes: address on a date, wrapped To list": [
        "OkaforM@mdusd.org on 11/06/2026 06:50:07 AM",
        "To: Dana Whitfield/WalnutAcres/MDUSD@MDUSD, Lee Park/WalnutAcres/MDUSD@MDUSD, ",
        "Ana Ruiz/WalnutAcres/MDUSD@MDUSD",
        "cc: ",
        "Subject: Yard duty schedule",
    ],
    "lotus notes: name and date in columns": [
        "   Michael Okafor                11/16/2026 04:05 PM",
        "",
        "To: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "cc: ",
        "Subject: Yard duty schedule",
    ],
    "lotus notes: name, Sent by, date": [
        "\tMichael Okafor",
        "\tSent by: Front Office",
        "\t11/16/2026 04:05 PM",
        "\t\t To: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "\t\t Subject: Yard duty schedule",
    ],
    "apple mail forward, subject first": [
        "Subject: Yard duty schedule",
        "From: Michael Okafor <okaform@mdusd.org>",
        "Date: November 16, 2026 at 4:05:12 PM PST",
        "To: Dana Whitfield <whitfieldd@mdusd.org>",
    ],
}

HEADER_BLOCKS_ES = {
    "outlook": [
        "De: María López <maria.lopez.familia@example.com>",
        "Enviado: lunes, 16 de noviembre de 2026 16:05",
        "Para: Dana Whitfield <whitfieldd@mdusd.org>",
        "Asunto: Excursión",
    ],
    "outlook, Fecha and CC, tabs": [
        "De:\tMaría López",
        "Fecha:\t16/11/2026 16:05",
        "Para:\tDana Whitfield",
        "CC:\tMichael Okafor",
        "Asunto:\tExcursión",
    ],
    "outlook, bold labels": [
        "*De:* María López [mailto:maria.lopez.familia@example.com]",
        "*Enviado:* lunes, 16 de noviembre de 2026 16:05",
        "*Para:* Dana Whitfield",
    ],
    "lotus notes: name line, date line, then Para/cc/Asunto": [
        "\tMaría López",
        "\t16/11/2026 04:05 PM",
        "\t\t Para: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "\t\t cc: ",
        "\t\t Asunto: Excursión",
    ],
    "lotus notes: quoted name and address on a date": [
        '"María López" <maria.lopez.familia@example.com> on 12/04/2026 10:31:32 AM',
        "Para: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "Asunto: Excursión",
    ],
    "lotus notes: address on a date": [
        "MariaLopez@example.com on 11/06/2026 06:50:07 AM",
        "Para: Dana Whitfield/WalnutAcres/MDUSD@MDUSD",
        "cc: ",
        "Asunto: Excursión",
    ],
}


@pytest.mark.parametrize("style", sorted(HEADER_BLOCKS))
def test_header_block_english(style: str) -> None:
    assert split(HEADER_BLOCKS[style]) == (START, "header-block")


@pytest.mark.parametrize("style", sorted(HEADER_BLOCKS_ES))
def test_header_block_spanish(style: str) -> None:
    assert split(HEADER_BLOCKS_ES[style], spanish=True) == (START_ES, "header-block")


def test_outlook_header_with_a_long_to_list() -> None:
    """A reply-all's To: line names many people by name only (nine names are eighteen
    words): still recipients, not a schedule's "To: 9:30 AM" (dev16)."""
    to = "; ".join(["Angela Moreno", "Marcus Bell", "Jenna Kowalski", "Luis Ortega", "Priya Raman",
                    "Tomás Herrera", "Helen Cho", "Patricia Delgado", "Dana Whitfield"])
    block = ["From: Maya Brooks", "Sent: Tuesday, February 6, 2026 1:15 PM", f"To: {to}", "Subject: Breakfast Friday"]
    assert split(block) == (START, "header-block")


def test_header_block_french_and_portuguese() -> None:
    fr = ["De : Michel Okafor", "Envoyé : lundi 16 novembre 2026 16:05", "À : Dana Whitfield", "Objet : Sortie"]
    pt = ["De: Miguel Okafor", "Enviada: segunda-feira, 16 de novembro de 2026 16:05", "Para: Dana", "Assunto: Passeio"]
    assert split(fr) == (START, "header-block")
    assert split(pt) == (START, "header-block")


def test_rule_line_above_a_header_block_belongs_to_the_quote() -> None:
    assert split(["________________________________"] + HEADER_BLOCKS["outlook"]) == (START, "header-block")
    assert split(["________________________________", ""] + HEADER_BLOCKS_ES["outlook"], spanish=True) == (
        START_ES,
        "header-block",
    )


def test_header_block_inside_a_gt_quote_is_found_in_the_quote_zones() -> None:
    lines = NEW_TEXT + ["> From: Michael Okafor <okaform@mdusd.org>", "> Sent: 11/16/2026 4:05 PM", "> To: Staff", ">", "> Here."]
    found = find_quote_start(lines)
    assert (found.line, found.reason) == (START, "header-block")
    z = zones(lines, found)
    assert z[START : START + 3] == [QUOTE_HEADER] * 3 and z[START + 4] == QUOTE_BODY


# -- separators ----------------------------------------------------------------------

SEPARATORS = {
    "original message": (["-----Original Message-----"] + HEADER_BLOCKS["outlook"], False),
    "gmail forward": (["---------- Forwarded message ---------"] + HEADER_BLOCKS["outlook"], False),
    "lotus forwarded by": (
        ["---------------------- Forwarded by Dana Whitfield/WalnutAcres/MDUSD on 11/16/2026 04:30 PM -----------"],
        False,
    ),
    "lotus forwarded by, wrapped": (
        [
            "---------------------- Forwarded by Dana Whitfield/WalnutAcres/MDUSD on 11/16/2026 ",
            "04:30 PM ---------------------------",
        ],
        False,
    ),
    "apple begin forwarded": (["Begin forwarded message:", ""] + HEADER_BLOCKS["outlook"], False),
    "mensaje original": (["----- Mensaje original -----"] + HEADER_BLOCKS_ES["outlook"], True),
    "mensaje reenviado": (["---------- Mensaje reenviado ----------"] + HEADER_BLOCKS_ES["outlook"], True),
    "reenviado por (lotus, spanish)": (
        ["----- Reenviado por Dana Whitfield/WalnutAcres/MDUSD el 16/11/2026 04:30 PM -----"],
        True,
    ),
}


@pytest.mark.parametrize("name", sorted(SEPARATORS))
def test_separator(name: str) -> None:
    header, spanish = SEPARATORS[name]
    assert split(header, spanish) == (START_ES if spanish else START, "separator")


def test_wrapped_lotus_separator_is_two_header_lines() -> None:
    header = SEPARATORS["lotus forwarded by, wrapped"][0]
    lines = NEW_TEXT + header + OLD_BODY
    found = find_quote_start(lines)
    assert found.header_end == START + 2
    assert zones(lines, found)[START + 1] == QUOTE_HEADER


# -- attributions ----------------------------------------------------------------------

ATTRIBUTIONS = {
    "gmail": (["On Mon, Nov 16, 2026 at 4:05 PM Michael Okafor <okaform@mdusd.org> wrote:"], False),
    "gmail, wrapped over two lines": (["On Mon, Nov 16, 2026 at 4:05 PM Michael Okafor <okaform@mdusd.org>", "wrote:"], False),
    "apple, wrapped over three lines": (["On Nov 16, 2026,", "at 4:05 PM,", "Michael Okafor <okaform@mdusd.org> wrote:"], False),
    "yahoo dashes": (["--- Michael Okafor <okaform@example.com> wrote:"], False),
    "name and address": (["Michael Okafor <okaform@mdusd.org> wrote:"], False),
    "spanish gmail": (["El lun, 16 nov 2026 a las 16:05, María López (<maria@example.com>) escribió:"], True),
    "spanish, wrapped": (["El lun, 16 nov 2026 a las 16:05, María López <", "maria@example.com> escribió:"], True),
    "french": (["Le lun. 16 nov. 2026 à 16:05, Michel Okafor <m@example.com> a écrit :"], False),
    "portuguese, wrapped": (["Em 16 de novembro de 2026 às 16:05, Miguel Okafor", "<m@example.com> escreveu:"], False),
}


@pytest.mark.parametrize("name", sorted(ATTRIBUTIONS))
def test_attribution(name: str) -> None:
    header, spanish = ATTRIBUTIONS[name]
    quoted = [header[0]] + header[1:] + ["", "> Here is the new schedule.", "> Michael"]
    lines = (NEW_TEXT_ES if spanish else NEW_TEXT) + quoted
    found = find_quote_start(lines)
    assert (found.line, found.reason) == (START_ES if spanish else START, "attribution")
    assert found.header_end == found.line + len(header)
    assert not found.bottom_posted


def test_gt_quote_without_attribution() -> None:
    lines = NEW_TEXT + ["> Here is the new schedule.", "> Please reply by Friday.", ">", "> Michael"]
    found = find_quote_start(lines)
    assert (found.line, found.reason, found.end) == (START, "gt-quote", len(lines))


# -- bottom posting -----------------------------------------------------------------------


def test_bottom_posted_reply_keeps_the_new_text_below_the_quote() -> None:
    lines = [
        "On Mon, Nov 16, 2026 at 4:05 PM Michael Okafor <okaform@mdusd.org> wrote:",
        "> Here is the new yard duty schedule for December.",
        "> Which mornings can you cover?",
        "",
        "Tuesday and Thursday work for me.",
        "",
        "Dana",
    ]
    found = find_quote_start(lines)
    assert (found.line, found.reason) == (0, "attribution")
    assert found.bottom_posted and (found.end, found.new_start) == (3, 4)
    assert zones(lines, found) == [QUOTE_HEADER, QUOTE_BODY, QUOTE_BODY, NEW, NEW, NEW, NEW]


def test_bottom_posted_spanish_without_attribution() -> None:
    lines = ["> ¿La boleta se entrega el viernes?", "> María", "", "Sí, el viernes.", "Dana"]
    found = find_quote_start(lines)
    assert (found.line, found.reason, found.end, found.new_start) == (0, "gt-quote", 2, 3)


def test_top_posted_reply_is_not_bottom_posted() -> None:
    lines = NEW_TEXT + ATTRIBUTIONS["gmail"][0] + ["> Here.", "> Michael"]
    assert not find_quote_start(lines).bottom_posted


# -- zones of a thread ---------------------------------------------------------------------


def test_zones_of_a_two_message_thread() -> None:
    lines = (
        NEW_TEXT
        + ["-----Original Message-----"]
        + HEADER_BLOCKS["outlook"]
        + ["", "Can you cover December?", ""]
        + HEADER_BLOCKS["lotus notes: name line, date line, then To/cc/Subject, indented with tabs"]
        + ["", "Here is the schedule."]
    )
    z = zones(lines)
    assert z[:START] == [NEW] * START
    assert z[START : START + 5] == [QUOTE_HEADER] * 5
    assert z[lines.index("Can you cover December?")] == QUOTE_BODY
    assert z[lines.index("\t11/16/2026 04:05 PM")] == QUOTE_HEADER
    assert z[lines.index("\t\t Subject: Yard duty schedule")] == QUOTE_HEADER
    assert z[-1] == QUOTE_BODY


# -- must not split ----------------------------------------------------------------------------

NOT_QUOTES = {
    "To: line in prose": [
        "Hi team,",
        "",
        "To: all parents of Room 12 -- the field trip is on Friday.",
        "Please send the slips back by Wednesday, 11/18 at 3:00 PM.",
        "",
        "Thanks,",
        "Dana",
    ],
    "signature with Date: lines": [
        "See you at the meeting.",
        "",
        "Dana Whitfield",
        "Third Grade Teacher, Walnut Acres Elementary",
        "Phone: (925) 555-0142",
        "Date: Office hours Mon-Fri 8:00-3:00",
        "Sent: from the front office",
    ],
    "schedule table with From/To times": [
        "Here is the testing schedule:",
        "",
        "From: 8:00 AM",
        "To: 9:30 AM",
        "Subject: Math",
        "",
        "From: 9:45 AM",
        "To: 11:15 AM",
        "Subject: Reading",
    ],
    "spanish schedule with De/Para times": [
        "Horario de la semana:",
        "De: 8:00",
        "Para: 9:30",
        "Asunto: Matemáticas",
    ],
    "prose attribution without a date or address": [
        "On Tuesday the class wrote:",
        "a letter to the mayor about the park.",
    ],
    "lone quoted line": ["Can you check this?", "> 5 students are missing slips", "Thanks"],
    "sent from my phone": ["Yes, Tuesday works.", "", "Sent from my iPhone"],
    "original message in prose": ["Please keep the original message for the file.", "Thanks"],
}


@pytest.mark.parametrize("name", sorted(NOT_QUOTES))
def test_not_a_quote(name: str) -> None:
    lines = NOT_QUOTES[name]
    assert find_quote_start(lines) is None
    assert zones(lines) == [NEW] * len(lines)


def test_schedule_table_before_a_real_quote_does_not_move_the_split() -> None:
    lines = NOT_QUOTES["schedule table with From/To times"] + [""] + HEADER_BLOCKS["outlook"] + OLD_BODY
    assert find_quote_start(lines).line == len(NOT_QUOTES["schedule table with From/To times"]) + 1
