"""The mechanisms added after the fourth tuning set (dev4), each with a draft it must flag
and near misses it must pass. Sentences written for these tests, not taken from any set.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft

SENDER = {"address": "tvance@mdusd.org", "name": "Terry Vance"}
INSIDE = [{"address": "plopez@mdusd.org", "name": "Pat Lopez"}]


def draft(text: str, *, to=INSIDE, subject: str = "Today", compose: str = "new") -> Draft:
    return Draft.from_json({"subject": subject, "sender": SENDER, "to": list(to), "compose_type": compose, "text": text})


def hints(text: str, code: str, **kw) -> list:
    return [h for h in check(draft(text, **kw), only=(code,)) if h.code == code]


# CF202, veiled: an ultimatum with a consequence that means harm, in a sentence or the
# ones on either side; (must flag, words the hint names).
VEILED = [
    ("Borrow my projector without asking one more time and you'll go home in the back of an ambulance.", "ambulance"),
    ("Report my class to the VP again. I promise you'll need a nurse afterwards.", "nurse"),
    ("Keep parking in my spot and we'll see how long your mirrors last.", "see how long your"),
    ("Whoever keeps stealing my markers: when I find out I'm setting your car on fire. Not joking.", "on fire"),
    ("Nice truck you drive. It'd be a shame if something happened to it.", "something happened to"),
    ("Si me vuelves a gritar en el pasillo, te parto la cara.", "te parto la"),
    ("Sigue hablando de mí con la directora y vas a ver lo que te pasa.", "lo que te pasa"),
    ("Fix my login today or I'll put my fist through your monitor.", "fist through"),
    # Looser words (dev5): intent or an ultimatum with violence or damage, one sentence apart.
    ("If he blocks my bus again I swear I'm gonna put a brick through his windshield.", "brick through his"),
    ("He shows up late one more time and I will personally slash every tire on that truck.", "slash every tire"),
    ("Keep telling people it was me. You'll find out what happens to snitches.", "what happens to snitches"),
    ("They deserve whatever it gets. A few bricks through those windows would send a message.", "bricks through those"),
    # dev6: food tampering, a weapon carried, injuries named.
    ("Whoever keeps eating my lunch: next time there will be something special in it and you won't like how your night ends.",
     "won't like how your night ends"),
    ("If I find out who took the speaker, I will personally break your fingers. Not a joke.", "break your fingers"),
    # dev7: text-speak.
    ("touch my stuff in the workroom one more time and ur gonna need a dentist", "ur gonna need a dentist"),
    ("park in my spot again and ur tires are gonna be flat by 3rd period. last warning.", "tires are gonna be flat"),
    # dev9: damage wished on a car, accidents, getting even, a career ended, the evaluation held over someone.
    ("Nice van. Would be a real shame if somebody ran a nail down the side of it some night.", "somebody ran"),
    ("That's a pretty truck. I'd hate for that windshield to have an accident in the staff lot.", "windshield to have an accident"),
    ("You went to the director behind my back. Just remember, accidents happen in that yard.", "accidents happen"),
    ("You embarrassed me at the meeting. I don't get mad, I get even.", "get even"),
    ("Put that ref on my game again and he won't make it to his car in one piece.", "in one piece"),
    ("Keep pushing the grievance and I'll make sure you never teach in this district again.", "never teach"),
    ("File it if you want. Just remember who writes your evaluation this spring.", "who writes your evaluation"),
    ("Si esa señora vuelve a entrar a mi taller, la voy a agarrar de las greñas.", "agarrar de las greñas"),
    ("Si ese niño me vuelve a morder le doy un buen chanclazo.", "chanclazo"),
    # dev7 and dev8 writers: not being responsible, watching one's back, a fight, a hand, a contract.
    ("If that kid puts his hands on me again I won't be responsible for what I do to him.", "responsible for what I do"),
    ("Tell Gloria she better watch herself walking out to her car.", "watch herself"),
    ("I'd watch my back in the parking lot after the next one if I were you.", "watch my back"),
    ("Run up the score again on Friday and we're gonna settle it in the parking lot after.", "settle it in the parking lot"),
    ("If he touches my car again he won't be able to use that hand for a while.", "use that hand"),
    ("Push this to compliance and I'll make sure your contract isn't renewed.", "contract isn't renewed"),
    ("Sign the logs. If this goes in, you will not get hired anywhere near here.", "get hired anywhere"),
    ("Un día de estos te agarro en el almacén y ya verás lo que te hago.", "lo que te hago"),
]

# Must pass: the same words in ordinary school mail.
VEILED_NEAR = [
    # dev8: a threat someone else made, quoted in single quotes; a fight told in Spanish.
    "At 9:10 a parent called the office and said, 'If nobody fixes it, I'll come down there and burn the place down.' I logged it.",
    "During check-in Noah R. said, quote, 'I'm going to bring a gun and shoot Mr. Dale.' He is with me now.",
    "Sra. Ruiz, hoy Mateo volvió a pegarle a un compañero en el recreo y lo separamos del grupo.",
    "una alumna me enseñó un chat donde alguien escribió que la iba a esperar a la salida para golpearla. la llevé con la consejera.",
    "Next time you park your car in the fire lane it will be towed.",
    "Thanks again to the nurse who drove Mia's mom to the hospital.",
    "If you keep running on the wet floor you'll slip; please walk.",
    "Accidents happen in that lot all the time, so please drive slowly at pickup.",
    "Rosa called again: she said the driver told her that if the kids throw things again they'll go home in an ambulance.",
    "If he is late again, you will need a doctor note for the absence.",
    "Si me vuelves a llamar a esta hora no contesto, estoy en clase.",
    "We will crush them again on Friday. Their defense won't be in one piece after our offense shows up!",
    "I'll shoot the numbers over to you by 5, then I'm blowing up balloons for the party.",
    "The bus got a flat again; the driver said the mechanic will slash the price of every tire on that truck next week.",
    "I'll show up at her house with the homework packet again on Friday, her mom asked me to.",
    "We're going to crush them Saturday, and I'll beat you to the field as usual, old man.",
    "Next time you forget your mouth guard you will sit out; I promise the trainer checks.",
    "Devin told me 'I'll slash your tires.' I pulled over and called dispatch.",
    # dev9 near misses: the same words in ordinary school mail.
    "It would be a shame if somebody missed the potluck, so sign up by Friday!",
    "Accidents happen, so keep a spare set of clothes in each cubby.",
    "I'll make sure you never have to cover lunch duty alone again.",
    "Remember who to call for a sub: the front office, not me.",
    "I won't be responsible for the keys after Friday; please ask Dana.",
    "You better watch the weather report before the field trip.",
    "Let's settle it in the meeting on Tuesday, not over email.",
    "After the cast comes off he won't be able to use that hand for PE for a while.",
    "If he sprains it again he won't be able to use that hand for the recital.",
    "Ya verás lo que te preparé para tu cumpleaños, jaja.",
    "Le doy un buen repaso al tema el lunes antes del examen.",
    "We'll make it to the museum in one piece if everyone stays with a buddy.",
]


def test_a_spanish_verb_with_lo_that_breaks_a_thing_is_not_a_threat() -> None:
    assert not hints("Recibí esta cadena y no quise romperlo, así que se la mando.", "CF202")
    assert hints("Si lo vuelves a hacer voy a romperte la cara.", "CF202")


# CF201: insults without a grammatical subject, after a name, in Spanish without a
# subject, with "a" before a role, ranked worst, and set phrases; (must flag, words named).
INSULTS = [
    ("Met the new transfer in 3rd period. Total psycho.", "psycho"),
    ("Asked Nadia to fix the schedule twice. Useless old bat.", "old bat"),
    ("Everyone knows Pruitt is a spineless coward.", "coward"),
    ("La secretaria no contesta el teléfono, es una inútil.", "inútil"),
    ("You're a washed-up teacher hiding behind the contract.", "washed-up teacher"),
    ("Honestly the dumbest sub in the whole pool.", "dumbest sub"),
    ("The Ward boy is dumb as a box of rocks.", "dumb as a box of rocks"),
    ("I told him he is a clown and I meant it.", "clown"),
    ("Another family with six kids this week. They breed like rabbits and we pay for it.", "breed like rabbits"),
    ("Our new chair has the IQ of a paper clip.", "IQ of a paper"),
    ("Barb wants to present her rubric again. Not that Barb would know a rubric from a grocery list.", "know a rubric from"),
    ("Ese director de deportes es un cero a la izquierda.", "cero a la izquierda"),
    ("Can you believe Jayden asked again? That kid is straight up retarded.", "retarded"),
    ("driver on 14 is a lazy idiot, 3rd late run this week", "lazy idiot"),
    ("the clowns downtown can't find their own butts with a map", "find their own butts"),
    # dev8 mechanisms: a group's "head", a slur for a child, Spanish put-downs, idioms, write-offs.
    ("Transportation is run by idiots and Dale, you are the head idiot.", "run by idiots"),
    ("the retarded one in the back row kept humming again.", "retarded one"),
    ("Esos niños de la tarde son unos salvajes.", "son unos salvajes"),
    ("ya me cansé de la de recursos humanos, qué señora tan pesada.", "qué señora tan pesada"),
    ("he signs off on nothing and leaves at 2. absolute dead weight", "dead weight"),
    ("our fearless AP couldn't find the gym with a map and a flashlight", "with a map and a flashlight"),
    ("Those kids are never going to amount to anything, why bother.", "amount to anything"),
    ("These ghetto families never read a single note home.", "ghetto families"),
]

INSULT_NEAR = [
    "The district office is run by volunteers on Saturdays.",
    "Marta is the head teacher of the preschool.",
    "¡Qué señora tan amable! Nos trajo pan dulce.",
    "I could not find the form with both hands full of boxes.",
    "If we don't fix the roof it's not going to amount to much savings.",
    "The dead weight of the old bleachers cracked the floor.",
    "The copier jammed again. Total disaster.",
    "Monday is a nightmare with three assemblies.",
    "La impresora nueva es inútil, ya pedí otra.",
    "It will be a crazy busy parent night, so please come early.",
    "Mr. Ortega is entitled to a representative at the meeting.",
    "A student said in class that his brother is a clown at birthday parties.",
    "\"Tonto,\" the narrator said, and the class laughed at the old radio show.",
    "The class raised rabbits this spring; they breed fast, so we found homes for the babies.",
    "A student who lost his voice told me he sounds like a paper clip scraping a board.",
    "In kindergarten today we learned the cow says moo and the pig rolls in mud.",
    "Do you know a good rubric for the writing unit? I'd like one that fits the new standards.",
    "The science kit smells like vinegar, so open the windows before the kids from room 4 come in.",
    "Our driver on 14 is a lifesaver, three early runs this week.",
]


OUTSIDE = [{"address": "r.alvarez1984@gmail.com", "name": "Rita Alvarez"}]

# CF101: record phrasings and list shapes added after dev4; (must flag, the record words the hint quotes).
RECORDS = [
    ("Ms. Patel, Jonah is off his meds this week so he may be restless.", "off his meds"),
    ("Marco's BMI 32 puts him in the health risk zone on the Fitnessgram.", "BMI 32"),
    ("I called CPS about Lily Moore this morning after what she told me.", "called CPS"),
    ("Tessa Nguyen has two suspensions this year already.", "two suspensions"),
    ("Kaplan's observation went badly, so I'm moving him onto a PIP.", "onto a PIP"),
    ("Ana Ruiz (1.7 GPA) cannot go on the trip.", "1.7 GPA"),
    ("For the proctors: Rosa Diaz (IEP) needs read aloud and extended time.", "Rosa Diaz (IEP"),
    ("Quiz 4 scores for the retake:\n- Dana Tran 48%\n- Okonkwo 52%\nRetake Thursday.", "48%"),
    ("Here are the group's quiz scores: Mateo Ríos 92, Camila Soto 71.", "92"),
    ("I had to make a CPS report because Liam Ortiz came in with bruises on his back again.", "with bruises"),
    ("Gradebook export for the weekend:\nAlvarez, Bianca 88 B+\nChen, Marcus 71 C-\nDiaz, Roberto 52 F", "88 B+"),
    ("Señora Hernández, Yaretzi tuvo otra crisis de asma hoy en el recreo.", "crisis de asma"),
    # dev8: IDs in brackets, seizure and rescue plans, type 1 readings, antibiotics, caseload tables.
    ("Please add Jaden Cole (7th, ID 451209) to the late bus list.", "ID 451209"),
    ("These two still owe: Omar Lee (#419921) and Ivy Tran (#420337).", "#419921"),
    ("Coach, Noor's seizure plan changed, her rescue med is in the office now.", "seizure plan"),
    ("Heads up, Eli R. (type 1) was at 61 after recess, he had juice.", "(type 1)"),
    ("Gabe Ortiz is on antibiotics for strep until Friday.", "antibiotics"),
    ("Here is my caseload for room 12:\nStudent\tArea\tMinutes/week\nNico Park\tFluency\t60\nAva Ruiz\tArticulation\t30", "Minutes/week"),
    ("Santiago's progress report: ELA D, Math C-, Science F.", "ELA D, Math C"),
    ("Brianna Lee (7th) started new seizure meds this week, she may be drowsy.", "started new seizure meds"),
    ("Can you check the DOB for Jonah Wexler, ID 412785? Enrollment and the birth certificate differ.", "ID 412785"),
]

RECORD_NEAR = [
    "The board approved the Edison rescue plan for the pool (order ID# 243612).",
    "Bring a copy of the seizure plan template to the nurses' training (room 118).",
    "Our Type 1 diabetes assembly for families is on Thursday at 6.",
    "My father is having surgery next week, so I'll be out Friday.",
    "Reminder: Cal Grant A requires a minimum 3.0 GPA, and we upload every senior's GPA.",
    "If a family has lost housing, is doubled up, or a child is in foster care, send them to me.",
    "Please use the new detention list template for your class.",
    "Living With Diabetes: a talk for families on Tuesday in the library.",
    "The new bus operation in Stockton starts Monday.",
    "Dear families, we have a student in room 9 with a severe food allergy; please send no peanuts.",
    "Marking a student truant after three tardies will flood us with letters.",
    "Number 10, Diego Rosales, scores at 2:14 and 7:50 in the game film.",
    "Three tardies of 30 minutes count as one truancy under Ed Code.",
    "Mandated reporter training is due Friday. If you suspect abuse, call CPS first, then tell me.",
    "Join with Zoom Meeting ID 8123456 at 4 for the budget review.",
]


# CF301: sexual messages in euphemism, two milder cues or one strong one.
EXPLICIT = [
    "Last night was amazing. My room locks from the inside, stay after the meeting.",
    "Took this in the shower this morning. Your turn.",
    "Send me a pic of what you're wearing... or not wearing 😈",
    "Anoche estuviste riquísima. Quiero repetir, pero con la puerta cerrada.",
    "The one of Tony getting the lap dance with her top off is the best.",
    "I keep replaying last night, the way you moaned when I took off your bra.",
    "Come over and I'll grade you instead 😏 on your hands and knees.",
    "Word is she slept her way into that job.",
    # dev8 and dev9.
    "you said you were at the lake all weekend. send me a pic, the less you're wearing the better ;)",
    "the new aide wore that top again and I couldn't stop staring at her chest all through the meeting",
    "Ladies, this one is too much 😂 it gets filthier with every line, read to the end!",
    "forget grading, this site has live cams with college girls who do anything you ask lol",
    "no lo abran en clase jaja > el marido llega a la casa y le arranca la ropa a la vecina...",
]

EXPLICIT_NEAR = [
    "The shower room drain is clogged again; I took this in the shower room for the work order.",
    "Please send me a photo of the broken lock on the gym door.",
    "No clothes in the lost and found fit him, so I called home for a change.",
    "Mr. Lee's class read a story about a very bad boy who learns to share.",
    "Don't open the attachment at school if your connection is slow; it is a big file.",
    "The field is so wet that practice moves to the gym; bring your knee pads.",
    "Kids on the rug on their hands and knees built the marble run all morning.",
    "Reminder: the 'think before you send' assembly on sexting and sextortion is Thursday.",
    # dev9 near misses.
    "For the field day photos, the less you're wearing the better in this heat: tank tops are fine.",
    "Maya reported that a man at the bus stop kept staring at her chest; I called her mom and the SRO.",
    "The creek gets filthier every year, so the science club is doing a cleanup on Saturday.",
    "The zoo's live cams of the baby otters are a great warm-up for the animal unit.",
    "Cuando el niño se moja en el recreo, la maestra le quita la ropa mojada y le pone la de repuesto.",
]


# Each must-flag: (code, text, words the hint quotes or None, where it goes); each near miss: (code, text, where).
MUST_FLAG = ([("CF202", t, says, INSIDE) for t, says in VEILED] + [("CF201", t, says, INSIDE) for t, says in INSULTS]
             + [("CF101", t, says, OUTSIDE) for t, says in RECORDS] + [("CF301", t, None, INSIDE) for t in EXPLICIT])
MUST_PASS = ([("CF202", t, INSIDE) for t in VEILED_NEAR] + [("CF201", t, INSIDE) for t in INSULT_NEAR]
             + [("CF101", t, OUTSIDE) for t in RECORD_NEAR] + [("CF301", t, INSIDE) for t in EXPLICIT_NEAR])


@pytest.mark.parametrize("code, text, says, to", MUST_FLAG, ids=[f"{c}-flag-{i}" for i, (c, *_) in enumerate(MUST_FLAG)])
def test_must_flag_and_say_why(code: str, text: str, says: str | None, to: list) -> None:
    found = hints(text, code, to=to)
    assert found, text
    if says is not None:
        assert says in found[0].message, found[0].message
    if code == "CF101":
        assert found[0].severity.value == "error"  # a parent's gmail is outside the District


@pytest.mark.parametrize("code, text, to", MUST_PASS, ids=[f"{c}-pass-{i}" for i, (c, *_) in enumerate(MUST_PASS)])
def test_near_misses_pass(code: str, text: str, to: list) -> None:
    assert not hints(text, code, to=to), text




STAFF3 = [{"address": f"t{i}@mdusd.org", "name": f"Teacher Number{i}"} for i in range(1, 4)]


@pytest.mark.parametrize("text", [
    "Done ✅\n\n> Please return the cart by Friday at 3.",
    "Sounds good - see you all at 7:15!",
    "Muchas gracias a ti maestra, muy amable 🙏🏼",
    "Dạ, cảm ơn chị! Received 🙏",
], ids=["done-over-a-lone-quote", "see-you-at-a-time", "es-gracias-a-ti", "vi-cam-on"])
def test_short_acknowledgements_to_many_are_flagged(text: str) -> None:
    assert hints(text, "EM301", to=STAFF3, subject="RE: Friday", compose="reply-all"), text


def test_an_acknowledgement_with_real_content_passes() -> None:
    text = "Thanks! I'll bring the 5 laptops to room 12 and set up the projector before the parent meeting at 6."
    assert not hints(text, "EM301", to=STAFF3, subject="RE: Friday", compose="reply-all")


def test_a_lone_quoted_sentence_ending_a_reply_is_quoted_history_but_a_lone_number_is_not() -> None:
    from assistant.core.content import parse

    reply = parse(Draft(subject="RE: cart", text="Done\n\n> Please return the cart by Friday at 3."))
    assert reply.authored_text == "Done" and reply.quote_marker == "gt-quote"
    note = parse(Draft(subject="Room", text="We have\n\n> 5 students in the room"))
    assert "> 5 students" in note.authored_text


# EM902: joke lists without "!", a laugh in a forward's subject, hoax and prayer chains.
JOKES = [
    ("Happy Friday!\n- Why did the pencil go to the nurse? Because it felt dull.\n- What do you call a sleepy bus? A nap-sack.",
     "Friday", "new"),
    ("the dog at the end tho", "FW: watch till the end 😂", "forward"),
    ("—Pepito, ¿qué es la tarea? —Algo que hace el perro. Jaja buen lunes", "Un chistecito", "new"),
    ("Pass this prayer to 7 friends within the hour and your blessing will come. Do not ignore.", "FW: prayer", "forward"),
    ("Microsoft will make all your emails public unless you reply \"I do not give permission\". Copy and paste.",
     "FW: privacy", "forward"),
]


@pytest.mark.parametrize("text, subject, compose", JOKES, ids=[f"joke-{i}" for i in range(len(JOKES))])
def test_joke_lists_memes_and_chains_are_flagged(text: str, subject: str, compose: str) -> None:
    assert hints(text, "EM902", subject=subject, compose=compose), text


@pytest.mark.parametrize("text", [
    "For the idioms unit I'm using knock-knock jokes as warm-ups; students translate them.",
    "This week in reading we learn riddles and puns; ask your child to tell you the joke they wrote.",
    "lol of course I'm on bus duty again. Our new VP is a joke of an administrator.",
    "Why did the fire alarm go off in B wing? Because a toaster was left on in the lounge; it is unplugged now.",
    "Here's tomorrow's script for our announcers: the lunch menu, the weather and the joke of the day. Please have them rehearse once.",
], ids=["knock-knock-warm-ups", "teaching-puns", "joke-of-an-administrator", "why-because-at-work", "announcers-script"])
def test_lessons_insults_and_questions_at_work_are_not_jokes(text: str) -> None:
    assert not hints(text, "EM902"), text


def _media_draft(text: str, attachments: list[dict]) -> Draft:
    return Draft.from_json({"subject": "Photos", "sender": SENDER, "to": OUTSIDE, "compose_type": "new",
                            "text": text, "attachments": attachments})


def _cf102(d: Draft) -> list:
    return [h for h in check(d, only=("CF102",)) if h.code == "CF102"]


def test_a_zip_or_slideshow_named_for_photos_is_student_media_but_a_photo_release_form_is_not() -> None:
    zipped = {"filename": "gr5_slideshow_photos.zip", "content_type": "application/zip", "size": 80_000_000}
    form = {"filename": "photo_release_form.pdf", "content_type": "application/pdf", "size": 90_000}
    assert _cf102(_media_draft("Here are the fifth graders' photos for the promotion slideshow.", [zipped]))
    assert not _cf102(_media_draft("Here is the form you asked for; please return it to the office.", [form]))


def test_names_in_the_sentence_after_the_picture_count() -> None:
    d = _media_draft("Here's the picture from Family Literacy Night for your newsletter. That's our fourth graders Aaliyah Brooks and "
                     "Jonathan Pham getting their reading certificates.", [])
    found = _cf102(d)
    assert found and "Aaliyah Brooks" in found[0].message


def test_a_photo_of_equipment_or_lost_property_passes_but_a_class_photo_on_the_carpet_does_not() -> None:
    jpg = {"filename": "IMG_2231.jpg", "content_type": "image/jpeg", "size": 900_000}
    assert not _cf102(_media_draft("The projector in room 22 shows a purple band (photo attached).", [jpg]))
    assert not _cf102(_media_draft("Here's a picture of the blue jacket from lost and found.", [jpg]))
    assert _cf102(_media_draft("Our class on the carpet with their reading buddies this morning.", [jpg]))


def test_a_month_abbreviation_before_a_date_is_not_a_name() -> None:
    from assistant.core.people import find_people

    assert [p.text for p in find_people("Confirming the photo booth on Jan 24 in the gym.")] == []
    assert [p.text for p in find_people("Jan Brewer called about the bus.")] == ["Jan Brewer"]


def test_an_acknowledgement_to_a_group_address_counts_as_many_but_two_people_do_not() -> None:
    group = [{"address": "respinoza@mdusd.org", "name": "Rita Espinoza"}, {"address": "staff-ygnacio@mdusd.org", "name": "YV Staff"}]
    two = [{"address": "respinoza@mdusd.org", "name": "Rita Espinoza"}, {"address": "jlee@mdusd.org", "name": "Jordan Lee"}]
    found = hints("+1", "EM301", to=group, subject="RE: Staff meeting moved", compose="reply-all")
    assert found and "a group list" in found[0].message
    assert not hints("+1", "EM301", to=two, subject="RE: Staff meeting moved", compose="reply-all")


OUTSIDE_PRESS = [{"address": "desk@valleygazette.com", "name": "News Desk"}]


@pytest.mark.parametrize("text", [
    "Here are photos of the new playground, taken Sunday before it opened, so there are no people in them.",
    "Les comparto las fotos del jardín; las tomamos un sábado sin alumnos.",
    "Attached is the recording of the software bug; only adult staff appear in it.",
    "Photo of the rear plate of the car that passed my bus is attached.",
    "Here are the pictures of the parent leadership graduates for your magazine. No children are in these pictures.",
    "Two pictures of the sousaphone bell are attached; could you quote a repair before the parade?",
    "Attached are photos of the refinished gym floor for your warranty file. The building was empty when they were taken.",
    "Here are two photos of our teachers and classified staff at the luncheon, all adults who agreed to be photographed.",
    "Le envío fotos de la cafetería renovada. Las tomé antes de que llegaran los estudiantes, así que solo se ven las mesas.",
    "Per your request, here are photos of the solar carport; they show the structure and the inverters only.",
    "Here's a photo of the controller display error on our kiln; the serial numbers are on the second one.",
], ids=["no-people", "es-sin-alumnos", "only-adults", "license-plate", "no-children-are-in", "repair-quote",
        "building-empty", "all-adults", "es-before-students", "show-only", "display-error"])
def test_cf102_media_said_to_show_no_students_passes(text: str) -> None:
    d = Draft.from_json({"subject": "Photos", "sender": SENDER, "to": OUTSIDE_PRESS, "text": text,
                         "attachments": [{"filename": "IMG_4410.jpg", "content_type": "image/jpeg", "size": 900_000}]})
    assert [h for h in check(d, only=("CF102",)) if h.code == "CF102"] == []


def test_cf102_media_to_the_press_is_still_flagged() -> None:
    d = Draft.from_json({"subject": "Photos", "sender": SENDER, "to": OUTSIDE_PRESS, "text": "Here are the photos from the spring concert.",
                         "attachments": [{"filename": "IMG_4410.jpg", "content_type": "image/jpeg", "size": 900_000}]})
    assert [h.code for h in check(d, only=("CF102",))] == ["CF102"]


def test_a_threat_toward_a_colleague_is_cf201_too():
    """BP 1114 item 7 names threatening language toward an employee (SPLIT.md, "dev12 and
    test6"): a threat at a colleague is CF202's and CF201's; with an insult in it, the
    insult is what CF201 quotes."""
    threat = "Greg, move my boxes out of the workroom one more time and I'll break your fingers."
    hints = check(draft(threat), only=("CF201", "CF202"))
    assert [h.code for h in hints] == ["CF201", "CF202"] and hints[0].message.startswith("This threatens")
    insulting = "Greg, you useless idiot, move my boxes out of the workroom one more time and I'll break your fingers."
    hints = check(draft(insulting), only=("CF201", "CF202"))
    assert [h.code for h in hints] == ["CF201", "CF202"] and "useless idiot" in hints[0].message


def test_tools_named_after_weapons_are_not_threats():
    for text in ("Sounds good. I'll bring the staple gun and zip ties Thursday.",
                 "Voy a llevar la pistola de silicón para los carteles."):
        assert hints(text, "CF202") == [], text
    assert hints("I'm bringing my gun to his house tonight.", "CF202")
