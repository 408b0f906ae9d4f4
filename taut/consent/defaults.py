"""Taut's default consent documents (version 1 for every new clinic), in plain English.

The texts are content, not interface: a consent document is versioned and has a stated language,
so they are deliberately not marked for translation. A clinic that sees patients in Spanish
publishes a Spanish document of its own (docs/consent.md).

Format: paragraphs separated by blank lines; a line starting with "## " is a heading; lines
starting with "- " form a list. ``{contact}`` (the clinic's name and phone number) is filled in for each clinic.

What the texts say about side effects follows the kernel (``taut.clinical.adverse_events``,
docs/kernel/adverse_events.md): soreness is worst straight after needling and usually settles
within about three days; bruising has no reliable duration, so only "days to a week or two" with
the two-week point at which to call; electrical stimulation is never used with an implanted
cardiac device or uncontrolled epilepsy (``taut.clinical.contraindications``).
"""

from __future__ import annotations

from taut.consent.models import ConsentKind

DRY_NEEDLING_TITLE = "Consent to dry needling"

DRY_NEEDLING_BODY = """\
## What dry needling is

Dry needling is a treatment in which your clinician puts very thin needles through the skin into \
muscle. The needles are solid and nothing is injected. They are aimed at tight, tender spots in \
the muscle (called trigger points) that can add to low back pain and send pain to other places.

## What happens in a session

Before any needling, your clinician asks about your health and your medicines and examines your \
back, to decide whether needling is safe for you and which muscles to treat.

- You usually lie on your front or on your side, with pillows to make you comfortable.
- Your clinician cleans the skin and uses a new, sterile needle that is thrown away after use.
- You may feel a small prick as a needle goes in, then a deep ache or a brief cramp in the muscle.
- The muscle may jump or twitch for a moment. This is called a local twitch response. It is \
expected and often means the needle has reached the tight spot.
- Depending on the technique, a needle is in for a few seconds or stays in place for some minutes.
- Tell your clinician at any moment if something feels wrong or too strong. They will stop.

## What it may do for you

Some people find that needling eases their pain and stiffness and helps them move more freely, \
especially alongside exercise and advice. The research is mixed: some studies found a benefit, \
others found little difference from other treatments. We cannot promise that it will help you. \
Your clinician will check your progress and will change or stop the treatment if it is not helping.

## Side effects and how long they usually last

Most side effects are mild and pass on their own.

- Soreness where the needles went in is very common, a bit like after hard exercise. It is \
usually worst straight after the session and usually settles within about 3 days.
- Bruising is common. A bruise usually fades within days, but can take a week or two.
- A small spot of bleeding when a needle comes out is common. Light pressure stops it.
- Your usual pain may feel worse for a short while before it gets better.
- Some people feel tired or sleepy afterwards. If you feel drowsy, do not drive until it passes.
- Rarely, people feel faint, dizzy or sick during or after needling. Tell us straight away; lying \
down helps.

## Rare but serious risks

- Infection where a needle went in. Sterile single-use needles and clean skin make this unlikely.
- Collapsed lung (pneumothorax). When needles are used near the chest wall, including the upper \
part of the lower back close to the ribs, a needle can very rarely reach the lung. Signs are \
chest pain or shortness of breath, usually within hours or by the next day.
- Nerve irritation: tingling, numbness or a shooting pain. It usually passes; rarely it lasts longer.
- When needling close to the spine, very rarely, bleeding or injury near the spinal cord.
- Very rarely, a needle breaks or is left in the skin.

## What to do after a session, and whom to call

Keep moving gently; your clinician will tell you if there is anything to avoid.

Contact {contact} if:

- soreness is getting worse, or has not settled after about 3 days;
- a bruise is getting bigger, or has not faded after 2 weeks;
- a needle site is red, swollen or sore, or bleeds again;
- you have tingling or numbness that does not pass, or anything else worries you.

Get medical help the same day (your doctor or an urgent care service) if you have a fever with \
spreading redness or pus around a needle site, new weakness in a leg, or you find a needle or \
part of a needle in your skin.

Call your local emergency number if, after needling, you have chest pain or difficulty \
breathing, or new problems controlling your bladder or bowels, or numbness between your legs.

## Other options

Needling is one option among several. Others include an exercise programme, staying active with \
advice on managing your pain, hands-on treatment such as massage or joint mobilisation, heat, \
and medicines from your doctor. You can have the rest of your care without needling.

## Your choice

Saying yes is your decision. You can ask questions at any time, ask us to stop during a session, \
and withdraw your consent at any time without giving a reason. This will not affect the rest of \
your care. Please tell us before each session if your health or medicines have changed, for \
example if you start a blood thinner, become pregnant, or have a new implant.

## Your agreement

By signing you confirm that you have read this information (or had it read to you), that you \
have been able to ask questions, and that you agree to dry needling as part of your care.
"""

