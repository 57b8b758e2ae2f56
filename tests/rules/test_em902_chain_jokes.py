"""EM902: chain letters and jokes in English and Spanish, and what must pass."""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import ComposeType, Draft, Recipient

SENDER = Recipient("yortiz@mdusd.org", "Yolanda Ortiz")
STAFF = tuple(Recipient(f"staff{i}@mdusd.org", f"Staff {i}") for i in range(1, 5))


def draft(text: str, subject: str, compose: ComposeType = ComposeType.NEW) -> Draft:
    return Draft(subject=subject, sender=SENDER, to=STAFF, text=text + "\n\nYoli", compose_type=compose)


def em902(d: Draft) -> list:
    return [h for h in check(d) if h.code == "EM902"]


@pytest.mark.parametrize(
    "d, kind",
    [
        (draft("La Virgen te bendice. Reenvía este mensaje a 12 personas hoy y recibirás un milagro. "
               "No rompas la cadena.", "RV: Oración", ComposeType.FORWARD), "chain"),
        (draft("Send it to 7 friends within 24 hours and you'll receive unexpected money.",
               "FW: Luck", ComposeType.FORWARD), "chain"),
        (draft("Costco is giving away coupons! Just forward this email to 15 people to claim yours.",
               "FW: Free coupons", ComposeType.FORWARD), "chain"),
        (draft("Here's a joke for you: why was the math book sad? It had too many problems.", "Friday"), "joke"),
        (draft("- Mamá, ¿qué hay de comer?\n- Nada.\n- ¿Otra vez?\n\n¡Jajaja! Un chiste para el viernes.", "Chiste"), "joke"),
        (draft("Q: How many IT techs does it take to change a light bulb? A: None, it's a hardware problem.",
               "fun one"), "joke"),
        # A petition passed on, and a virus alarm that asks for the address book (dev12).
        (draft("Sign below and send it on! Add your name to the list; we need 500,000 before it goes to the governor.",
               "FW: PETITION", ComposeType.FORWARD), "chain"),
        (draft("A new virus sits dormant for two weeks and antivirus programs can't detect it. Delete the file, "
               "then tell everyone in your address book.", "FW: URGENT", ComposeType.FORWARD), "chain"),
        # A lightbulb joke written as one word, and a "Q: ... A:" riddle with another joke shape (dev12).
        (draft("Q: How many principals does it take to change a lightbulb? A: Six, and a committee to pick the color.",
               "Friday"), "joke"),
        (draft("Q: What's the difference between the copier and a toddler? A: The toddler eventually stops jamming.",
               "lol"), "joke"),
    ],
    ids=["es-cadena", "en-send-to-7-friends", "en-forward-to-15-people", "en-heres-a-joke", "es-chiste-jajaja", "en-light-bulb",
         "en-petition", "en-dormant-virus", "en-lightbulb-one-word", "en-q-a-difference"],
)
def test_chain_letters_and_jokes_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")
    assert hint.excerpts  # it shows the words that gave it away


@pytest.mark.parametrize(
    "d",
    [
        # Teaching about humour is not sending a joke.
        draft("The 9th graders start Romeo and Juliet next week. We'll handle the bawdy jokes in Act 1 with a "
              "quick note on Elizabethan humor and move on.", "Romeo and Juliet"),
        # One number of people is not a chain letter.
        draft("Please forward this to the 12 families who missed the meeting.", "Field trip forms"),
        draft("¡Buena suerte a todos los estudiantes en el examen! Descansen bien.", "Examen"),
        draft("Our guest speaker told a joke about the cafeteria and the students loved it.", "Assembly recap"),
        # An FAQ sets questions and answers out the same way.
        draft("Q: When does the bus leave for the science camp? A: 7:30 sharp from the front lot.\n"
              "Q: What should students bring? A: A sleeping bag and a water bottle.", "Science camp FAQ"),
        # A lesson that has students debunk chain posts quotes them (dev13).
        draft("The media literacy lesson is in the shared folder: students fact-check viral posts like \"forward this to "
              "10 friends\" and \"Bill Gates is sharing his fortune\". They love debunking them.", "Unit 6"),
    ],
    ids=["teaching-humor", "forward-to-families", "es-buena-suerte", "one-joke-mention", "faq-q-and-a", "fact-check-lesson"],
)
def test_school_mail_passes(d: Draft) -> None:
    assert em902(d) == []


