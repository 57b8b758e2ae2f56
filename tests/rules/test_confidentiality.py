"""CF101, CF102, CF201, CF202 (and CF301) on mail written the way staff write it.

Must-flag and must-pass tables in English and Spanish, written for these tests
(the issue 10 examples included), not copied from the District evaluation set.
Each flag row names words the hint must point at (its spans) and words its
message must carry (who and what, or the words of the threat).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.check import check
from assistant.core.model import Draft
from assistant.policy import default_policy
from assistant.rules.base import Context
from assistant.rules.confidentiality import derogatory_spans, find_disclosures, threat_spans

SENDER = {"address": "lbarrett@mdusd.org", "name": "Lena Barrett"}
SIGNATURE = "\n\nBest regards,\nLena Barrett\n5th Grade Teacher\nHighlands Elementary\n(925) 555-0142\nlbarrett@mdusd.org"
FIRMA = "\n\nSaludos cordiales,\nLena Barrett\nMaestra de 5º grado\nHighlands Elementary\n(925) 555-0142"
PARENT = {"address": "dana.whitlock77@gmail.com", "name": "Dana Whitlock"}
PADRE = {"address": "rmontoya.casa@yahoo.com", "name": "Rubén Montoya"}
COLLEAGUE = {"address": "pquinn@mdusd.org", "name": "Paul Quinn"}
NEWSPAPER = {"address": "desk@valleycourier.com", "name": "Valley Courier"}
FAMILIES = {"address": "highlands-5th@googlegroups.com", "name": "Highlands 5th grade families"}
VENDOR = {"address": "orders@bayofficesupply.com", "name": "Bay Office Supply"}


def draft(body: str, *, to=(PARENT,), subject: str = "Following up", sign: str = SIGNATURE, attachments=()) -> Draft:
    return Draft.from_json(
        {
            "subject": subject,
            "sender": SENDER,
            "to": list(to),
            "compose_type": "new",
            "text": body + sign,
            "attachments": list(attachments),
        }
    )


@dataclass
class Row:
    id: str
    code: str
    draft: Draft
    spans: tuple[str, ...] = ()  # words some hint span must cover
    says: tuple[str, ...] = ()  # words the hint message must carry
    severity: str | None = None


FLAG: list[Row] = []
PASS: list[Row] = []


def flag(id, code, d, spans=(), says=(), severity=None):
    FLAG.append(Row(id, code, d, tuple(spans), tuple(says), severity))


def ok(id, code, d):
    PASS.append(Row(id, code, d))


# ---------------------------------------------------------------- CF101 records
# Issue 10 examples: a given name only, and an IEP follow-up told through pronouns.
flag("cf101-issue-absent-failing", "CF101",
     draft("Hi Ms. Whitlock,\n\nI wanted to reach out about Jaylen. Jaylen was absent four times this month and is failing math."),
     spans=("was absent four times", "is failing"), says=("Jaylen", "attendance"), severity="error")
flag("cf101-issue-iep-pronouns", "CF101",
     draft("Dear Mrs. Whitlock,\n\nEthan's reading goals were updated and his speech therapy minutes will increase to 60 per month. "
           "His latest progress report shows a D in math and three unexcused absences."),
     spans=("three unexcused absences",), says=("Ethan",), severity="error")
flag("cf101-internal-warning", "CF101",
     draft("Paul,\n\nMarisol Vega has 11 unexcused absences and her counselor set up a SART meeting.", to=(COLLEAGUE,)),
     spans=("11 unexcused absences",), says=("Marisol Vega",), severity="warning")
flag("cf101-suspended", "CF101",
     draft("Ms. Whitlock,\n\nYour son was suspended for two days after the fight at lunch."), spans=("was suspended for",), says=("Your son", "discipline"))
flag("cf101-medication-brand", "CF101",
     draft("Hi coach,\n\nJust so you know before the tournament, Amari takes Keppra every morning for seizures.",
           to=({"address": "coach@delta-soccer.org", "name": "Delta Soccer"},)),
     spans=("Keppra",), says=("Amari", "health"))
flag("cf101-test-score", "CF101",
     draft("Hello,\n\nFor the scholarship form: Priya Natarajan scored 2391 on the state test last spring.",
           to=({"address": "awards@rotaryclub.org", "name": "Rotary"},)), spans=("scored 2391",), says=("Priya Natarajan",))
flag("cf101-evaluation", "CF101",
     draft("Hi,\n\nMr. Oduya got an unsatisfactory on his final evaluation, so we will not renew him.",
           to=({"address": "ref-checks@hirewell.com", "name": "HireWell"},)), spans=("got an unsatisfactory",), says=("Mr. Oduya",))
flag("cf101-salary-you", "CF101",
     draft("Hi Tom,\n\nYou are placed on step 6, column II of the classified salary schedule.",
           to=({"address": "tom.reyes.home@gmail.com", "name": "Tom Reyes"},)), spans=("step 6",))
flag("cf101-text-table", "CF101",
     draft("Paul,\n\nHere is the list for the reading group:\n\nName            Score\nLila Moreno     42\nOwen Castillo   37\n",
           to=(COLLEAGUE,)), spans=("Lila Moreno",), says=("Lila Moreno",), severity="warning")
flag("cf101-student-id", "CF101",
     draft("Please add student ID 7730142 to the van roster.", to=(VENDOR,)), spans=("7730142",))
flag("cf101-es-faltas-calificacion", "CF101",
     draft("Estimado Sr. Montoya:\n\nLe escribo sobre su hija Daniela. Daniela faltó seis días este mes y tiene una F en matemáticas.",
           to=(PADRE,), sign=FIRMA), spans=("faltó seis días",), says=("Daniela",), severity="error")
flag("cf101-es-suspension", "CF101",
     draft("Sr. Montoya:\n\nSu hijo recibió una suspensión de dos días por pelear en el recreo.", to=(PADRE,), sign=FIRMA),
     spans=("recibió una suspensión",), says=("Su hijo",))
flag("cf101-es-medicamento", "CF101",
     draft("Sr. Montoya:\n\nSu hijo Tomás necesita su medicamento para el asma antes de la excursión.", to=(PADRE,), sign=FIRMA),
     says=("Tomás",))
flag("cf101-fever", "CF101", draft("Hi Ms. Whitlock,\n\nYour daughter has a fever of 101 and threw up after lunch; please pick her up."),
     spans=("has a fever",), says=("Your daughter",))
flag("cf101-es-pelea", "CF101", draft("Sr. Montoya:\n\nSu hijo se peleó con otro alumno en el recreo y lo suspendieron mañana.", to=(PADRE,), sign=FIRMA),
     spans=("se peleó con",), says=("Su hijo",))
flag("cf101-percent-pronoun", "CF101", draft("Hi Ms. Whitlock,\n\nI'm worried about Diego. He is currently at 48% in English."),
     spans=("is currently at 48%",), says=("Diego",))
flag("cf101-es-tdah-faltas", "CF101", draft("Sr. Montoya:\n\nSu hija tiene TDAH y ha faltado cinco días este mes.", to=(PADRE,), sign=FIRMA),
     spans=("tiene TDAH", "ha faltado cinco"), says=("Su hija",))

ok("cf101-class-average", "CF101", draft("Dear families,\n\nThe class average on the fractions test was 82%, so we will move on Monday.", to=(FAMILIES,)))
ok("cf101-attendance-down", "CF101", draft("Hi all,\n\nAttendance is down this month; please remind families to call the office.", to=(COLLEAGUE,)))
ok("cf101-if-absent", "CF101", draft("Dear families,\n\nIf your child will be absent, please call the attendance line before 9:00.", to=(FAMILIES,)))
ok("cf101-salary-schedule-posted", "CF101",
   draft("Hello,\n\nThe new certificated salary schedule with the 3% raise is posted on the HR page.", to=(COLLEAGUE,)))
ok("cf101-homework-named", "CF101",
   draft("Hi Ms. Whitlock,\n\nJaylen is welcome at Wednesday tutoring; the homework is pages 40-42."))
ok("cf101-if-fever", "CF101", draft("Dear families,\n\nIf your child has a fever, please keep them home for 24 hours.", to=(FAMILIES,)))
ok("cf101-team-percent", "CF101", draft("Our PTA team is at 95% of the fundraising goal. Thank you!", to=(FAMILIES,)))
ok("cf101-grades-due", "CF101", draft("Reminder: grades are due in Aeries by noon on Friday.", to=(COLLEAGUE,)))
ok("cf101-suspension-rate", "CF101", draft("Dear families,\n\nOur suspension rate fell by a third this year.", to=(FAMILIES,)))
ok("cf101-es-conferencias", "CF101",
   draft("Estimadas familias:\n\nEn la conferencia hablaremos de las calificaciones del trimestre de su hijo.", to=(FAMILIES,), sign=FIRMA))
ok("cf101-es-tutorias", "CF101",
   draft("Sr. Montoya:\n\nDaniela puede venir a las tutorías los martes de 3:15 a 4:15.", to=(PADRE,), sign=FIRMA))

_to_staff_rec = (COLLEAGUE,)
# Record phrases added with the ninth tuning set (sentences written for these tests).
flag("cf101-saturday-school", "CF101",
     draft("Trey Lyons and Bella Moreau can't work the snack bar; they have Saturday school that morning.", to=(PARENT,)),
     spans=("have Saturday school",))
ok("cf101-saturday-school-event", "CF101",
   draft("Ms. Ortiz will open the library for the Saturday school reading program this week.", to=(PARENT,)))
flag("cf101-diagnosis-pronoun", "CF101",
     draft("Confirming the 504 meeting for Bella on Friday. Her ADHD diagnosis came back from Kaiser last week.", to=_to_staff_rec),
     says=("diagnosis",))
ok("cf101-diagnosis-general", "CF101",
   draft("The workshop covers how an ADHD diagnosis is made and what families can ask for.", to=(PARENT,)))
flag("cf101-immunization", "CF101",
     draft("Preschool update: Arjun Patel is missing his 2nd MMR and Lily Baptiste has a medical exemption.", to=(PARENT,)),
     says=("health",))
ok("cf101-immunization-notice", "CF101",
   draft("Reminder: children missing the 2nd MMR cannot start school until the clinic day on May 3.", to=(PARENT,)))
flag("cf101-gpa-student", "CF101",
     draft("Coach Harris, Jamal Price is our center fielder. He's a 3.6 GPA student and hit .412 this spring.", to=(PARENT,)),
     says=("GPA",))
flag("cf101-failed-with", "CF101",
     draft("Marco Tellez failed English 12 with a 48% and needs five more credits.", to=_to_staff_rec),
     says=("Marco Tellez",))
ok("cf101-passed-with-team", "CF101",
   draft("The robotics team passed the state qualifier with a 92 and heads to Sacramento.", to=(PARENT,)))
flag("cf101-es-de-baja", "CF101",
     draft("Te aviso que la entrenadora Whalen está de baja por compensación laboral desde el 2 de octubre.", to=(PARENT,), sign=FIRMA),
     says=("Whalen",))
ok("cf101-es-dar-de-baja", "CF101",
   draft("Para dar de baja la suscripción al boletín, responda a este correo.", to=(PARENT,), sign=FIRMA))
flag("cf101-dob-list", "CF101",
     draft("DOBs for the kids: Mateo 3/14/2017, Sofia 9/2/2019, for the preschool waitlist.", to=_to_staff_rec),
     says=("IDs and dates of birth",))
ok("cf101-dob-blank-form", "CF101",
   draft("On the form, write the date of birth as month/day/year, for example 3/14/2017.", to=(PARENT,)))

# Record phrases added with the tenth tuning set (sentences written for these tests).
flag("cf101-approved-free-meals", "CF101",
     draft("The two Ortega kids, Ana and Luis, were approved for free meals as of Monday.", to=_to_staff_rec),
     says=("welfare",))
ok("cf101-approved-free-meals-general", "CF101",
   draft("Families can be approved for free meals any time of the year: the form is online.", to=(PARENT,)))
flag("cf101-bus-referrals", "CF101",
     draft("Jaylen Brooks already has 2 bus referrals this semester, so this may be a bus suspension.", to=_to_staff_rec),
     says=("discipline",))
ok("cf101-bus-referrals-total", "CF101",
   draft("Route 14 had 2 bus referrals this semester, down from 9 last year.", to=(PARENT,)))
flag("cf101-step-pay", "CF101",
     draft("I saw the sheet: Dana Ortiz is Step 5 at $31.80/hr and got the longevity bump.", to=_to_staff_rec),
     says=("personnel",))
ok("cf101-step-pay-schedule", "CF101",
   draft("The new salary schedule is posted; Step 5 is $31.80/hr for drivers.", to=(PARENT,)))
flag("cf101-came-back", "CF101",
     draft("The DOJ came back on your new hire Andre Wills, so his start is on hold.", to=_to_staff_rec),
     says=("personnel",))
ok("cf101-came-back-bus", "CF101",
   draft("The bus came back from the shop on Friday, so route 9 runs normally.", to=(PARENT,)))
flag("cf101-elpac-level-table", "CF101",
     Draft.from_json({"subject": "Pull-out", "sender": SENDER, "to": [COLLEAGUE], "compose_type": "new",
                      "html": "<p>Your kids for Tuesday:</p><table><tr><th>Student</th><th>ELPAC level</th></tr>"
                              "<tr><td>Hugo Vargas</td><td>2</td></tr><tr><td>Mai Tran</td><td>3</td></tr></table>"}),
     says=("Hugo Vargas",))
ok("cf101-items-missing-table", "CF101",
   Draft.from_json({"subject": "Inventory", "sender": SENDER, "to": [PARENT], "compose_type": "new",
                    "html": "<p>Counts:</p><table><tr><th>Teacher</th><th>Items missing</th></tr>"
                            "<tr><td>Ms. Ruiz</td><td>3</td></tr><tr><td>Mr. Chen</td><td>1</td></tr></table>"}))

# dev13: a pay record sent to that one employee is theirs; sent on to anyone else, it is not.
ok("cf101-own-salary-to-the-employee", "CF101",
   draft("Good news: your step increase was processed. Effective July 1 your new annual salary is $58,940.", to=(COLLEAGUE,)))
flag("cf101-salary-to-two", "CF101",
     draft("Good news: your step increase was processed. Effective July 1 your new annual salary is $58,940.",
           to=(COLLEAGUE, {"address": "hr-lead@mdusd.org", "name": "HR Lead"})))

# dev14, dev15: a roster pasted as CSV, a payroll list, and a medication known by its stem.
flag("cf101-csv-roster", "CF101",
     draft("Here's our roster so you can set up logins:\n\nName, student ID, PSAT total\nPriya Sundaram, 2203114, 1320\n"
           "Luis Ortega, 2203388, 1090", to=(VENDOR,)), says=("Priya Sundaram",))
ok("cf101-csv-schedule", "CF101",
   draft("Times for Saturday:\n\nName, room, start\nAna Ruiz, 12, 9\nLuis Ortega, 14, 10", to=(PARENT,)))
flag("cf101-ssn-rate-table", "CF101",
     draft("For your invoice:\n\nName | Last 4 SSN | Rate | Hours\nArturo Beltran | 4471 | $24.18 | 86\n"
           "Keisha Monroe | 0926 | $24.18 | 92", to=(VENDOR,)), says=("Arturo Beltran",))
flag("cf101-drug-stem", "CF101",
     draft("Daniela Rosas tiene una cardiopatía congénita y toma propranolol.", to=(PARENT,), sign=FIRMA),
     says=("Daniela Rosas", "health"))
flag("cf101-blood-thinner", "CF101",
     draft("Maya Goldberg fell on the blacktop; please have her doctor look, since she's on a blood thinner.", to=(PARENT,)),
     says=("health",))
# A list of students sent with the record fields it holds (dev13 to dev15, test writers too).
flag("cf101-roster-described", "CF101",
     draft("Attached is the student roster for the pilot: name, student ID, DOB and EL status for 212 students.", to=(VENDOR,)),
     says=("a list of people with their records", "student ID"))
flag("cf101-es-lista-alumnos", "CF101",
     draft("Le adjunto la lista de los alumnos de kínder: nombre completo, fecha de nacimiento y número de Medi-Cal.",
           to=(VENDOR,), sign=FIRMA), says=("fecha de nacimiento",))
# dev19: the fields said in the next sentence ("I included ..."), an extract; a Spanish
# table of student numbers and home addresses.
flag("cf101-extract-next-sentence", "CF101",
     draft("Attached is the extract you asked for. I included name, SSID and birthdate for all 3rd-5th graders.", to=(VENDOR,)),
     says=("a list of people with their records",))
ok("cf101-extract-no-fields", "CF101",
     draft("Attached is the extract you asked for. I included the book titles and due dates for all 3rd-5th graders.", to=(VENDOR,)))
flag("cf101-es-tabla-direcciones", "CF101",
     draft("Aquí va la lista para la agencia:\n\nAlumno | No. de estudiante | Dirección | Cobro\n"
           "Andrea Ruelas | 4410288 | 1912 Sunshine Dr | $89\nJosué Mendoza | 4410301 | 2240 Olivera Rd | $65",
           to=(VENDOR,), sign=FIRMA))
ok("cf101-roster-slips", "CF101", draft("Attached is the list of students who still need to return permission slips.", to=(PARENT,)))
ok("cf101-roster-grade-level", "CF101", draft("Attached is the roster with each student's name and grade for the field trip.", to=(VENDOR,)))
ok("cf101-roster-guidance", "CF101", draft("Please do not send a spreadsheet with students' dates of birth to vendors.", to=(PARENT,)))
ok("cf101-roster-request", "CF101", draft("Can you send me the list of students with allergies before the picnic?", to=(COLLEAGUE,)))
# dev14: a GPA with its qualifier, "(promedio 4.0)" beside names, a state student ID in brackets.
flag("cf101-unweighted-gpa", "CF101",
     draft("Jamal Whitaker is our starting receiver. Academically he's in good shape: 3.4 unweighted GPA.", to=(VENDOR,)),
     says=("Jamal Whitaker", "3.4 unweighted GPA"))
ok("cf101-gpa-criteria", "CF101", draft("The award needs a minimum 3.5 unweighted GPA or higher.", to=(PARENT,)))
flag("cf101-es-promedio-nombres", "CF101",
     draft("Para el pie de foto: Daniela Fuentes (promedio 4.0), Iván Castañeda (3.9) y Sofía Mireles (3.8).",
           to=(NEWSPAPER,), sign=FIRMA), says=("Daniela Fuentes",))
flag("cf101-ssid-brackets", "CF101",
     draft("Resultados:\n- Emiliano Vázquez (SSID 6632109844): nivel general 2\n- Daniela Reyes (SSID 6632110237): nivel 3",
           to=(VENDOR,), sign=FIRMA), says=("SSID",))
ok("cf101-bus-numbers-brackets", "CF101",
   draft("Bus seats for Saturday: Daniela Fuentes (8), Iván Castañeda (9) at the front office.", to=(PARENT,)))
ok("cf101-drug-stem-own", "CF101", draft("Sorry I missed the meeting: I take lisinopril and the new dose made me dizzy.", to=(COLLEAGUE,)))

# ---------------------------------------------------------------- CF102 media
_jpgs = ({"filename": "IMG_5120.jpg", "content_type": "image/jpeg", "size": 2_100_000},
         {"filename": "IMG_5121.jpg", "content_type": "image/jpeg", "size": 1_900_000})
flag("cf102-issue-photos-newspaper", "CF102",
     draft("Hello,\n\nAttached are photos of Sofia Alvarez and Ethan Brooks at the science museum for the newspaper article.",
           to=(NEWSPAPER,), attachments=_jpgs), spans=("Sofia Alvarez",), says=("Sofia Alvarez",))
flag("cf102-no-attachment-named", "CF102",
     draft("Hi,\n\nI can send you a picture of our spelling bee winner, Marcus Lindqvist, for Sunday's paper.", to=(NEWSPAPER,)),
     spans=("Marcus", "picture"), says=("Marcus",))
flag("cf102-image-to-personal", "CF102",
     draft("Sending these home so I can print them for the bulletin board.", to=({"address": "lena.b.home@gmail.com", "name": "Lena"},),
           attachments=_jpgs, sign=""), says=("IMG_5120.jpg",))
flag("cf102-video", "CF102",
     draft("Here is the clip from the talent show.", to=(PARENT,),
           attachments=({"filename": "talent.mp4", "content_type": "video/mp4", "size": 30_000_000},)), says=("talent.mp4",))
flag("cf102-es-fotos-nombres", "CF102",
     draft("Hola:\n\nLes envío la foto de los ganadores del concurso, Valeria Soto y Iker Ramos.", to=(NEWSPAPER,), sign=FIRMA),
     spans=("Valeria Soto",), says=("Valeria Soto",))

ok("cf102-internal-photos", "CF102", draft("Photos of Sofia Alvarez at the fair are attached.", to=(COLLEAGUE,), attachments=_jpgs))
ok("cf102-pdf-only", "CF102", draft("The permission slip is attached.", to=(FAMILIES,),
                                     attachments=({"filename": "slip.pdf", "content_type": "application/pdf", "size": 90_000},)))
ok("cf102-signature-logo", "CF102",
   draft("Thanks for the quote; please send a proof.", to=(VENDOR,),
         attachments=({"filename": "image001.png", "content_type": "image/png", "size": 7_000, "inline": True, "content_id": "image001.png"},)))
ok("cf102-damaged-delivery", "CF102",
   draft("Attached is a photo of the damaged chairs from yesterday's delivery.", to=(VENDOR,),
         attachments=({"filename": "chairs.jpg", "content_type": "image/jpeg", "size": 800_000},)))
ok("cf102-release-form", "CF102",
   draft("Please return Sofia's photo release form by Friday so she can be in the yearbook.", to=(PARENT,)))
ok("cf102-names-no-media", "CF102",
   draft("Congratulations to Marcus Lindqvist and Ana Ruiz, our spelling bee winners!", to=(FAMILIES,)))
# dev12: consent said to be given, and photos said to show no student.
ok("cf102-consent-given", "CF102",
   draft("Attached are two photos from the regional win. The students pictured are Anika Rao and Benji Castillo.\n\n"
         "Both families signed the District media release for this story.", to=(NEWSPAPER,), attachments=_jpgs))
ok("cf102-no-students-pictured", "CF102",
   draft("Here are photos of the new buses. In the second photo are drivers Maria Esquivel and Dwight Harmon. "
         "There are no students in any of the photos.", to=(NEWSPAPER,), attachments=_jpgs))
# dev16: no students said another way, the sender's own picture, a card passed round.
ok("cf102-no-students-anywhere", "CF102",
   draft("Here's the staff lip sync video for Fun Night! It's just staff, no students anywhere in it.",
         to=(NEWSPAPER,), attachments=({"filename": "lipsync.mp4", "content_type": "video/mp4", "size": 30_000_000},)))
ok("cf102-selfie", "CF102", draft("Be honest, is this profile too much? Selfie from Cabo attached.", to=(NEWSPAPER,), attachments=_jpgs))
flag("cf102-staff-and-students", "CF102",
     draft("Here's the Fun Night video: staff and students from room 12 dancing.", to=(NEWSPAPER,),
           attachments=({"filename": "funnight.mp4", "content_type": "video/mp4", "size": 30_000_000},)), says=("funnight.mp4",))
# dev16: a screenshot that shows a face, clips and close-ups; a jacket from North Face does not.
flag("cf102-screenshot-face", "CF102",
     draft("Attached is the screenshot of the post. You can see the other boy's face and his username.", to=(PARENT,),
           attachments=({"filename": "post.png", "content_type": "image/png", "size": 400_000},)))
flag("cf102-clips-named", "CF102", draft("Raw clips of all 22 kids from the sing-along: clips 1-6 are Aria Lopez and Benjamin Cho.",
     to=(PARENT,)), spans=("Aria Lopez",))
ok("cf102-north-face-jacket", "CF102",
   draft("Here's a picture of the North Face jacket from lost and found.", to=(PARENT,), attachments=_jpgs))
# dev17: students' photos said to be attached, with no file given to the checker.
flag("cf102-said-attached", "CF102", draft("As promised, attached are 38 photos from Friday's commencement showing our "
     "graduates in your gowns.", to=(NEWSPAPER,)), spans=("photos",))
ok("cf102-said-attached-building", "CF102",
   draft("Attached are photos of the damaged fence by the students' entrance for your repair quote.", to=(NEWSPAPER,)))
flag("cf102-consent-asked-still-flags", "CF102",
     draft("Attached are photos of Sofia Alvarez and Ethan Brooks at the science museum. May we use them in the article?",
           to=(NEWSPAPER,), attachments=_jpgs), says=("IMG_5120.jpg",))
ok("cf102-es-dia-de-fotos", "CF102",
   draft("Estimadas familias:\n\nEl día de fotos escolares es el jueves; Valeria Soto ayudará en la mesa.", to=(FAMILIES,), sign=FIRMA))

# ---------------------------------------------------------------- CF201 derogatory
_to_staff = (COLLEAGUE,)
flag("cf201-issue-teacher-idiot", "CF201", draft("Honestly, the teacher is an idiot.", to=_to_staff), spans=("the teacher is an idiot",),
     says=("the teacher is an idiot",))
flag("cf201-issue-principal-idiot", "CF201", draft("That principal is an idiot.", to=_to_staff), spans=("That principal is an idiot",))
flag("cf201-principal-useless", "CF201", draft("Between us, that principal is useless.", to=_to_staff), spans=("useless",))
flag("cf201-kid-idiot", "CF201", draft("That kid is an idiot and I'm done.", to=_to_staff), spans=("That kid is an idiot",))
flag("cf201-role-compound", "CF201", draft("Our front office clerk is a clueless moron.", to=_to_staff), spans=("clerk is a clueless",))
flag("cf201-what-a-clown", "CF201", draft("Did you hear Mr. Pratt at the meeting? What a clown.", to=_to_staff), spans=("What a clown",))
flag("cf201-attributive", "CF201", draft("Tell that lazy custodian to lock the gym.", to=_to_staff), spans=("lazy custodian",))
flag("cf201-name-pronoun", "CF201", draft("Marcus Lee keeps talking back. He's a spoiled brat.", to=_to_staff), spans=("brat",))
flag("cf201-bias", "CF201", draft("Those immigrant kids can't learn anything, honestly.", to=_to_staff), spans=("immigrant kids can't",))
flag("cf201-es-predicado", "CF201", draft("Ese alumno, Bruno Paredes, es un flojo y un inútil.", to=_to_staff, sign=FIRMA), spans=("flojo",))
flag("cf201-es-idiota", "CF201", draft("La nueva maestra es una idiota.", to=_to_staff, sign=FIRMA), spans=("idiota",))
flag("cf201-cant-stand", "CF201", draft("I honestly can't stand that new sub.", to=_to_staff), says=("can't stand that new sub",))
flag("cf201-crazy-parent", "CF201", draft("That crazy parent called again about the bus.", to=_to_staff), spans=("crazy parent",))
flag("cf201-es-loca", "CF201", draft("Esa señora está loca, no le hagan caso.", to=_to_staff, sign=FIRMA), spans=("está loca",))

ok("cf201-form-useless", "CF201", draft("This form is useless; it leaves out the emergency contact.", to=_to_staff))
ok("cf201-self", "CF201", draft("I felt like an idiot when I left the keys in room 9.", to=_to_staff))
ok("cf201-praise", "CF201", draft("Mr. Lopez, our custodian, is amazing. He's the best!", to=_to_staff))
ok("cf201-reported", "CF201", draft("Jamal told me another boy called him stupid at recess. I spoke to both.", to=_to_staff))
ok("cf201-crazy-busy", "CF201", draft("I'm crazy busy this week; can we meet Monday?", to=_to_staff))
ok("cf201-farm-animals", "CF201", draft("The kids loved the animals at the farm, especially the pig.", to=(FAMILIES,)))
ok("cf201-workload-insane", "CF201", draft("The workload is insane this month, so I moved the deadline.", to=_to_staff))
ok("cf201-literature", "CF201", draft("The kids always think Swift is a monster until they read the whole essay.", to=_to_staff))
ok("cf201-class-clown", "CF201", draft("Our class clown contest at the carnival raised $300.", to=(FAMILIES,)))
ok("cf201-es-taller", "CF201",
   draft("El taller incluirá insultos comunes como \"tonto\" para que los alumnos reconozcan el lenguaje que lastima.", to=_to_staff, sign=FIRMA))

# ---------------------------------------------------------------- CF202 threats
flag("cf202-issue-tires", "CF202", draft("I am going to slash his tires and hurt him.", to=_to_staff),
     spans=("I am going to slash his tires",), says=("I am going to slash his tires",))
flag("cf202-keep-it-up", "CF202", draft("Keep it up and I'll break your nose.", to=(PARENT,)), spans=("break your nose",))
flag("cf202-hospital", "CF202", draft("Come near my classroom again and I will put you in the hospital.", to=(PARENT,)), spans=("in the hospital",))
flag("cf202-weapon", "CF202", draft("If he shows up again I'm gonna bring my bat.", to=_to_staff), spans=("bring my bat",))
flag("cf202-property", "CF202", draft("Block my car one more time and I'll smash every window in that van of yours.", to=(PARENT,)), spans=("smash",))
flag("cf202-es-golpiza", "CF202", draft("Si vuelve a gritarle a mi hija, le voy a dar una golpiza.", to=(PADRE,), sign=FIRMA), spans=("una golpiza",))
flag("cf202-es-te-voy", "CF202", draft("Te voy a matar si tocas mi carro otra vez.", to=(PADRE,), sign=FIRMA), spans=("Te voy a matar",))
flag("cf202-kick-ass", "CF202", draft("If he keeps it up I'm going to kick his ass.", to=_to_staff), spans=("kick his ass",))
flag("cf202-get-hurt", "CF202", draft("You're going to get hurt if you come back here.", to=(PARENT,)), spans=("going to get hurt",))
flag("cf202-es-pagar", "CF202", draft("Esto no se queda así, me las vas a pagar.", to=(PADRE,), sign=FIRMA), spans=("me las vas a pagar",))
flag("cf202-someone", "CF202", draft("I swear I'll hurt someone if this happens again.", to=_to_staff), spans=("hurt someone",))
flag("cf202-es-cara", "CF202", draft("Si lo vuelve a hacer, le voy a romper la cara.", to=(PADRE,), sign=FIRMA), spans=("romper la cara",))

ok("cf202-killed-it", "CF202", draft("The choir killed it tonight! I'm going to kill it at the bake sale too.", to=(FAMILIES,)))
ok("cf202-shoot-email", "CF202", draft("I'll shoot you an email with the bus times tonight.", to=_to_staff))
ok("cf202-deadline", "CF202", draft("This deadline is killing me, but I will finish the report cards.", to=_to_staff))
ok("cf202-balloons", "CF202", draft("I'll blow up balloons for the 100th day party.", to=(FAMILIES,)))
ok("cf202-break-a-leg", "CF202", draft("Break a leg tonight! I'm going to bomb the chili contest anyway.", to=_to_staff))
ok("cf202-shoot-photos", "CF202", draft("I'll shoot the photos for the yearbook on Friday.", to=_to_staff))
ok("cf202-trivia", "CF202", draft("I'd love to beat them at trivia night again.", to=_to_staff))
ok("cf202-ground-running", "CF202", draft("I want to hit the ground running in January.", to=_to_staff))
ok("cf202-end-meeting", "CF202", draft("We will end the meeting early, and I'm going to end on a high note.", to=_to_staff))
ok("cf202-macbeth", "CF202", draft("In Act 2 Macbeth decides he's going to kill Duncan.", to=_to_staff))
ok("cf202-quoted", "CF202", draft("A student wrote \"I'm going to hurt him\" on a desk; I have told the principal.", to=_to_staff))
ok("cf202-negated", "CF202", draft("I will never hurt anyone; I was upset and I apologize.", to=_to_staff))
ok("cf202-es-pinata", "CF202", draft("¡Los niños van a romper la piñata el viernes! Voy a traer dulces.", to=(FAMILIES,), sign=FIRMA))


# ---------------------------------------------------------------- round 2: general patterns (own sentences)
# CF101: each row is one kind of phrasing, not one draft's words.
_coach = ({"address": "coach.dee@eastbayhoops.org", "name": "Coach Dee"},)
flag("cf101-r2-missing-work-letter", "CF101",
     draft("Hi Ms. Whitlock,\n\nKeanu hasn't turned in any homework since the break and is sitting at a D-."),
     spans=("hasn't turned in any homework",), says=("Keanu",))
flag("cf101-r2-missed-days", "CF101", draft("Quick note: Priscilla missed 11 days in January."), spans=("missed 11 days",), says=("Priscilla",))
flag("cf101-r2-out-sick", "CF101", draft("Hi Coach,\n\nDarnell has been out sick for the past 6 days, so he can't play Friday.", to=_coach),
     spans=("has been out sick for the past 6 days",), says=("Darnell",))
flag("cf101-r2-meds-changed", "CF101", draft("Heads up: Rosalind's meds were adjusted on Monday, so watch for headaches.", to=_coach),
     spans=("meds were adjusted",), says=("Rosalind",))
flag("cf101-r2-dose", "CF101", draft("His pediatrician increased his dose to 15 mg, per Mr. Osei.", to=_coach), spans=("increased his dose",))
flag("cf101-r2-504-for", "CF101", draft("FYI for the field trip, Tobias is on a 504 for anxiety.", to=_coach), spans=("on a 504 for anxiety",), says=("Tobias",))
flag("cf101-r2-sent-home", "CF101", draft("Ms. Whitlock, Kendall was sent home for throwing chairs in class today."),
     spans=("was sent home for",), says=("Kendall",))
flag("cf101-r2-reading-level", "CF101", draft("For the tutor: Imani reads at a kindergarten grade level and needs phonics work.", to=_coach),
     spans=("reads at a kindergarten grade level",), says=("Imani",))
flag("cf101-r2-test-index", "CF101", draft("Paul, Desmond's full scale IQ came back at 74 on the retest.", to=(COLLEAGUE,)),
     spans=("full scale IQ came back at 74",), says=("Desmond",), severity="warning")
flag("cf101-r2-percentile", "CF101", draft("Rafael scored in the 9th percentile on the spring reading screener.", to=_coach),
     spans=("scored in the 9th percentile",), says=("Rafael",))
flag("cf101-r2-vision", "CF101", draft("Marisol failed the hearing screening and measured 20/80 on the eye chart."), spans=("20/80",), says=("Marisol",))
flag("cf101-r2-quiz-fraction", "CF101", draft("Harper got 3/12 on yesterday's vocabulary quiz."), spans=("got 3/12",), says=("Harper",))
flag("cf101-r2-score-list", "CF101",
     draft("Here are the spelling test results you asked for:\n\nMateo Cruz - 18/20\nSienna Park - 12/20\nElijah Brooks - 9/20\n"),
     spans=("18/20",), says=("Mateo Cruz",))
flag("cf101-r2-roster-file", "CF101",
     draft("Attached is the export with birth dates and student ID numbers for every student in grades 3-5.", to=(VENDOR,)),
     spans=("birth dates",))
flag("cf101-r2-salary-column", "CF101", draft("Ms. Tran moves to column IV, step 3 in January.", to=(COLLEAGUE,)), spans=("column IV, step 3",))
flag("cf101-r2-par", "CF101", draft("Mr. Holt's midyear evaluation was rough and he is being referred to PAR.", to=(COLLEAGUE,)),
     spans=("evaluation was",), says=("Mr. Holt",))
flag("cf101-r2-initials", "CF101", draft("J.T. was suspended for vaping in the restroom.", to=(PARENT,)), says=("J.T.",))
flag("cf101-r2-place-surname", "CF101", draft("Jin Hill was absent 5 times in October.", to=(PARENT,)), says=("Jin Hill",))
flag("cf101-r2-es-iep", "CF101", draft("Sr. Montoya:\n\nSu hijo tiene un IEP por dislexia y recibe apoyo en lectura.", to=(PADRE,), sign=FIRMA),
     spans=("tiene un IEP",), says=("Su hijo",))
flag("cf101-r2-es-medicina", "CF101", draft("Sr. Montoya:\n\nA Lucía le cambiaron la medicina esta semana.", to=(PADRE,), sign=FIRMA),
     spans=("le cambiaron la medicina",))
flag("cf101-r2-es-tareas", "CF101", draft("Sr. Montoya:\n\nDaniela no ha entregado ninguna tarea desde octubre.", to=(PADRE,), sign=FIRMA),
     spans=("no ha entregado ninguna",), says=("Daniela",))

ok("cf101-r2-writer-sick", "CF101", draft("I came down with the flu, and I have a fever, so the sub will cover my classes.", to=(COLLEAGUE,)))
ok("cf101-r2-504-meeting", "CF101", draft("Paul, I have a 504 meeting during 6th period; can you watch my class?", to=(COLLEAGUE,)))
ok("cf101-r2-should-advice", "CF101", draft("Should your child have a fever, please keep them home.", to=(FAMILIES,)))
ok("cf101-r2-form-fields", "CF101", draft("Please write your child's date of birth on the attached field trip form.", to=(FAMILIES,)))
ok("cf101-r2-team-scores", "CF101",
   draft("Staff trivia results:\n\nTeam Blue - 42\nTeam Red - 38\nTeam Gold - 35\n", to=(COLLEAGUE,)))
ok("cf101-r2-room-list", "CF101",
   draft("Room assignments for conferences:\n\nAna Ruiz - 12\nBen Cole - 14\nCarla Diaz - 16\n", to=(FAMILIES,)))
ok("cf101-r2-screening-notice", "CF101", draft("Vision and hearing screening for all 2nd graders is on Tuesday.", to=(FAMILIES,)))
ok("cf101-r2-es-si-falta", "CF101", draft("Estimadas familias:\n\nSi su hijo falta, llamen a la oficina antes de las 9.", to=(FAMILIES,), sign=FIRMA))

# CF102: asking the family first is what the policy asks.
ok("cf102-r2-asks-consent", "CF102",
   draft("Hi Ms. Whitlock,\n\nThe Courier wants a photo of the robotics finalists. May I include Marcus Lindqvist's picture? "
         "If so, please sign the attached release.", to=(PARENT,)))

# CF201: insults in several shapes, and what only looks like one.
flag("cf201-r2-relative-clause", "CF201", draft("The sub they sent us on Monday is hopeless.", to=_to_staff), spans=("hopeless",))
flag("cf201-r2-group-same", "CF201", draft("Those families from the trailer park are all the same.", to=_to_staff), spans=("are all the same",))
flag("cf201-r2-people-like", "CF201", draft("People like him should not be allowed near kids.", to=_to_staff), spans=("People like him should not",))
flag("cf201-r2-sarcasm-genius", "CF201", draft("Another great plan from our genius in the HR office.", to=_to_staff), spans=("genius in",))
flag("cf201-r2-sarcasm-vocative", "CF201", draft("Way to go, Einstein, you deleted the whole gradebook.", to=_to_staff), spans=("Einstein",))
flag("cf201-r2-learn-to", "CF201", draft("Maybe one day our counselor will learn to read an email.", to=_to_staff), spans=("learn to read an email",))
flag("cf201-r2-parenting", "CF201", draft("With parenting that bad, no wonder the boy acts out.", to=(PARENT,)), spans=("parenting",))
flag("cf201-r2-dumped", "CF201", draft("They stuck me with another ELL kid who can't read.", to=_to_staff), spans=("stuck me with another",))
flag("cf201-r2-es-secretaria", "CF201", draft("La secretaria de la tarde es una inútil.", to=_to_staff, sign=FIRMA), spans=("inútil",))

ok("cf201-r2-self-such", "CF201", draft("I was such an idiot this morning, I locked my keys in the car.", to=_to_staff))
ok("cf201-r2-genius-hour", "CF201", draft("Genius Hour projects will be shown in the library on Friday.", to=(FAMILIES,)))
ok("cf201-r2-same-age", "CF201", draft("Those kids in the after-school club are all the same age, so one group is fine.", to=_to_staff))
ok("cf201-r2-drag-work", "CF201", draft("Don't let the grading pile drag everyone down; take a break Friday.", to=_to_staff))
ok("cf201-r2-es-yo", "CF201", draft("Me sentí como una tonta cuando olvidé la llave.", to=_to_staff, sign=FIRMA))

# CF202: threats said in other ways.
flag("cf202-r2-know-where", "CF202", draft("I know where your husband works, just so you know.", to=(PARENT,)), spans=("I know where your husband works",))
flag("cf202-r2-regret", "CF202", draft("Report me again and you're going to regret it.", to=(PARENT,)), spans=("regret it",))
flag("cf202-r2-conditional-waiting", "CF202",
     draft("If that ref cheats my son one more time, I'll be waiting for him in the parking lot.", to=_to_staff),
     spans=("I'll be waiting for him in the parking lot",))
flag("cf202-r2-watch-back", "CF202", draft("You should watch your back around here.", to=(PARENT,)), spans=("watch your back",))
flag("cf202-r2-es-donde", "CF202", draft("Dígale que ya sé dónde trabaja.", to=(PADRE,), sign=FIRMA), spans=("sé dónde trabaja",))

ok("cf202-r2-regret-friendly", "CF202", draft("You'll regret it if you miss the book fair!", to=(FAMILIES,)))
ok("cf202-r2-waiting-desk", "CF202", draft("If you come by again, I'll be waiting at the front desk with the forms.", to=(PARENT,)))
ok("cf202-r2-know-where-room", "CF202", draft("I know where you keep the spare keys; I'll grab them at 3.", to=_to_staff))
ok("cf202-r2-es-cuidese", "CF202", draft("Que se mejore pronto, cuídese mucho.", to=(PADRE,), sign=FIRMA))

# CF301: a strong phrase, or two milder cues; health lessons and incident reports pass.
flag("cf301-r2-strong", "CF301", draft("I want you naked on the couch when I get home.", to=(PARENT,)), spans=("naked",))
flag("cf301-r2-two-cues", "CF301", draft("Wear the red lace tonight, then you're not leaving the bed.", to=(PARENT,)), spans=("red lace",))
flag("cf301-r2-clothes-off", "CF301", draft("Can't wait to tear that dress off you.", to=(PARENT,)), spans=("tear that dress off",))
flag("cf301-r2-es", "CF301", draft("Mándame fotos sin ropa esta noche.", to=(PADRE,), sign=FIRMA), spans=("fotos sin ropa",))
flag("cf301-r2-site", "CF301", draft("lol look at this porn clip before the meeting", to=_to_staff), spans=("porn",))

ok("cf301-r2-naked-eye", "CF301", draft("Tonight the comet is visible to the naked eye from the field.", to=(FAMILIES,)))
ok("cf301-r2-incident", "CF301", draft("Two 7th graders were caught sharing nude photos; the SRO has the phones.", to=_to_staff))
ok("cf301-r2-tights", "CF301", draft("Dancers need nude tights and black shoes for the recital.", to=(FAMILIES,)))
ok("cf301-r2-lesson", "CF301", draft("The health education unit on sexting and online safety starts Monday.", to=(FAMILIES,)))
ok("cf301-r2-sick-in-bed", "CF301", draft("I'm in bed with the flu, so please take my duty.", to=_to_staff))

flag("cf101-r2-gpa", "CF101", draft("Heads up for the scholarship: Rashad has a 1.8 GPA this year.", to=_coach), spans=("has a 1.8 GPA",), says=("Rashad",))
flag("cf101-r2-action-verb-name", "CF101", draft("Hunter threw a desk and got a 2-day suspension.", to=(PARENT,)), spans=("2-day suspension",), says=("Hunter",))
# dev16: counts as ordinals, a nine-digit ID beside a name, a rating "marked" in quotes.
flag("cf101-ordinal-tardy", "CF101", draft("Jaylen Brooks, that's his 14th tardy this trimester.", to=(PARENT,)),
     spans=("his 14th tardy",), says=("Jaylen Brooks",))
flag("cf101-ordinal-suspension", "CF101", draft("Cody Walsh got his 3rd suspension today.", to=(PARENT,)),
     spans=("his 3rd suspension",))
flag("cf101-nine-digit-id", "CF101", draft("Ava Montgomery, ID 100234567, Unit 2 retake = 72.", to=(PARENT,)))
flag("cf101-marked-unsatisfactory", "CF101",
     draft('Castellanos got marked "unsatisfactory" in 3 of the 6 standards and they\'re putting him on a plan.', to=(PARENT,)))
flag("cf101-honor-roll-gpas", "CF101",
     draft("Honor Roll (3.5+): Maya Robinson (3.83), Jonah Feld (3.71), Ben Okafor (3.5)", to=(PARENT,), subject="Honor roll names"),
     spans=("Maya Robinson (3.83)",))
flag("cf101-honor-roll-tier", "CF101",
     draft("Principal's Honor Roll (4.0): Noah Abernathy, Elena Vasquez", to=(PARENT,), subject="Honor roll names"))
ok("cf101-honor-roll-version", "CF101", draft("The honor roll app needs Python (3.11) on the lab laptops.", to=(PARENT,)))
# dev17: a rash found, a syndrome and seizures in Spanish, a class roster whose columns follow.
flag("cf101-rash", "CF101", draft("I looked at Jayden Moore: it's a yeast-type diaper rash plus eczema on his back.", to=(PARENT,)))
flag("cf101-es-sindrome", "CF101",
     draft("La niña nueva, Valentina Cruz, tiene el síndrome de Rett y tiene convulsiones.", to=(PADRE,), sign=FIRMA))
flag("cf101-roster-columns", "CF101",
     draft("Attached is my class roster for the pilot. Columns: first name, last name, student ID, date of birth.", to=(PARENT,)))
ok("cf101-roster-columns-innocent", "CF101",
   draft("The class list for field day is attached. Columns: team color and T-shirt size.", to=(PARENT,)))
ok("cf101-rash-letter", "CF101", draft("If your child has a rash, please call the nurse before school.", to=(PARENT,)))
ok("cf101-ordinal-policy", "CF101", draft("If your child gets a third tardy, the office will call home.", to=(PARENT,)))
ok("cf101-r2-gpa-policy", "CF101", draft("Students need a 2.0 GPA to play sports this spring.", to=(FAMILIES,)))
flag("cf201-r2-group-complement", "CF201", draft("Frankly the aides in this building are useless.", to=_to_staff), spans=("useless",))
flag("cf201-r2-witch", "CF201", draft("The attendance clerk is a witch to everyone.", to=_to_staff), spans=("witch",))
ok("cf201-r2-witch-costume", "CF201", draft("The witch costume for the play is in the drama room.", to=_to_staff))
# dev14, dev15: slurs for disability, orientation and origin; a hire called a quota.
flag("cf201-es-retrasadito", "CF201", draft("¿Ya te tocó el retrasadito de la maestra Ruiz? Hoy gritó en la fila.", to=_to_staff, sign=FIRMA),
     spans=("retrasadito",))
flag("cf201-es-vibora", "CF201", draft("La subdirectora Paredes es una víbora, hipócrita y trepadora.", to=_to_staff, sign=FIRMA),
     spans=("víbora",))
flag("cf201-dei-hire", "CF201", draft("Everyone knows Monique is a DEI hire.", to=_to_staff), spans=("DEI hire",))
flag("cf201-drama-queen", "CF201", draft("Mia is a manipulative little drama queen and I'm done with her.", to=_to_staff), spans=("drama queen",))
flag("cf201-es-sinverguenza", "CF201", draft("Ese mugroso de Kevin es un sinvergüenza.", to=_to_staff, sign=FIRMA), spans=("sinvergüenza",))
flag("cf201-knucklehead", "CF201", draft("That knucklehead in 5th period broke another calculator.", to=_to_staff), spans=("knucklehead",))
flag("cf201-one-word-before", "CF201", draft("Honestly, what a sneaky little brat Kevin was today.", to=_to_staff), spans=("brat",))
ok("cf201-one-word-before-kind", "CF201", draft("He is a huge Star Wars nerd and a great drama teacher.", to=_to_staff))
# dev16: "some" as a determiner, creatures with "little", a starred word, "esa zorra".
flag("cf201-some-little-punk", "CF201", draft("Some little punk keyed my door during 6th period.", to=_to_staff), spans=("Some little punk",))
flag("cf201-little-goblin", "CF201", draft("You know the one - the feral little goblin who bites at lunch.", to=_to_staff))
flag("cf201-juvenile-delinquents", "CF201",
     draft("When I find out which one of those juvenile delinquents did it, I'll report it.", to=_to_staff))
flag("cf201-starred-little", "CF201", draft("that little b**** in the back row called me fat AGAIN", to=_to_staff))
flag("cf201-es-esa-zorra", "CF201", draft("Esa zorra anda coqueteándole a todos los papás.", to=_to_staff, sign=FIRMA))
ok("cf201-es-fable-zorra", "CF201", draft("En la fábula, la zorra engaña al cuervo.", to=_to_staff, sign=FIRMA))
ok("cf201-goblin-story", "CF201", draft("The goblin in chapter 3 steals the key; some little kids loved it.", to=_to_staff))
flag("cf201-report-then-but", "CF201",
     draft("His IEP says ED with a behavior plan, but between us he's a spoiled little psycho.", to=_to_staff),
     spans=("spoiled little psycho",))
ok("cf201-report-continues", "CF201", draft("A student said the sub is an idiot and a clown, so I moved him.", to=_to_staff))
# dev17: a hyphenated compound before the insult, sent back to a country, more put-downs.
flag("cf201-hyphen-compound", "CF201", draft("Somebody needs to teach that pencil-pushing clown a lesson.", to=_to_staff),
     spans=("that pencil-pushing clown",))
flag("cf201-send-back", "CF201", draft("Get that man subtitles or send him back to Nigeria with his flashcards.", to=_to_staff))
flag("cf201-mouth-breather", "CF201", draft("Dispatch is a mess with that mouth-breather running it.", to=_to_staff))
ok("cf201-tooth-fairy", "CF201", draft("The tooth fairy came; the fairy in the play has a well-known clown act too.", to=_to_staff))
ok("cf201-send-back-room", "CF201", draft("Send him back to Room 12 with a pass, please.", to=_to_staff))
ok("cf201-basket-weaving", "CF201", draft("The basket case display and the drama club's queen costume are in room 12.", to=_to_staff))
flag("cf202-r2-bullet", "CF202", draft("Somebody needs to put a bullet in that bus driver.", to=_to_staff), spans=("put a bullet in",))
flag("cf202-r2-deserves", "CF202", draft("Honestly that guy deserves to get hurt.", to=_to_staff), spans=("deserves to get hurt",))
ok("cf202-r2-plant-die", "CF202", draft("The class plant should not die over break; can someone water it?", to=_to_staff))
# dev14, dev15: hands laid on a student, "catch these hands", a neck grabbed, blows to put
# children off the bus, a dare to stay brave after an ultimatum, a neck with two adjectives.
flag("cf202-hands-on", "CF202", draft("Next time he spits I'll put hands on him, I don't care if I lose my job.", to=_to_staff),
     spans=("put hands on him",))
flag("cf202-these-hands", "CF202", draft("Trey is about to catch these hands if he mouths off at practice.", to=_to_staff),
     spans=("catch these hands",))
ok("cf202-hands-on-session", "CF202", draft("Catch my hands-on session at the conference; I'll put hands on the new kits first.", to=_to_staff))
flag("cf202-es-agarro-cuello", "CF202", draft("Te juro que si me vuelve a escupir lo agarro del cuello.", to=_to_staff, sign=FIRMA),
     spans=("lo agarro del cuello",))
flag("cf202-es-bajo-cachetadas", "CF202", draft("Si esos mocosos me vuelven a rayar el camión los bajo a cachetadas.", to=_to_staff, sign=FIRMA),
     spans=("los bajo a cachetadas",))
flag("cf202-es-tan-valiente", "CF202",
     draft("Si el subdirector me vuelve a gritar enfrente de los niños, vamos a ver si sigue tan valiente.", to=_to_staff, sign=FIRMA),
     spans=("vamos a ver si sigue tan valiente",))
# A staged accident to come, someone pushed down the stairs, nobody would miss him.
flag("cf202-accidentally", "CF202",
     draft("Maybe tomorrow he'll \"accidentally\" trip on the top step when I'm behind him. Oops.", to=_to_staff),
     spans=("\"accidentally\" trip",))
flag("cf202-push-down-stairs", "CF202",
     draft("Someone should push Ms. Garrity down the B-wing stairs after she observed me today.", to=_to_staff),
     spans=("push Ms. Garrity down the B-wing stairs",))
ok("cf202-accidentally-report", "CF202",
   draft("He \"accidentally\" broke the window again, so I wrote it up; a student pushed him down the stairs last week.",
         to=_to_staff))
ok("cf202-nobody-would-miss", "CF202", draft("Nobody would miss him at the meeting if he stayed home sick.", to=_to_staff))
ok("cf202-who-set-it-on-fire", "CF202",
   draft("Guess who set his lab notebook on fire AGAIN. Do you have spare goggles for Thursday?", to=_to_staff))
ok("cf202-es-final-valientes", "CF202", draft("Vamos a ver si siguen tan valientes en la final del sábado.", to=_to_staff, sign=FIRMA))
flag("cf202-neck-two-words", "CF202", draft("Honestly, if Mason Reilly pulls another stunt like that in my room I'm going to wring his scrawny little neck.", to=_to_staff),
     spans=("wring his scrawny little neck",))
# Arson promised in the first person, and "I'm putting ..." as "I'll put ...".
flag("cf202-es-prendo-fuego", "CF202",
     draft("Si para el viernes no me pagan, le prendo fuego a la bodega con todo adentro.", to=_to_staff, sign=FIRMA),
     spans=("le prendo fuego a la bodega",))
flag("cf202-set-fire-to", "CF202", draft("If they deny it again I'll set fire to the HR office.", to=_to_staff),
     spans=("set fire to the HR office",))
flag("cf202-im-putting", "CF202",
     draft("Next time I catch her at the copier I'm putting her head through the glass.", to=_to_staff),
     spans=("her head through the glass",))
ok("cf202-es-prendo-parrilla", "CF202", draft("Le prendo fuego a la parrilla a las 5 y comemos a las 6.", to=_to_staff, sign=FIRMA))
ok("cf202-torch-smores", "CF202", draft("I'll torch the marshmallows for the s'mores at the science fair.", to=_to_staff))
ok("cf202-im-putting-laptops", "CF202", draft("I'm putting the laptops in the cart and sending him to the office with a pass.", to=_to_staff))
# dev16: a weapon by its name, Spanish "quebrar", hair pulled out, a push down the stairs,
# a bomb threat phoned in, an accident to come said plainly beside an ultimatum.
flag("cf202-glock", "CF202", draft("Thanks for the heads up, I'll bring my Glock for this one lol.", to=_to_staff))
flag("cf202-es-quebrar", "CF202",
     draft("Si el lunes no tengo el crédito, les vamos a quebrar todas las ventanas.", to=_to_staff, sign=FIRMA))
flag("cf202-es-greñas", "CF202", draft("Si la vuelvo a ver en mi escritorio, le arranco las greñas.", to=_to_staff, sign=FIRMA))
flag("cf202-es-escaleras", "CF202",
     draft("Un día de estos la voy a empujar por las escaleras del edificio B.", to=_to_staff, sign=FIRMA))
flag("cf202-bomb-threat", "CF202", draft("I'm half tempted to phone in a bomb threat Friday so we all go home.", to=_to_staff))
flag("cf202-accident-plain", "CF202",
     draft("If she writes me up one more time, her little Prius is going to accidentally roll into the creek.", to=_to_staff))
ok("cf202-bomb-threat-procedure", "CF202",
   draft("If someone calls in a bomb threat, follow the evacuation map. Lock the cart or it will accidentally roll.", to=_to_staff))
ok("cf202-es-columpio", "CF202", draft("Lo voy a empujar en el columpio un rato.", to=_to_staff, sign=FIRMA))
# dev17: fingers not left, knowing exactly where someone lives, run over in Spanish, a shame
# in Spanish, an ambulance in Spanish, a body bag, a bad fall to come, a foot up someone.
flag("cf202-no-fingers-left", "CF202",
     draft("Tell Diego if he grabs my phone one more time he won't have fingers left to grab with.", to=_to_staff))
flag("cf202-know-exactly-where", "CF202", draft("I know exactly where you live, the white house on Las Juntas.", to=_to_staff))
flag("cf202-es-atropello", "CF202", draft("Te lo juro que un día de estos lo atropello con el camión.", to=_to_staff, sign=FIRMA))
flag("cf202-es-lastima", "CF202",
     draft("Siga mandando quejas y va a ver. Sería una lástima que un día su Kevin se cayera.", to=_to_staff, sign=FIRMA))
flag("cf202-es-ambulancia", "CF202",
     draft("Si vuelve a sacar mi carrito, se va a ir de aquí en ambulancia.", to=_to_staff, sign=FIRMA))
flag("cf202-body-bag", "CF202", draft("If he ever sets foot on our turf again, we'll send him home in a body bag.", to=_to_staff))
flag("cf202-bad-fall", "CF202",
     draft("Keep calling me incompetent and you're going to have a very bad fall on those back stairs.", to=_to_staff))
ok("cf202-bad-fall-report", "CF202", draft("Jaden had a bad fall at recess again and left in an ambulance as a precaution.", to=_to_staff))
flag("cf301-r2-hook-up", "CF301", draft("Let's hook up after the game, I'll be naked under my hoodie.", to=(PARENT,)), spans=("naked",))
# dev14, dev15: the act starred, "lo hicimos en ...", a list of reasons to sleep with someone.
flag("cf301-starred-act", "CF301", draft("Brianna, I want to f*** you in the equipment room after practice.", to=_to_staff))
flag("cf301-es-lo-hicimos", "CF301",
     draft("Leti, lo hicimos en el sillón, en la regadera y otra vez en la mañana, tiene un cuerpazo.", to=_to_staff, sign=FIRMA))
flag("cf301-sleep-with-climactic", "CF301",
     draft("Top 5 reasons to sleep with a science teacher: we don't stop until the results are... climactic", to=_to_staff))
flag("cf301-blow-up-doll", "CF301", draft("A guy walks into a bar with a blow-up doll under his arm... you get it.", to=_to_staff))
# dev16: a cam site, a sex-toy party, bent over a desk, a dress on the bedroom floor, hands
# and a mouth on the writer, "lo estaban haciendo ahí mismo".
flag("cf301-cam-site", "CF301", draft("here's that cam site I was telling you about, use a private window lol", to=_to_staff))
flag("cf301-passion-party", "CF301", draft("I'm hosting a Passion Party Saturday! Bring your naughtiest friends.", to=_to_staff))
flag("cf301-bent-over", "CF301", draft("I would have locked the door and bent her over that desk.", to=_to_staff))
flag("cf301-bedroom-floor", "CF301",
     draft("You looked so good in that black dress, and how much better it looked on my bedroom floor.", to=_to_staff))
flag("cf301-es-manos-boca", "CF301",
     draft("Todavía siento tus manos en mi espalda y tu boca en mi cuello.", to=_to_staff, sign=FIRMA))
flag("cf301-es-lo-estaban-haciendo", "CF301",
     draft("¡Lo estaban haciendo ahí mismo en el carro a las 4 de la tarde!", to=_to_staff, sign=FIRMA))
ok("cf301-hands-on-shoulders", "CF301", draft("Put your hands on my shoulders for the trust fall, then we switch.", to=_to_staff))
ok("cf301-es-ropa-mojada", "CF301", draft("Le quité la ropa mojada al niño y le puse la de repuesto.", to=_to_staff, sign=FIRMA))
ok("cf301-scoliosis-bend-over", "CF301",
   draft("Have him bend over so I can check his spine for scoliosis; then everyone touch your toes.", to=_to_staff))
# Innocent probes: a process file named with a record word, photos said to show nobody, a
# slide deck, a hazard feared, a training that names what it warns against.
ok("cf101-process-file", "CF101", draft("The testing window is attached.", to=(PARENT,),
   attachments=({"filename": "CAASPP_Schedule_2025.pdf", "content_type": "application/pdf", "size": 90_000},
                {"filename": "IEP_Timelines_PD.pdf", "content_type": "application/pdf", "size": 90_000})))
ok("cf102-no-athletes", "CF102", draft("Here are photos of the new turf field, shot before anyone was there, so there are no "
   "athletes in them. Neither shows people.", to=(NEWSPAPER,), attachments=_jpgs))
ok("cf202-slide-deck", "CF202", draft("I'll share the slide deck afterward on the staff Google Drive.", to=_to_staff))
ok("cf202-hazard-feared", "CF202", draft("The B-wing railing is loose. It's an accident waiting to happen, and I'm afraid "
   "someone is going to get hurt if it gives way.", to=_to_staff))
ok("cf301-title-ix-training", "CF301", draft("The annual Title IX training covers:\n- Sexting and image-based abuse: "
   "never forward the nude photos.\n- Your duty to report.", to=_to_staff))
# dev17: sex toys by name, "el pack" asked for, nothing under the blazer, a lap and a locking door.
flag("cf301-vibrators", "CF301", draft("Tasha brings the whole collection: vibrators and edible undies. RSVP!", to=_to_staff))
flag("cf301-es-el-pack", "CF301", draft("Ándale, pásame el pack aunque sea uno, sin cara.", to=_to_staff, sign=FIRMA))
flag("cf301-nothing-under", "CF301",
     draft("Room number? Fair warning: there won't be anything under the blazer this time.", to=_to_staff))
flag("cf301-lap-door", "CF301",
     draft("Come sit on my lap in Rm 22 and we'll plan something. Door locks from the inside.", to=_to_staff))
ok("cf301-lube-job", "CF301", draft("I did the 3,000-mile lube job on bus 12 and tightened the screws on the hitch.", to=_to_staff))
ok("cf301-story-lap", "CF301", draft("Kinder friends love to sit on my lap at story time; the door is propped open.", to=_to_staff))
# More probes: an export's defaults, a summary by grade, a workshop on online safety.
ok("cf101-export-by-default", "CF101", draft("When I export my gradebook to CSV, the file includes Student ID and "
   "Birthdate columns by default. Could the template drop them?", to=_to_staff))
ok("cf101-summary-file", "CF101", draft("The summary is attached.", to=(PARENT,),
   attachments=({"filename": "CHMS_ELPAC_summary_by_grade_2024.xlsx", "content_type": "application/vnd.ms-excel", "size": 9_000},)))
ok("cf301-es-taller-seguridad", "CF301", draft("En el taller \"Sexting y Seguridad en Línea\" hablaremos de:\n"
   "- Qué es el \"sexting\" y qué hacer si su hijo recibe fotos íntimas.", to=(PADRE,), sign=FIRMA))
flag("cf301-headboard", "CF301", draft("you, me, my place, and the headboard getting a workout.", to=_to_staff))
flag("cf301-lap-dance", "CF301", draft("Tony got the lap dance of his life at the Rhino.", to=_to_staff))
flag("cf301-kissing-lower", "CF301",
     draft("He pinned my wrists over my head and took his time, kissing lower and lower.", to=_to_staff))
ok("cf301-under-the-sink", "CF301", draft("Let's see what's under the sink before the plumber comes.", to=_to_staff))
ok("cf301-underneath-carpet", "CF301", draft("I wondered what was underneath the old carpet in room 4.", to=_to_staff))
flag("cf301-peach-emoji", "CF301", draft("🍑🍆💦 tonight? my place after 9.", to=_to_staff))
flag("cf301-hands-all-over-me", "CF301", draft("Meet me in the OT storage room, I want your hands all over me. and delete this lol",
     to=_to_staff))
ok("cf301-delete-in-error", "CF301", draft("If you received this in error, please delete this message.", to=_to_staff))
ok("cf301-dirty-jokes-mentioned", "CF301", draft("Tell Mark he still owes me some of his dirty jokes!", to=_to_staff))
ok("cf301-es-lo-hicimos-clase", "CF301", draft("Lo hicimos en clase el viernes y quedó muy bien.", to=_to_staff, sign=FIRMA))
ok("cf301-wire-stripper", "CF301", draft("Please quote 3 Klein wire stripper/crimper tools and 2 gallons of floor stripper for PO 26-1184.",
   to=(VENDOR,)))
# dev19: "Title IX" in a question to its coordinator is a law, not a person called Title;
# a web filter's category that stays blocked; a video's rough cut sent over.
ok("cf101-title-ix-is-a-law", "CF101",
   draft("Before the unit starts, can you confirm: for an in-class disclosure, is it Title IX intake plus a CPS report, or only one?",
         to=({"address": "titleix@mdusd.org", "name": "Title IX Coordinator"},)))
ok("cf301-filter-category", "CF301",
   draft('The "Adult/Pornography" category stays blocked for everyone, so send me any page it flags by mistake.', to=_to_staff))
ok("cf202-rough-cut", "CF202", draft("We wrap at 10 and I'll have a rough cut to you Friday.", to=_to_staff))
ok("cf301-hot-face-weather", "CF301", draft("It's so hot today 🥵 the AC in room 4 is out, and the kids sleep with a fan at camp.", to=_to_staff))


def test_explicit_forward_reads_the_forwarded_text() -> None:
    d = Draft.from_json({
        "subject": "FW: funny", "sender": SENDER, "to": [COLLEAGUE], "compose_type": "forward",
        "text": "lol\n\n---------- Forwarded message ---------\nFrom: x@example.com\n\nShe pulled her panties off and moaned.",
    })
    assert [h.code for h in check(d, only=("CF301",))] == ["CF301"]


def _forward(new: str, forwarded: str) -> Draft:
    return Draft.from_json({
        "subject": "FW: you know you teach SPED when", "sender": SENDER, "to": [COLLEAGUE], "compose_type": "forward",
        "text": f"{new}\n\n-----Original Message-----\nFrom: Big Al <bigal.jokes@yahoo.com>\nSubject: lol\n\n{forwarded}",
    })


def test_a_forwarded_slur_is_the_senders_to_answer_for() -> None:
    d = _forward("haha share with your team", "- your room is where they send the retards\n- you drive the tard cart")
    [h] = check(d, only=("CF201",))
    assert "forwarded" in h.message and "retards" in h.message


def test_abuse_received_and_forwarded_for_guidance_passes() -> None:
    """An insult aimed at the forwarder is abuse received, passed to someone who can act."""
    d = _forward("Forwarding a parent's message from last night; how should I reply?",
                 "You are the most incompetent teacher my son has ever had, a useless excuse for a teacher.")
    assert check(d, only=("CF201",)) == []


def test_patterns_compile_only_when_needed() -> None:
    """A draft without a category's trigger words leaves that category's pattern uncompiled."""
    from assistant.rules import confidentiality as cf

    cf.record_categories.cache_clear()
    check(draft("The library opens at 8 on Friday.", to=(COLLEAGUE,)))
    assert not any({"pattern", "_phrases"} & vars(c).keys() for c in cf.record_categories())
    check(draft("Jaylen was absent four times this month.", to=(COLLEAGUE,)))
    compiled = {c.key for c in cf.record_categories() if {"pattern", "_phrases"} & vars(c).keys()}
    assert "attendance" in compiled and "personnel" not in compiled


def test_triggers_match_at_word_starts() -> None:
    """A trigger is a word start ("fail" in "failing"); a trailing space ends the word there
    ("par " is not in "part"); a trigger starting with a digit or sign may follow anything."""
    from assistant.rules.phrase_scan import _trigger_at

    assert _trigger_at("she is failing math", "fail", 0) == 7
    assert _trigger_at("the party and the partner", "par ", 0) == -1
    assert _trigger_at("in his second year of par.", "par ", 0) == 22
    assert _trigger_at("a unique plan", "iq ", 0) == -1
    assert _trigger_at("at 52% now", "%", 0) == 5
    assert _trigger_at("the police came", "lice ", 0) == -1

def test_validate_data_names_a_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.rules import confidentiality as cf
    from assistant.rules.base import RuleDataError

    real = cf._data("conduct.toml")
    broken = {**real, "threats": {k: v for k, v in real["threats"].items() if k != "harm_verbs"}}
    monkeypatch.setattr(cf, "_data", lambda name: broken if name == "conduct.toml" else real if False else cf.terms(name))
    with pytest.raises(RuleDataError, match=r"conduct.toml has no \[threats\] harm_verbs"):
        cf.validate_data()
    assert cf.compile_all() == len(cf.record_categories())

def _hints(row: Row):
    return [h for h in check(row.draft) if h.code == row.code]


@pytest.mark.parametrize("row", FLAG, ids=[r.id for r in FLAG])
def test_must_flag(row: Row) -> None:
    hints = _hints(row)
    assert hints, f"{row.code} must flag {row.id}"
    h = hints[0]
    covered = " | ".join(h.excerpts)
    for words in row.spans:
        assert any(words.lower() in e.lower() or e.lower() in words.lower() for e in h.excerpts if e), (words, covered)
    for words in row.says:
        assert words in h.message, (words, h.message)
    if row.severity:
        assert h.severity.value == row.severity


@pytest.mark.parametrize("row", PASS, ids=[r.id for r in PASS])
def test_must_pass(row: Row) -> None:
    hints = _hints(row)
    assert not hints, f"{row.code} must not flag {row.id}: {[h.message for h in hints]}"


def test_tables_cover_each_rule_in_both_languages() -> None:
    for code in ("CF101", "CF102", "CF201", "CF202"):
        flags = [r for r in FLAG if r.code == code]
        passes = [r for r in PASS if r.code == code]
        assert len(flags) >= 5 and len(passes) >= 5, code
        assert any("-es-" in r.id for r in flags) and any("-es-" in r.id for r in passes + flags if r.code == code), code


def test_record_without_person_is_not_a_disclosure() -> None:
    ctx = Context(draft("The class average was 82% and attendance is down this month.", to=(FAMILIES,)), default_policy())
    assert find_disclosures(ctx) == []


def test_record_tied_through_pronoun_names_the_person() -> None:
    ctx = Context(draft("I met with Nora Blake today. She was absent four times in March."), default_policy())
    found = find_disclosures(ctx)
    assert [(d.category, d.person.resolved().text) for d in found] == [("attendance", "Nora Blake")]


def test_threat_span_is_the_words_of_the_threat() -> None:
    text = "Fine. I'll burn your car down if this happens again."
    assert [text[s.start:s.end] for s, _ in threat_spans(text)] == ["I'll burn your car"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(
    list("abcdefghij KLMNO.,'\n\t|%5$-") + ["I'll ", "kill ", "him ", "was absent ", "four times ", "Ana Ruiz ", "is an idiot",
                                              "photo ", "Grade ", "voy a ", "le ", "your ", "\u00e9", "\u2019"]), max_size=200).map("".join))
def test_any_text_no_crash(body: str) -> None:
    d = draft(body, to=(PARENT,), attachments=_jpgs)
    ctx = Context(d, default_policy())
    find_disclosures(ctx)
    derogatory_spans(ctx)
    threat_spans(ctx.text)
    for h in check(d, only=("CF101", "CF102", "CF201", "CF202", "CF301")):
        assert all(0 <= s.start <= s.end <= len(ctx.content.new_text) for s in h.spans)


_FILLER = "The library will be open late on Thursday for the book fair and the science night. " * 60


@pytest.mark.parametrize(
    "body, code, words",
    [
        ("I met with Nora Blake today. She was absent four times in March.", "CF101", "Nora Blake"),
        ("Honestly, the new sub is an idiot.", "CF201", "the new sub is an idiot"),
        ("Keep it up and I'll break your nose.", "CF202", "break your nose"),
    ],
)
def test_long_text_reads_around_the_words(body: str, code: str, words: str) -> None:
    """Past 3,000 characters the rules read only the sentences around their words: same finding."""
    short = [h for h in check(draft(body)) if h.code == code]
    long = [h for h in check(draft(_FILLER + "\n\n" + body + "\n\n" + _FILLER)) if h.code == code]
    assert len(_FILLER) > 3000
    assert short and long
    assert words in long[0].message
    assert long[0].message == short[0].message


# ------------------------------------------------------------------ fast paths give the same answers


# Fragments that start, end or nearly make record phrases of several categories, in both
# cases, with curly apostrophes, non-breaking spaces and the characters a lower-case
# search must not be trusted with (İ ı ſ).
RECORD_BITS = [
    "Jaylen", "is", "was", "failing", "has", "a", "D", "F", "in", "math", "on", "the", "test", "scored", "92",
    "absent", "four", "times", "missed", "3", "days", "IEP", "504", "plan", "suspended", "for", "fighting",
    "takes", "Keppra", "step", "5", "salary", "’s", "'s", "been", "late", "got", "an", "at", "52%", "GPA",
    "1.6", "IS", "FAILING", "\u00a0", "\n", ".", ",", "ſcored", "ıs", "é", "sacó", "una", "faltó", "cinco",
    "días", "reading", "below", "grade", "level", "of", "10", "words", "correct", "per", "minute",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RECORD_BITS), max_size=40).map(" ".join))
def test_record_phrases_are_found_as_the_whole_pattern_finds_them(text: str) -> None:
    """Each category's phrases tried one by one, where their leading words are, give
    exactly the matches of the category's alternation run over the text."""
    from assistant.rules import confidentiality as cf

    low = cf.folded(text)
    for cat in cf.record_categories():
        want = [m.span() for m in cat.pattern.finditer(text) if m.end() > m.start()]
        assert cat.spans(text, low, 0, len(text)) == want, (cat.key, text)


