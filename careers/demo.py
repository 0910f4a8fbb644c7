"""Demo careers: three tracks, four training paths with real content, and every demo agent
on a level with a plan, goals, a coaching note and some training done.

Called by ``seed_demo`` through ``CareersConfig.demo_seeder``. Idempotent: catalog rows are
found by their code (slug) and a track or path is only built when missing; people's records
(level history, plan target, goals, notes, enrollments, badges, the endorsement) are only
added when the person has none yet. Everything people do goes through the services, so
badges, points, notifications and audit rows come out exactly as in production; only the
past of the level history is written directly, so tenure varies.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from careers.models import (
    CareerPlan,
    CareerTrack,
    CoachingNote,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.readiness import readiness_for_agents
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from people.models import Language, Membership, Role, User
from performance.models import EventType
from recognition.demo import BADGES as RECOGNITION_BADGES
from recognition.demo import demo_badge, ensure_demo_badges
from recognition.models import BadgeAward, BadgeClass

DEMO_EMAIL_SUFFIX = "@demo.cuida.test"
HR_EMAIL = "hr@demo.cuida.test"
# The agent everyone signs in as (README): their plan should be about half-way.
PERSONA_EMAIL = "agent1.1@demo.cuida.test"
SEED = 7

# --- Catalog: badges ---------------------------------------------------------------------

# Badges the training paths award, in both languages. The recognition demo's badges (which
# the tracks' requirements name too) are refreshed with them, so either seeder may run first.
BADGES = [
    *RECOGNITION_BADGES,
    demo_badge(
        "empathy-champion",
        ("Empathy Champion", "Campeón de la empatía"),
        ("Makes callers feel heard.", "Hace que cada cliente se sienta escuchado."),
        (
            "Completed the training path “Empathy on the phone”.",
            "Completó la ruta «Empatía al teléfono».",
        ),
    ),
    demo_badge(
        "calm-under-fire",
        ("Calm Under Fire", "Calma bajo presión"),
        ("Turns angry calls into solved ones.", "Convierte llamadas tensas en casos resueltos."),
        ("Completed the training path “De-escalation”.", "Completó la ruta «Desescalada»."),
    ),
    demo_badge(
        "knowledge-navigator",
        ("Knowledge Navigator", "Navegante del conocimiento"),
        (
            "Finds the right answer fast, and fixes the article when it is wrong.",
            "Encuentra rápido la respuesta correcta y corrige el artículo cuando está mal.",
        ),
        (
            "Completed the training path “Knowledge base mastery”.",
            "Completó la ruta «Dominio de la base de conocimiento».",
        ),
    ),
    demo_badge(
        "coach-in-the-making",
        ("Coach in the Making", "Coach en formación"),
        (
            "Helps teammates grow with good questions and useful feedback.",
            "Ayuda a sus compañeros a crecer con buenas preguntas y feedback útil.",
        ),
        (
            "Completed the training path “Coaching basics”.",
            "Completó la ruta «Fundamentos de coaching».",
        ),
    ),
]

# --- Catalog: training paths ---------------------------------------------------------------


def _question(prompt_en: str, prompt_es: str, *choices: tuple[str, str, bool]) -> dict[str, Any]:
    return {
        "prompt_en": prompt_en,
        "prompt_es": prompt_es,
        "choices": [{"text_en": en, "text_es": es, "correct": ok} for en, es, ok in choices],
    }


PATHS: list[dict[str, Any]] = [
    {
        "slug": "empathy-on-the-phone",
        "name_en": "Empathy on the phone",
        "name_es": "Empatía al teléfono",
        "description_en": "Four short lessons on making every caller feel heard, from the "
        "first hello to the last goodbye.",
        "description_es": "Cuatro lecciones breves para que cada cliente se sienta escuchado, "
        "desde el primer saludo hasta la despedida.",
        "track": "customer-service",
        "badge": "empathy-champion",
        "points": 50,
        "modules": [
            {
                "title_en": "Listening customers can hear",
                "title_es": "Una escucha que el cliente nota",
                "minutes": 10,
                "body_en": """\
On the phone the customer cannot see you nod. **Listening has to be audible.**

- Let them finish. Count to one in your head before you answer.
- Use short signals while they talk: *"I see"*, *"mm-hm"*, *"right"*.
- **Paraphrase** the problem in your own words before solving it:
  > "So the router restarts every evening since Tuesday, and you work from home. Is that right?"
- Write down the details they give you, so they never have to repeat them.

A good paraphrase does two jobs at once: the customer knows you understood, and you check
that you really did.
""",
                "body_es": """\
Por teléfono el cliente no ve que asientes. **La escucha tiene que oírse.**

- Deja que termine. Cuenta hasta uno mentalmente antes de responder.
- Usa señales breves mientras habla: *"entiendo"*, *"ajá"*, *"claro"*.
- **Parafrasea** el problema con tus palabras antes de resolverlo:
  > "Entonces el router se reinicia cada tarde desde el martes y usted trabaja desde casa, ¿es así?"
- Anota los datos que te da para que nunca tenga que repetirlos.

Una buena paráfrasis hace dos cosas a la vez: el cliente sabe que lo entendiste y tú
compruebas que de verdad lo entendiste.
""",
            },
            {
                "title_en": "Naming the feeling",
                "title_es": "Poner nombre a la emoción",
                "minutes": 12,
                "body_en": """\
A frustrated customer needs to feel understood **before** they can listen to a solution.

**Name the feeling, then move forward:**

- Instead of *"Calm down, please."* try *"I can hear how frustrating this has been."*
- Instead of *"That's our policy."* try *"I understand this isn't what you hoped for.
  Here's what I can do."*
- Instead of *"You should have called earlier."* try *"I'm glad you called. Let's sort
  it out now."*

Keep it short and honest: one sentence of empathy is enough. Then take ownership:
*"I'll take care of this with you."*
""",
                "body_es": """\
Un cliente frustrado necesita sentirse comprendido **antes** de poder escuchar una solución.

**Nombra la emoción y avanza:**

- En lugar de *"Cálmese, por favor."* prueba con *"Entiendo lo frustrante que ha sido
  esto."*
- En lugar de *"Es nuestra política."* prueba con *"Entiendo que no es lo que esperaba.
  Esto es lo que sí puedo hacer."*
- En lugar de *"Debió llamar antes."* prueba con *"Me alegra que haya llamado. Vamos a
  resolverlo ahora."*

