"""Bibliography entries (see taut.clinical.sources) for the needling gate: when facts count, how
red flags are cleared, needle accounting, and the region rules the gate's contraindication
checks rely on (a leg's lymphatic territory, chest-level regions, stimulation circuits)."""

from taut.clinical._citation import Evidence, Source

_S, _2, _L = Evidence.SEEN, Evidence.SECONDARY, Evidence.LOCAL_RULE

ENTRIES: tuple[Source, ...] = (
    Source(
        "elsevier_superficial_inguinal_nodes",
        "Elsevier Complete Anatomy: superficial inguinal lymph nodes.",
        "https://elsevier.com/resources/anatomy/lymphoid-system/lymph-nodes/superficial-inguinal-nodes-left/21595",
        _S,
        "The superficial inguinal nodes drain the skin below the umbilicus, the outer genitalia, "
        "the anal canal, the gluteal region and the perineum, as well as the leg; Gray's Anatomy "
        "(20th ed.) gives the same territory including the buttock.",
    ),
    Source(
        "local_limb_territory",
        "Taut rule: a leg's lymphatic territory includes its buttock, hip and groin.",
        "docs/kernel/regions.md",
        _L,
        "Lymphoedema is a contraindication over 'an area or limb' affected. The buttock, hip and "
        "groin share the leg's lymph drainage (superficial inguinal nodes), so lymphoedema "
        "recorded anywhere in a leg, or in its buttock, hip or groin, blocks needling in any of "
        "them on that side. Regions: buttock (upper, middle, lower, outer), back and front of the "
        "hip, greater trochanter, groin.",
    ),
    Source(
        "local_chest_level_regions",
        "Taut rule: which regions lie at the level of the chest.",
        "docs/kernel/regions.md",
        _L,
        "The shoulder-blade area, the mid back beside the spine at rib level and the band across "
        "the lowest ribs. A muscle needled through one of them is at chest level. Taut cannot "
        "tell at which level inside a muscle the needles went, so a muscle that reaches chest "
        "level counts as at chest level.",
    ),
    Source(
        "local_estim_circuit_rule",
        "Taut rule for checking electrode circuits.",
        "docs/kernel/contraindications.md",
        _L,
        "The sources say never to let the current path cross the chest or heart (absolute) and "
        "that some authors avoid pairing electrodes across the spinal cord (relative). Taut "
        "records which needled sites share an electrode circuit (a channel). A channel crosses "
        "the chest when it joins the left and right sides, or the front and back of the trunk, "
        "and one of its sites is at chest level; it crosses the cord when it joins the two "
        "sides and one of its sites is beside the spine.",
    ),
    Source(
        "service_pages_aftercare",
        "Clinic dry-needling pages: aftercare after a session (drink water, gentle stretching, "
        "warmth or a heating pad on the treated area, no intense activity or heavy lifting for at "
        "least 24 hours; tiredness or drowsiness afterwards is usually temporary).",
        "Taut reference set: clinic service page 002",
        _2,
        "Marketing pages: the advice is ordinary and safe, the 24 hours a clinic convention; no "
        "trial sets these rules.",
    ),
    Source(
        "local_outcome_schedule",
        "Taut's default schedule for collecting questionnaires.",
        "docs/kernel/schedule.md",
        _L,
        "Pain (NPRS) at every visit; ODI, TSK-11 and PSFS at baseline, every third visit and "
        "discharge; STarT Back once, at baseline, as the tool is meant for first contact. No "
        "guideline fixes the intervals: every third visit keeps the burden on the patient low "
        "while a 2-6 session plan still sees a baseline, a middle and a discharge score.",
    ),
    Source(
        "service_pages_symptoms",
        "Clinic dry-needling page: signs and symptoms linked to low back pain (a persistent dull "
        "ache, sharp or stabbing pain, radiating pain, stiffness and reduced flexibility, "
        "numbness or tingling).",
        "Taut reference set: clinic service page 002",
        _2,
        "Marketing page; the words patients use, not a classification.",
    ),
    Source(
        "local_measure_ranges",
        "Taut rule for the assessment's vocabulary and the plausible range of its distances.",
        "docs/kernel/examination.md",
        _L,
        "Pain qualities: the clinics' words plus burning, which patients use for nerve pain and "
        "the pain drawing has always offered. Movements: flexion, extension and side bending to "
        "each side. A modified Schober distance above 40 cm or a fingertip-to-floor distance "
        "above 150 cm is refused as a typing error.",
    ),
    Source(
        "local_needle_sizes",
        "Taut rule for the needle sizes a needling record accepts.",
        "docs/kernel/needles.md",
        _L,
        "Lengths 13, 15, 25, 30, 40, 50, 60, 75, 90 and 100 mm and diameters 0.12 to 0.40 mm, the "
        "filiform sizes on sale; anything else is taken for a typing error. A depth beyond the "
        "needle's own length is impossible.",
    ),
    Source(
        "local_red_flag_clearance",
        "Taut rule: a red-flag finding stays open until a clinician clears it.",
        "docs/safety.md",
        _L,
        "A positive emergency or urgent finding is a fact about the patient that a later "
        "questionnaire cannot undo: an unanswered or 'not asked' question says nothing, and a "
        "patient's own 'no' at intake does not outweigh what a clinician found. Only a "
        "clinician's explicit record that the patient was seen and cleared, or that the finding "
        "was ruled out, with a note, clears it. 'Referred' records that the patient was sent for "
        "assessment; until the result is recorded the finding stays open.",
    ),
    Source(
        "local_visit_time_facts",
        "Taut rule: the facts in force when the needles went in decide.",
        "docs/safety.md",
        _L,
        "A record of needling is judged on what was known and agreed at the time: consent given "
        "before the visit and not withdrawn by then, no red flag open then, a confirmed safety "
        "profile not due for recheck. A fact recorded later cannot make an unsafe visit safe (a "
        "consent signed afterwards, a red flag cleared afterwards), and it cannot stop the "
        "correction of a visit that was safe (a consent withdrawn afterwards). A needling time "
        "stated earlier than the record was written cannot step round what was on record "
        "meanwhile: anything in force at any moment from the needles going in to the needling "
        "being written (within the visit's day) or stimulation beginning counts too. Amendments "
        "are judged in the same way, on the facts at the visit.",
    ),
    Source(
        "local_visit_dates",
        "Taut rule for the dates of visits.",
        "docs/safety.md",
        _L,
        "A visit is never recorded in the future. A visit recorded more than the clinic's limit "
        "of days after it happened (7 by default) needs a reason, which the record shows; late "
        "records are a known documentation risk, and the reason makes the delay visible.",
    ),
    Source(
        "local_needle_accounting",
        "Taut rule for needle accounting.",
        "docs/safety.md",
        _L,
        "Every needle put in is counted out before the record is signed. A mismatch is a "
        "patient-safety event of the visit (a retained needle is a significant adverse event): it "
        "stays with the visit through amendments and withdrawn drafts, it keeps the visit's record "
        "from being signed and the patient from being needled again until it is resolved with "
        "the number of needles finally accounted for, and the signed count must agree with it.",
    ),
    Source(
        "local_safety_incident",
        "Taut rule: truthful records of needling that broke the gate are safety incidents.",
        "docs/safety.md",
        _L,
        "A record is never refused for telling the truth. When what happened broke the gate "
        "(needling with an open red flag, without consent, or where a contraindication applied), "
        "the clinician records it only as a safety incident with an explanation; it is signed "
        "and locked like any record, marked as an incident wherever it shows, and listed for the "
        "clinic's owner to review. An amendment of an incident is signed as an incident too.",
    ),
)