# Round 2 patterns (written for these tests; none is a District-set draft).
@pytest.mark.parametrize(
    "d, kind",
    [
        (draft("Educators are heroes! Send this to 6 teachers who inspire you and see how many come back to you.",
               "pass it on!"), "chain"),
        (draft("Paste this on your wall before midnight: I do not give Facebook permission to use my photos. "
               "Copy and paste this, don't just share it.", "FW: privacy", ComposeType.FORWARD), "chain"),
        (draft("Starting next month the app will start charging everyone. Forward this to 15 contacts and your "
               "account stays free forever.", "FW: urgent", ComposeType.FORWARD), "chain"),
        (draft("Lord, watch over us. This is a prayer chain: say this prayer and send this to everyone you love. "
               "Don't let this stop with you.", "FW: bendiciones", ComposeType.FORWARD), "chain"),
        (draft("Bill Gates will pay you $245 for every person you forward this to. It's an email tracking test "
               "and it is confirmed by Microsoft.", "FW: FW: money", ComposeType.FORWARD), "chain"),
        (draft("Si reenvías este mensaje a 10 personas tendrás buena suerte. Si rompes la cadena, tendrás mala "
               "suerte un año.", "RV: cadena", ComposeType.FORWARD), "chain"),
        (draft("Why did the student eat his homework? Because the teacher said it was a piece of cake!",
               "happy friday"), "joke"),
        (draft("¿Qué le dijo una impresora a otra impresora? ¿Esa hoja es tuya o es impresión mía?",
               "viernes"), "joke"),
        (draft("so true 😂", "FW: Monday mood", ComposeType.FORWARD), "joke"),
        # dev18: a kidnapping scare for every mother one knows; a store's gift-card scam; a
        # clip to watch to the end, laughing.
        (draft("Cuídense. Una camioneta sin placas se lleva a los niños del "
               "estacionamiento. La policía no quiere que se sepa. ¡Reenvía esto a todas las mamás que conozcas!",
               "RV: URGENTE", ComposeType.FORWARD), "chain"),
        (draft("Looks legit! Every member gets a FREE $500 gift card! Answer 3 "
               "questions and share with 20 friends to activate.", "FW: gift card", ComposeType.FORWARD), "chain"),
        (draft("don't open this at school 😂 watch til the end", "lol"), "joke"),
        # dev19: the paid-WhatsApp hoax in Spanish.
        (draft("A partir del lunes WhatsApp se volverá de pago. Reenvíe este mensaje a 10 contactos y su logo se "
               "pondrá azul.", "RV: Importante", ComposeType.FORWARD), "chain"),
    ],
    ids=["teachers-come-back", "facebook-permission", "app-will-charge", "prayer-chain", "gates-will-pay",
         "es-reenvias-cadena", "riddle-because", "es-que-le-dijo", "forwarded-meme", "es-mamas-que-conozcas",
         "free-gift-card", "watch-til-the-end", "es-whatsapp-de-pago"],
)
def test_general_chain_and_joke_patterns_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")
    assert hint.excerpts