Sé breve y sincero: basta una frase de empatía. Después hazte cargo:
*"Yo me encargo de esto con usted."*
""",
                "pass_mark": 50,
                "questions": [
                    _question(
                        "A customer says: “This is the third time I'm calling!” "
                        "What do you say first?",
                        "Un cliente dice: «¡Es la tercera vez que llamo!». ¿Qué dices primero?",
                        (
                            "“I'm sorry you've had to call three times; let's fix it now.”",
                            "«Siento que haya tenido que llamar tres veces; lo resolvemos ya.»",
                            True,
                        ),
                        (
                            "“Can I have your account number?”",
                            "«¿Me da su número de cuenta?»",
                            False,
                        ),
                        ("“Please calm down.”", "«Cálmese, por favor.»", False),
                    ),
                    _question(
                        "How much empathy is enough before moving to the solution?",
                        "¿Cuánta empatía basta antes de pasar a la solución?",
                        (
                            "One honest sentence, then take ownership",
                            "Una frase sincera y después hacerte cargo",
                            True,
                        ),
                        (
                            "Several minutes, until the customer stops complaining",
                            "Varios minutos, hasta que el cliente deje de quejarse",
                            False,
                        ),
                        ("None: go straight to the fix", "Ninguna: ir directo al arreglo", False),
                    ),
                ],
            },
            {
                "title_en": "Your voice is your face",
                "title_es": "Tu voz es tu cara",
                "minutes": 8,
                "body_en": """\
Customers form an impression in the first seconds, and all they have is your voice.

1. **Pace:** slow down a little when explaining steps; speed kills understanding.
2. **Tone:** smile when you greet. It really is audible.
3. **Pauses:** after an important instruction, pause and check:
   *"Are you seeing the green light now?"*
4. **Plain words:** say "the box with the lights" before you say "the ONT".

Tired voice at the end of a shift? Take your micro-break, drink water, stand up for a
minute. Looking after yourself is part of the job.
""",
                "body_es": """\
El cliente se forma una impresión en los primeros segundos, y lo único que tiene es tu voz.

1. **Ritmo:** habla un poco más despacio al explicar pasos; la prisa mata la comprensión.
2. **Tono:** sonríe al saludar. De verdad se nota.
3. **Pausas:** tras una instrucción importante, haz una pausa y comprueba:
   *"¿Ya ve la luz verde?"*
4. **Palabras sencillas:** di "la cajita de las luces" antes que "la ONT".

¿Voz cansada al final del turno? Toma tu micro-pausa, bebe agua, ponte de pie un minuto.
Cuidarte también es parte del trabajo.
""",
            },
            {
                "title_en": "Closing with care",
                "title_es": "Cerrar con cuidado",
                "minutes": 10,
                "body_en": """\
The end of the call is what the customer remembers best.

- **Summarise** what was done: *"We reset your line and booked a technician for Friday, 9 to 12."*
- **Say what happens next**, and what they should do if it doesn't.
- **Check:** *"Is there anything else I can help you with today?"* and mean it.
- **Thank them** by name.

Never end a call with an open question hanging. If you promised a call back, write it down
and keep the promise.
""",
                "body_es": """\
El final de la llamada es lo que el cliente recuerda mejor.

- **Resume** lo que se hizo: *"Reiniciamos su línea y agendamos un técnico el viernes de 9 a 12."*
- **Explica qué pasará después** y qué hacer si no ocurre.
- **Comprueba:** *"¿Hay algo más en lo que pueda ayudarle hoy?"*, y dilo en serio.
- **Agradece** usando su nombre.

Nunca cierres una llamada con una pregunta en el aire. Si prometiste devolver la llamada,
anótalo y cumple.
""",
                "pass_mark": 100,
                "questions": [
                    _question(
                        "Which close is best?",
                        "¿Qué cierre es mejor?",
                        (
                            "Summary, next steps, anything else, thanks by name",
                            "Resumen, próximos pasos, algo más, agradecer por su nombre",
                            True,
                        ),
                        (
                            "“Bye!” as soon as the fix works",
                            "«¡Adiós!» en cuanto funciona el arreglo",
                            False,
                        ),
                    ),
                    _question(
                        "You promised a call back. What do you do?",
                        "Prometiste devolver la llamada. ¿Qué haces?",
                        (
                            "Write it down with a time and keep it",
                            "Anotarla con hora y cumplir",
                            True,
                        ),
                        (
                            "Trust your memory",
                            "Confiar en tu memoria",
                            False,
                        ),
                    ),
                ],
            },
        ],
    },
    {
        "slug": "de-escalation",
        "name_en": "De-escalation",
        "name_es": "Desescalada",
        "description_en": "How to turn a heated call into a solved one, and how to look after "
        "yourself afterwards.",
        "description_es": "Cómo convertir una llamada tensa en un caso resuelto, y cómo "
        "cuidarte después.",
        "track": "customer-service",
        "badge": "calm-under-fire",
        "points": 80,
        "modules": [
            {
                "title_en": "What is behind the anger",
                "title_es": "Qué hay detrás del enfado",
                "minutes": 8,
                "body_en": """\
Anger on the phone is almost never about you. It is usually **fear, lost time or feeling
ignored**: a family without internet, a bill they cannot pay, a fourth transfer.

Ask yourself: *what does this person need right now?* Often it is simply to be taken
seriously. The facts come second.

> Don't take it personally, but do take it seriously.
""",
                "body_es": """\
El enfado al teléfono casi nunca es contigo. Suele ser **miedo, tiempo perdido o sentirse
ignorado**: una familia sin internet, una factura que no puede pagar, una cuarta
transferencia.

Pregúntate: *¿qué necesita esta persona ahora mismo?* Muchas veces, simplemente que la
tomen en serio. Los datos vienen después.

> No te lo tomes como algo personal, pero sí tómatelo en serio.
""",
            },
            {
                "title_en": "Four steps: listen, acknowledge, explore, propose",
                "title_es": "Cuatro pasos: escuchar, reconocer, explorar, proponer",
                "minutes": 15,
                "body_en": """\
1. **Listen** without interrupting. Let the first wave pass; it usually takes under a minute.
2. **Acknowledge**: *"You've lost two days of work because of this. I understand why you're
   upset."*
3. **Explore** with one or two precise questions: *"When did it stop working exactly?"*
4. **Propose** a concrete next step with a time: *"I'm sending a reset now; in five minutes
   we'll check together."*

If the customer interrupts, go back to step 1. Lower your voice rather than raising it:
people tend to match the tone they hear.
""",
                "body_es": """\
1. **Escucha** sin interrumpir. Deja pasar la primera ola; suele durar menos de un minuto.
2. **Reconoce**: *"Ha perdido dos días de trabajo por esto. Entiendo que esté molesto."*
3. **Explora** con una o dos preguntas precisas: *"¿Cuándo dejó de funcionar exactamente?"*
4. **Propón** un siguiente paso concreto y con tiempo: *"Le envío un reinicio ahora; en cinco
   minutos lo comprobamos juntos."*

