"""Bibliography entries for the neurological screen (``taut.clinical.neuro``).

See taut.clinical.sources. Keys are unique across all the ``_bib_*`` modules.
"""

from taut.clinical._citation import Evidence, Source

_SEEN = Evidence.SEEN
_SECONDARY = Evidence.SECONDARY
_LOCAL = Evidence.LOCAL_RULE

ENTRIES: tuple[Source, ...] = (
    Source(
        "pesonen_2021_slr",
        "Pesonen J, et al. Extending the straight leg raise test for improved clinical "
        "evaluation of sciatica: reliability and diagnostic accuracy. BMC Musculoskelet Disord "
        "2021;22:303.",
        "https://link.springer.com/10.1186/s12891-021-04159-y",
        _SEEN,
        "The SLR is positive when it brings on radiating pain along the sciatic nerve and below "
        "the knee between 30 and 70 degrees of hip flexion.",
    ),
    Source(
        "umem_slr",
        "UMEM Educational Pearls. Performing the straight leg raise test for sciatica "
        "(updated 21 December 2024).",
        "https://umem.org/educational_pearls/1582",
        _SECONDARY,
        "Positive between 30 and 70 degrees with pain radiating to at least below the knee; back "
        "pain alone or tight hamstrings do not count.",
    ),
    Source(
        "deville_2000_lasegue",
        "Devillé WL, et al. The test of Lasègue: systematic review of the accuracy in "
        "diagnosing herniated discs. Spine 2000;25(9):1140-1147 (CRD DARE abstract).",
        "http://www.crd.york.ac.uk/CRDWeb/ShowRecord.asp?ID=12000001059",
        _SEEN,
        "SLR pooled sensitivity 0.91, specificity 0.26; crossed SLR sensitivity 0.29, "
        "specificity 0.88; surgical case series.",
    ),
    Source(
        "suri_2010_exam",
        "Suri P, et al. Bias in the physical examination of patients with lumbar "
        "radiculopathy. BMC Musculoskelet Disord 2010;11:275, table 1.",
        "https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/1471-2474-11-275/tables/1",
        _SEEN,
        "Crossed SLR: performed on the well leg; radicular pain in the symptomatic leg is "
        "positive.",
    ),
    Source(
        "delitto_2012_slump",
        "Delitto A, et al. Low back pain: clinical practice guidelines. J Orthop Sports Phys "
        "Ther 2012;42(4):A1-57, slump test table.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4893951/table/array8",
        _SEEN,
        "Judged on reproduction of the symptoms and their relief when the neck is extended; "
        "inter-rater kappa 0.83 to 0.89.",
    ),
    Source(
        "harrison_table_48_1",
        "Harrison's Principles of Internal Medicine, 19th ed., Table 48-1: Lumbosacral "
        "radiculopathy, neurologic features.",
        "https://download.skyscape.com/download/ota/lonestar/76CD77F7-898A-4928-AE45-A3D54D0FF0F0/harrisons.ed19/content/HTML/t/tl9.htm",
        _SEEN,
        "Reflex: L4 knee, S1 ankle. Sensory: L2 upper anterior thigh, L3 lower anterior thigh "
        "and knee, L4 medial calf, L5 dorsum of foot and lateral calf, S1 sole and lateral "
        "foot. Motor: L2 hip flexors, L3-L4 knee extensors, L5 foot and toe dorsiflexors, S1 "
        "plantar flexors.",
    ),
    Source(
        "magee_myotomes",
        "Magee DJ. Orthopedic Physical Assessment: lower-limb myotomes and reflexes (as "
        "reproduced by thephysiotherapy.com and a lumbar spine assessment page).",
        "http://thephysiotherapy.com/lower-limb-myotomes/",
        _SECONDARY,
        "L2 hip flexion, L3 knee extension, L4 ankle dorsiflexion, L5 great toe extension, S1 "
        "ankle plantar flexion and eversion; medial hamstring reflex L5-S1.",
    ),
    Source(
        "waxman_dermatomes",
        "McGraw Hill AccessNeurology: Anatomy of the nerve roots of the lower extremity (after "
        "Waxman, Clinical Neuroanatomy).",
        "https://neurology.mhmedical.com/content.aspx?bookid=3206&sectionid=267390167",
        _SEEN,
        "L1-L3 diagonal stripes over the anterior thigh; L4 medial knee, shin and instep; L5 "
        "lateral shin and dorsum of the foot; S1 lateral calf, lateral border and sole of the "
        "foot. Maps vary between sources.",
    ),
    Source(
        "hamstring_reflex_l5_1982",
        "Asymmetric hamstring reflexes indicative of L5 radicular lesions. Arch Phys Med "
        "Rehabil 1982;63(8):377-8.",
        "https://pubmed.ncbi.nlm.nih.gov/6287962/",
        _SEEN,
        "With symmetric ankle reflexes, an asymmetric (medial) hamstring reflex indicates an L5 "
        "root lesion.",
    ),
    Source(
        "koes_2007_sciatica",
        "Koes BW, et al. Diagnosis and treatment of sciatica. BMJ 2007;334:1313 (indicators of "
        "sciatica as reproduced by GPnotebook).",
        "https://gpnotebook.com/pages/orthopaedics/sciatica",
        _SECONDARY,
        "Leg pain worse than back pain, radiating to the foot or toes, numbness in the same "
        "distribution, SLR bringing on more leg pain, neurology limited to one nerve root.",
    ),
    Source(
        "msk_pathways_leg_symptoms",
        "UK MSK pathways: Spine-related leg symptoms, supporting information.",
        "https://rds.staging.tactuum.com/msk-pathways/spine-pathways/lumbar-spine-pathways/supporting-information-on-relevant-conditions/spine-related-leg-symptoms",
        _SECONDARY,
        "Hyperreflexia or a multilevel lower motor neuron picture should prompt consideration "
        "of a different diagnosis.",
    ),
    Source(
        "bogduk_2009_referred",
        "Bogduk N. On the definitions and physiology of back pain, referred pain, and radicular "
        "pain. Pain 2009;147:17-19.",
        "https://www.scribd.com/doc/38936072/Bog-Duk-2009",
        _SEEN,
        "Somatic referred pain is not caused by nerve-root compression: there are no "
        "neurological signs.",
    ),
    Source(
        "bmj_bp_cauda_equina",
        "BMJ Best Practice. Cauda equina syndrome: diagnosis approach.",
        "https://bestpractice.bmj.com/topics/en-gb/3000164/diagnosis-approach",
        _SEEN,
        "Motor weakness or other neurological deficits affecting both legs; suspected in the "
        "community, refer immediately to hospital.",
    ),
    Source(
        "van_der_windt_2010",
        "van der Windt DA, et al. Physical examination for lumbar radiculopathy due to disc "
        "herniation in patients with low-back pain. Cochrane Database Syst Rev 2010;CD007431 "
        "(main results as reproduced in EBM Guidelines).",
        "https://download.skyscape.com/download/ota/lonestar/B4562E59-87F6-47FA-8F09-D67E1FE536CA/ebmgneuro.ed18/content/HTML/5/tn55.htm",
        _SECONDARY,
        "Used alone most physical tests performed poorly; combining positive tests raised "
        "specificity. SLR sensitivity 0.92, specificity 0.28; crossed SLR 0.28 and 0.90.",
    ),
    Source(
        "local_neuro_rules",
        "Taut local rule: how the screen's findings are combined into what they suggest.",
        "docs/kernel/neuro.md",
        _LOCAL,
        "A nerve-root tension sign and a deficit fitting one root on the same side suggest "
        "that root; deficits at more than one root or in both legs are for urgent referral; a "
        "brisk reflex points elsewhere; nothing is a diagnosis.",
    ),
)