ELECTRICAL_STIMULATION_TITLE = "Consent to electrical stimulation through needles"

ELECTRICAL_STIMULATION_BODY = """\
## What it is

Sometimes your clinician may connect some of the needles to a small stimulator with thin wires. \
A gentle electrical current then passes between pairs of needles. This is also called \
electroacupuncture or percutaneous electrical nerve stimulation.

This needs your separate consent, in addition to your consent to dry needling. You can agree to \
needling and still say no to electrical stimulation.

## What it adds

The current keeps stimulating the muscle and the nerves around it for longer than a needle on \
its own. Some people find it adds to the relief of pain. As with needling, the evidence is mixed \
and we cannot promise that it will help you.

## What it feels like

- You may feel tapping, tingling, buzzing or pulsing, and the muscle may twitch in a rhythm or \
tighten.
- Your clinician starts with a low setting and adjusts it with you. It should feel strong but \
comfortable, never painful.
- The stimulation often stays on for 20 to 30 minutes. It can be turned down or off at once: \
just say so.

## Who must not have it

Electrical stimulation is not used if you have:

- a pacemaker, an implanted defibrillator (ICD) or any other implanted heart device;
- epilepsy that is not well controlled.

Please also tell us if you:

- have a heart condition or an irregular heartbeat;
- are pregnant or might be pregnant;
- have metal in your body near the area to be treated, such as plates, screws or a joint \
replacement;
- have any other implanted electronic device, such as a nerve stimulator or a medicine pump.

Your clinician will then decide with you whether it is suitable, or keep the needles and wires \
away from that area. The current is never passed across the chest or the heart.

## Side effects

The side effects of dry needling apply, mainly soreness, bruising and minor bleeding. When the \
stimulation makes the muscle contract, the needles can move a little; your clinician keeps an eye \
on them. Serious problems are very rare; they have been reported mainly when stimulation was given to people with heart devices or \
heart conditions, which is why we ask about them.

## What to do and whom to call

The advice in the dry needling consent applies. Contact {contact} if anything worries you. \
Call your local emergency number if you have chest pain or difficulty breathing.

## Your choice

You can ask questions at any time, ask us to turn the stimulation off during a session, and \
withdraw this consent at any time without giving a reason. This will not affect the rest of your \
care.

## Your agreement

By signing you confirm that you have read this information (or had it read to you), that you \
have been able to ask questions, and that you agree to electrical stimulation through the \
needles as part of your care.
"""

DEFAULTS: dict[str, tuple[str, str]] = {
    ConsentKind.DRY_NEEDLING: (DRY_NEEDLING_TITLE, DRY_NEEDLING_BODY),
    ConsentKind.ELECTRICAL_STIMULATION: (ELECTRICAL_STIMULATION_TITLE, ELECTRICAL_STIMULATION_BODY),
}


def default_text(kind: str, *, clinic_name: str, phone: str) -> tuple[str, str]:
    """The default title and body for a kind, with the clinic's name and phone filled in."""
    title, body = DEFAULTS[kind]
    contact = clinic_name.strip() or "the clinic"
    if phone.strip():
        contact = f"{contact} on {phone.strip()}"
    return title, body.format(contact=contact)