Si el cliente interrumpe, vuelve al paso 1. Baja la voz en lugar de subirla: las personas
tienden a igualar el tono que escuchan.
""",
                "pass_mark": 50,
                "questions": [
                    _question(
                        "The customer interrupts your proposal, shouting. You…",
                        "El cliente interrumpe tu propuesta gritando. Tú…",
                        (
                            "Go back to listening, and lower your voice",
                            "Vuelves a escuchar y bajas la voz",
                            True,
                        ),
                        (
                            "Talk over them until they stop",
                            "Hablas más fuerte hasta que se calle",
                            False,
                        ),
                    ),
                    _question(
                        "A good proposal includes…",
                        "Una buena propuesta incluye…",
                        (
                            "A concrete step and when it will happen",
                            "Un paso concreto y cuándo ocurrirá",
                            True,
                        ),
                        (
                            "“We'll look into it”",
                            "«Lo revisaremos»",
                            False,
                        ),
                        (
                            "The full policy text",
                            "El texto completo de la política",
                            False,
                        ),
                    ),
                ],
            },
            {
                "title_en": "Words that calm, words that inflame",
                "title_es": "Palabras que calman, palabras que encienden",
                "minutes": 10,
                "body_en": """\
Some phrases pour petrol on the fire:

- ❌ *"Calm down."* · ❌ *"There's nothing I can do."* · ❌ *"You must have…"*

Others lower the temperature:

