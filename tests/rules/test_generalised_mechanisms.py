"""The mechanisms added after the third tuning set (dev3), each with a draft it must flag
and a near miss it must pass. Sentences written for these tests, not taken from any set.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft

SENDER = {"address": "mruiz@mdusd.org", "name": "Marta Ruiz"}
OUTSIDE = [{"address": "k.olsen77@gmail.com", "name": "Kari Olsen"}]
INSIDE = [{"address": "jlee@mdusd.org", "name": "Jordan Lee"}]
TEAM = [{"address": f"{n}@mdusd.org", "name": n.title()} for n in ("hkim", "pmorales", "cmendoza", "rayala")]
STAFF = [{"address": f"staff{i}@mdusd.org", "name": f"Staff Member{i}"} for i in range(1, 6)]


def draft(text: str, *, to=INSIDE, subject: str = "Following up", compose: str = "new", attachments=()) -> Draft:
    return Draft.from_json({"subject": subject, "sender": SENDER, "to": list(to), "compose_type": compose,
                            "text": text, "attachments": list(attachments)})


def hints(d: Draft, code: str) -> list:
    return [h for h in check(d, only=(code,)) if h.code == code]


PHOTO = {"filename": "beach_cleanup_day.jpg", "content_type": "image/jpeg", "size": 900_000}
VIDEO = {"filename": "practice_clip.mp4", "content_type": "video/mp4", "size": 4_000_000}
STILL = {"filename": "northlot_still_1.jpg", "content_type": "image/jpeg", "size": 400_000}
TEAM_PIC = {"filename": "equipo_u10.jpg", "content_type": "image/jpeg", "size": 900_000}
COUNSELING = [{"address": "avhs-counseling@mdusd.org", "name": "AVHS Counseling"}]
STUDENT = [{"address": "jokafor@student.mdusd.org", "name": "Jasmine Okafor"}]
PARENT = [{"address": "mokafor58@gmail.com", "name": "Maria Okafor"}]
TRANSCRIPT = {"filename": "Okafor_J_Unofficial_Transcript.pdf", "content_type": "application/pdf", "size": 80_000}
BLANK_504 = {"filename": "Solicitud_504_en_blanco.pdf", "content_type": "application/pdf", "size": 80_000}
FILLED_504 = {"filename": "Solicitud_504_Valentina_Ruiz.pdf", "content_type": "application/pdf", "size": 80_000}
EXPLICIT_PHOTO = {"filename": "bikini_pic_nsfw.jpg", "content_type": "image/jpeg", "size": 900_000}

# (id, code, must-flag draft, near-miss draft, words the must-flag hint carries)
CASES = [
    # CF202: urging harm on someone is a threat; fixing a bus is not.
    ("urged-harm", "CF202", draft("Somebody should slash the tires on his truck after the meeting."),
     draft("Somebody should check the tires on the bus before the field trip."), ("slash",)),
    # CF202: the present for the future, with a weapon; a bat for practice is an idiom.
    ("bringing-a-weapon", "CF202", draft("I'm bringing my bat to his house tonight."),
     draft("I'm bringing a bat to practice tomorrow so the girls can hit off the tee."), ("bat",)),
    # CF202: a person aimed at, then the weapon the writer will have.
    ("with-a-weapon", "CF202", draft("I'm going to wait for him by the gym with a knife."),
     draft("I'm going to cut the birthday cake with a knife at lunch."), ("knife",)),
    # CF202: a person put through something hard; a form put through the slot is not.
    ("through-the-wall", "CF202", draft("If he talks back once more I'll put him through the window."),
     draft("I'll put the signed forms through the mail slot in the office door."), ("through the window",)),
    # CF202: a veiled threat about being watched; driving advice is not.
    ("over-your-shoulder", "CF202", draft("Report me again, Glen. You'll be looking over your shoulder all year."),
     draft("Never change lanes without looking over your shoulder first."), ("shoulder",)),
    # CF202: what may happen to someone's property.
    ("what-happens-to", "CF202", draft("Keep filing complaints and see what happens to that new car of yours."),
     draft("Leave the bean plant on the sill and see what happens to the leaves."), ("happens",)),
    # CF202: Spanish condition on someone's behaviour with the writer's answer.
    ("spanish-conditional", "CF202", draft("Si vuelve a gritarle a mi hija, le va a ir muy mal."),
     draft("Si no estudia para el examen, le va a ir mal en la boleta."), ("le va a ir muy mal",)),
    # CF301: two different cues (a body looked at, privacy sought); one alone is not explicit.
    ("two-cues", "CF301", draft("You looked so hot in that dress today. Lock the door behind you tonight."),
     draft("Please lock the door behind you when you leave the science lab."), ()),
    # CF301: undressing the reader; helping a child out of a wet jacket is not.
    ("undressing-you", "CF301", draft("Can't wait to get you alone after the late bus. Going to take my time undressing you."),
     draft("The aide will take her time helping you get the kids out of their wet jackets."), ()),
    # CF301: the writer's own undressing; water up to the ankles is not.
    ("pants-around-ankles", "CF301", draft("Next time lock the door, I almost got caught with my pants around my ankles."),
     draft("Next time call maintenance, the water in portable 9 was up around my ankles."), ()),
    # CF301 (dev12): a picture asked for with nothing on; undressing someone, imagined (Spanish).
    ("pics-nothing-on", "CF301", draft("Before our date Friday, send me a couple of pics, nothing on this time."),
     draft("Before the meeting Friday, send me a couple of pics of the new bulletin board, nothing on it yet is fine."), ()),
    ("es-quitandote", "CF301", draft("No pude dejar de mirarte en la junta. Me imaginé quitándote ese vestido en mi salón."),
     draft("No pude dejar de mirarte en la junta: te veías cansada. ¿Quieres que te ayude con los reportes?"), ()),
    # CF301: an attached image whose name says what it shows.
    ("explicit-attachment", "CF301", draft("lol you're welcome", attachments=[EXPLICIT_PHOTO]),
     draft("Here are the photos from Saturday.", attachments=[PHOTO]), ("bikini_pic_nsfw.jpg",)),
    # CF201: insulting adjectives in a row before the insult, about a role.
    ("adjectives-in-a-row", "CF201", draft("Our vice principal is a spineless, incompetent clown."),
     draft("Our vice principal is a kind, patient leader."), ("clown",)),
    # CF201: a surname alone is the person an insult is about.
    ("surname-alone", "CF201", draft("Honestly, Whitaker from payroll is a total moron."),
     draft("Honestly, Whitaker from payroll is a total pro."), ("moron",)),
    # CF201: Spanish drops the subject; the sentence before names the person.
    ("spanish-dropped-subject", "CF201", draft("Otra vez vino esa señora a la oficina. Es una mentirosa."),
     draft("Otra vez vino esa señora a la oficina. Es una mamá muy dedicada."), ("mentirosa",)),
    # CF201: a role written off.
    ("joke-of-a-role", "CF201", draft("What a joke of a coach."),
     draft("What a joke the coach told at the assembly!"), ("joke of a coach",)),
    # CF201: sexual remarks about a colleague (a school role, a third person); to a partner it is CF301 only.
    ("sexual-remarks", "CF201", draft("Have you met the new secretary? I'd love to get her naked in my bed."),
     draft("I want to see you naked in my bed tonight."), ("secretary",)),
    # CF201: the conduct model's clear reading of a sexual remark, about a colleague named
    # by role; a joke's characters, a relative of the one in bed and the writer's own
    # story are not colleagues.
    ("sexual-remarks-model", "CF201",
     draft("Did you see the new art teacher at pickup today? Those jeans should be illegal. I'd bend her over the copier any day."),
     draft("A nun and a gym teacher walk into a bar, she takes her top off and says I'm so horny I'd let the whole bar screw me lol"),
     ("the new art teacher",)),
    ("sexual-remarks-model-es", "CF201",
     draft("¿Ya viste a la maestra nueva de kínder? Está bien buena, me la imagino sin nada en el salón de música."),
     draft("Wife's at her sister's till Sunday 🔥 come over after your shift, I'll be waiting in bed naked. bring the handcuffs"),
     ("la maestra",)),
    # ... and about a colleague named by role, not about a parent (item 7 names students
    # and employees; the writers of dev12 and dev13 label a parent CF301 only).
    ("sexual-remarks-colleague", "CF201",
     draft("Did you see the new librarian at the book fair? That body should be illegal, I'd take her home in a heartbeat."),
     draft("ok so the new PE coach came back to my place and we went at it on the couch three times, he did that thing with his tongue"),
     ("librarian",)),
    # ... nor about a parent who set the scene in the sentence before, though her child is
    # named on the way (dev18).
    ("sexual-remarks-parent-first", "CF201",
     draft("Did you see the new girl in Room 4 at pickup? The one in the leggings. I'd bend her over my desk any day."),
     draft("Did you see the mom of the new girl in Room 4 at pickup? The one in the leggings. I'd bend her over my desk any day."),
     ("the new girl",)),
    # CF201 (dev9 and the writers before it): a Spanish insult before its person; a
    # modifier after "y"; a group written off "again"; a slur; a quota hire; an accent,
    # age, deafness and weight mocked; who "should not be allowed to reproduce".
    ("es-inverted", "CF201", draft("Otra vez se atrasó la línea. Bien mensa la señora de la caja."),
     draft("Bien temprano la señora de la caja abrió la cafetería."), ("mensa",)),
    ("es-y-bien", "CF201", draft("La nueva secretaria es bien lambiscona y bien pendeja."),
     draft("La nueva secretaria es bien amable y bien organizada."), ("pendeja",)),
    ("group-again", "CF201", draft("Still missing forms. Of course it's the Mexican families again, they never read anything we send."),
     draft("The Mexican families again ran the Posada; they never fail to bring tamales."), ("Mexican families",)),
    ("es-slur", "CF201", draft("Los papás de esa colonia son puro indio, no entienden nada."),
     draft("Los papás de esa colonia hablan mixteco, así que pedí un intérprete."), ("puro indio",)),
    ("quota-hire", "CF201", draft("They gave route 9 to the diversity hire who can't even parallel park."),
     draft("The diversity and inclusion hiring panel meets Tuesday at 3."), ("diversity hire",)),
    ("accent", "CF201", draft("I can't do another lunch duty with Mr. Adeyemi explaining the schedule in that accent."),
     draft("Ms. Lin reads the story in a Scottish accent and the kids love it."), ("in that accent",)),
    ("es-age", "CF201", draft("El viejito del salón 9 ya chochea, repite todo tres veces."),
     draft("Mi abuelo ya tiene noventa años y sigue leyendo todos los días."), ("chochea",)),
    ("deaf", "CF201", draft("With those two hearing aids the deaf lady can't follow a thing we say."),
     draft("The deaf student in room 4 gets an ASL interpreter starting Monday."), ("deaf lady",)),
    ("weight", "CF201", draft("Did you see the mom at today's IEP? She's so huge they brought in a second chair."),
     draft("Did you see the pumpkin at the fall fair? It's so huge they needed a wagon."), ("so huge",)),
    ("reproduce", "CF201", draft("Late again with a latte in her hand. Some people should not be allowed to reproduce."),
     draft("Students should not be allowed to reproduce the worksheet without credit."), ("reproduce",)),
    # dev18: an employee called a fat cow; threats in "I'm about ready to", a whipping,
    # sense beaten in; a bat taken to a machine is not one.
    ("fat-cow", "CF201", draft("That fat cow in purchasing denied my PO again."),
     draft("That new clerk in purchasing denied my PO again."), ("fat cow",)),
    ("about-ready-to", "CF202", draft("HR lost my paperwork again. I'm about ready to drive down there and choke her out."),
     draft("HR lost my paperwork again. I'm about ready to drive down there and sort it out in person."), ("choke her",)),
    ("whooping", "CF202", draft("Next one that mouths off, I'm taking my belt off and whooping him in front of everyone. I'm serious."),
     draft("Next one that mouths off gets a call home and a seat by my desk. I'm serious."), ("whooping him",)),
    ("beat-sense-into", "CF202", draft("Someone needs to take that kid out back and beat some sense into him."),
     draft("Someone needs to sit that kid down and talk some sense into him."), ("beat some sense into him",)),
    ("bat-to-a-machine", "CF202", draft("If he takes my parking spot one more time I'm about to take a bat to his truck."),
     draft("The copier jammed again. I'm about to take a bat to that thing."), ("bat to his",)),
    # dev18: sexting with nothing on, sex in Mexican Spanish ("cogiendo confianza" is gaining
    # confidence); answering a private seller's ad, "Love you" on a line of its own.
    ("nada-puesto", "CF301", draft("Aquí está el video que me pediste. No lo abras en el trabajo, que no traigo nada puesto."),
     draft("Aquí está el video de la asamblea que me pediste. No lo abras en el trabajo, que pesa mucho."), ()),
    ("cogiendo", "CF301", draft("Ayer nos la pasamos cogiendo toda la noche en el carro jaja."),
     draft("Ayer el equipo fue cogiendo confianza toda la tarde, jaja."), ()),
    ("craigslist-ad", "EM901", draft("Hola, vi su anuncio de la Tacoma en Craigslist. Le ofrezco $9,000.", subject="La Tacoma"),
     draft("Hola, vi su anuncio del puesto de conserje en EdJoin. Le mando mi solicitud.", subject="Puesto de conserje"),
     ("Craigslist",)),
    ("love-you-line", "EM901", draft("Running late at the board meeting. Can you grab Maya from practice at 5:30?\n\nLove you\nD"),
     draft("Running late at the board meeting. Can you cover the 5:30 practice for me?\n\nThanks\nD"), ("Love you",)),
    # dev18: pride said back to everyone; a panel's or the assistant principals' list.
    ("proud-reply-all", "EM301", draft("Thank you!! So proud of them 🥰", to=STAFF, compose="reply-all", subject="RE: Science fair"),
     draft("Thank you!! So proud of them. The judges want their slides by Friday, can you send them?", to=STAFF,
           compose="reply-all", subject="RE: Science fair"), ("5 people",)),
    ("panel-list", "EM301", draft("Noted.", to=[{"address": "sarb-panel@mdusd.org", "name": "SARB Panel"}], compose="reply-all",
                                  subject="RE: March agenda"),
     draft("Noted.", to=[{"address": "sbarrett@mdusd.org", "name": "Sam Barrett"}], compose="reply-all", subject="RE: March agenda"),
     ("a group list",)),
    # dev18: who is in the pictures said outright outweighs a thing's word in the message
    # (a scan tool, damage); "no students are in them" outweighs a group shot.
    ("named-in-the-photo", "CF102",
     draft("Here are the pics for your Facebook page. That's Marco Villanueva and Jessie Tran under the hood, next to the scan tool.",
           to=OUTSIDE, attachments=[PHOTO]),
     draft("Here are the pics of the scan tool for your repair quote. That's the error code on the screen.", to=OUTSIDE, attachments=[PHOTO]),
     ("going outside",)),
    ("pictures-of-the-boys", "CF102",
     draft("Pictures of the three boys who tagged the restroom are attached; you can see the damage on the stall behind them.",
           to=OUTSIDE, attachments=[PHOTO]),
     draft("Pictures of the damage in the restroom are attached, with the group shot we took after the cleanup; no students are in them.",
           to=OUTSIDE, attachments=[PHOTO]),
     ("going outside",)),
    # dev19: a body never found, explosives brought; fewer clothes asked for, someone
    # pictured out of her blazer (not out of her office).
    ("never-find-the-body", "CF202", draft("Touch my lunch one more time and they'll never find the body."),
     draft("Touch my lunch one more time and I'll never find the time to cover for you."), ()),
    ("dynamite", "CF202", draft("If it jams one more time I am bringing a stick of dynamite and taking the workroom with it."),
     draft("The quarry tour explains how dynamite was used to cut the rock face."), ()),
    ("less-clothes", "CF301", draft("Send me another one like that tonight, but with less clothes 😈"),
     draft("Send me another one like that tonight, but with less glare on the whiteboard."), ()),
    ("picturing-out-of", "CF301", draft("I've been picturing you out of that blazer since the first slide.", to=OUTSIDE),
     draft("I've been picturing you out of that office since the first slide of your retirement deck.", to=OUTSIDE), ()),
    # dev19: a litter of puppies for sale to the staff list; votes for a relative in a
    # contest asked in the subject (a class's science-fair vote is District business).
    ("puppies-for-sale", "EM901", draft("Luna had her litter! 5 French Bulldog puppies. AKC registered, $2,800 with a $500 deposit.",
                                        to=STAFF, subject="Frenchie puppies"),
     draft("The class puppies project is done: the kids raised $280 for the shelter's deposit on new kennels.",
           to=STAFF, subject="Shelter project"), ()),
    ("vote-for-my-niece", "EM901", draft("Se puede votar una vez al día hasta el viernes. ¡Mil gracias!", to=STAFF,
                                         subject="¡Voten por mi sobrina!"),
     draft("Se puede votar una vez al día hasta el viernes. ¡Mil gracias!", to=STAFF,
           subject="Voten por el proyecto de 5º grado"), ()),
    # dev20: the writer's truck by make then year, a raffle for the writer's own trip, the
    # writer's dental work moved, "Besos" to sign off; a fleet truck, the PTA's raffle, a
    # student's cleaning and "besos" inside a line are District business or not a sign-off.
    ("vendo-mi-ford", "EM901", draft("Vendo mi Toyota Tacoma 2016 en buen estado. Está en el estacionamiento si la quieren ver en el recreo.",
                                     to=STAFF, subject="Hola"),
     draft("El distrito vende la Toyota Tacoma 2016 de mantenimiento. Está en el estacionamiento si la quieren ver en el recreo.",
           to=STAFF, subject="Hola"), ()),
    ("rifa-viaje", "EM901", draft("Hola compañeros, estoy rifando una bocina nueva para mi viaje de diciembre. La rifa es el 30 de noviembre en el programa.",
                                  to=STAFF, subject="Hola"),
     draft("Hola compañeros, estamos rifando una bocina nueva para la excursión de diciembre. La rifa es el 30 de noviembre en el programa.",
           to=STAFF, subject="Hola"), ()),
    ("my-cleaning", "EM901", draft("I need to move my cleaning on 5/14 and the crown consult. Could I do Friday after 3?", to=OUTSIDE,
                                   subject="Appointment"),
     draft("The custodians need to move the carpet cleaning on 5/14. Could they do Friday after 3?", to=OUTSIDE,
           subject="Appointment"), ()),
    ("besos", "EM901", draft("No se te olvide pagar el recibo hoy y pasa por la leche.\n\nBesos", to=OUTSIDE, subject="hoy"),
     draft("No se les olvide traer el recibo hoy; la canción de los besos es el viernes.\n\nMaestra Ruiz", to=OUTSIDE,
           subject="hoy"), ()),
    # dev19: a thing's word far from the pictures ("before my laptop gets reimaged") does
    # not make them pictures of things; one beside them does.
    ("thing-word-elsewhere", "CF102",
     draft("Backing these up before my laptop gets reimaged. Poetry slam day, the whole 3rd period.", to=OUTSIDE,
           attachments=[PHOTO]),
     draft("Attached is a photo for the repair quote. The laptop hinge cracked on Monday.", to=OUTSIDE, attachments=[PHOTO]),
     ("going outside",)),
    # dev19: a family written off as trash; a girl called easy in Spanish.
    ("trash-family", "CF201", draft("Of course he's failing, they're a trash family and never show up to anything."),
     draft("Of course he's behind; that whole family has been moving shelters all fall."), ("trash family",)),
    ("una-cualquiera", "CF201", draft("Con catorce años y ya embarazada, es una cualquiera igual que la hermana."),
     draft("Con catorce años y ya lee de todo, es una lectora igual que la hermana."), ("una cualquiera",)),
    # dev18, dev19: someone run over, somebody getting hurt, a new set of teeth; a run-over
    # of the agenda is not one.
    ("run-over", "CF202", draft("If he takes the scan tool one more time without signing it out, I'll run him over with that Civic."),
     draft("If the meeting runs over one more time I'll ask for a timer."), ()),
    ("somebodys-getting-hurt", "CF202", draft("Tell your kids to stay away from our pit or somebody's getting hurt."),
     draft("Tell your kids to stay away from the pit wires or somebody's getting a shock, and we'll have to stop."), ()),
    ("new-set-of-teeth", "CF202", draft("Print that story and you'll need a new set of teeth. I know your gym.", to=OUTSIDE),
     draft("After the fall at recess Mateo will need a new set of glasses; the nurse called home.", to=OUTSIDE), ()),
    # dev20: consequences beside an ultimatum (a key down a car's side, the air let out,
    # tires found slashed, eating through a straw, relatives who will handle it); each
    # without the ultimatum, or about a thing, is everyday.
    ("key-and-air", "CF202", draft("Park in my spot one more time and I am letting the air out of all four."),
     draft("After the carnival the custodian is letting the air out of the bounce house."), ()),
    ("tires-slashed", "CF202",
     draft("Keep leaving my kids at the curb and one morning your driver will find all four tires slashed.", to=OUTSIDE),
     draft("Bus 22 was late because the driver found all four tires slashed in the yard; police have the report.", to=OUTSIDE), ()),
    ("through-a-straw", "CF202",
     draft("If your guy mouths off at my staff one more time he'll be eating his lunch through a straw.", to=OUTSIDE),
     draft("The kids loved drinking the smoothies through a straw at the health fair.", to=OUTSIDE), ()),
    ("my-brothers", "CF202", draft("If you show up at my work again my brothers will handle you.", to=OUTSIDE),
     draft("If you want to come to the carne asada again my brothers will handle the grill.", to=OUTSIDE), ()),
    ("lights-out", "CF202", draft("Honestly someone needs to put that kid's lights out and I'm volunteering."),
     draft("Honestly someone needs to put the gym's lights out at night, they stay on until 11."), ()),
    ("esperar-afuera", "CF202", draft("Te voy a esperar afuera del estacionamiento a las 6, a ver si eres tan valiente."),
     draft("Te voy a esperar en la entrada a las 6 para darte las llaves del salón."), ()),
    # dev20: put-downs without the usual words: "'s a" + any word + an insult noun, a
    # child labelled a problem, a family called terrorists, an embarrassment to the
    # program, a boy called fruity, women said not to have the head for a job, a slur.
    ("confused-little-freak", "CF201", draft("She's a confused little freak who wants attention."),
     draft("She's a confused little first grader who wants a hug."), ("freak",)),
    ("rotten-kid", "CF201", draft("Honestly he's a rotten kid and a real problem child."),
     draft("Honestly the apples in the kids' lunches were rotten again."), ("rotten",)),
    ("terrorist-family", "CF201", draft("Her dad runs that hookah lounge. Terrorist family if you ask me."),
     draft("The unit on the terrorist attacks of 2001 starts Monday, if you ask me."), ("Terrorist family",)),
    ("embarrassment-to", "CF201", draft("Honestly you're an embarrassment to this program."),
     draft("Honestly I'm an embarrassment to myself at karaoke."), ("embarrassment",)),
    ("fruity", "CF201", draft("The kid's way too fruity, did you see the nail polish?"),
     draft("The kid's smoothie was way too fruity, so he asked for plain milk."), ("fruity",)),
    ("women-cant", "CF201", draft("Women just don't have the upper body strength or the head for the gear."),
     draft("Women just don't have the same access to the ropes certification, so we pay for it."), ("Women just",)),
    ("pata-rajada", "CF201", draft("Otra india pata rajada que contrataron nada más porque habla español."),
     draft("Otra maestra bilingüe que contrataron porque habla español y mixteco."), ("pata rajada",)),
    # dev20: records in other words (a second written warning, a pregnancy in Spanish, a
    # second tobacco violation) and explicit words (albures, clothes taken off in Spanish).
    ("written-warning", "CF101", draft("Ray Dominguez received his second written warning on Friday for leaving kids alone."),
     draft("Ray Dominguez received his second written thank-you from the PTA on Friday."), ("Ray Dominguez",)),
    ("embarazada", "CF101", draft("Ximena Ruiz me confió hoy que está embarazada de unas 14 semanas."),
     draft("Ximena Ruiz me confió hoy que está emocionada por la feria de ciencias."), ("Ximena",)),
    ("tobacco-violation", "CF101", draft("Attached is the photo of Brianna Soto. This is her second tobacco violation.", to=OUTSIDE),
     draft("Attached is the flyer by Brianna Soto. This is her second tobacco-free poster.", to=OUTSIDE), ("Brianna",)),
    ("albures", "CF301", draft("Ahí les van unos albures pa' que se rían, los escribí de memoria."),
     draft("Ahí les van unos chistes de maestros pa' que se rían, los escribí de memoria."), ()),
    ("quites-la-ropa", "CF301", draft("Esta noche quiero que me quites la ropa despacito en cuanto cruces la puerta."),
     draft("Esta noche quiero que me quites la ropa de la secadora en cuanto cruces la puerta."), ()),
    # dev20: yearbook photos of "our 8th grade boys" said to be attached (the file a PDF);
    # a missing-child scare passed on with "don't let this die".
    ("grade-boys", "CF102", draft("Attached are yearbook photos of five of our 8th grade boys. Can you tell me which one it was?",
                                  to=OUTSIDE, attachments=[{"filename": "lineup.pdf", "content_type": "application/pdf", "size": 90_000}]),
     draft("Attached are photos of the damage in the 8th grade boys' restroom for your repair quote.",
           to=OUTSIDE, attachments=[{"filename": "damage.pdf", "content_type": "application/pdf", "size": 90_000}]), ()),
    ("dont-let-this-die", "EM902", draft("Please share!!! MISSING girl, last seen at Walmart with a man in a white van. Don't let this die!!",
                                         to=STAFF),
     draft("Please share the new pickup map with your families. Don't let this sit in your inbox until Friday.", to=STAFF), ()),
    # dev20: a picture of the writer the reader asked for shows no student; a named
    # student in a photo sent the same way still counts.
    ("self-shot", "CF102",
     draft("Here's the one you asked for, Mia Chen and Leo Park asleep on the bus 😂", to=OUTSIDE, attachments=[PHOTO]),
     draft("Here's the one you asked for, took it in the bathroom this morning 😏 your turn tonight", to=OUTSIDE,
           attachments=[PHOTO]), ()),
    # A school nurse by title gives the care: "Nurse Stevens will run the EpiPen refresher"
    # is nobody's record; the student she treats still has one.
    ("nurse-gives-care", "CF101", draft("Maya Chen used her EpiPen at lunch; Nurse Stevens called 911.", to=OUTSIDE),
     draft("Nurse Stevens will run the annual EpiPen refresher in the MPR on Tuesday.", to=STAFF), ("Maya Chen",)),
    # dev21: a visit paid at home after an ultimatum, poison mixed in, a building burned
    # with people inside, "next person who ... is getting stabbed"; the same words kindly
    # or without the harm are everyday.
    ("pay-you-a-visit", "CF202", draft("Keep threatening to call your lawyer and my cousins will pay you a visit at home.", to=OUTSIDE),
     draft("Keep reading with him at night and the reading coach will pay you a visit at conferences.", to=OUTSIDE), ()),
    ("rat-poison", "CF202", draft("Somebody took my lunch again. Next time I'm mixing rat poison into it."),
     draft("The custodian says the rat poison is locked in the shed again, next to the bleach."), ()),
    ("burn-with-inside", "CF202", draft("Somebody ought to burn that whole building down with the cabinet inside it."),
     draft("The fire drill went well; everyone was outside in four minutes with the cabinet keys inside."), ()),
    ("next-person-stabbed", "CF202", draft("Next person who microwaves fish in the workroom is getting stabbed."),
     draft("Next person who microwaves fish in the workroom is getting a polite note from me."), ()),
    # CF201: an insult noun in the plural; a clown who entertains is not one.
    ("clowns", "CF201", draft("How do they keep promoting these clowns while we do the actual work?"),
     draft("The clown at the fall festival was a hit with the kids."), ("clowns",)),
    # CF201: a closed quotation is not reported speech.
    ("closed-quotes", "CF201", draft('Another "accommodation" for that lazy kid in third period.'),
     draft('He yelled "that lazy kid" at Sam, and I told him that is not okay.'), ("lazy kid",)),
    # CF101: housing and foster care are records; a coat drive names nobody.
    ("welfare", "CF101", draft("Marisol Vega is in foster care now, so only her caseworker may sign forms.", to=OUTSIDE),
     draft("We are collecting coats for families in foster care this month.", to=OUTSIDE), ("Marisol Vega", "family, housing")),
    # CF101: a record tied to the one person named in the sentence before.
    ("sentence-before", "CF101", draft("Student: Kira Lopez, grade 3\nConcerns: reading well below grade level and frequent headaches"),
     draft("Thanks to Kira Lopez for helping at the book fair.\nThe class is reading well below grade level this fall."), ("Kira Lopez",)),
    # CF101: the sentence before names the child and, as a greeting, the reader: the record is the child's.
    ("sentence-before-addressed", "CF101",
     draft("Sr. Herrera, le aviso que Diego no juega el viernes. Tiene F en Química y su promedio bajó a 1.7.", to=OUTSIDE),
     draft("Sr. Herrera, le aviso que el equipo no juega el viernes. La clase tiene examen de Química.", to=OUTSIDE), ("Diego",)),
    # CF101: a text table under record headers the list did not have.
    ("table-headers", "CF101", draft("Student      RIT    Percentile\nAna Ruiz     186    12\nBo Chen      191    21"),
     draft("Room         RIT    Percentile\nRoom 4       186    12\nRoom 6       191    21"), ("Ana Ruiz",)),
    # CF101: pre/post assessment gains and a Spanish average are record headers; rooms are not people.
    ("table-pre-post", "CF101", draft("Student      Pre    Post   Gain\nAna Ruiz     212    221    9\nBo Chen      198    201    3", to=OUTSIDE),
     draft("Room         Pre    Post   Gain\nRoom 4       212    221    9\nRoom 6       198    201    3", to=OUTSIDE), ("Ana Ruiz",)),
    ("table-promedio", "CF101", draft("Alumna        Promedio\nKarla Ruiz    1.9\nItzel Mora    2.6", to=OUTSIDE),
     draft("Salón         Promedio\nSalón 12      1.9\nSalón 14      2.6", to=OUTSIDE), ("Karla Ruiz",)),
    # CF101: an attached spreadsheet whose name says it holds records.
    ("record-file", "CF101",
     draft("Sending these to myself to finish tonight.", to=OUTSIDE,
           attachments=[{"filename": "P2_gradebook_export.csv", "content_type": "text/csv", "size": 30_000}]),
     draft("Sending these to myself to finish tonight.", to=OUTSIDE,
           attachments=[{"filename": "field_trip_menu.csv", "content_type": "text/csv", "size": 30_000}]), ("gradebook",)),
    # CF101: a table of one cell a line, where a name cell ends in an initial ("Luis M.").
    ("initial-name-cell", "CF101", draft("Winter MAP for the WIN groups:\nStudent\nRIT\nPercentile\nLuis M.\n186\n12\nAva Chen\n191\n21"),
     draft("Winter MAP for the WIN groups:\nRoom\nRIT\nPercentile\nRoom 4\n186\n12\nRoom 6\n191\n21"), ("Luis",)),
    # CF101: a report with words between it and its child.
    ("report-words-between", "CF101", draft("I filed a CPS report yesterday afternoon on Tessa Grant."),
     draft("Please review how to file a CPS report before Friday's training."), ("Tessa Grant",)),
    # CF101: index scores as a report lists them, tied to the child named on the line before.
    ("bare-index-score", "CF101", draft("Psychoed summary for Noah Kemp (gr. 4):\nFSIQ 88; Processing Speed 71"),
     draft("The psychologist will explain what FSIQ means at Thursday's training for 88 staff."), ("Noah Kemp",)),
    # EM301: an unmarked signature (the sender's name on its own line) is not what the reply says.
    ("unmarked-signature", "EM301", draft("Will do!\n\nMarta Ruiz\nHealth Clerk, Oak Grove", to=STAFF, subject="RE: Allergy plans"),
     draft("Will do, but the allergy forms are due Tuesday, not Monday, so please fix the calendar.\n\nMarta Ruiz\nHealth Clerk",
           to=STAFF, subject="RE: Allergy plans"), ()),
    # EM301: an approval is an acknowledgement.
    ("approval", "EM301", draft("looks good", to=STAFF, subject="RE: Agenda for Monday"),
     draft("looks good, but move the budget item first so Ana can leave at 4", to=STAFF, subject="RE: Agenda for Monday"), ()),
    # CF201 (dev22): a family coded as "*those*" people; those families thanked are not.
    ("coded-those", "CF201", draft("We got another one of *those* families in Room 6. Hope this one at least has papers lol."),
     draft("We got another one of those families from the Tuesday clinic in Room 6 who need a Spanish interpreter."),
     ("those",)),
    # CF201: a colleague told nobody wants them; nobody wanting the last slice is not.
    ("nobody-wants-you", "CF201", draft("Kevin, nobody on this team wants you here. Put in for a transfer."),
     draft("Kevin, nobody on this team wants the Friday 7 am duty, so we will rotate it."), ("wants you",)),
    # CF201: a child born bad; a bad seed packet in the garden is not.
    ("bad-seed", "CF201", draft("Between you and me, that boy is a bad seed and he'll be trouble his whole life."),
     draft("Between you and me, that packet was a bad seed batch, so the beans never came up."), ("bad seed",)),
    # CF202 (dev22): sorry with its adverbs; happy with them is not.
    ("very-very-sorry", "CF202", draft("Put the scissors back by Friday or you will be very, very sorry."),
     draft("Put the new scissors on the cart; you will be very, very happy with them."), ("sorry",)),
    # CF202: a visit that won't be friendly; a friendly visit is not.
    ("visita-no-amistosa", "CF202",
     draft("Si no devuelve el depósito, mis primos le van a hacer una visita y no va a ser amistosa."),
     draft("El viernes le vamos a hacer una visita a la biblioteca pública con los de primero."), ("visita",)),
    # CF202: eye drops slipped into a colleague's drink; eye drops for pink eye are not.
    ("eye-drops-in-her-coffee", "CF202", draft("Tomorrow I'm putting Visine in her coffee before PLC."),
     draft("The nurse is putting eye drops in her left eye twice a day for pink eye."), ("Visine",)),
    # CF202: picked up off the floor, said to someone; practised in a tumbling unit is not.
    ("off-the-floor", "CF202", draft("Mess up the rally again and you'll be picking yourself up off the gym floor."),
     draft("In tumbling, practise picking yourself up off the gym floor slowly after each roll."), ("floor",)),
    # CF102 (dev22): picture books are books; a video of the writer modelling a skill shows the writer.
    ("picture-books", "CF102", draft("Here are photos of Maya Chen and Leo Park at the class read-aloud.", to=OUTSIDE),
     draft("Here are the picture books Maya Chen's class voted for: Hair Love and The Day You Begin.", to=OUTSIDE),
     ("Maya Chen",)),
    ("video-of-me-modelling", "CF102",
     draft("Here's a short video of Liam Ochoa practicing his /r/ words.", to=OUTSIDE, attachments=[VIDEO]),
     draft("Here's a short video of me modeling the tongue position. Liam Ochoa can watch it before practice.",
           to=OUTSIDE, attachments=[VIDEO]), ()),
    # CF101 (dev22): a list of grade-point averages under their label, a name with an accent first.
    ("labelled-score-rows", "CF101",
     draft("No pueden comprar boleto por la revisión de calificaciones:\n- Daniel Herrera - promedio 1.6\n"
           "- Ángel Morales - promedio 1.9\n\nGracias", to=OUTSIDE),
     draft("Asistencia por salón esta semana:\n- el salón 12 - promedio 96\n- la biblioteca - promedio 91\n\nGracias",
           to=OUTSIDE), ("Ángel Morales",)),
    # CF101: a family said to be homeless now; homeless families in general are not anyone's record.
    ("currently-homeless", "CF101",
     draft("The Cano family (Luis, 1st grade) are currently homeless and staying at the shelter.", to=OUTSIDE),
     draft("Families who are currently homeless can ask the counselor about McKinney-Vento services.", to=OUTSIDE),
     ("homeless",)),
    # CF101: the sender's name right under a table (an HTML table's cells, one per line) is the signature.
    ("sender-below-a-table", "CF101",
     draft("Student\nAttendance\nNotes\nLuis Ortega\n6\ntardy twice\nMarta Ruiz\nActivities"),
     draft("Event\nAttendance\nNotes\nRally\n1,850\nran 4 min over\nMarta Ruiz\nActivities"), ("Luis Ortega",)),
    # CF102 (dev20, dev21): a blank photo-permission form publishes nothing; a PDF of photos does.
    ("permiso-form", "CF102",
     draft("Adjunto las fotos de la excursión.", to=OUTSIDE,
           attachments=[{"filename": "Fotos_Excursion_Verano.pdf", "content_type": "application/pdf", "size": 900_000}]),
     draft("Adjunto el formulario en blanco.", to=OUTSIDE,
           attachments=[{"filename": "Permiso_Fotos_Video_2024.pdf", "content_type": "application/pdf", "size": 90_000}]),
     ()),
    # CF102: asking a visitor not to photograph the students keeps item 3.
    ("asked-not-to-photograph", "CF102",
     draft("Here are pictures of our students with Tobias Reed at the assembly for his website.", to=OUTSIDE),
     draft("We ask visiting authors not to photograph students. If Tobias Reed would like pictures from the day for "
           "his website, our office can share approved ones.", to=OUTSIDE), ("Tobias Reed",)),
    # CF102: a name given after an adult's role is staff, not a student in the video.
    ("staff-after-role", "CF102",
     draft("Here is the video of our 5th grader Sharon Liu at the science fair.", to=OUTSIDE),
     draft("Students view the maturation video, then a Q&A with our school nurse, Sharon Liu.", to=OUTSIDE),
     ("Sharon Liu",)),
    # CF102: a child whose school record the message gives is a student, when the video is handed over.
    ("record-makes-a-student", "CF102",
     draft("Here is the video of Isabella Ortiz from the ADOS-2 session. Her comparison score was 8.", to=OUTSIDE),
     draft("Nico Rivera came in with bruising on his forearm (photos in health file). He has 22 absences.", to=OUTSIDE),
     ("Isabella Ortiz",)),
    # CF102: the sentence after the video says who is in it.
    ("shown-in-the-next-sentence", "CF102",
     draft("Les mando el video del mural de la escuela. Salen trabajando Estefany Cruz y Anthony Guzmán.", to=OUTSIDE),
     draft("Les mando el video del mural de la escuela. Mañana le llamo a Estefany Cruz para la pintura.", to=OUTSIDE),
     ("Estefany Cruz",)),
    # CF102: a boy or a girl beside a named child in the clip.
    ("a-boy-in-the-clip", "CF102",
     draft("I pulled the bus video. You can see Samira Haddad in the third row next to the boy in red.", to=OUTSIDE),
     draft("I pulled the bus video. You can see Samira Haddad in the third row next to the driver.", to=OUTSIDE),
     ("Samira Haddad",)),
    # EM301: an acknowledgement typed without its accents, and Spanish glue words around it.
    ("accents-dropped", "EM301", draft("Va, ahi estare", to=STAFF, subject="RE: Horario del gimnasio"),
     draft("Va, pero ahi no cabe el grupo de quinto", to=STAFF, subject="RE: Horario del gimnasio"), ()),
    ("gracias-por-el-aviso", "EM301", draft("¡Gracias por el aviso!", to=STAFF, subject="RE: Correo falso"),
     draft("Gracias por el aviso, ya me llegó a mí y le di clic, ¿qué hago?", to=STAFF, subject="RE: Correo falso"), ()),
    # EM301: a doubled emoji laughs along; a nickname above the signature is the sender's name.
    ("doubled-emoji", "EM301", draft("😂😂 too good", to=STAFF, subject="RE: Friday joke"),
     draft("😂😂 too good, but who is covering my duty at lunch?", to=STAFF, subject="RE: Friday joke"), ()),
    ("nickname-sign-off", "EM301", draft("Ahí estaremos 😊\n\nMar", to=STAFF, subject="RE: Noche de padres"),
     draft("Ahí estaremos con las mesas y el sonido 😊\n\nMar", to=STAFF, subject="RE: Noche de padres"), ()),
    # CF101 (dev22): a list the writer exported from the student system, described with its fields.
    ("exported-list", "CF101",
     draft("Here you go! I exported it from Synergy so it has everyone's student ID, grade and teacher.", to=OUTSIDE,
           attachments=[{"filename": "summer_readers.xlsx", "content_type": "application/vnd.ms-excel", "size": 20000}]),
     draft("Here you go! I exported the flyer from Canva so it has everyone's student name space left blank.", to=OUTSIDE),
     ("ID",)),
    # CF102 (dev23): students' pictures handed on with an invitation to post or share them further.
    ("passed-on-to-post", "CF102",
     draft("Here's the shared album from the trip: about 180 pictures of the kids. Feel free to download and post them "
           "to the parents' Facebook group.", to=OUTSIDE),
     draft("Here's the shared album of the new library shelves: 40 pictures. Feel free to download and post them "
           "to the PTA Facebook group.", to=OUTSIDE), ()),
    ("video-publico", "CF102",
     draft("Aquí está el video de la graduación, donde cada estudiante dice su nombre. Por favor compártanlo con sus "
           "familiares.", to=OUTSIDE),
     draft("Aquí está el video de la graduación, donde cada estudiante dice su nombre. Está en el portal del distrito, "
           "solo para las familias.", to=OUTSIDE), ()),
    # CF102: the writer's own laptop, where a video is edited, is not what the video shows.
    ("on-my-own-laptop", "CF102",
     draft("Sending these to my home email so I can edit the dance recap video on my own laptop.", to=OUTSIDE,
           attachments=[VIDEO]),
     draft("Sending this photo so you can see the cracked screen on the library laptop.", to=OUTSIDE,
           attachments=[PHOTO]), ()),
    # CF201 (dev23): a people's children written off by nationality; a slur as people write it.
    ("typical", "CF201", draft("FYI for whoever has the Congolese boys after me: they are loud, aggressive and disrespectful, typical."),
     draft("FYI for whoever has the Congolese boys after me: they are loud fans at every game, typical teenagers!"),
     ("Congolese boys",)),
    ("window-lickers", "CF201", draft("I'm not babysitting a bunch of window-lickers through the museum."),
     draft("I'm not cleaning the window sills of the museum bus again."), ()),
    # CF202 (dev23): what the writer will throw through a window or pour over a head, said in the present.
    ("through-your-window", "CF202",
     draft("If I reset it a sixth time I'm driving over there and throwing that laptop through your window."),
     draft("If I reset it a sixth time I'm driving over there and passing the new laptop through your window."),
     ("throwing that laptop",)),
    ("over-her-head", "CF202",
     draft("Next time she puts her head down I'm dumping the ice water from my bottle right over her head."),
     draft("Next time she puts her head down I'm not dumping water over her head, I'm calling home."), ()),
    # EM301 (dev23): "ditto" and praise said to all.
    ("ditto", "EM301", draft("Ditto! You guys are the best.", to=STAFF, subject="RE: Bus 2 seating"),
     draft("Ditto, but bus 2 has only 40 seats, so move the Berkeley group to bus 3.", to=STAFF, subject="RE: Bus 2 seating"), ()),
    # EM902 (dev23): a Spanish virus hoax passed on to all one's contacts; a real phishing notice is not.
    ("virus-en-cadena", "EM902",
     draft("No abran ningún correo que diga CITACIÓN. Es un virus que te borra todo el disco duro. Mándenselo a todos sus contactos."),
     draft("No abran ningún correo que diga CITACIÓN: es phishing. Tecnología ya lo bloqueó; si lo abrieron, llamen a la mesa de ayuda."), ()),
    # CF301 (dev23): a tumble in bed wished on someone, nudity offered at a party.
    ("revolcon", "CF301", draft("Esa vieja necesita un buen revolcón para que se le quite lo amargada jajaja."),
     draft("Esa junta necesita un buen café para que se nos quite lo cansado jajaja."), ()),
    ("clothing-optional", "CF301", draft("Party at my place Friday! The hot tub is clothing optional after midnight."),
     draft("Party at my place Friday! Costumes are optional after the kids' parade."), ()),
    # CF202 (dev23): a fight dared, "it won't be pretty", a mouth shut for someone, a laxative baked in,
    # "a real shame if something happened to" someone's car.
    ("better-bring-friends", "CF202", draft("Tell that dad if he comes on campus yelling at me again, he better bring some friends."),
     draft("Tell the scouts if they come on Saturday to set up, they better bring some gloves."), ()),
    ("wont-be-pretty", "CF202", draft("Next time I catch you in my room, I'm going to find you after school and it won't be pretty."),
     draft("Next time I catch you in my room, I'm going to find you a better seat, the old one wasn't pretty."), ()),
    ("shut-it-for-you", "CF202", draft("Keep your mouth shut about her or I'll shut it for you. Permanently."),
     draft("Keep the lab door shut after 3 or I'll have to lock it for you."), ()),
    ("laxative-brownies", "CF202", draft("Next time I'm making special brownies with a whole box of Ex-Lax in them and labeling them with my name."),
     draft("Next time I'm making special brownies with a whole box of sprinkles in them and labeling them with my name."), ()),
    ("real-shame", "CF202", draft("It'd be a real shame if something happened to that nice new Tesla of yours in the staff lot."),
     draft("It'd be a real shame if we missed the Tesla factory tour because the bus was late."), ()),
    # EM301 (dev22): praise said back to the group is an acknowledgement too.
    ("praise-back", "EM301", draft("Thanks Carla, you're a lifesaver! Would die without you 🙌", to=STAFF, subject="RE: Copier fixed"),
     draft("Thanks Carla, you're a lifesaver! Room 12's copier still jams on legal paper though.", to=STAFF,
           subject="RE: Copier fixed"), ()),
    ("eres-lo-maximo", "EM301", draft("¡Gracias, eres lo máximo! Qué haríamos sin ti", to=STAFF, subject="RE: Sillas para la junta"),
     draft("¡Gracias, eres lo máximo! Pero faltan las sillas del salón 4.", to=STAFF,
           subject="RE: Sillas para la junta"), ()),
    # EM902 (dev22): a status game passed on to all the women you know; a pink-day notice is not.
    ("status-game", "EM902",
     draft("Ladies: post only the color of your bra as your status, no explanation! Forward this to all the women you know!"),
     draft("Breast Cancer Awareness Month: wear pink on Friday, and forward this to the PTA so families can join."), ()),
    # EM902: a prayer passed on with a blessing promised and a curse; a prayer shared at a memorial is not.
    ("oracion-en-cadena", "EM902",
     draft("Reenvía esta oración a 10 mamás y recibirás una gran bendición. Si la ignoras, algo malo le pasará a tu familia."),
     draft("Les comparto la oración que leímos en el rosario de la Sra. Lupe. Gracias por acompañarnos."), ()),
    # EM901 (dev22): a savings circle among colleagues; the cafeteria's own order is not.
    ("tanda", "EM901", draft("Ya empezamos la tanda nueva: $200 por quincena, faltan los números 3 y 9."),
     draft("Ya empezamos la rotación nueva de limpieza: faltan los salones 3 y 9 esta quincena."), ("tanda",)),
    # EM901: the writer says it is not work; "not a work order" is work.
    ("not-a-work-thing", "EM901", draft("Matt - not a work thing, sorry, but I need someone to know how Trevor keeps texting my wife."),
     draft("Matt - this is not a work order yet, sorry, but I need someone to know how the Friday buses keep running late."),
     ("work thing",)),
    # EM901: selling one's own things; the PTA selling tickets is District business.
    ("personal-sale", "EM901", draft("Hi all, selling my old jogging stroller, $40 or best offer."),
     draft("The PTA is selling raffle tickets for the library fund, $5 each."), ("selling",)),
    # EM901: a partner addressed by a pet name.
    ("pet-name", "EM901", draft("Hi honey, the plumber comes at 4 to look at the sink."),
     draft("Hi team, the plumber comes at 4 to look at the staff sink."), ("honey",)),
    # CF201: "pure" and "utter" are intensifiers like "total"; pure joy is no insult.
    ("pure-trash", "CF201", draft("Those kids from the portables are pure trash."),
     draft("Those kids from the portables are pure joy."), ("trash",)),
    # CF101: a date of birth as Spanish lists abbreviate it; a meeting's date is not one.
    ("nac-abbreviated", "CF101", draft("1. Kevin Pérez Chun - nac. 03/02/2012 - 7° grado", to=OUTSIDE),
     draft("1. Kevin Pérez Chun - reunión 03/02/2026 - 7° grado", to=OUTSIDE), ()),
    # CF301 (dev24): a colleague or a parent called "bien buena" in Spanish; the soup is not.
    ("bien-buena", "CF301", draft("Qué rica está la mamá de Brayan, vino hoy por el chamaco."),
     draft("Qué rica está la sopa de la cafetería hoy."), ()),
    ("buena-onda", "CF301", draft("La señora nueva de la cocina está bien buena, con esas pompas."),
     draft("La señora nueva de la cocina está bien buena onda, con todos los niños."), ()),
    # CF301: clothes someone wants to see a person out of; seeing a colleague off to a conference is not.
    ("out-of-that-dress", "CF301", draft("Come over Friday for a drink and let me see you out of that dress."),
     draft("Come over Friday for a drink and let me see you off before the conference."), ()),
    ("tied-to-the-bed", "CF301", draft("Tonight I'm going to tie you to that big bed with the silk scarf."),
     draft("Tonight I'm going to tie the balloons to that big gate with the silk ribbon."), ()),
    ("enjoy-the-view", "CF301", draft("Next time turn around real slow so the whole office can enjoy the view."),
     draft("At the overlook, turn around and enjoy the view of the bay before the bus leaves."), ()),
    # CF201 (dev24): special-education students as the "short bus crew"; the route's short bus is a bus.
    ("short-bus", "CF201", draft("Guess who got the short bus crew again for 6th period? Me."),
     draft("The short bus for route 12 broke down again, so 6th period starts late."), ()),
    ("value-education", "CF201", draft("None of the families showed, like always. They don't value education."),
     draft("None of the families missed it. They really value education here."), ()),
    ("future-inmates", "CF201", draft("The 5th graders in that room are future inmates, every one of them."),
     draft("The 5th graders in that room are future engineers, every one of them."), ()),
    ("ghetto-animals", "CF201", draft("Those ghetto little animals in Room 19 ripped the covers off again."),
     draft("Those little stuffed animals in Room 19 lost their covers again."), ()),
    ("an-embarrassment", "CF201", draft("Nobody wants you at the tabletop. You're an embarrassment."),
     draft("Nobody wants you to feel rushed at the tabletop. You're an asset."), ()),
    ("rata-mentirosa", "CF201", draft("Ese Chuy es una rata mentirosa."), draft("La mascota del salón es una rata blanca."), ()),
    ("little-slut", "CF201", draft("Little slut couldn't even look at me when I walked in."),
     draft("Little Sloane couldn't even look at me when I walked in, she was so shy."), ()),
    # CF202 (dev24): a person through a machine; a fan through its test cycle is maintenance.
    ("through-the-fan", "CF202", draft("If he touches my controls again I'm going to put him through the cooling tower fan."),
     draft("If he touches my controls again I'm going to put the cooling tower fan through a full test."), ()),
    ("snitches", "CF202", draft("Pass it along to Marcus: snitches get stitches."),
     draft("Pass it along to Marcus: the stitches come out Friday."), ()),
    ("pay-for-this", "CF202", draft("You are all going to pay for this. Every one of you who signed."),
     draft("You are all going to pay for this trip out of the club account."), ()),
    ("seria-una-lastima", "CF202", draft("Sería una lástima que una noche de estas se quemara todo, ¿no?"),
     draft("Sería una lástima que no vinieran a la junta del jueves."), ()),
    # CF101 (dev24): a grade point average raised from one figure to another; a budget is not one.
    ("raised-his-gpa", "CF101", draft("Diego Valenzuela came by today. He raised his GPA from 1.4 to 2.9 since September.", to=OUTSIDE),
     draft("Diego Valenzuela came by today. He raised his PTA budget from 1.4 to 2.9 thousand since September.", to=OUTSIDE), ()),
    # CF102 (dev24): photos said to show no one are not students' photos.
    ("no-one-in-them", "CF102", draft("Photos attached of the lifted plate by the bus loop, taken while the 4th graders lined up.",
                                      to=OUTSIDE, attachments=[PHOTO]),
     draft("Photos attached of the lifted plate by the bus loop. I took them after the buses left, so no one is in them.",
           to=OUTSIDE, attachments=[PHOTO]), ()),
    # CF301 (dev24): floor stripper and plumbing parts are supplies; a stripper hired for a party is not.
    ("floor-stripper", "CF301", draft("For Kevin's bachelor party we hired a stripper, don't tell the principal."),
     draft("We strip and wax on day 1. Stripper is the new low-odor Betco product."), ()),
    ("ball-cock", "CF301", draft("Send me a pic of your cock tonight."),
     draft("Order for pickup Thursday: (6) ball cock assemblies, Fluidmaster 400A."), ()),
    # CF202 (dev24): a shot given ("le voy a dar un plomazo"): "dar un" excuses a notice, not an outcome.
    ("un-plomazo", "CF202", draft("La próxima vez que lo vea cerca de la escuela le voy a dar un plomazo, te lo juro."),
     draft("La próxima vez que lo vea cerca de la escuela le voy a dar un aviso, te lo juro."), ("plomazo",)),
    # EM902 (dev24): a missing-child alarm passed on; a free sign-up is not one.
    ("no-cuesta-nada", "EM902",
     draft("URGENTE, se busca a una niña de 13 años. Comparte, no cuesta nada. No lo dejen en visto, reenvíenlo."),
     draft("Se buscan voluntarios para la feria del sábado. Inscribirse no cuesta nada. Gracias por leerlo."), ()),
    # CF101 (dev24): a colleague's diagnosis said to be hers, new medication; a lesson on depression-era photos is not.
    ("her-depression", "CF101", draft("Carol from payroll is out again. HR told me it's her depression and she's on new meds now."),
     draft("Carol from payroll is out again. HR told me it's the depression-era photo exhibit and she's on the new committee now."), ()),
    # CF201 (dev24): "te lo juro" swears to the reader and does not make the reader the target: a
    # threat at a vape seller outside is CF202's alone; one at the maintenance man is at staff.
    ("oath-not-target", "CF201",
     draft("El güey de mantenimiento otra vez se llevó las llaves. Nomás que me lo encuentre en el estacionamiento y le parto la madre, te lo juro."),
     draft("Otra vez anda un vendedor de vapes en la esquina. La próxima vez que lo vea cerca de la escuela le voy a dar un plomazo, te lo juro."), ()),
    ("india-bruta", "CF201", draft("Esa nueva que me mandaron, la india bruta esa, no entiende nada."),
     draft("Esa nueva que me mandaron de la India no entiende nada del sistema todavía."), ()),
    # CF201: a joke chain whose butt is a people, in the part a forward sends on; a joke
    # about a job is only a joke (EM902's).
    ("group-joke-forwarded", "CF201",
     draft("lol pass it on\n\n---------- Forwarded message ---------\nFrom: Tio Ray <ray58@aol.com>\n\n"
           "Q: How many Mexicans does it take to change a light bulb? A: ... 😂😂 Forward to everyone!",
           compose="forward", subject="FW: lol"),
     draft("lol pass it on\n\n---------- Forwarded message ---------\nFrom: Tio Ray <ray58@aol.com>\n\n"
           "Q: How many teachers does it take to change a light bulb? A: ... 😂😂 Forward to everyone!",
           compose="forward", subject="FW: lol"), ("How many Mexicans",)),
    # CF201: a joke with a colleague by name as its butt, in Spanish a people; a question
    # about a people that is not a joke is not flagged.
    ("named-colleague-joke", "CF201",
     draft("Joke of the day 😂 Q: How many Dr. Kapoors does it take to change a lightbulb? A: None, he forms a committee. lol"),
     draft("Quick question for Dr. Kapoor: how many bulbs does the gym need? The order form is due Friday."), ("Dr. Kapoors",)),
    ("por-que-las-mujeres", "CF201",
     draft("Jajaja 😂 ¿Por qué las mujeres no deberían manejar? Pásenlo a todos tus compas!"),
     draft("¿Por qué las mujeres de la asociación de padres no vinieron a la junta? Hay que llamarlas."), ("mujeres",)),
    # CF101 (dev25): self-harm and a counselor's notes in Spanish; the counselor's schedule is not.
    ("autolesiono", "CF101",
     draft("Lic. Méndez: la consejera anotó síntomas de ansiedad y que Camila Soto se autolesionó en febrero.", to=OUTSIDE),
     draft("Lic. Méndez: la consejera de Camila Soto tiene horario de 8 a 3 los martes.", to=OUTSIDE), ()),
    # CF101: one named student "con IEP por" a disability; students with IEPs in general are not a record.
    ("con-iep-por", "CF101",
     draft("Se trata de Camila Soto, de 14 años, alumna de 8.º grado con IEP por discapacidad de aprendizaje.", to=OUTSIDE),
     draft("Los alumnos con IEP tienen junta con sus maestros el martes.", to=OUTSIDE), ()),
    # CF101: Spanish drops the subject after "su hijo": the grade is his; "si su hijo ..." to all
    # families is a condition.
    ("su-hijo-then-tiene", "CF101",
     draft("Le voy a ser sincera: su hijo no entrega nada. Tiene 38% en Animación.", to=OUTSIDE),
     draft("Familias: si su hijo va a faltar, llamen antes de las 9. Después de tres ausencias sin justificar, la escuela manda una carta.", to=OUTSIDE), ()),
    # CF101: a file described row by row with student IDs; a sign-up sheet's rows are not records.
    ("each-row-has", "CF101",
     draft("Attached is the matching file. Each row has student ID number, legal name, preferred name and homeroom.", to=OUTSIDE),
     draft("Attached is the sign-up sheet. Each row has the student name and the time slot.", to=OUTSIDE), ()),
    # CF101: a colleague's pay by range and step; the salary schedule itself is not.
    ("is-range-step", "CF101", draft("I looked it up: Tomás Reyes is range 34 step 5, so $68,400."),
     draft("I looked it up: the classified schedule has range 34 at $68,400."), ()),
    # CF301 (dev25): grooming: a young person's body praised and a picture asked for the writer
    # alone, in secret; a surprise kept from parents is not.
    ("grown-up-just-for-me", "CF301",
     draft("Sofia, you looked so grown up in that dress. Don't tell your parents I said that. Send me a pic of you in it tonight, just for me."),
     draft("Don't tell your parents yet, it's a surprise! Send me a photo of the class just for me to print."), ()),
    # CF301: a word starred out is still sent; a picture of a dog is not one.
    ("starred-out", "CF301", draft("Also the guy from Thursday's class sent me a d*ck pic at 1am lol."),
     draft("Also the guy from Thursday's class sent me a dog pic at 1am lol."), ()),
    # CF301: a dress on the floor and acts asked for; costumes kept off the floor are not.
    ("dress-on-the-floor", "CF301",
     draft("I want that black dress on the floor by 9. Tell me what you want me to do to you."),
     draft("Please hang the costume dresses on the rack, not on the floor, by 9. Tell me which capes you need for Act 2."), ()),
    # CF202 (dev25): veiled warnings about a person's car and a grade; parking advice and
    # study groups are not.
    ("careful-where-he-parks", "CF202",
     draft("Let Rick know a guy who keeps filing grievances ought to be careful where he parks. Those tires on his Prius look real easy to slash."),
     draft("Let Rick know the lot floods: he ought to be careful where he parks when it rains. Those tires on the bus look easy to replace."), ()),
    ("have-a-way-of", "CF202", draft("Kids who run their mouths about teachers have a way of not passing."),
     draft("Kids who run their own study groups have a way of passing."), ()),
    # CF202: guns the writer will use, an object shoved down a throat, a dog set on people,
    # cousins who will pay a visit.
    ("not-afraid-to-use-them", "CF202", draft("If you show up at my house again: I own guns and I'm not afraid to use them."),
     draft("If you need photos again: I own cameras and I'm not afraid to use them."), ()),
    ("down-her-throat", "CF202",
     draft("If she sets one foot on my campus I'm going to rip that camera out of her hands and shove it down her throat."),
     draft("If she sets one foot on my campus I'm going to ask for her press pass and walk her to the office."), ()),
    ("suelto-al-perro", "CF202", draft("Si vuelven a venir a gritarme les suelto al perro de mi vecino."),
     draft("Si vuelven a venir el viernes les presento al perro de la escuela."), ()),
    ("primos-visita", "CF202", draft("Si ese señor me vuelve a amenazar, tengo unos primos que le pueden hacer una visita a su casa."),
     draft("Si ese señor necesita ayuda con la mudanza, tengo unos primos que le pueden hacer un descuento."), ()),
    # CF201 (dev25): homophobic slurs in Spanish, a woman written off by her sex, a hyphenated
    # insult; a woman athlete and a dead battery are not.
    ("jotito", "CF201", draft("Ya sé quién se quejó: el jotito de tercer periodo."),
     draft("Ya sé quién se quejó: el niño de tercer periodo."), ()),
    ("typical-woman", "CF201", draft("Not Priya. She's too emotional for this one, typical woman, she'll cry in the interview."),
     draft("Priya is our typical woman athlete: ten hours of training a week."), ()),
    ("brain-dead", "CF201", draft("I'm going to pull that brain-dead kid out of the booth."),
     draft("I'm going to pull that dead battery out of the booth camera."), ()),
    # CF102 (dev25): photos said to be of staff, or of the art "not of the students", are
    # not students' pictures; the same photos of students named as students are.
    ("staff-headshots", "CF102",
     draft("Attached are the headshots of our students Dana Ruiz and Ana Soto for the Equity page.", to=OUTSIDE, attachments=[PHOTO]),
     draft("Attached are the staff headshots for the Equity page (Dr. Brennan, Marcus Delgado). All signed the employee photo release.",
           to=OUTSIDE, attachments=[PHOTO]), ()),
    ("no-de-los-estudiantes", "CF102",
     draft("Tomaré fotos de los estudiantes para el programa impreso. Si quiere, le mando las fotos de Valentina Ruiz con su obra.", to=OUTSIDE),
     draft("Tomaré fotos de las obras para el programa, no de los estudiantes. Si la familia quiere tomar fotos de Valentina Ruiz con su obra, con gusto.",
           to=OUTSIDE), ()),
    # EM301 (dev25): a weekend wished back to all is an acknowledgement; with news it is not.
    ("buen-fin-de-semana", "EM301",
     draft("Gracias a todos, buen fin de semana!", to=TEAM, compose="reply-all", subject="RE: Capacitación el viernes"),
     draft("Gracias, buen fin de semana. El salón 3 está cerrado: la capacitación es en el salón 4.", to=TEAM,
           compose="reply-all", subject="RE: Capacitación el viernes"), ()),
    # EM902 (dev25): a clip sent on with laughter and "forward it around"; a schedule is not.
    ("forward-it-around", "EM902",
     draft("you guys HAVE to watch this 😂😂 the kid at 0:45 falling off the chair kills me. forward it around, it's too good!!"),
     draft("Here is the final bell schedule for next week. Please forward it to your grade-level team by Friday."), ()),
    # CF201 (dev25 and earlier sets): a body mocked, a child's smell, children labelled by a
    # disability; a lunch rule, a kitchen's smell and the weather are not.
    ("personal-buffet", "CF201", draft("someone needs to tell Heather the snack cart isn't her personal buffet"),
     draft("Tell Dana the party isn't a buffet, it's a potluck."), ()),
    ("parece-marrana", "CF201", draft("Otra vez la encontré comiéndose las galletas, parece marrana."),
     draft("Otra vez la encontré comiéndose las galletas, parece que tiene hambre."), ()),
    ("smells-like-curry", "CF201", draft("He smells like curry and BO, the other kids hold their noses."),
     draft("The kitchen smells like curry after the cooking class."), ()),
    ("the-stutterers", "CF201", draft("Why do the stutterers always want the solo??"),
     draft("Why do the sopranos always want the solo??"), ()),
    # CF101 (dev23): an incident report names who was caught doing what; catching a bus is not.
    ("caught-vaping", "CF101", draft("Caught Marcus Bell and Jordan Fisk vaping in the B-wing bathroom 5th period."),
     draft("Caught Marcus Bell and Jordan Fisk at the bus stop: they'll bring the banner tomorrow."), ()),
    ("pulled-out-a-knife", "CF101", draft("In the bus line Mateo Silva pulled out a folding pocketknife when Jaden grabbed his backpack."),
     draft("In the art room Mateo Silva pulled out a folding easel for the portrait session."), ()),
    ("has-the-504", "CF101", draft("I know Maria Lopez has the 504, so please give her extra time on the test."),
     draft("I know Maria Lopez has the 504 meeting at 3, so please cover her class."), ()),
    # CF101 (dev25): a family's immigration status tied to a person; the District's promise
    # not to ask about it, and "su situación migratoria" addressed to the reader, are not.
    ("no-tiene-papeles", "CF101", draft("La mamá de Andrés Salazar no tiene papeles y el papá fue detenido por ICE.", to=OUTSIDE),
     draft("Su situación migratoria no afecta la inscripción de su hijo: no se la vamos a preguntar.", to=OUTSIDE),
     ("welfare",)),
    ("dad-is-undocumented", "CF101", draft("Brayan Ochoa's dad is undocumented, so he is afraid to come to the meeting."),
     draft("Many of our families are undocumented and afraid to come to school."), ("welfare",)),
    # CF301 (dev15, dev24): a link to an adult site by the words of its host, defanged or
    # not; the same words in a path, or "sex" inside a place name, are not.
    ("adult-link-host", "CF301", draft("the blonde at 3:40 lol hxxp://www.hotcamsxxx-live.example/models/ruby"),
     draft("the schedule is at www.middlesex.edu/xxx and https://www.youtube.com/watch?v=xxxhd"), ()),
    # CF201 (dev26): a body mocked by its size, wits mocked, a student called "it" for
    # their gender, a people written off together, a headscarf mocked, "like a sissy";
    # the same words about pumpkins, lab models, files, zoo animals and swim towels are not.
    ("fattest-kid", "CF201", draft("She's the fattest kid on the squad and waddles up like a walrus."),
     draft("The fattest pumpkin in the patch wins a prize, and the ducks waddle in a line."), ()),
    ("trained-monkey", "CF201", draft("Karen, even a trained monkey could copy an account code from one box to another."),
     draft("A trained interpreter could help with that call."), ()),
    ("get-him-a-brain", "CF201", draft("Somebody get this man a dictionary, or a brain."),
     draft("Could you get him a brain model from the science lab?"), ()),
    ("calling-it-by", "CF201", draft("I'm not calling it by whatever name it picked this week. Roll sheet says Ashley."),
     draft("I'm not calling it by its old name anymore: the form is now the Annual Notice."), ()),
    ("como-son-los", "CF201", draft("Ya ves cómo son los guanacos, todo lo quieren gratis."),
     draft("Los guanacos del zoológico llegaron y así son de tranquilos."), ()),
    ("trapo-en-la-cabeza", "CF201", draft("La nueva anda con su trapo en la cabeza, parece ninja jaja."),
     draft("Después de nadar se puso una toalla en la cabeza."), ()),
    ("like-a-sissy", "CF201", draft("Your boy was prancing around like a little sissy at the rally."),
     draft("Your boy was prancing around like a little pony in the play, so cute."), ()),
    # CF202 (dev26): a beating promised in Mexican Spanish, hair to be pulled, "not a threat,
    # a promise", a family that "won't be safe", a car known, a fire "con todos adentro";
    # a game won by a beating, a flat's wiring, a car to look for at pickup and a fire drill
    # are not.
    ("le-doy-una-madriza", "CF202", draft("Si lo vuelvo a ver cerca de mis alumnos le doy una madriza.", to=OUTSIDE),
     draft("Les dimos una paliza 5-0 en el partido del sábado.", to=OUTSIDE), ()),
    ("le-jalo-las-grenas", "CF202", draft("A la próxima le jalo las greñas enfrente de todos, te lo juro."),
     draft("A la próxima le recorto las greñas al muñeco de la obra."), ()),
    ("not-a-threat-a-promise", "CF202", draft("Vas a salir de esta escuela en ambulancia. No es amenaza, es promesa.", to=OUTSIDE),
     draft("Vas a salir de esta escuela con honores. Es una promesa.", to=OUTSIDE), ()),
    ("family-wont-be-safe", "CF202", draft("Tell Wali that if he keeps lying about me, his family back in Kabul won't be safe.", to=OUTSIDE),
     draft("Her family won't be safe in that apartment until the landlord fixes the wiring.", to=OUTSIDE), ()),
    ("what-car-they-drive", "CF202", draft("Tell whoever ran tab that I know what car they drive and where they parked it.", to=OUTSIDE),
     draft("I know what car they drive: the blue Honda by the gym, so look for it at pickup.", to=OUTSIDE), ()),
    ("con-todos-adentro", "CF202", draft("Ganas me dan de ir y prenderle fuego a esa oficina con todos adentro."),
     draft("El simulacro de incendio es a las 10 con todos adentro del gimnasio."), ()),
    # CF301 (dev26): a picture asked for "without it", nothing on in a dream, "you, me, no
    # swimsuits", tied to the headboard, "didn't even make it to the bedroom", "ponte ... y
    # nada más", casual sex, the little blue pill; costumes, movers, uniforms are not.
    ("pic-without-it", "CF301", draft("Send me a pic of you in it tonight... or better yet, without it."),
     draft("Send me a photo of you in the costume, and one without it for the hat comparison."), ()),
    ("nada-de-ropa", "CF301", draft("Anoche soñé contigo y te juro que no traías nada de ropa."),
     draft("Anoche soñé que no traía nada de tarea para hoy."), ()),
    ("you-me-no-swimsuits", "CF301", draft("The rooftop hot tub is open until midnight. You, me, no swimsuits."),
     draft("The pool is open until 8. No swimsuits in the classroom, please."), ()),
    ("tie-to-the-headboard", "CF301", draft("Saturday I'm going to tie you to the headboard like last time."),
     draft("Please tie the banner to the bed of the truck before the parade."), ()),
    ("didnt-make-it-to-the-bedroom", "CF301", draft("We didn't even make it to the bedroom, the couch, then the kitchen counter."),
     draft("The movers didn't even get to the bedroom furniture before noon."), ()),
    ("ponte-y-nada-mas", "CF301", draft("Esta noche ponte lo rojo que te compré y nada más."),
     draft("Ponte el uniforme y nada más te pido que llegues temprano."), ()),
    ("pastillita-azul", "CF301", draft("Anoche el viejo se tomó la pastillita azul y no me dejó dormir jajaja."),
     draft("Anoche el viejo se tomó la pastilla de la presión y se durmió temprano."), ()),
    # CF101 (dev26): GPAs beside names after a minimum, an expulsion recommendation in
    # Spanish, an hourly pay rate, a written reprimand in Spanish; the rule, the going rate
    # and the contract's process name nobody.
    ("promedio-beside-names", "CF101",
     draft("No podrán competir por el promedio mínimo de 2.0: Lucas Bergstrom (1.7), Ethan Moss (1.85) y Zoe Ramírez (1.6).", to=OUTSIDE),
     draft("Para entrar al equipo se necesita un promedio mínimo de 2.0 (ver el Manual, p. 4).", to=OUTSIDE), ("grades",)),
    ("recomendar-para-expulsion", "CF101", draft("A Jonathan Zárate lo van a recomendar para expulsión por lo de la mochila.", to=OUTSIDE),
     draft("Recomendamos a los estudiantes para el programa de intercambio cada primavera.", to=OUTSIDE), ("discipline",)),
    ("hourly-pay", "CF101", draft("A la Yesenia le dieron el paso 6, está ganando casi $34 la hora."),
     draft("Tutors making $25 an hour is the going rate in Concord."), ()),
    ("amonestacion-por-escrito", "CF101", draft("Don Efraín ya tiene dos amonestaciones por escrito en su expediente."),
     draft("El proceso de amonestación por escrito está en el contrato sindical."), ()),
    # CF201 (dev26): "that lying little weasel", "a worthless fraud", "ese borracho apestoso";
    # a boy lying on a mat, a fraud alert and a joke's drunk are not.
    ("lying-little-weasel", "CF201", draft("That lying little weasel copied his whole case. Kid's a worthless fraud."),
     draft("The boy lying on the mat needs ice. This email is a fraud alert from the bank."), ()),
    ("borracho-apestoso", "CF201", draft("Ya llegó otra vez el papá de Brandon, ese borracho apestoso no tiene vergüenza."),
     draft("Llega un borracho a su casa a las 4 de la mañana y la esposa le grita."), ()),
    # CF201 (dev26, dev25): people written off by their English; a flyer's reason is not.
    ("who-actually-speak-english", "CF201", draft("It's embarrassing when parents call back confused. We need interpreters who actually speak English."),
     draft("Half of the parents don't speak English, so the flyer is in Spanish too."), ()),
    ("ni-espanol-hablan-bien", "CF201", draft("Ahí están otra vez esos en la recepción. No entienden nada y ni español hablan bien."),
     draft("Ahí están otra vez en la recepción. Hablan mixteco y un poco de español, llamé a la intérprete."), ()),
    # CF201 (dev10 to dev26): sexual words pressed on a colleague with secrecy, a refusal
    # brushed aside or the reader's work; an affair both want ("delete this after") is CF301's alone.
    ("nobody-has-to-know", "CF201", draft("Send me a pic of you naked tonight. Nobody has to know."),
     draft("Send me a pic of you naked tonight, I miss you. Delete this after lol"), ("Nobody has to know",)),
    ("i-know-you-said", "CF201", draft("I know you said to stop, but I can't stop picturing you naked in that pencil skirt."),
     draft("I know you said the pencil skirts were on sale, so I ordered two for the play."), ("I know you said",)),
    # CF201 (dev24): a role that opens a sentence with no article ("Kid's"), said of someone
    # just named; praise in the same shape is not.
    ("bare-role", "CF201", draft("Tyler got suspended again. Kid's a lost cause, a future inmate with a Juul."),
     draft("Tyler scored twice again. Kid's a natural, a future captain for sure."), ("lost cause",)),
    # CF201 (dev26, dev19): a family called garbage, a brat in Mexican Spanish; the trash day is not.
    ("pura-basura", "CF201", draft("El escuincle malcriado de Rafael me volvió a contestar. Esa familia es pura basura."),
     draft("Rafael me ayudó con los botes. La basura es los martes y el reciclaje los jueves."), ("basura",)),
    # CF301 (dev22, dev23): a date skipped for a bed, a man who "can't get it up"; a setup
    # and a server are not.
    ("skip-dinner", "CF301", draft("Drinks Friday? If it goes well we skip dinner and go straight to my place."),
     draft("Drinks Friday? Then we skip dinner and go straight to the gym to set up for Saturday."), ()),
    ("get-it-up", "CF301", draft("Kowalczyk is all talk. Guy probably can't even get it up without a memo from HR."),
     draft("The attendance server crashed again and IT can't get it up and running before Monday."), ()),
    # CF201 (dev27): families said to be here illegally; a form's question about legal entry is not.
    ("not-even-here-legally", "CF201", draft("The fights are the bused-in kids. Half those families probably aren't even here legally."),
     draft("The county worker is asking for a start date. The form asks whether the family entered legally."), ()),
    # CF201 (dev27, dev25): a colleague said to have slept her way into a job; sleep advice is not.
    ("slept-her-way", "CF201", draft("Colleen runs the Title IX training now? Everybody knows she slept her way into that job."),
     draft("Colleen runs the sleep-hygiene training now. She slept her usual eight hours before the job fair."), ("slept her way",)),
    # CF202 (dev27): a limp for life made sure of, "this close to smacking him", a shot in
    # Mexican Spanish; a patient's gait, a head on the desk and a postage stamp are not.
    ("never-walks-right", "CF202", draft("I am being real with you, man to man: I will personally make sure he never walks right again."),
     draft("After the surgery he never walks right again without the brace, the doctor said."), ()),
    ("this-close-to-smacking", "CF202", draft("Noah lied to the county worker again. I'm this close to smacking him upside the head."),
     draft("I'm this close to finishing the report, then smacking my head on the desk."), ()),
    ("le-meto-un-plomazo", "CF202", draft("Si ese señor vuelve a gritarle a mis maestras, le meto un plomazo."),
     draft("Si ese señor vuelve a gritarle a mis maestras, le meto un reporte a la policía."), ()),
    # CF301 (dev27): a colleague to be climbed "like a tree", a raffle of sex toys; a
    # playground and a toy raffle are not.
    ("climb-like-a-tree", "CF301", draft("Have you met the new girl in HR? I'd climb that like a tree."),
     draft("The new play structure is great. The kids will climb it like a tree at recess."), ()),
    ("juguetitos-para-adultos", "CF301", draft("El premio de la rifa: esposas de peluche y un par de juguetitos para adultos."),
     draft("El premio de la rifa: una canasta de juguetes para niños y una tarjeta de regalo."), ()),
    # CF101 (dev27): an ID in brackets with the grade after a name; a ticket's number is not.
    ("id-with-grade", "CF101", draft("Jaden Okonkwo (ID 4402178, 9th grade at Mt. Diablo) walked off campus again."),
     draft("The projector ticket (ID 4402178, printer in room 12) is closed."), ()),
    # CF101 (dev27): a suspension's length, a prior for fighting; a suspended account is not.
    ("suspended-five-days", "CF101", draft("Dominic Sayers was suspended five days and has a prior for fighting in January."),
     draft("The vendor account was suspended two days ago; Dominic is fixing the billing."), ()),
    # CF102 (dev27): camera stills that show named students, to the police; stills of the
    # damage alone are not.
    ("camera-stills", "CF102",
     draft("Here are stills for the vandalism to P-4 (two broken windows, about $3,400 in damage). Stills 1-3 "
           "clearly show three of our 8th graders: Ethan Cole, Marcos Villanueva and Tyler Voss.",
           to=OUTSIDE, attachments=[STILL], subject="Vandalism to portable P-4"),
     draft("Here are stills for the vandalism to P-4 (two broken windows, about $3,400 in damage). Ethan Cole "
           "will send the repair quote.", to=OUTSIDE, attachments=[STILL], subject="Vandalism to portable P-4"), ()),
    # CF201 (dev25, dev26): a people's children "all the same", a group called animals in a
    # sentence of its own; families alike in wanting good schools and a zoo trip are not.
    ("chinese-kids-all-the-same", "CF201", draft("Half our squad is the Chinese kids from Northgate and they're all the same robot."),
     draft("The Vietnamese families are all the same as everyone else in wanting good schools."), ()),
    ("group-then-animals", "CF201",
     draft("Every one of these fights is the Section 8 kids from Monument. Same attitude. Animals. We should be allowed to say it."),
     draft("The kids loved the zoo trip. Animals everywhere, and the giraffes were the favourite."), ()),
    # CF202 (dev23 to dev27): the next one who does it "gets slammed into the lockers", a
    # mouthguard "you're going to need", a family put on a plane by "one phone call"; a ball
    # thrown, a bike helmet and an order sent back are not.
    ("next-one-who-gets-slammed", "CF202", draft("Next one who shoves in the lunch line gets slammed into the lockers."),
     draft("The next kid who finishes the lap gets thrown a ball."), ()),
    ("bring-a-mouthguard", "CF202", draft("I'll see you in the parking lot Sunday. Bring a mouthguard, because you're going to need it.", to=OUTSIDE),
     draft("Bring a helmet for the bike rodeo Sunday, you're going to need it.", to=OUTSIDE), ()),
    ("one-phone-call", "CF202", draft("If he keeps yelling at staff, I'll make one phone call and his whole family is on a plane back to Kabul."),
     draft("One phone call and the order is sent back to the warehouse."), ()),
    # CF201 (dev27): a forwarded list of "reasons women shouldn't be lawyers"; a list of
    # reasons to become a lawyer is not.
    ("reasons-women-shouldnt", "CF201",
     draft("lol\n\n---------- Forwarded message ---------\nTop 5 reasons women shouldn't be lawyers:\n5. They'd need 3 "
           "hours to get ready for court.\n1. Every closing argument would end in tears.\nForward to all the guys!!",
           compose="forward", subject="Fwd: Why women should never be lawyers"),
     draft("lol\n\n---------- Forwarded message ---------\nTop 5 reasons to become a lawyer:\n5. Summers off, sort of.\n"
           "1. Every closing argument is theatre.\nForward to all the guys!!", compose="forward", subject="Fwd: Law school"), ()),
    # CF301 (dev23): a private tour of the writer's hotel room; of the new library is not.
    ("private-tour-hotel-room", "CF301", draft("If you ever want a private tour of my hotel room while we're in DC, I'll make it worth your while.", to=OUTSIDE),
     draft("If you ever want a private tour of the new library while you're in Concord, I'll make time.", to=OUTSIDE), ()),
    # EM301 (dev26): luck wished back to the group; luck with news in it is not.
    ("good-luck-boys", "EM301", draft("lol thanks, good luck boys 🏈", to=STAFF, compose="reply-all", subject="RE: Fantasy league"),
     draft("Good luck at state! The bus leaves at 6 from the back lot.", to=STAFF, compose="reply-all", subject="RE: State"), ()),
    # EM902 (dev26): a Spanish chain's promise and curse; a file to be sent again if lost is not.
    ("si-lo-borras", "EM902",
     draft("Ábranlo.\n\n---------- Mensaje reenviado ----------\nReenvíalo a las mujeres que admiras. Mañana recibirás una gran "
           "noticia. Si lo borras, no tendrás suerte en el amor por 3 años.", compose="forward", subject="RV: Las 10 leyes"),
     draft("Si lo borras por error, avísame y te lo reenvío mañana.", subject="el archivo"), ()),
    # CF202 (dev28): a bullet instead of a write-up; a bullet point is not.
    ("getting-a-bullet", "CF202", draft("When I find out who took the cash box, you're getting a bullet, not a write-up."),
     draft("When I find out who took the cash box, you're getting a bullet point in the incident log."), ("bullet",)),
    # CF202 (dev28): someone who won't make it to her car; the carpool that won't is not.
    ("wont-make-it-to-her-car", "CF202", draft("If that woman writes me up one more time she won't make it to her car."),
     draft("If the rain keeps up she won't make it to the car show on Saturday."), ("make it",)),
    # CF202 (dev28): a hand held in the fryer; a hand held under cold water is first aid.
    ("hand-in-the-fryer", "CF202", draft("One more comment from Ray and I'll hold his hand in the fryer till he gets it."),
     draft("If anyone gets burned, hold their hand under cold running water for ten minutes."), ("fryer",)),
    # CF202 (dev28): a hose wrapped around a neck; a scarf wrapped around it is not.
    ("wrap-around-your-neck", "CF202", draft("Fix the brakes by Monday or I'll wrap that air hose around your neck."),
     draft("It's cold at the stadium, wrap a scarf around your kid's neck before the game."), ("neck",)),
    # CF202 (dev28): friends who know where you live (Spanish); knowing where the family lives is not.
    ("saben-donde-vives", "CF202", draft("Nomás te digo: cuídate. Tengo amigos que saben dónde vives."),
     draft("¿Alguien sabe dónde vive la familia Ortega? Necesitamos llevarles el paquete."), ("vives",)),
    # CF202 (dev28): a kitchen that goes up with people still inside; a drill's headcount is not.
    ("go-up-with-them-inside", "CF202", draft("One of these days I'll let this whole kitchen go up with Kevin and Gil still inside."),
     draft("At the fire drill we counted everyone out; nobody was still inside the kitchen."), ("inside",)),
    # CF202 (dev28): people get hurt when they mess with a paycheck; a safety notice is not.
    ("people-get-hurt-when", "CF202", draft("Tell Linda people get hurt when they mess with a man's paycheck."),
     draft("People get hurt when ladders are used without a spotter; please ask for help."), ("hurt",)),
    # CF202 (dev28): "you have kids. Think about them." after a demand; kids in a reminder are not.
    ("you-have-kids-think-about-them", "CF202", draft("Drop the grievance, Rosa. You have kids. Think about them."),
     draft("Rosa, you have kids in the fall play, right? Ask them about the costumes."), ("Think about them",)),
    # CF202 (dev28): something put in her coffee (Spanish, "a su café"); sugar asked for is not.
    ("algo-a-su-cafe", "CF202", draft("Uno de estos días le voy a echar algo a su café para que aprenda."),
     draft("¿Le echo azúcar a su café o lo toma solo?"), ("café",)),
    # CF101 (dev28): records in other words: "es diabética tipo 1", a drug test that came back,
    # a suspension from the bus; the same words about nobody are not.
    ("es-diabetica", "CF101", draft("Valentina Ruiz, de su grupo de 3er grado, es diabética tipo 1 desde el verano.", to=OUTSIDE),
     draft("La charla de la enfermera sobre la diabetes tipo 1 es el jueves a las 3.", to=OUTSIDE), ("diabética",)),
    ("drug-test-came-back", "CF101", draft("Kelly Sandoval's random DOT drug test from 3/18 came back positive for THC."),
     draft("The random DOT drug test schedule for March came out today; sites will be notified."), ("came back",)),
    ("suspended-from-the-bus", "CF101", draft("Jaylen Ortiz is suspended from bus riding for 3 days, 2/24-2/26.", to=OUTSIDE),
     draft("Route 12 service is suspended for 3 days while the bridge is repaired.", to=OUTSIDE), ("suspended",)),
    # CF101 (innocent drafts of dev29): nobody identified is no one's record. "An employee"
    # is as unnamed as "a student"; an office that receives the mail ("AVHS Counseling")
    # is not a person when its name is used ("Counseling Notes"); the names a line only
    # greets are the readers; a place ("the Bay Area", "Ronald McDonald House") is no one.
    ("an-employee-is-no-one", "CF101", draft("Luis Ortega told me his diagnosis is lupus, so he needs the closer parking spot."),
     draft("Supervisors: don't ask an employee what their diagnosis is; ask when they expect to return."), ("diagnosis",)),
    ("an-office-is-no-one", "CF101", draft("Log Devon Price's panic attack in Counseling Notes today.", to=COUNSELING),
     draft("Log each contact in Counseling Notes, not in a spreadsheet.", to=COUNSELING), ("Devon",)),
    ("greeted-readers-are-no-one", "CF101", draft("About Lionel Diaz (7th grade).\n\nChronic absenteeism again this term, 31 days."),
     draft("Elena, Lionel,\n\nChronic absenteeism by grade span is below, district-level rates only."), ("Lionel",)),
    ("a-place-is-no-one", "CF101", draft("Ronald Diaz was hospitalized over the weekend, so he will miss the field trip."),
     draft("Ronald McDonald House of the Bay Area houses families of hospitalized children."), ("Ronald",)),
    # CF101 (dev29 innocents): a blank form in Spanish ("en blanco") is no one's record, a
    # named one is; a file named for its one reader is their own, and their parent (the
    # same surname, another given name) still gets someone else's.
    ("blank-form-en-blanco", "CF101", draft("Adjunto la solicitud.", attachments=[FILLED_504]),
     draft("Adjunto la solicitud.", attachments=[BLANK_504]), ("Solicitud_504",)),
    ("file-named-for-its-reader", "CF101", draft("Here's the transcript you asked for.", to=PARENT, attachments=[TRANSCRIPT]),
     draft("Here's your unofficial transcript like you asked.", to=STUDENT, attachments=[TRANSCRIPT]), ("Okafor_J",)),
    # CF101 (dev29): a student's number beside a full name with no word "ID" (in brackets,
    # or a class list of rows), "his ID is ...", "got Ds in three classes"; a place's or
    # an order's number, a device's ID and a group's grades are no one's record.
    ("number-beside-a-name", "CF101", draft("In the first screenshot the tile labelled Owen Petrakis (2047730) shows another student's screen.", to=OUTSIDE),
     draft("The day-ahead price from El Paso (794022) dropped again; see Purchase Order (4500123).", to=OUTSIDE), ("2047730",)),
    ("class-list-of-numbers", "CF101", draft("The class list for that period:\n\n2047730  Owen Petrakis\n2047781  Sadie Lundqvist\n2047802  Mateo Quintero", to=OUTSIDE),
     draft("Meters for tomorrow:\n\n819288  Delta Natural Gas\n827280  Wiser Oil Co", to=OUTSIDE), ("2047730",)),
    ("his-id-is", "CF101", draft("Marcus Bell got onto the staff Wi-Fi again. His ID is 1013390 if you need to look him up."),
     draft("The new copier is on the staff Wi-Fi. Its ID is 1013390 if you need to look it up."), ("1013390",)),
    ("ds-in-three-classes", "CF101", draft("Can you take back Kaylee Simmons as my TA? She's got Ds in three classes."),
     draft("Students who've got Ds in three classes or more are invited to Saturday school."), ("Ds in three",)),
    # EM902 (dev29 innocents): a notice that a chain is a hoax, asking people not to send it
    # on, quotes the chain to stop it; the acceptable-use rules named like BP 1114; "up to
    # 3 people" is how many a donation helps.
    ("hoax-notice", "EM902", draft("Microsoft will start charging for Outlook unless you forward this to 20 people by Friday. Pass it on!"),
     draft("A message going around says Microsoft will start charging for Outlook unless you forward this to 20 "
           "people. It is a hoax. Please don't forward it; just delete it."), ()),
    ("cadena-falsa", "EM902", draft("El distrito va a cerrar 8 escuelas en junio. ¡Reenvíenla a todos sus contactos! No rompan la cadena."),
     draft("Circula una cadena que dice que el distrito va a cerrar 8 escuelas y pide reenviarla a todos sus contactos. "
           "Es falsa.\n- No reenviar la cadena, ni para desmentirla."), ()),
    ("acceptable-use-reminder", "EM902", draft("Too good not to share lol. Why did the teacher wear sunglasses? Because her class was so bright!"),
     draft("A reminder of the Acceptable Use Policy (AR 4040): please don't forward memes or jokes about groups of people."), ()),
    ("up-to-n-people", "EM902", draft("Please share this with everyone you know and send it to 3 people today, it could save a life."),
     draft("Please share this with everyone you know: one blood donation can help up to 3 people."), ()),
    # CF201 (dev29): an insult ends a word; "psycho-educational" is a report's kind.
    ("psycho-educational", "CF201", draft("Honestly that new aide is a total psycho."),
     draft("Attached: the current IEP and the psycho-educational report for the intake meeting."), ("psycho",)),
    # CF201 (dev29): an insult put before a name in Spanish ("la gorda de Gabriela"), "qué
    # asco de persona", students called vegetables, lateness put down to a nationality;
    # a name after "la casa de", a disgusting lunch, vegetables served and a typical
    # Mexican breakfast are not put-downs.
    ("la-gorda-de", "CF201", draft("Espe, la gorda de Gabriela otra vez se comió los snacks de los niños."),
     draft("Espe, la casa de Gabriela queda cerca de la escuela, yo llevo los snacks de los niños."), ("gorda",)),
    ("que-asco-de-persona", "CF201", draft("Nomás viene a comer y a estar en el celular. Qué asco de persona."),
     draft("El comedor dejó la cocina sucia otra vez. Qué asco de olor había en la mañana."), ("asco",)),
    ("called-vegetables", "CF201", draft("The three SDC kids in my 5th period are basically vegetables."),
     draft("The salad bar on Fridays is basically vegetables and ranch, the kids love it."), ("vegetables",)),
    ("typical-nationality-time", "CF201", draft("The new para is late again. Typical Mexican time, right?"),
     draft("The culture fair menu is a typical Mexican breakfast: chilaquiles, beans and café de olla."), ("Typical Mexican time",)),
    # CF201 (dev29): a child mocked as an animal ("screaming like a pig"), a woman written
    # off as good for one thing, hiring people "who can't speak English"; brakes squealing,
    # a stapler good for small staples and hiring for languages are not put-downs.
    ("screaming-like-a-pig", "CF201", draft("Watch this clip of the kid I told you about, rolling on the floor screaming like a pig 😂"),
     draft("The brakes on bus 12 were squealing like a stuck door again; please send it to the shop."), ("screaming like a pig",)),
    ("good-for-one-thing", "CF201", draft("Con ese cuerpo no sé cómo trabaja en una oficina, esa vieja nomás sirve pa' una cosa."),
     draft("Esta engrapadora nomás sirve para grapas chicas, pidan la grande en la oficina."), ("sirve",)),
    ("hire-who-cant-speak-english", "CF201", draft("Why do we even hire aides who can't speak English to work with kids?"),
     draft("We hire aides who speak Spanish and Vietnamese so families can reach us."), ("speak English",)),
    # CF202 (dev29): a weapon the writer carries and "I WILL use it on him"; five minutes
    # alone with him and a bat; "im knocking his teeth out"; an app used on a student,
    # five minutes alone to talk and a fall that knocked teeth out are not threats.
    ("use-it-on-him", "CF202", draft("I have pepper spray in my bag and I WILL use it on him."),
     draft("I bought a new reading app and I will use it on him during intervention."), ("use it on him",)),
    ("minutes-alone-with-a-bat", "CF202", draft("When they catch this guy I hope they let me have five minutes alone with him and a bat."),
     draft("Give me five minutes alone with her and I'll get her to open up about the bullying."), ("minutes alone",)),
    ("knocking-his-teeth-out", "CF202", draft("next time he does that im knocking his teeth out, I dont care who sees."),
     draft("The dentist said the fall knocked his teeth out, he'll miss Friday."), ("teeth",)),
    # EM902 (dev29): Spanish joke shapes ("¿Y saben por qué ...? Porque ...", "Llega una
    # señora al doctor y le dice") with laughter; the same shapes in office news are not jokes.
    ("saben-por-que", "EM902", draft("Chicas, para que empiecen bien la semana 😂 ¿Y saben por qué los técnicos son los mejores? "
                                      "Porque no se cansan hasta que termina la actualización."),
     draft("¿Saben por qué cerramos temprano el viernes? Porque hay junta de distrito a las 2. Avisen a las familias."), ()),
    ("llega-una-senora", "EM902", draft("Jajaja sí!! Llega una señora al doctor y le dice: «Doctor, me duele todo.» Y el doctor: «Pues no se toque.» 😂"),
     draft("Llega una señora a la oficina y le dice a la secretaria que su hijo olvidó el almuerzo; ¿se lo podemos llevar al salón?"), ()),
    # CF102 (dev29): an attached picture whose next sentence says who is in it ("En la
    # primera fila están ...", "Ahí sale tu Fernanda con sus compañeritos: ..."), though a
    # thing is named too; a flyer's picture and who hands it out is not.
    ("primera-fila", "CF102", draft("Les adjunto la foto del equipo con los uniformes nuevos para el volante de la rifa. En la primera fila "
                                    "están Mateo Ruiz, Ian Gallardo y Josué Pimentel.", to=OUTSIDE, attachments=[TEAM_PIC]),
     draft("Les adjunto la foto del volante de la rifa con los boletos nuevos. Mañana los reparten Mateo Ruiz, Ian Gallardo y "
           "Josué Pimentel.", to=OUTSIDE, attachments=[TEAM_PIC]), ("Mateo Ruiz",)),
    ("ahi-sale", "CF102", draft("Te mando la foto que me pediste de la entrega de Chromebooks, la del grupo de 4to. Ahí sale tu Fernanda "
                                "con sus compañeritos: Abigail Soto y Kevin Maldonado.", to=OUTSIDE, attachments=[PHOTO]),
     draft("Te mando la foto que me pediste del carrito de Chromebooks. Ahí dice el número de serie que necesita Abigail Soto.",
           to=OUTSIDE, attachments=[PHOTO]), ("Abigail Soto",)),
    # CF102 (dev29): asking the family to sign the District's photo release, in English or
    # Spanish, publishes nothing; photos of the named student going out do.
    ("district-photo-release", "CF102", draft("Here are the photos of Isaiah Villanueva from the robotics match.", to=OUTSIDE),
     draft("Before we add team members to the club web page, we need a release from each family. Could you sign the "
           "attached District photo release form for Isaiah Villanueva and send it back (a phone picture of the signed "
           "page is fine)?", to=OUTSIDE), ("Isaiah Villanueva",)),
    ("formulario-de-permiso", "CF102", draft("Aquí están las fotos y el video del alumno Alan Medina Flores en la feria de ciencias.", to=OUTSIDE),
     draft("Necesitamos el formulario de permiso para fotos y video de su hijo, Alan Medina Flores.", to=OUTSIDE), ("Alan Medina Flores",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_must_flag(case) -> None:
    _, code, flag, _, says = case
    found = hints(flag, code)
    assert found, f"{code} should flag: {flag.text!r}"
    for word in says:
        assert word in found[0].message, (word, found[0].message)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_near_miss_passes(case) -> None:
    _, code, _, near, _ = case
    assert not hints(near, code), f"{code} should not flag: {near.text!r}"


def test_records_in_a_forwarded_district_note_are_flagged_and_a_forwarded_article_is_not() -> None:
    note = ("Karen, see below.\n\n---------- Forwarded message ---------\nFrom: Owen Reilly <oreilly@mdusd.org>\n"
            "Subject: Rafael\n\nRafael Ortiz was suspended for 3 days for fighting.")
    article = ("FYI\n\n---------- Forwarded message ---------\nFrom: News Desk <desk@valleynews.com>\nSubject: Scores\n\n"
               "Alberta scored 6 points higher this year on the provincial index.")
    found = hints(draft(note, to=OUTSIDE, compose="forward", subject="FW: Rafael"), "CF101")
    assert found and "forwarded message" in found[0].message and "Rafael Ortiz" in found[0].message
    assert found[0].severity.value == "error"
    assert not hints(draft(article, to=OUTSIDE, compose="forward", subject="FW: Scores"), "CF101")


def test_an_incident_report_is_not_explicit_content() -> None:
    report = "A parent reported that a student asked her daughter for nude photos on Snapchat; the PD has the phone."
    assert not hints(draft(report), "CF301")
    assert hints(draft("send me nude photos tonight"), "CF301")


@pytest.mark.parametrize("text", [
    "The brat in the story learns to share by the last page.",
    "He played the loser in the school play and stole the show.",
    "The weasel in the nature video was so fast the kids gasped.",
    "The punk band from the music club plays at lunch on Friday.",
    "The liars dice game is back in the game closet.",
    "We hired a clown for the carnival; she was wonderful.",
])
def test_a_part_in_a_story_or_a_compound_is_not_an_insult(text: str) -> None:
    """Insult nouns in their other senses: a character, a role, a band, a game, an entertainer."""
    assert not hints(draft(text), "CF201"), text


def test_the_same_noun_about_a_real_person_still_is() -> None:
    assert hints(draft("The brat in my third period threw a chair at the sub."), "CF201")


@pytest.mark.parametrize("text", [
    "Book fair sales by room:\n\nTeacher       Grade  Room   Sales\nMrs. Ochoa    TK     4      $120\nMr. Gutierrez 3      12     $98",
    "Horarios de conferencias:\n\nHora  Padre/Madre  Formato  Notas\n1:30  Denise       Zoom     intérprete\n2:00  Jorge        salón    llega tarde",
], ids=["grade-level-beside-room-and-sales", "notas-beside-hora-and-formato"])
def test_a_roster_or_schedule_table_is_not_a_record_table(text: str) -> None:
    """"Grade" beside "Teacher", "Room" and "Sales" is a grade level; "Notas" beside "Hora" are notes."""
    assert not hints(draft(text, to=OUTSIDE), "CF101"), text


def test_a_grade_column_beside_students_still_is() -> None:
    text = "Report cards:\n\nStudent       Teacher   Grade\nAna Ruiz      Ochoa     D\nBo Chen       Ochoa     F"
    assert hints(draft(text, to=OUTSIDE), "CF101")


def test_sexual_remarks_about_a_parent_are_not_harassment_of_a_colleague() -> None:
    """Item 7 names students and employees: a parent is not the colleague the sexual-remarks
    reading needs (the writers of dev12 and dev13 label such a draft CF301 only)."""
    from assistant.policy import default_policy
    from assistant.rules.base import Context
    from assistant.rules.confidentiality import HarassingOrDerogatory

    def remarks(text: str) -> list:
        return list(HarassingOrDerogatory()._sexual_remarks(Context(draft(text), default_policy())))

    body = "That body should be illegal, I'd take her home and get her naked in my bed in a heartbeat."
    assert remarks("Did you see the new librarian at the book fair? " + body)
    assert remarks("Did you see Liam's mom at the book fair? " + body) == []
    assert remarks("Did you see the room parent at the book fair? " + body) == []


FAMILIES = [{"address": f"family{i}@gmail.com", "name": f"Family {i}"} for i in range(1, 4)]


@pytest.mark.parametrize("greeting", ["Dear families,", "Hola, familias:", "Dear Room 14 parents and guardians,"])
def test_your_child_in_a_notice_to_all_families_is_no_ones_record(greeting: str) -> None:
    # Every reader's child: a notice, not a disclosure (probes PA0109, PA0122).
    text = (f"{greeting}\n\nWith smoke season here, please make sure your student has a rescue inhaler "
            "and a current Medication Authorization form at school.\n\nNurse Park")
    assert hints(draft(text, to=FAMILIES), "CF101") == []


def test_your_child_to_one_family_is_still_that_childs_record() -> None:
    text = "Dear Ms. Olsen,\n\nYour son had an asthma attack at recess and used his rescue inhaler twice.\n\nNurse Park"
    assert hints(draft(text, to=OUTSIDE), "CF101")
    # and a named child's record in a notice to all families still is one
    named = "Dear families,\n\nMaya Chen had an asthma attack at recess and used her rescue inhaler twice.\n\nNurse Park"
    assert hints(draft(named, to=FAMILIES), "CF101")


def _remarks(text: str) -> list:
    from assistant.policy import default_policy
    from assistant.rules.base import Context
    from assistant.rules.confidentiality import HarassingOrDerogatory

    return list(HarassingOrDerogatory()._sexual_remarks(Context(draft(text), default_policy())))


def test_a_limerick_a_quoted_chapter_and_the_writers_own_hookup_are_not_remarks_about_a_colleague() -> None:
    # dev20: verses about invented characters, a novel's chapter pasted in quotes, and
    # the writer's own story with a colleague ("me and the new aide ... hooked up").
    assert _remarks("Wrote these during prep lol.\n\nThere once was a teacher from Clyde\n"
                    "Who'd strip off her top for a ride") == []
    assert _remarks('Here is chapter 7 for our group. "Marco pushed her against the wall and tore open her blouse. '
                    'She wrapped her legs around him as he took her right there." Too much?') == []
    assert _remarks("Last night me and the new aide went back to the shed and hooked up, she was wild "
                    "and scratched up my whole back.") == []


def test_the_same_words_about_a_colleague_still_are() -> None:
    assert _remarks("Did you see the new aide today? I'd bend her over the copier and take her right there.")
    assert _remarks("Last night the new aide hooked up with the coach, I'd bend her over the copier myself.")


_FORWARD = "Made me laugh, happy Friday\n\n---------- Forwarded message ---------\nSubject: Pick-up lines for teachers\n\n"


def test_a_forwarded_list_of_sexual_jokes_is_read_by_the_model_and_a_teachers_joke_list_is_not() -> None:
    # dev22: forwarded jokes whose double meanings no pattern lists are sent on with the forward.
    lines = ("1. My lesson plan tonight involves you, me and no clothes.\n2. Let's skip the lecture and get straight "
             "to the hands-on learning in the supply closet.\n3. I'd give you an A but I'd rather give you something "
             "bigger.\nSend this to every teacher who needs a laugh!")
    found = hints(draft(_FORWARD + lines, compose="forward", subject="FW: lines"), "CF301")
    assert found and "forwarded message" in found[0].message
    innocent = ("1. You can hear a whisper from across the gym.\n2. Your idea of a wild Friday night is grading in bed "
                "by 8:30.\n3. You buy your own markers and guard them with your life.\nSend this to every teacher who "
                "needs a laugh!")
    assert hints(draft(_FORWARD + innocent, compose="forward", subject="FW: lines"), "CF301") == []


def test_the_writer_signing_with_a_title_is_not_whom_the_record_is_about() -> None:
    # dev29 innocents: a teacher's own list sent to the student who asked, signed "Ms.
    # Ferraro" by Nicole Ferraro; the records model reads it, but its only named person
    # is the writer. The same note about a named student to a colleague is flagged.
    from assistant.core import records_model
    from assistant.core.personal import document

    body = ("You asked after class what you're missing, so here's your list for Unit 5:\n\n"
            "  - Lab 5.2 Molar mass (due 11/4)\n  - Practice set 5B (due 11/8)\n  - Stoichiometry quiz retake\n\n"
            "You can turn in the lab and practice set for up to 80% credit until 11/22. "
            "Tutoring is Tues/Thurs at lunch in D-4.\n\nMs. Ferraro")
    sender = {"address": "nferraro@mdusd.org", "name": "Nicole Ferraro"}
    own = Draft.from_json({"subject": "Your missing assignments - Chem P4", "sender": sender, "compose_type": "new",
                           "to": [{"address": "mlee@student.mdusd.org", "name": "Marcus Lee"}], "text": "Hi Marcus,\n\n" + body})
    model = records_model.load_model()
    assert model.decision(document(own.text, "missing assignments - Chem P4")) >= model.threshold  # the model does read it
    assert hints(own, "CF101") == []
    about = Draft.from_json({"subject": "Missing assignments - Chem P4", "sender": sender, "compose_type": "new", "to": INSIDE,
                             "text": "Jordan,\n\nMarcus Lee's list: " + body.replace("You asked", "He asked")})
    assert hints(about, "CF101")
