"""Bibliography entries for outcome measures, episodes, diagnoses, billing and plans.

See taut.clinical.sources. Keys are unique across this module and ``_bib_safety``.
"""

from taut.clinical._citation import Evidence, Source

_SEEN = Evidence.SEEN
_SECONDARY = Evidence.SECONDARY
_LOCAL = Evidence.LOCAL_RULE

ENTRIES: tuple[Source, ...] = (
    # --- Episodes -----------------------------------------------------------------------
    Source(
        "lbp_duration_definitions",
        "Health Education and Improvement Wales, GP CPD: Low back pain, definitions "
        "(acute under 6 weeks, subacute 6-12 weeks, persistent beyond 12 weeks in some "
        "guidelines).",
        "https://gpcpd.heiw.wales/clinical/low-back-pain/definitions/",
        _SECONDARY,
        "A summary of guideline definitions, not a guideline itself. The ACP 2017 guideline "
        "uses 4 weeks for the start of subacute pain.",
    ),
    Source(
        "cms_ncd_30_3_3",
        "Centers for Medicare & Medicaid Services. National Coverage Determination 30.3.3, "
        "Acupuncture for Chronic Low Back Pain (effective 21 January 2020).",
        "https://www.cms.gov/Medicare-Coverage-Database/view/ncd.aspx?ncdid=373&ncdver=1",
        _SEEN,
        "Chronic LBP lasting 12 weeks or longer; up to 12 visits in 90 days; 8 more if "
        "improving; no more than 20 a year; stop if not improving or regressing.",
    ),
    Source(
        "local_chronicity_days",
        "Taut local rule: acute is day 0-41 from onset, subacute day 42-83, chronic day 84 on.",
        "docs/kernel/episodes.md",
        _LOCAL,
        "Day 84 counts as chronic to match the NCD's '12 weeks or longer'.",
    ),
    # --- Diagnoses ----------------------------------------------------------------------
    Source(
        "icd10cm_fy2026",
        "CDC National Center for Health Statistics. ICD-10-CM Tabular List, FY2026 "
        "(April 1, 2026 release).",
        "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html",
        _SEEN,
        "Codes, billable (leaf) status, Excludes1 notes and the inclusion terms the causes "
        "rely on (M79.1 myofascial pain syndrome; M47 arthrosis or osteoarthritis of spine) "
        "were read from the official XML.",
    ),
    # --- Likely causes --------------------------------------------------------------------
    Source(
        "service_pages_causes",
        "Clinic dry-needling and acupuncture pages: causes of low back pain (muscle strain, "
        "ligament sprain, muscle imbalance, trigger points, myofascial pain syndrome, herniated "
        "disc, facet joint dysfunction, spinal stenosis, spondylolisthesis, degenerative disc "
        "disease, arthritis, posture, prolonged sitting, repetitive strain, lifting technique, "
        "sport).",
        "Taut reference set: clinic service pages 002 and 004",
        _SECONDARY,
        "A list of what clinics name as causes, used as the assessment's vocabulary only. "
        "Arthritis is on page 004's list of causes and on page 002 as a cause of stiffness "
        "and an underlying condition.",
    ),
    Source(
        "local_cause_diagnosis_map",
        "Taut local rule: which curated ICD-10-CM codes each likely cause suggests, read from "
        "the codes' titles and inclusion terms.",
        "docs/kernel/causes.md",
        _LOCAL,
        "Suggestions for the clinician, never an automatic diagnosis.",
    ),
    # --- Instruments --------------------------------------------------------------------
    Source(
        "local_rounding",
        "Taut local rule: one-decimal scores are rounded half up (Decimal ROUND_HALF_UP).",
        "docs/kernel/instruments.md",
        _LOCAL,
        "Published ODI examples truncate (16/45 shown as 35.5); Taut shows 35.6.",
    ),
    Source(
        "hl7_pain_scores",
        "HL7 Europe scores: pain severity interpretation with SNOMED CT values "
        "(0 no pain, 1-3 mild, 4-6 moderate, 7-9 severe, 10 excruciating).",
        "http://hl7.eu/scores/PAIN.htm",
        _SEEN,
        "Taut merges 10 into severe, as the issue specifies.",
    ),
    Source(
        "loinc_nprs",
        "LOINC 72514-3, Pain severity - 0-10 verbal numeric rating [Score] - Reported; "
        "used by the HL7 Belgium patient-monitoring FHIR IG and the French ANS measures IG.",
        "https://loinc.org/72514-3",
        _SEEN,
        "Seen in two national FHIR implementation guides that bind it; 56840-2 is discouraged.",
    ),
    Source(
        "loinc",
        "LOINC: Oswestry Disability Index panel 97908-8 and score 97909-6; Keele STarT Back "
        "panel 91349-1, items 91340-0 to 91348-3, distress subscore 91350-9, total 91351-7, "
        "risk 91352-5.",
        "https://loinc.org/91349-1",
        _SEEN,
        "No verified LOINC code for RMDQ, TSK or PSFS, so none is shipped for them. The "
        "LOINC ODI raw-score bands are not used (Taut uses the percentage bands).",
    ),
    Source(
        "roland_fairbank_2000",
        "Roland M, Fairbank J. The Roland-Morris Disability Questionnaire and the Oswestry "
        "Disability Questionnaire. Spine 2000;25(24):3115-3124.",
        "https://studylib.net/doc/5830226/--roland-morris-disability-questionnaire",
        _SEEN,
        "ODI: 100 x sum / (5 x sections answered); each unanswered section lowers the "
        "denominator by 5. RMDQ: score is the number of statements ticked.",
    ),
    Source(
        "odi_bands",
        "Fairbank's interpretation of ODI percentages (0-20 minimal, 21-40 moderate, 41-60 "
        "severe, 61-80 crippled, 81-100 bed-bound or exaggerating), as tabulated in Ann Surg "
        "Innov Res 2013;7:12, Table 1.",
        "https://asir-journal.biomedcentral.com/articles/10.1186/1750-1164-7-12/tables/1",
        _SEEN,
    ),
    Source(
        "local_odi_band_boundaries",
        "Taut local rule: an ODI value belongs to the first band whose upper limit (20, 40, "
        "60, 80) it does not exceed, so 20.0 is minimal and 20.5 moderate.",
        "docs/kernel/instruments.md",
        _LOCAL,
        "The published bands are written for whole numbers; scores with missing sections "
        "fall between them.",
    ),
    Source(
        "odi_licence",
        "Mapi Research Trust, ePROVIDE: Oswestry Disability Index (ODI), copyright J. "
        "Fairbank 1980; user agreement required.",
        "https://eprovide.mapi-trust.org/odi-oswestry-disability-index",
        _SEEN,
    ),
    Source(
        "local_odi_missing",
        "Taut local rule: the ODI is scored with up to 2 unanswered sections (both flagged, "
        "2 flagged as many missing) and refused with 3 or more.",
        "https://github.com/awell-health/awell-score",
        _LOCAL,
        "No official limit was found. The published examples cover one missing section; "
        "the awell-score implementation refuses more than one.",
    ),
    Source(
        "rmdq_scoring",
        "Roland-Morris Disability Questionnaire scoring notes: tick the statements true "
        "today; an item not ticked, or marked not applicable, scores 0.",
        "http://scientificspine.com/spine-scores/roland-morris-disability-questionnaire_%28rdq%29.html",
        _SECONDARY,
        "Also Physiopedia. Item order checked against several public implementations.",
    ),
    Source(
        "local_rmdq_missing",
        "Taut local rule: a blank RMDQ item counts as not ticked (0); a form with no item "
        "recorded at all is unscorable.",
        "docs/kernel/instruments.md",
        _LOCAL,
        "The RMDQ is a tick list: leaving a statement unticked is how a patient says it is not "
        "true today, so a blank cannot be told from a 'no'. Only a form with nothing recorded "
        "is refused, because it cannot be told from a form never filled in.",
    ),
    Source(
        "osteopathy_australia_proms",
        "Osteopathy Australia: Patient reported outcome measures (Tampa Scale of "
        "Kinesiophobia: items 4, 8, 12, 16 reversed; range 17-68; over 37 is high).",
        "https://osteopathy.org.au/article/patient-reported-outcome-measures",
        _SEEN,
        "A professional association page.",
    ),
    Source(
        "vlaeyen_1995",
        "Vlaeyen JWS, Kole-Snijders AMJ, Boeren RGB, van Eek H. Fear of movement/(re)injury "
        "in chronic low back pain and its relation to behavioral performance. Pain "
        "1995;62:363-372.",
        "https://ouci.dntb.gov.ua/works/4YE2Md84",
        _SECONDARY,
        "The usual citation for the 37 cut-off; the primary text giving it was not seen.",
    ),
    Source(
        "woby_2005",
        "Woby SR, Roach NK, Urmston M, Watson PJ. Psychometric properties of the TSK-11: a "
        "shortened version of the Tampa Scale for Kinesiophobia. Pain 2005;117:137-144.",
        "https://metajournal.com/articles/309710/psychometric-properties-tsk-11-shortened-version-tampa-scale-kinesiophobia",
        _SEEN,
        "TSK-11 drops items 4, 8, 9, 12, 14, 16. A reduction of 4 or more points best "
        "identified important improvement on both versions. The 11-44 range follows from "
        "11 items scored 1-4.",
    ),
    Source(
        "local_complete_forms",
        "Taut local rule: TSK-17, TSK-11 and STarT Back are scored only when every item is "
        "answered (no prorating).",
        "docs/kernel/instruments.md",
        _LOCAL,
        "Their cut-offs and change thresholds were derived on complete forms; one missing "
        "STarT Back item can change the risk group.",
    ),
    Source(
        "stratford_1995",
        "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on "
        "individual patients: a report of a patient specific measure. Physiother Can "
        "1995;47:258-263.",
        "https://www.precisionphysio.com.au/the-patient-specific-functional-scale/",
        _SECONDARY,
        "Each activity rated 0 (unable) to 10 (as before); score is the mean.",
    ),
    Source(
        "local_psfs_missing",
        "Taut local rule: the PSFS lists only the activities the patient named (1 to 5) and "
        "every listed activity must be rated.",
        "docs/kernel/instruments.md",
        _LOCAL,
        "The patient chooses how many activities to rate; dropping a named but unrated "
        "activity would make the mean depend on which one was skipped, so it is refused.",
    ),
    Source(
        "keele_sbst",
        "Keele University. STarT Back Screening Tool: using and scoring.",
        "https://www.keele.ac.uk/sbst/startbacktool/usingandscoring/",
        _SEEN,
        "Items 1-8 agree = 1; item 9 'very much' or 'extremely' = 1; psychosocial subscale "
        "items 5-9; low total 3 or less, medium total 4 or more and subscale 3 or less, high "
        "subscale 4 or more. Free for non-commercial use.",
    ),
    Source(
        "kgf_definition",
        "Kilogram-force: defined with standard gravity 9.80665 m/s2 (CGPM 1901), so 1 kgf = "
        "9.80665 N exactly and 1 kgf/cm2 = 98.0665 kPa.",
        "https://sizes.com/units/kilogram_force.htm",
        _SECONDARY,
    ),
    Source(
        "ppt_algometry",
        "Pressure pain threshold reliability over low-back sites (intra-rater ICC 0.85-0.99).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4981327/",
        _SEEN,
        "No minimal important change for LBP was found.",
    ),
    Source(
        "schober_tests",
        "Gill K et al. Repeatability of four clinical methods for assessment of lumbar "
        "spinal motion. Spine 1988.",
        "https://utsouthwestern.pure.elsevier.com/en/publications/repeatability-of-four-clinical-methods-for-assessment-of-lumbar-s",
        _SEEN,
        "Modified Schober most repeatable; fingertip-to-floor poor.",
    ),
    # --- Change ---------------------------------------------------------------------------
    Source(
        "ostelo_2008",
        "Ostelo RWJG, Deyo RA, Stratford P, et al. Interpreting change scores for pain and "
        "functional status in low back pain: towards international consensus regarding "
        "minimal important change. Spine 2008;33(1):90-94.",
        "https://metajournal.com/articles/201999/interpreting-change-scores-pain-functional-status-low-back-pain-towards",
        _SEEN,
        "Minimal important change: NRS 2, RMDQ 5, ODI 10, or 30% improvement from baseline.",
    ),
    Source(
        "psfs_mdc",
        "Rehabilitation Measures Database: Patient-Specific Functional Scale (minimal "
        "detectable change, 90% confidence: 2 points for the average score, 3 for one "
        "activity).",
        "http://www.rehabmeasures.org/Lists/RehabMeasures/DispForm.aspx?ID=890",
        _SECONDARY,
        "A detectable-change value, used by Taut as the threshold because no minimal "
        "important change for LBP was verified: 3 points when one activity's rating is "
        "compared, 2 when the mean of several is.",
    ),
    Source(
        "local_responder_rule",
        "Taut local rule: a patient is a responder with an important improvement on a pain "
        "or function instrument (NPRS, ODI, RMDQ or PSFS).",
        "docs/kernel/change.md",
        _LOCAL,
        "Ostelo's consensus is about pain and functional status; the TSK measures fear of "
        "movement and STarT Back a risk group, so neither makes a responder. The same four "
        "drive the plan review.",
    ),
    Source(
        "local_relative_threshold",
        "Taut local rule: the 30% relative criterion applies only to NPRS, ODI and RMDQ.",
        "docs/kernel/change.md",
        _LOCAL,
        "Ostelo's 30% was proposed for the pain and back-specific function scales it "
        "studied; it is not applied to TSK (a belief scale) or PSFS (a small 0-10 mean "
        "where 30% of a low baseline is less than its detectable change).",
    ),
    # --- Billing --------------------------------------------------------------------------
    Source(
        "apta_cpt_2020",
        "APTA Magazine, Compliance Matters: Physician Fee Schedule coding updates (CPT 2020 "
        "20560 needle insertion(s) without injection(s), 1 or 2 muscles; 20561, 3 or more).",
        "https://www.apta.org/apta-magazine/2020/02/01/compliance-matters-physician-fee-schedule-coding-updates",
        _SEEN,
    ),
    Source(
        "aapc_bilateral_muscles",
        "AAPC coding newsletters: right and left of a paired muscle count as two muscles; "
        "several insertions into one muscle count once (trigger-point injection codes, "
        "applied by analogy to 20560/20561).",
        "https://aapc.com/codes/coding-newsletters/my-physical-medicine-rehab-coding-alert/reader-questions-count-right-left-trapezius-as-one-article",
        _SECONDARY,
        "No AMA CPT Assistant or APTA text for 20560/20561 was seen.",
    ),
    Source(
        "dn_one_code_per_session",
        "Billing references: report one unit of 20560 or 20561 per session, never both.",
        "https://mirahealth.care/reference/cpt/20561",
        _SECONDARY,
    ),
    Source(
        "dn_acupuncture_same_encounter",
        "CPT 2020 parenthetical as summarised by billing sources: 20560/20561 are not "
        "reported with acupuncture 97810-97814; when both are done, only the acupuncture "
        "codes are reported.",
        "https://myzhealth.io/blog/mastering-cpt-code-20561-for-acupuncturists/",
        _SECONDARY,
    ),
    Source(
        "acupuncture_cpt_descriptors",
        "AAPC: acupuncture 97810/97813 initial 15 minutes of personal one-on-one contact; "
        "97811/97814 each additional 15 minutes with re-insertion; 97813/97814 with "
        "electrical stimulation.",
        "https://aapc.com/codes/coding-newsletters/my-anesthesia-coding-alert/reader-question-be-wary-of-acupuncture-claims-submission-article",
        _SEEN,
    ),
    Source(
        "acupuncture_face_to_face",
        "UnitedHealthcare commercial reimbursement policy: Acupuncture (only face-to-face "
        "time counts; needle retention without the practitioner does not).",
        "https://www.uhcprovider.com/en/policies-protocols/commercial-policies/commercial-reimbursement-policies/COMM-Acupuncture-Policy.html",
        _SEEN,
    ),
    Source(
        "cpt_time_midpoint",
        "Premera Blue Cross: Billing for time (the CPT rule that a unit of time is attained "
        "when the midpoint is passed: under 8 minutes no unit, 8-22 one, 23-37 two, 38-52 "
        "three).",
        "https://www.premera.com/wa/provider/news/reminders-updates/billing-for-time/",
        _SEEN,
        "Payer text quoting the AMA CPT codebook.",
    ),
    Source(
        "aac_acupuncture_time",
        "American Acupuncture Council: timed-service documentation (applies the midpoint "
        "table to acupuncture codes).",
        "http://digital.aacinfonetwork.com/acupuncture-timed-service-documentation-requirements/",
        _SECONDARY,
        "An older AAOM reading counted 1-15 minutes as the initial unit; payers may differ.",
    ),
    Source(
        "acupuncture_reinsertion",
        "Wells (AAOM insurance committee): New CPT codes for acupuncture; an add-on unit "
        "needs another 15 minutes of contact and insertion of new needles.",
        "https://kipdf.com/new-cpt-codes-for-acupuncture-are-here_5ad40ea27f8b9a5e228b45e3.html",
        _SEEN,
        "Acupuncture Today (Collins 2012) gives the same reading.",
    ),
    Source(
        "acupuncture_estim_per_increment",
        "Payer policy text on acupuncture billing: a 15-minute increment in which electrical "
        "stimulation is used on any needle is coded 97813/97814, one without it 97810/97811; "
        "one code per increment; 97810 or 97813 for the initial increment.",
        "https://medicarepaymentandreimbursement.com/2016/06/acupuncture-cpt-codes-97810-97813-97814.html",
        _SECONDARY,
        "The same wording was seen reproduced at zrlka.com (acupuncture therapy billing chart). "
        "A 2004/2005 CPT parenthetical forbade mixing 97810/97811 with 97813/97814; the "
        "current CPT book was not read.",
    ),
    Source(
        "acupuncture_one_initial_code",
        "Payer policy text: only one initial acupuncture code (97810 or 97813) per day.",
        "https://medicarepaymentandreimbursement.com/2016/06/acupuncture-cpt-codes-97810-97813-97814.html",
        _SECONDARY,
    ),
    Source(
        "local_acupuncture_addon_units",
        "Taut local rule: an add-on acupuncture unit is billed only for a 15-minute unit the "
        "clinician records as having new needle insertions (by default none is).",
        "docs/kernel/billing.md",
        _LOCAL,
        "Time alone never earns an add-on unit.",
    ),
    # --- Plans ----------------------------------------------------------------------------
    Source(
        "service_pages_sessions",
        "Clinic dry-needling page, FAQ on number of sessions: usually 2 to 6 sessions, one "
        "to two weeks apart, closer at first and tapering; more for severe or chronic pain "
        "or other conditions.",
        "/work/shared/reference/service/002_2b54960c12f020cc.txt",
        _SECONDARY,
        "A marketing claim by a clinic, not evidence.",
    ),
    Source(
        "dn_trial_dosing",
        "Dosing in dry-needling LBP trials: Rajfur 2022 (8 sessions, twice weekly); "
        "Tabatabaiee (6 sessions, effect from session 5); Lara-Palomo 2022 protocol "
        "(6 weekly sessions).",
        "https://trialsjournal.biomedcentral.com/articles/10.1186/s13063-022-06179-y",
        _SEEN,
    ),
    Source(
        "local_session_plan",
        "Taut local rule: how a proposed course is sized and spaced (severity, chronicity "
        "and conditions).",
        "docs/kernel/plans.md",
        _LOCAL,
        "Clinic pages give only the range (2 to 6) and the spacing; how pain severity, "
        "chronicity and other conditions move a plan within that range is Taut's choice. "
        "It is a starting proposal that the clinician changes freely.",
    ),
    Source(
        "local_review_rule",
        "Taut local rule: continue / modify / discharge / refer at a plan review.",
        "docs/kernel/plans.md",
        _LOCAL,
        "Importance of change follows ostelo_2008; the decision rules are Taut's.",
    ),
    Source(
        "local_medicare_year",
        "Taut local rule: NCD 30.3.3's '20 a year' is counted over a rolling 365 days, and "
        "its 90 days run from the first visit in that year.",
        "docs/kernel/plans.md",
        _LOCAL,
        "The NCD does not say calendar year or rolling year; the rolling count never "
        "allows more than 20 in any 365 days, so it is the cautious reading.",
    ),
)