- ✅ *"Let's see what we **can** do."*
- ✅ *"Thank you for your patience while I check."*
- ✅ *"You're right that this shouldn't have happened."* (when it's true)

Use the customer's name, and say **"I"** when you commit: *"I will call you tomorrow at 10."*
""",
                "body_es": """\
Algunas frases echan gasolina al fuego:

- ❌ *"Cálmese."* · ❌ *"No puedo hacer nada."* · ❌ *"Usted debió…"*

Otras bajan la temperatura:

- ✅ *"Veamos lo que **sí** podemos hacer."*
- ✅ *"Gracias por su paciencia mientras lo reviso."*
- ✅ *"Tiene razón, esto no debió pasar."* (cuando es verdad)

Usa el nombre del cliente y di **"yo"** al comprometerte: *"Yo le llamo mañana a las 10."*
""",
                "pass_mark": 100,
                "questions": [
                    _question(
                        "Which phrase lowers the temperature?",
                        "¿Qué frase baja la temperatura?",
                        (
                            "“Let's see what we can do.”",
                            "«Veamos lo que sí podemos hacer.»",
                            True,
                        ),
                        ("“Calm down.”", "«Cálmese.»", False),
                        ("“There's nothing I can do.”", "«No puedo hacer nada.»", False),
                    ),
                    _question(
                        "When you commit to something, you say…",
                        "Cuando te comprometes a algo, dices…",
                        (
                            "“I will call you tomorrow at 10.”",
                            "«Yo le llamo mañana a las 10.»",
                            True,
                        ),
                        (
                            "“Someone will get back to you.”",
                            "«Alguien se pondrá en contacto.»",
                            False,
                        ),
                    ),
                ],
            },
            {
                "title_en": "Handing over warmly",
                "title_es": "Transferir con calidez",
                "minutes": 7,
                "body_en": """\
Escalating is not failing. When the case needs someone else (a supervisor, second-level
support, billing), **hand it over warmly**:

- Tell the customer who they will talk to and why.
- Brief your colleague *before* connecting, so the customer doesn't repeat the story.
- Stay on the line for the introduction if your tool allows it.

Abusive language is a different matter: you may end the call after one clear warning, as
set out in the team's guidelines. Your lead will back you.
""",
                "body_es": """\
Escalar no es fracasar. Cuando el caso necesita a otra persona (un supervisor, soporte de
segundo nivel, facturación), **transfiere con calidez**:

- Dile al cliente con quién hablará y por qué.
- Informa a tu compañero *antes* de conectar, para que el cliente no repita la historia.
- Quédate en la línea para presentarlos si tu herramienta lo permite.

El lenguaje abusivo es otra cosa: puedes terminar la llamada tras un aviso claro, como
indican las pautas del equipo. Tu líder te respaldará.
""",
            },
            {
                "title_en": "After a hard call",
                "title_es": "Después de una llamada difícil",
                "minutes": 5,
                "body_en": """\
A difficult call leaves a mark. Before taking the next one:

- Breathe out slowly three times (longer out than in).
- Stand up, stretch your shoulders, drink some water.
- If it stays with you, tell your lead or a teammate. Asking for a short break after a
  hard call is normal here.

Use **Cuida's check-in** to note how you feel: your lead only ever sees the team's
trend, never your individual answers unless you choose to share them.
""",
                "body_es": """\
Una llamada difícil deja huella. Antes de tomar la siguiente:

- Exhala despacio tres veces (más largo al soltar que al tomar aire).
- Ponte de pie, estira los hombros, bebe agua.
- Si te sigue pesando, díselo a tu líder o a un compañero. Pedir una pausa corta tras una
  llamada dura es normal aquí.

Usa el **check-in de Cuida** para anotar cómo te sientes: tu líder solo ve la tendencia
del equipo, nunca tus respuestas individuales salvo que decidas compartirlas.
""",
            },
        ],
    },
    {
        "slug": "knowledge-base-mastery",
        "name_en": "Knowledge base mastery",
        "name_es": "Dominio de la base de conocimiento",
        "description_en": "Find the right answer in seconds, read an article at a glance and "
        "keep the knowledge base right for everyone.",
        "description_es": "Encuentra la respuesta correcta en segundos, lee un artículo de un "
        "vistazo y mantén la base de conocimiento al día para todos.",
        "track": "quality-analyst",
        "badge": "knowledge-navigator",
        "points": 40,
        "modules": [
            {
                "title_en": "Search like a pro",
                "title_es": "Busca como un profesional",
                "minutes": 10,
                "body_en": """\
- Search with the **customer's symptom**, not their words: *"no sync light"* rather than
  *"internet broken"*.
- Add the **product or plan name** to narrow it down.
- Try a **synonym** if the first search fails: *modem / router*, *bill / invoice*.
- Use quotes for exact error codes: `"E-104"`.
- Sort by *last updated*: recent articles reflect the current process.
""",
                "body_es": """\
- Busca con el **síntoma del cliente**, no con sus palabras: *"sin luz de sincronía"* en vez
  de *"internet roto"*.
- Añade el **nombre del producto o plan** para acotar.
- Prueba un **sinónimo** si la primera búsqueda falla: *módem / router*, *factura / recibo*.
- Usa comillas para códigos de error exactos: `"E-104"`.
- Ordena por *última actualización*: los artículos recientes reflejan el proceso vigente.
""",
            },
            {
                "title_en": "Reading an article in 30 seconds",
                "title_es": "Leer un artículo en 30 segundos",
                "minutes": 8,
                "body_en": """\
While the customer waits, read in this order:

1. **Title and "applies to"**: is this my case at all?
2. **Summary or decision table**: which branch am I in?
3. **Steps**: read one step ahead of the customer, not the whole article.
4. **Warnings** (⚠️): always read them before acting.

Tell the customer what you're doing: *"I'm checking the exact steps for your model, one
moment."* Silence feels longer than it is.
""",
                "body_es": """\
Mientras el cliente espera, lee en este orden:

1. **Título y "aplica a"**: ¿es realmente mi caso?
2. **Resumen o tabla de decisión**: ¿en qué rama estoy?
3. **Pasos**: lee un paso por delante del cliente, no el artículo entero.
4. **Advertencias** (⚠️): léelas siempre antes de actuar.

Cuéntale al cliente lo que haces: *"Estoy revisando los pasos exactos para su modelo, un
momento."* El silencio parece más largo de lo que es.
""",
            },
            {
                "title_en": "When the article is wrong",
                "title_es": "Cuando el artículo está mal",
                "minutes": 7,
                "body_en": """\
If an article is outdated or unclear, **flag it**: every correction saves hundreds of calls.

A useful flag says:

- what the article says,
- what actually happened on the call,
- the case number as evidence.

Don't quietly work around it; the next agent will hit the same wall.
""",
                "body_es": """\
Si un artículo está desactualizado o no es claro, **repórtalo**: cada corrección ahorra
cientos de llamadas.

Un buen reporte indica:

- qué dice el artículo,
- qué pasó realmente en la llamada,
- el número de caso como evidencia.

No lo esquives en silencio; el siguiente agente chocará con el mismo muro.
""",
                "pass_mark": 50,
                "questions": [
                    _question(
                        "The customer says “my internet is broken”. You search for…",
                        "El cliente dice «mi internet no funciona». Buscas…",
                        (
                            "The symptom and the product, e.g. “no sync light fibre”",
                            "El síntoma y el producto, p. ej. «sin luz de sincronía fibra»",
                            True,
                        ),
                        (
                            "“internet broken”",
                            "«internet roto»",
                            False,
                        ),
                    ),
                    _question(
                        "An article gave a wrong step. You…",
                        "Un artículo tenía un paso incorrecto. Tú…",
                        (
                            "Flag it with what happened and the case number",
                            "Lo reportas con lo ocurrido y el número de caso",
                            True,
                        ),
                        (
                            "Remember to skip that step next time",
                            "Recuerdas saltarte ese paso la próxima vez",
                            False,
                        ),
                    ),
                ],
            },
        ],
    },
    {
        "slug": "coaching-basics",
        "name_en": "Coaching basics",
        "name_es": "Fundamentos de coaching",
        "description_en": "For future leads, trainers and QA analysts: questions that open, "
        "feedback that helps and one-to-ones that people look forward to.",
        "description_es": "Para futuros líderes, formadores y analistas de calidad: preguntas "
        "que abren, feedback que ayuda y reuniones uno a uno que la gente espera con gusto.",
        "track": "trainer",
        "badge": "coach-in-the-making",
        "points": 100,
        "modules": [
            {
                "title_en": "What coaching is (and isn't)",
                "title_es": "Qué es el coaching (y qué no)",
                "minutes": 8,
                "body_en": """\
Coaching is **helping someone find their own way to improve**. It is not:

- telling them what they did wrong (that's an audit),
- doing it for them (that's rescuing),
- a yearly review (that's too late).

A good coach is curious, specific and kind, and talks more about the next call than the
last one.
""",
                "body_es": """\
El coaching es **ayudar a alguien a encontrar su propia forma de mejorar**. No es:

- decirle qué hizo mal (eso es una auditoría),
- hacerlo por él (eso es rescatar),
- una evaluación anual (eso llega tarde).

Un buen coach es curioso, concreto y amable, y habla más de la próxima llamada que de la
anterior.
""",
            },
            {
                "title_en": "Questions that open",
                "title_es": "Preguntas que abren",
                "minutes": 12,
                "body_en": """\
Use the **GROW** sequence:

- **Goal:** *"What would you like to be better at this month?"*
- **Reality:** *"What happens today on those calls?"*
- **Options:** *"What could you try? What else?"*
- **Will:** *"Which one will you try this week? How will we know it worked?"*

Prefer *what* and *how* questions. *Why* questions often sound like blame.
""",
                "body_es": """\
Usa la secuencia **GROW** (Meta, Realidad, Opciones, Voluntad):

- **Meta:** *"¿En qué te gustaría mejorar este mes?"*
- **Realidad:** *"¿Qué pasa hoy en esas llamadas?"*
- **Opciones:** *"¿Qué podrías probar? ¿Qué más?"*
- **Voluntad:** *"¿Cuál probarás esta semana? ¿Cómo sabremos que funcionó?"*

Prefiere preguntas de *qué* y *cómo*. Las de *por qué* suelen sonar a reproche.
""",
            },
            {
                "title_en": "Feedback that helps",
                "title_es": "Feedback que ayuda",
                "minutes": 10,
                "body_en": """\
Use **Situation, Behaviour, Impact**:

> "On this morning's billing call (*situation*), you summarised the three charges before
> explaining them (*behaviour*). The customer relaxed and said 'now I get it' (*impact*)."

Give positive feedback at least as often as corrective feedback, and be just as specific.
Corrective feedback goes in private, soon after the call, and ends with a question:
*"What would you try next time?"*
""",
                "body_es": """\
Usa **Situación, Comportamiento, Impacto**:

> "En la llamada de facturación de esta mañana (*situación*), resumiste los tres cargos antes
> de explicarlos (*comportamiento*). El cliente se relajó y dijo 'ahora sí lo entiendo'
> (*impacto*)."

Da feedback positivo al menos tan seguido como el correctivo, y con la misma precisión. El
correctivo va en privado, poco después de la llamada, y termina con una pregunta:
*"¿Qué probarías la próxima vez?"*
""",
                "pass_mark": 67,
                "questions": [
                    _question(
                        "Which feedback follows Situation, Behaviour, Impact?",
                        "¿Qué feedback sigue Situación, Comportamiento, Impacto?",
                        (
                            "“On the 10:15 call you paused after each step; the customer "
                            "followed every one.”",
                            "«En la llamada de las 10:15 hiciste una pausa tras cada paso; el "
                            "cliente los siguió todos.»",
                            True,
                        ),
                        ("“Great job today!”", "«¡Buen trabajo hoy!»", False),
                    ),
                    _question(
                        "Where does corrective feedback go?",
                        "¿Dónde se da el feedback correctivo?",
                        (
                            "In private, soon after the call",
                            "En privado, poco después de la llamada",
                            True,
                        ),
                        (
                            "In the team meeting, so everyone learns",
                            "En la reunión de equipo, para que todos aprendan",
                            False,
                        ),
                    ),
                    _question(
                        "Which question opens a conversation best?",
                        "¿Qué pregunta abre mejor la conversación?",
                        (
                            "“What could you try next time?”",
                            "«¿Qué podrías probar la próxima vez?»",
                            True,
                        ),
                        (
                            "“Why did you do that?”",
                            "«¿Por qué hiciste eso?»",
                            False,
                        ),
                    ),
                ],
            },
            {
                "title_en": "A 15-minute one-to-one",
                "title_es": "Una reunión uno a uno de 15 minutos",
                "minutes": 10,
                "body_en": """\
A simple agenda that fits between two breaks:

1. **How are you?** (2 min) Really ask, and listen.
2. **A win** from the week (3 min): start with what went well.
3. **One thing to grow** (6 min): one call, one behaviour, GROW questions.
4. **Agree a next step** (3 min) and write it in the career plan as a goal.
5. **What do you need from me?** (1 min)

Same time every week or two. Cancelling often says more than anything you say in it.
""",
                "body_es": """\
Una agenda sencilla que cabe entre dos pausas:

1. **¿Cómo estás?** (2 min) Pregúntalo de verdad y escucha.
2. **Un logro** de la semana (3 min): empieza por lo que salió bien.
3. **Una cosa para crecer** (6 min): una llamada, un comportamiento, preguntas GROW.
4. **Acordar un siguiente paso** (3 min) y anotarlo como meta en el plan de carrera.
5. **¿Qué necesitas de mí?** (1 min)

Misma hora cada una o dos semanas. Cancelarla a menudo dice más que cualquier cosa que
digas en ella.
""",
            },
        ],
    },
]

# --- Catalog: tracks, levels and requirements ---------------------------------------------

# Requirements: ("badge", slug) · ("training", path slug) · ("tenure", days) ·
# ("metric", event type, metric, threshold, window days) · ("endorsement",).
# CSAT is the simulator's 1-5 survey score (performance.simulator); QA scores are 0-100.
QA_85 = ("metric", "qa_review", "score", 85, 90)
CSAT_43 = ("metric", "csat_response", "score", 4.3, 30)
ADHERENCE_92 = ("metric", "adherence", "percent", 92, 30)
ENDORSED = ("endorsement",)

TRACKS: list[dict[str, Any]] = [
    {
        "slug": "customer-service",
        "name_en": "Customer Service",
        "name_es": "Atención al cliente",
        "description_en": "From your first calls to leading a team.",
        "description_es": "Desde tus primeras llamadas hasta liderar un equipo.",
        "levels": [
            {
                "name_en": "Agent I",
                "name_es": "Agente I",
                "description_en": "Learning the products and the tools, with a buddy nearby.",
                "description_es": "Aprendiendo los productos y las herramientas, con un "
                "compañero de apoyo cerca.",
                "requirements": [],
            },
            {
                "name_en": "Agent II",
                "name_es": "Agente II",
                "description_en": "Handles most calls on their own, with warmth and care.",
                "description_es": "Atiende la mayoría de las llamadas por su cuenta, con "
                "calidez y cuidado.",
                "requirements": [
                    ("badge", "patience"),
                    ("training", "empathy-on-the-phone"),
                    ("tenure", 90),
                    QA_85,
                    CSAT_43,
                    ADHERENCE_92,
                    ENDORSED,
                ],
            },
            {
                "name_en": "Senior Agent",
                "name_es": "Agente sénior",
                "description_en": "Takes the hard calls and helps newer teammates.",
                "description_es": "Atiende las llamadas difíciles y ayuda a los compañeros "
                "más nuevos.",
                "requirements": [
                    ("badge", "first-time-fix"),
                    ("training", "de-escalation"),
                    ("tenure", 180),
                    ("metric", "qa_review", "score", 88, 90),
                    ("metric", "csat_response", "score", 4.4, 30),
                    ENDORSED,
                ],
            },
            {
                "name_en": "Team Lead",
                "name_es": "Líder de equipo",
                "description_en": "Coaches a team of agents and looks after their wellbeing.",
                "description_es": "Acompaña a un equipo de agentes y cuida su bienestar.",
                "requirements": [
                    ("badge", "team-anchor"),
                    ("training", "coaching-basics"),
                    ("tenure", 365),
                    ("metric", "qa_review", "score", 90, 90),
                    ENDORSED,
                ],
            },
        ],
    },
    {
        "slug": "quality-analyst",
        "name_en": "Quality Analyst",
        "name_es": "Analista de calidad",
        "description_en": "Listen to calls, spot what works and help everyone get better.",
        "description_es": "Escucha llamadas, detecta lo que funciona y ayuda a todos a mejorar.",
        "levels": [
            {
                "name_en": "QA Analyst I",
                "name_es": "Analista de calidad I",
                "description_en": "Reviews calls with the scorecard and gives kind, specific "
                "feedback.",
                "description_es": "Evalúa llamadas con la ficha de calidad y da feedback "
                "amable y concreto.",
                "requirements": [
                    ("training", "knowledge-base-mastery"),
                    ("tenure", 180),
                    ("metric", "qa_review", "score", 88, 90),
                    ENDORSED,
                ],
            },
            {
                "name_en": "QA Analyst II",
                "name_es": "Analista de calidad II",
                "description_en": "Calibrates the scorecard and coaches other analysts.",
                "description_es": "Calibra la ficha de calidad y acompaña a otros analistas.",
                "requirements": [
                    ("training", "coaching-basics"),
                    ("tenure", 365),
                    ENDORSED,
                ],
            },
        ],
    },
    {
        "slug": "trainer",
        "name_en": "Trainer",
        "name_es": "Formador",
        "description_en": "Welcome new agents and keep everyone's skills fresh.",
        "description_es": "Da la bienvenida a los nuevos agentes y mantiene al día las "
        "habilidades de todos.",
        "levels": [
            {
                "name_en": "Associate Trainer",
                "name_es": "Formador asociado",
                "description_en": "Co-runs onboarding classes and nesting on the floor.",
                "description_es": "Acompaña las clases de incorporación y el periodo de "
                "práctica en piso.",
                "requirements": [
                    ("badge", "team-anchor"),
                    ("training", "coaching-basics"),
                    ("metric", "csat_response", "score", 4.5, 30),
                    ENDORSED,
                ],
            },
            {
                "name_en": "Trainer",
                "name_es": "Formador",
                "description_en": "Designs and runs training paths for the whole center.",
                "description_es": "Diseña e imparte rutas de formación para todo el centro.",
                "requirements": [
                    ("training", "knowledge-base-mastery"),
                    ("tenure", 180),
                    ENDORSED,
                ],
            },
        ],
    },
]

# --- People: goals and coaching notes, in the writer's language ----------------------------

GOALS = {
    Language.SPANISH: [
        "Terminar la ruta de formación de mi próximo nivel",
        "Subir mi nota de calidad a 88 o más",
        "Usar la paráfrasis en cada llamada durante dos semanas",
        "Acompañar a un compañero nuevo durante su primera semana",
        "Reducir mis transferencias a segundo nivel",
        "Tomar mis micro-pausas todos los días",
    ],
    Language.ENGLISH: [
        "Finish the training path for my next level",
        "Raise my QA score to 88 or more",
        "Paraphrase the problem on every call for two weeks",
        "Buddy a new teammate through their first week",
        "Cut my transfers to second-level support",
        "Take my micro-breaks every day",
    ],
}
NOTES = {
    Language.SPANISH: [
        "Muy buena semana: los clientes notan tu calma. Para el próximo mes, probemos a "
        "resumir antes de cerrar cada llamada. Revisamos juntos el jueves.",
        "Tus cierres han mejorado mucho. Te propongo la ruta de desescalada; creo que te va a "
        "dar confianza con las llamadas difíciles.",
        "Gracias por ayudar al equipo en el pico del lunes. Hablemos de tu meta de calidad en "
        "nuestra próxima reunión uno a uno.",
    ],
    Language.ENGLISH: [
        "Great week: customers can hear how calm you are. Next month, let's try summarising "
        "before closing every call. We'll review it together on Thursday.",
        "Your closes have improved a lot. I suggest the de-escalation path next; I think it "
        "will give you confidence on the hard calls.",
        "Thank you for helping the team through Monday's peak. Let's talk about your QA goal "
        "in our next one-to-one.",
    ],
}
ENDORSEMENT_NOTE = {
    Language.SPANISH: "Lleva meses con una calidad excelente y los clientes la mencionan "
    "por su paciencia. Ya ayuda a los nuevos sin que se lo pidan. Lista para Agente II.",
    Language.ENGLISH: "Months of excellent quality, and customers mention their patience by "
    "name. Already helps new joiners without being asked. Ready for Agent II.",
}


@dataclass
class _Placement:
    """Where one demo agent stands: level history (oldest first), plan target, training."""

    history: list[tuple[Level, int]]  # (level, days ago it started)
    target: Level
    completed_paths: list[str] = field(default_factory=list)
    # (path slug, modules to complete, assigned by the lead with a due date)
    in_progress: list[tuple[str, int, bool]] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)


def seed_demo_careers(*, seed: int = SEED) -> int:
    """Create the careers demo (see the module docstring); returns how many records were
    added now: tracks, levels, requirements, paths, modules and people's career records."""
    hr = User.objects.filter(email=HR_EMAIL).first()
    agents = _demo_agents()
    if hr is None or not agents:
        return 0
    before = _count()
    with transaction.atomic():
        badges = _ensure_badges()
        tracks, new_tracks = _ensure_tracks(hr=hr)
        paths = {spec["slug"]: _ensure_path(spec, hr=hr, badges=badges) for spec in PATHS}
        for spec in TRACKS:
            if spec["slug"] in new_tracks:
                _add_requirements(
                    spec, track=tracks[spec["slug"]], hr=hr, badges=badges, paths=paths
                )
        levels = {
            level.name_en: level
            for level in Level.objects.filter(track__in=tracks.values()).select_related("track")
        }
        leads = _leads_by_team()
        stars = _stars(agents, level=levels["Agent II"])
        placements = _placements(agents, levels=levels, stars=stars, seed=seed)
        for agent in agents:
            lead = leads.get(_team_of(agent))
            _seed_person(agent, placements[agent.pk], hr=hr, lead=lead, paths=paths, seed=seed)
        _endorse_a_teammate(agents, stars=stars, target=levels["Agent II"], leads=leads)
    return _count() - before


def _count() -> int:
    models = (
        CareerTrack,
        Level,
        Requirement,
        TrainingPath,
        LevelHistory,
        Goal,
        CoachingNote,
        Enrollment,
        Promotion,
    )
    return sum(model.objects.count() for model in models)


def _demo_agents() -> list[User]:
    """Demo agents in team, then number order: agent1.1, agent1.2, …, agent1.10, agent2.1."""
    users = User.objects.filter(
        is_active=True,
        email__endswith=DEMO_EMAIL_SUFFIX,
        memberships__role=Role.AGENT,
    ).distinct()
    return sorted(users, key=_number_of)


def _number_of(user: User) -> tuple[int, int]:
    local = user.email.split("@")[0].removeprefix("agent")
    team, _dot, number = local.partition(".")
    return (int(team), int(number)) if team.isdigit() and number.isdigit() else (99, user.pk)


def _team_of(user: User) -> int | None:
    return (
        Membership.objects.filter(user=user, role=Role.AGENT)
        .values_list("team_id", flat=True)
        .first()
    )


def _leads_by_team() -> dict[int, User]:
    memberships = Membership.objects.filter(
        role=Role.LEAD, user__email__endswith=DEMO_EMAIL_SUFFIX
    ).select_related("user")
    return {m.team_id: m.user for m in memberships.order_by("user__email")}


# --- Catalog ---------------------------------------------------------------------------


def _ensure_badges() -> dict[str, BadgeClass]:
    badges, _created = ensure_demo_badges(BADGES)
    return badges


def _ensure_tracks(*, hr: User) -> tuple[dict[str, CareerTrack], set[str]]:
    """The tracks and their levels, by slug; and the slugs of the tracks made now, whose
    requirements are still to add (they need the training paths)."""
    tracks, new = {}, set()
    for spec in TRACKS:
        track = CareerTrack.objects.filter(slug=spec["slug"]).first()
        if track is None:
            track = track_services.create_track(
                actor=hr,
                name_en=spec["name_en"],
                name_es=spec["name_es"],
                description_en=spec["description_en"],
                description_es=spec["description_es"],
            )
            for level in spec["levels"]:
                track_services.add_level(
                    actor=hr,
                    track=track,
                    name_en=level["name_en"],
                    name_es=level["name_es"],
                    description_en=level["description_en"],
                    description_es=level["description_es"],
                )
            new.add(spec["slug"])
        tracks[spec["slug"]] = track
    return tracks, new


def _ensure_path(spec: dict[str, Any], *, hr: User, badges: dict[str, BadgeClass]) -> TrainingPath:
    existing = TrainingPath.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    track = CareerTrack.objects.filter(slug=spec["track"]).first()
    path = training_services.create_path(
        actor=hr,
        name_en=spec["name_en"],
        name_es=spec["name_es"],
        description_en=spec["description_en"],
        description_es=spec["description_es"],
        track_id=track.pk if track else None,
        badge_class_id=badges[spec["badge"]].pk,
        points=spec["points"],
    )
    for module in spec["modules"]:
        training_services.add_module(
            actor=hr,
            path=path,
            title_en=module["title_en"],
            title_es=module["title_es"],
            body_en=module["body_en"],
            body_es=module["body_es"],
            estimated_minutes=module["minutes"],
            pass_mark=module.get("pass_mark"),
            questions=module.get("questions"),
        )
    return path


def _add_requirements(
    spec: dict[str, Any],
    *,
    track: CareerTrack,
    hr: User,
    badges: dict[str, BadgeClass],
    paths: dict[str, TrainingPath],
) -> None:
    event_types = {t.slug: t for t in EventType.objects.all()}
    levels = {level.name_en: level for level in track.levels.all()}
    for level_spec in spec["levels"]:
        for requirement in level_spec["requirements"]:
            _add_requirement(
                levels[level_spec["name_en"]],
                requirement,
                hr=hr,
                badges=badges,
                paths=paths,
                event_types=event_types,
            )


def _add_requirement(
    level: Level,
    requirement: tuple[Any, ...],
    *,
    hr: User,
    badges: dict[str, BadgeClass],
    paths: dict[str, TrainingPath],
    event_types: dict[str, EventType],
) -> None:
    kind, *args = requirement
    fields: dict[str, Any] = {}
    if kind == "badge":
        fields["badge_class_id"] = badges[args[0]].pk
    elif kind == "training":
        fields["training_path_id"] = paths[args[0]].pk
    elif kind == "tenure":
        fields["min_tenure_days"] = args[0]
    elif kind == "metric":
        event_type, metric, threshold, window = args
        fields.update(
            event_type_id=event_types[event_type].pk,
            metric=metric,
            aggregate=Requirement.Aggregate.MEAN,
            operator=">=",
            threshold=threshold,
            window_days=window,
        )
    track_services.add_requirement(actor=hr, level=level, kind=kind, **fields)


# --- People ----------------------------------------------------------------------------


def _placements(
    agents: list[User], *, levels: dict[str, Level], stars: set[int], seed: int
) -> dict[int, _Placement]:
    """Decide, from the seed and each e-mail alone, where every demo agent stands. Two of
    the first team's agents (the best results for Agent II) are the "stars": one waits in
    HR's queue, the other is ready but for the endorsement."""
    agent_one, agent_two = levels["Agent I"], levels["Agent II"]
    senior, team_lead = levels["Senior Agent"], levels["Team Lead"]
    qa_one, qa_two = levels["QA Analyst I"], levels["QA Analyst II"]
    result: dict[int, _Placement] = {}
    for agent in agents:
        rng = random.Random(f"{seed}:{agent.email}")  # noqa: S311 - demo data
        roll = rng.random()
        if agent.email == PERSONA_EMAIL:
            # On the way: holds the badge (recognition demo), tenure and training done, the
            # results still to reach; already learning for the level after, on their own.
            placement = _Placement(
                history=[(agent_one, 150)],
                target=agent_two,
                completed_paths=["empathy-on-the-phone"],
                in_progress=[("de-escalation", 2, False)],
            )
        elif agent.pk in stars:
            placement = _Placement(
                history=[(agent_one, rng.randint(200, 320))],
                target=agent_two,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
        elif roll < 0.45:
            placement = _Placement(history=[(agent_one, rng.randint(20, 300))], target=agent_two)
            _training(placement, "empathy-on-the-phone", rng, badge="patience")
        elif roll < 0.75:
            since = rng.randint(30, 400)
            placement = _Placement(
                history=[(agent_one, since + rng.randint(150, 400)), (agent_two, since)],
                target=senior,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
            _training(placement, "de-escalation", rng, badge="first-time-fix")
        elif roll < 0.87:
            since = rng.randint(120, 500)
            started_two = since + rng.randint(150, 400)
            placement = _Placement(
                history=[
                    (agent_one, started_two + rng.randint(120, 300)),
                    (agent_two, started_two),
                    (senior, since),
                ],
                target=team_lead if roll < 0.82 else levels["Associate Trainer"],
                completed_paths=["empathy-on-the-phone", "de-escalation"],
                badges=["patience", "first-time-fix"],
            )
            _training(placement, "coaching-basics", rng, badge="team-anchor")
        elif roll < 0.94:
            # A career change: an experienced agent aiming at quality.
            since = rng.randint(100, 400)
            placement = _Placement(
                history=[(agent_one, since + rng.randint(150, 300)), (agent_two, since)],
                target=qa_one,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
            _training(placement, "knowledge-base-mastery", rng)
        else:
            since = rng.randint(60, 400)
            placement = _Placement(
                history=[(agent_two, since + rng.randint(200, 400)), (qa_one, since)],
                target=qa_two,
                completed_paths=["empathy-on-the-phone", "knowledge-base-mastery"],
            )
            _training(placement, "coaching-basics", rng)
        result[agent.pk] = placement
    return result


def _training(placement: _Placement, slug: str, rng: random.Random, *, badge: str = "") -> None:
    """The path towards the target: done (a third), under way (two fifths) or not started;
    and sometimes the target's badge already."""
    modules = next(len(p["modules"]) for p in PATHS if p["slug"] == slug)
    roll = rng.random()
    if roll < 0.33:
        placement.completed_paths.append(slug)
    elif roll < 0.75:
        placement.in_progress.append((slug, rng.randint(0, modules - 1), rng.random() < 0.5))
    if badge and rng.random() < 0.4:
        placement.badges.append(badge)


def _stars(agents: list[User], *, level: Level) -> set[int]:
    """The two agents of the first team (not the persona) who meet the most of ``level``'s
    metric requirements on the demo's performance events."""
    team = [a for a in agents if _number_of(a)[0] == 1 and a.email != PERSONA_EMAIL]
    readiness = readiness_for_agents(agents=team, targets={a.pk: level for a in team})

    def score(agent: User) -> tuple[int, float, str]:
        metrics = [
            s for s in readiness[agent.pk].statuses if s.requirement.kind == Requirement.Kind.METRIC
        ]
        margin = sum((s.current or 0) / (s.target or 1) for s in metrics)
        return (-sum(s.met for s in metrics), -margin, agent.email)

    return {a.pk for a in sorted(team, key=score)[:2]}


def _seed_person(
    agent: User,
    placement: _Placement,
    *,
    hr: User,
    lead: User | None,
    paths: dict[str, TrainingPath],
    seed: int,
) -> None:
    rng = random.Random(f"{seed}:{agent.email}:records")  # noqa: S311 - demo data
    if not LevelHistory.objects.filter(user=agent).exists():
        _write_history(agent, placement, hr=hr, lead=lead)
    plan = plan_services.ensure_plan(agent=agent)
    if plan.target_level_id is None:
        plan_services.set_target_level(actor=agent, agent=agent, level_id=placement.target.pk)
    for slug in placement.badges:
        _award(agent, slug, lead=lead)
    for slug in placement.completed_paths:
        _train(agent, paths[slug], modules=None, rng=rng)
    for slug, done, assigned in placement.in_progress:
        _train(agent, paths[slug], modules=done, assigned_by=lead if assigned else None, rng=rng)
    if not plan.goals.exists():
        _add_goals(agent, lead=lead, rng=rng)
    if lead is not None and not plan.coaching_notes.exists():
        language = lead.preferred_language
        plan_services.add_coaching_note(
            actor=lead, agent=agent, text=rng.choice(NOTES.get(language, NOTES[Language.SPANISH]))
        )


def _write_history(agent: User, placement: _Placement, *, hr: User, lead: User | None) -> None:
    """The level history with its past dates, each promotion approved by HR on the day."""
    now = timezone.now()
    previous: Level | None = None
    rows = []
    for index, (level, days_ago) in enumerate(placement.history):
        started = now - dt.timedelta(days=days_ago, hours=(agent.pk * 7) % 24)
        ended = (
            now - dt.timedelta(days=placement.history[index + 1][1])
            if index + 1 < len(placement.history)
            else None
        )
        promotion = None
        if previous is not None:
            promotion = Promotion.objects.create(
                agent=agent,
                from_level=previous,
                to_level=level,
                status=Promotion.Status.APPROVED,
                endorsed_by=lead,
                readiness_percent=100,
                decided_by=hr,
                decided_at=started,
            )
            Promotion.objects.filter(pk=promotion.pk).update(
                created_at=started - dt.timedelta(days=6), updated_at=started
            )
        rows.append(
            LevelHistory(
                user=agent,
                level=level,
                started_at=started,
                ended_at=ended,
                promotion=promotion,
                set_by=hr,
                note="" if promotion else "Joined the contact center · Se incorporó al centro",
            )
        )
        previous = level
    LevelHistory.objects.bulk_create(rows)


def _award(agent: User, slug: str, *, lead: User | None) -> None:
    badge = BadgeClass.objects.get(slug=slug)
    if BadgeAward.objects.filter(
        badge_class=badge, recipient=agent, revoked_at__isnull=True
    ).exists():
        return
    from recognition.services.badges import award_badge

    award_badge(
        badge_class=badge,
        recipient=agent,
        awarded_by=lead,
        evidence_text="Seen on the floor and confirmed in the weekly QA review. · "
        "Observado en piso y confirmado en la revisión semanal de calidad.",
        idempotency_key=f"demo-careers-{slug}-{agent.pk}",
    )


def _train(
    agent: User,
    path: TrainingPath,
    *,
    modules: int | None,
    rng: random.Random,
    assigned_by: User | None = None,
) -> None:
    """Complete the first ``modules`` modules of ``path`` (all when None), answering the
    quizzes right, exactly as the agent would; a lead may have assigned it first."""
    enrollment = Enrollment.objects.filter(user=agent, path=path).first()
    if enrollment is None and assigned_by is not None:
        due = timezone.localdate() + dt.timedelta(days=rng.randint(14, 45))
        enrollment = training_services.assign_path(
            actor=assigned_by, agent=agent, path=path, due_on=due
        )
    elif enrollment is None:
        enrollment = training_services.enroll(user=agent, path=path)
    if enrollment.completed_at is not None:
        return
    done = set(
        ModuleProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).values_list("module_id", flat=True)
    )
    chosen = list(path.modules.order_by("position").prefetch_related("questions__choices"))
    for module in chosen[: len(chosen) if modules is None else modules]:
        if module.pk in done:
            continue
        answers = {
            q.pk: next(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()
        }
        training_services.complete_module(
            user=agent,
            enrollment_id=enrollment.pk,
            module_id=module.pk,
            answers=answers if module.has_quiz else None,
        )


def _add_goals(agent: User, *, lead: User | None, rng: random.Random) -> None:
    today = timezone.localdate()
    texts = rng.sample(GOALS.get(agent.preferred_language, GOALS[Language.SPANISH]), k=3)
    for number, text in enumerate(texts):
        author = lead if (number == 0 and lead is not None) else agent
        goal = plan_services.add_goal(
            actor=author,
            agent=agent,
            text=text,
            due_on=today + dt.timedelta(days=rng.randint(10, 90)),
        )
        status = rng.choice([Goal.Status.OPEN, Goal.Status.IN_PROGRESS, Goal.Status.DONE])
        if status != Goal.Status.OPEN:
            plan_services.update_goal(actor=agent, goal_id=goal.pk, status=status)


def _endorse_a_teammate(
    agents: list[User], *, stars: set[int], target: Level, leads: dict[int, User]
) -> None:
    """The first team's lead endorses one of the stars, so HR's queue is not empty. Only
    once: after HR decide (or the lead withdraws), the next run leaves it be."""
    team = [a for a in agents if _number_of(a)[0] == 1]
    lead = leads.get(_team_of(team[0])) if team else None
    candidates = sorted((a for a in team if a.pk in stars), key=_number_of)
    if lead is None or not candidates:
        return
    candidate = candidates[0]
    # The level history's promotions are all approved; any other status in the team is
    # this endorsement (waiting, declined or withdrawn), and the candidate, an Agent I,
    # has a promotion only once it was endorsed.
    endorsed_before = (
        Promotion.objects.filter(agent__in=team).exclude(status=Promotion.Status.APPROVED).exists()
        or Promotion.objects.filter(agent=candidate).exists()
    )
    if (
        endorsed_before
        or not CareerPlan.objects.filter(agent=candidate, target_level=target).exists()
    ):
        return
    promotion_services.endorse(
        actor=lead,
        agent=candidate,
        note=ENDORSEMENT_NOTE.get(lead.preferred_language, ENDORSEMENT_NOTE[Language.SPANISH]),
    )