@pytest.mark.parametrize(
    "d",
    [
        # Laughter alone is chat, not a joke.
        draft("Whoever has the class set of rulers, could you bring it back by Friday? No judgment lol", "Rulers"),
        draft("jajaja ya sé, otra junta. Nos vemos a las 3 en la biblioteca.", "junta"),
        # A question and an answer at work.
        draft("Why did the bus arrive late on Monday? Because the driver had a flat tire; it is fixed now.",
              "Bus delay"),
        # Business words that chain letters also use.
        draft("Please forward this to everyone you know who might want to coach the spring team.", "Coaches wanted"),
        draft("La cadena de suministro retrasó los libros; llegarán la próxima semana.", "Libros"),
        draft("The district will start charging $5 for replacement ID cards in January.", "ID cards"),
        draft("PTA is giving each volunteer a free $25 gift card; please share the sign-up with your class parents.",
              "Volunteer thank-you"),
        # A reminder of the policy names what it warns against (dev18).
        draft("A reminder that BP 1114 asks us not to forward chain letters ('forward this to 10 people'), virus "
              "warnings or joke videos on the principals list. I know we all need a laugh; please share those "
              "from your personal accounts.", "Chain mail on the principals list"),
    ],
    ids=["lol-request", "es-jajaja-meeting", "why-because-at-work", "forward-to-everyone-you-know",
         "es-cadena-suministro", "will-start-charging", "pta-gift-card", "policy-reminder"],
)
def test_near_misses_pass(d: Draft) -> None:
    assert em902(d) == []


@pytest.mark.parametrize(
    "d, kind",
    [
        # A forward whose own note only laughs sends a meme or a joke on (often just a picture).
        (draft("😂😂 accurate", "FW: me at 3:05 every day", ComposeType.FORWARD), "joke"),
        (draft("No pude resistirme 🤣🤣", "RV: los maestros en junio", ComposeType.FORWARD), "joke"),
        # Junk pitches and hoax alarms: two markers each.
        (draft("My cousin started this and it works. Make $500/week from home! Buy the starter kit and recruit 3 "
               "friends.", "Opportunity"), "chain"),
        (draft("If you answer a call from area code 809 your phone gets charged. Please warn everyone you know and "
               "pass this on.", "FW: scam", ComposeType.FORWARD), "chain"),
    ],
    ids=["laughing-forward", "es-laughing-forward", "junk-pitch", "hoax-warn-everyone"],
)
def test_memes_junk_and_hoax_alarms_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")


@pytest.mark.parametrize(
    "d",
    [
        # The same laugh in a reply, or a forward whose note is real business, is not a joke forward.
        draft("lol yes, see you at 3", "RE: staff meeting", ComposeType.REPLY),
        draft("Forwarding the bus schedule for next week. Route 12 now leaves at 7:05 instead of 7:15, so please "
              "tell your first period students; the office will post it too and parents get a robocall tonight, "
              "lol, third change this month.", "FW: bus schedule", ComposeType.FORWARD),
        # One junk word is not a pitch.
        draft("The robotics starter kit arrived; it is in room 14.", "Robotics"),
        draft("We are selling candy bars at $1 a day at lunch for the band trip.", "Band fundraiser"),
    ],
    ids=["laugh-in-reply", "long-business-forward-laughs", "starter-kit", "dollar-a-day"],
)
def test_laughs_and_money_at_work_pass(d: Draft) -> None:
    assert em902(d) == []


def with_files(d: Draft, *files: tuple[str, str]) -> Draft:
    from dataclasses import replace

    from assistant.core.model import Attachment

    return replace(d, attachments=tuple(Attachment(filename=f, content_type=t, size=200_000) for f, t in files))


@pytest.mark.parametrize(
    "d, kind",
    [
        # dev8: a forwarded picture or clip named as a meme, whatever the note says.
        (with_files(draft("", "FW: Tuesday", ComposeType.FORWARD), ("tuesday_cat_meme.jpg", "image/jpeg")), "joke"),
        (with_files(draft("this is us", "Fw: glitter", ComposeType.FORWARD), ("glitter_vs_custodian.gif", "image/gif")), "joke"),
        # Hoax alarms and prize junk: "police confirmed", "everyone you know", a $ coupon for sharing.
        (draft("Got this from my neighbor!\n> Thieves put perfume on a paper at the gas station. Police confirmed it. "
               "Pass it on to everyone you know.", "FW: WARNING", ComposeType.FORWARD), "chain"),
        (draft("idk if real\n> Target is giving a $75 gift card to everyone who shares this message with 15 friends.",
               "FW: Target!!", ComposeType.FORWARD), "chain"),
        (draft("Cuidado!!\n> Están robando carros en el Target de Concord. La policía ya lo confirmó. Reenvía a todas las "
               "mujeres que conozcas.", "RV: ALERTA", ComposeType.FORWARD), "chain"),
        # Joke lists: "Friday giggle" and "you know you're a ... when".
        (draft("Friday giggle for everyone\n> You know you're a lunch lady when you dream in tater tots.",
               "FW: lunch lady life", ComposeType.FORWARD), "joke"),
    ],
    ids=["meme-jpg", "gif", "police-confirmed", "coupon-for-sharing", "es-policia-confirmo", "friday-giggle"],
)
def test_dev8_meme_forwards_hoaxes_and_joke_lists_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")