def test_folded_keeps_offsets_or_gives_up() -> None:
    from assistant.rules.phrase_scan import folded

    assert folded("He’s ABSENT\u00a0today") == "he's absent today"
    assert folded("ÉL ESTÁ") == "él está"
    for unsafe in ("ſcored", "Kıran", "İpek"):
        assert folded(unsafe) is None


def test_required_and_leading_strings_of_a_phrase() -> None:
    from assistant.rules.phrase_scan import leading_strings, required_strings

    rx = r"\b(?:is|was|’s)\s+(?:currently\s+)?failing\b"
    assert required_strings(rx) == {"failing"}
    assert leading_strings(rx) == {"is", "was", "'s"}
    assert required_strings(r"\bfail(?:ed|s)\s+\w+") == {"fail"}
    assert leading_strings(r"\b\d+\s+absences") is None  # a digit can start it
    assert required_strings(r"\b(?:a|)\s*\d") is None  # an empty alternative requires nothing


def test_the_person_detector_runs_only_when_an_insult_can_follow_a_person() -> None:
    """CF201's predicates end in an insult: a text with none of their key words needs no
    person found (the costly part), one with the key word of any does."""
    from assistant.rules.base import tokens
    from assistant.rules.confidentiality import _insult_may_start

    assert not _insult_may_start(tokens("Ms. Ortega is out today; the sub is Mr. Lee.")[2])
    assert _insult_may_start(tokens("Honestly, the new sub is a total joke.")[2])
    assert _insult_may_start(tokens("That custodian is so lazy.")[2])
    assert _insult_may_start(tokens("the idiots in the front office")[2])  # a plural starts with the insult