@pytest.mark.parametrize(
    "d",
    [
        # A forwarded photo of work, a chart, a flyer: not named as a meme.
        with_files(draft("See the leak by the sink.", "FW: room 12", ComposeType.FORWARD), ("IMG_2231.jpg", "image/jpeg")),
        with_files(draft("Attendance chart for the board.", "FW: chart", ComposeType.FORWARD), ("attendance_chart.png", "image/png")),
        # A gif in a new message (a logo), and police confirming a road closure.
        with_files(draft("Our new logo is attached.", "Logo"), ("logo.gif", "image/gif")),
        draft("Police confirmed the road by the middle school is closed Friday; buses use Oak Grove.", "Road closure"),
    ],
    ids=["photo-of-work", "chart", "gif-logo-new", "police-road-closure"],
)
def test_dev8_near_misses_pass(d: Draft) -> None:
    assert em902(d) == []


@pytest.mark.parametrize(
    "d, kind",
    [
        # dev9: the plural imperative of a families' chain, a TV channel as the source, a
        # count of co-workers and an hour's deadline, a joke whose characters walk into a bar.
        (draft("ALERTA!!! Si les llaman de un número raro no contesten, es una estafa. Lo dijo Univision. "
               "Reenvíen esto a su familia ya.", "RV: ALERTA"), "chain"),
        (draft("jaja qué cierto\n> Reenvíenlo a 5 compañeras que necesiten reírse o tendrán una semana fea.",
               "RV: viernes", ComposeType.FORWARD), "chain"),
        (draft("ha\n> Send this to 8 music teachers in the next hour and your concert will go perfectly.",
               "FW: concert luck", ComposeType.FORWARD), "chain"),
        (draft("A pirate, a principal and a parrot walk into a bar... the rest is in the attachment, it had me crying.",
               "Friday"), "joke"),
    ],
    ids=["es-reenvien-univision", "es-companeras", "music-teachers-next-hour", "walk-into-a-bar"],
)
def test_dev9_chains_and_jokes_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")


@pytest.mark.parametrize(
    "d",
    [
        # Families asked to pass on school news, a meeting in the next hour, a unit on jokes.
        draft("Por favor reenvíen el calendario de conferencias a las familias de su salón.", "Conferencias"),
        draft("Heads up: the fire inspector arrives in the next hour, so please clear the hallways.", "Inspection"),
        draft("The third graders will walk into a bar graph lesson tomorrow: bring rulers.", "Math"),
    ],
    ids=["es-reenvien-calendario", "next-hour-inspection", "bar-graph"],
)
def test_dev9_near_misses_pass(d: Draft) -> None:
    assert em902(d) == []


@pytest.mark.parametrize(
    "d",
    [
        # dev14, dev15: scare alarms for every parent or woman one knows, a secret the police
        # keep, a hacker's friend request.
        draft("PLEASE READ AND SHARE WITH EVERY PARENT YOU KNOW!!! A man in a white van is telling kids he's the "
              "new bus driver. The police are keeping it quiet so people don't panic.", "Warning"),
        draft("¡Compañeras, cuidado! Hay una banda que pone droga en tarjetas de perfume. La policía no quiere que "
              "se sepa. ¡Reenvíen esto a todas las mujeres que conozcan!", "Cuidado"),
        draft("PLEASE READ and pass on!! If someone named Jessica Davies sends you a friend request DON'T ACCEPT IT. "
              "She's a hacker and will get into your district email too.", "hacker"),
    ],
    ids=["every-parent-keeping-quiet", "es-todas-las-mujeres", "hacker-friend-request"],
)
def test_dev15_hoax_alarms_are_flagged(d: Draft) -> None:
    [hint] = em902(d)
    assert "chain letter" in hint.message


@pytest.mark.parametrize(
    "d",
    [
        # One marker alone is not a chain: a school event for everyone you know, a reporter's note.
        draft("Invite everyone you know to the spring carnival on Saturday: tickets are at the office.", "Carnival"),
        draft("The district is keeping it quiet until the board votes on the new calendar.", "Calendar"),
    ],
    ids=["carnival-everyone", "calendar-quiet"],
)
def test_dev15_near_misses_pass(d: Draft) -> None:
    assert em902(d) == []


@pytest.mark.parametrize("d", [
    draft("DO NOT open this at the front desk 😂😂 my buddy sent it. pass it around lol", "lmao"),
    draft("Reenvíenlo a sus amigas solteras 😂", "FW: calendario", ComposeType.FORWARD),
    draft("Forward to whoever needs a laugh before 6th period!", "Friday"),
    draft("Send this email to 6 teachers within 5 days. If nobody breaks the chain you'll get 36 books!", "Book exchange"),
], ids=["pass-it-around-lol", "es-reenvienlo-laugh", "forward-for-a-laugh", "breaks-the-chain"])
def test_dev16_a_joke_or_chain_passed_on_is_flagged(d: Draft) -> None:
    assert em902(d) != []


@pytest.mark.parametrize("d", [
    draft("Please pass it on to your grade-level team. Thanks!", "Sub plans"),
    draft("Pass it on... This week's newsletter: a joke press release about Linux made the news.", "Newsletter"),
], ids=["pass-on-a-request", "newsletter-pass-it-on"])
def test_dev16_pass_on_without_a_laugh_passes(d: Draft) -> None:
    assert em902(d) == []


def test_asking_the_help_desk_whether_an_alarm_is_real_passes() -> None:
    d = Draft(subject="Is this real?", sender=SENDER, to=(Recipient("helpdesk@mdusd.org", "Help Desk"),),
              text="A cook got a message saying a virus burns the whole hard disk and CNN called it the worst virus "
                   "ever; you have to tell everyone in your contacts. Is this real?\n\nYoli")
    assert em902(d) == []


def test_a_digital_citizenship_lesson_told_to_families_passes() -> None:
    d = draft("Esta semana los estudiantes tienen lecciones de Ciudadanía Digital. Una trata de los mensajes en "
              "cadena, como \"reenvía esto a 10 personas o tendrás mala suerte\", y de las noticias falsas.", "Lecciones")
    assert em902(d) == []


@pytest.mark.parametrize("d", [
    draft("Compañeros, ¡ojo! Si les llega \"Invitación Olímpica\", NO LO ABRAS: es el peor virus, quema todo el disco "
          "duro. Reenvía este aviso a todos tus contactos.", "RV: VIRUS", ComposeType.FORWARD),
    draft("Found this list going around, it's too perfect. Pass it around: YOU KNOW YOU WORK WITH GARY WHEN his "
          "ticket time is measured in eras.", "RE: printer"),
], ids=["es-virus-hoax", "you-know-you-work-with"])
def test_dev17_a_spanish_hoax_and_a_joke_list_passed_on(d: Draft) -> None:
    assert em902(d) != []


def test_tis_debunking_a_hoax_in_spanish_passes() -> None:
    d = draft("Circuló un mensaje que dice \"NO ABRAN el correo Postal de Navidad, borra el disco duro\". Es un engaño. "
              "Por favor no lo reenvíen; mándenlo a helpdesk@mdusd.org.", "Aviso de TIS")
    assert em902(d) == []
