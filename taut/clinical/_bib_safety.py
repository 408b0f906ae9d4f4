"""Bibliography entries (see taut.clinical.sources) for regions, muscles, red flags,
contraindications and adverse events.

Evidence marks: ``SEEN`` when the fact was read in an authoritative source (journal abstract,
regulator, guideline body, NHS pathway); ``SECONDARY`` when it was read only on a practitioner,
clinic, course or blog page, or through a secondary reproduction; ``LOCAL_RULE`` for Taut's own
documented choices. Citations are written from the facts file; where a detail (authors, title)
was not seen it is left out rather than guessed.
"""

from taut.clinical._citation import Evidence, Source

_S, _2, _L = Evidence.SEEN, Evidence.SECONDARY, Evidence.LOCAL_RULE
_NO_ADDRESS = "(no public address)"

_LOCAL: tuple[Source, ...] = (
    Source(
        "local_region_vocabulary",
        "Taut body-region vocabulary for pain drawings.",
        "docs/kernel/regions.md",
        _L,
        "Starts from the regions of the referral-pattern table and adds the trunk, pelvis and "
        "leg regions a full low-back pain drawing needs; 'the buttock' without a qualifier is "
        "read as its upper, middle and lower parts.",
    ),
    Source(
        "local_muscle_location_regions",
        "Taut mapping from each muscle to the regions its needles go through.",
        "docs/kernel/muscles.md",
        _L,
        "Plain surface anatomy used to match region-based contraindications (lymphoedema, "
        "infection, implants) with the muscles to be needled; a lower-limb region also stands "
        "for its whole leg when the source says 'area or limb'.",
    ),
    Source(
        "local_referral_weights",
        "Taut weights for ranking muscles against a pain drawing.",
        "docs/kernel/muscles.md",
        _L,
        "No source weighs essential against spillover zones. Essential 1.0, spillover 0.5, and "
        "0.75 for patterns whose zones no source separates (halfway, so they are neither "
        "promoted nor buried).",
    ),
    Source(
        "local_commonness_order",
        "Taut order of muscles by how common their trigger points are in low back pain.",
        "docs/kernel/muscles.md",
        _L,
        "Muscles are ordered by the upper end of the active-trigger-point prevalence range in "
        "the 2025 systematic review; muscles it does not report share the last place.",
    ),
    Source(
        "local_red_flag_levels",
        "Taut choices where the red-flag sources leave a level open.",
        "docs/kernel/red_flags.md",
        _L,
        "INF-2 alone is shown at 'consider' (the pathway gives a level only with severe or "
        "constant pain); NEURO-1 alone is 'urgent' (the source gives 'emergency' only when "
        "progressing); MAL-2 uses the age 50 threshold (some guidelines use 55).",
    ),
    Source(
        "local_consent_rule",
        "Taut consent rule for needling and electrical stimulation.",
        "docs/kernel/contraindications.md",
        _L,
        "Treatment needs a recorded yes; electrical stimulation is a separate procedure and "
        "needs its own recorded yes.",
    ),
    Source(
        "local_ae_severity",
        "Taut severity classes for events the White et al. examples do not list.",
        "docs/kernel/adverse_events.md",
        _L,
        "Assigned by applying the White et al. definitions: infection and a retained needle "
        "need medical care (significant); pneumothorax and spinal injury mean admission "
        "(serious); nerve irritation is mild while transient.",
    ),
    Source(
        "local_checkin_rules",
        "Taut rules for reading a post-session check-in.",
        "docs/kernel/adverse_events.md",
        _L,
        "Where no source gives a threshold: short mild reactions reuse the 72 h soreness "
        "window; any worsening, faintness, tingling at a needle site, ongoing bleeding or "
        "unlisted symptom goes to review; infection signs, weakness in one leg and a retained "
        "needle are urgent; numbness in one leg is urgent after needling near the spinal canal "
        "(or muscles unknown) and review otherwise; saddle numbness, numbness or weakness in "
        "both legs, worsening weakness in one leg and chest symptoms after needling near the "
        "thorax are an emergency.",
    ),
)

_REFERRAL: tuple[Source, ...] = (
    Source(
        "travell_simons_vol2_1992",
        "Travell JG, Simons DG. Myofascial Pain and Dysfunction: The Trigger Point Manual, "
        "Vol. 2, The Lower Extremities. 1992.",
        "https://musclepain.org/piriformis-trigger-points/",
        _2,
        "The primary reference for the lower-body patterns, but not read directly: patterns "
        "come from the secondary pages cited with each trigger point. The address is where "
        "the chapter numbering was seen.",
    ),
    Source(
        "simons_travell_vol1_1999",
        "Simons DG, Travell JG, Simons LS. Myofascial Pain and Dysfunction: The Trigger Point "
        "Manual, Vol. 1, Upper Half of Body, 2nd ed. 1999.",
        _NO_ADDRESS,
        _2,
        "Primary reference for the thoracolumbar paraspinal and abdominal patterns; not read "
        "directly.",
    ),
    Source(
        "medlink_piriformis_figure",
        "MedLink Neurology: caption of the Travell piriformis referral figure.",
        "https://www.medlink.com/media/Mpssi15",
        _S,
        "States the convention: essential zone solid, spillover zone stippled. Also the "
        "piriformis zones.",
    ),
    Source(
        "fitness_vip_ql",
        "Fitness VIP: muscles of lower torso pain (quadratus lumborum trigger points).",
        "https://www.fitness-vip.com/muscle-chains/muscles-of-lower-torso-pain.html",
        _2,
    ),
    Source(
        "galantdesign_ql",
        "Galant Design: quadratus lumborum page quoting the Travell text.",
        "http://galantdesign.se/",
        _2,
        "Also claims QL explains over 30% of musculoskeletal complaints; that claim is not used.",
    ),
    Source(
        "namtpt_quadratus",
        "NAMTPT symptom checker: quadratus lumborum.",
        "http://check.myofascialtherapy.org/symptomcheck/symptom_leg_quadratus.html",
        _2,
    ),
    Source(
        "namtpt_paraspinals",
        "NAMTPT symptom checker: thoracolumbar paraspinals (iliocostalis, longissimus, multifidi).",
        "http://check.myofascialtherapy.org/symptomcheck/symptom_upper_longissimus.html",
        _2,
    ),
    Source(
        "wellnessdigest_iliocostalis",
        "The Wellness Digest: iliocostalis lumborum, low back and buttock pain.",
        "https://thewellnessdigest.com/iliocostalis-lumborum-muscle-low-back-and-buttock-pain/",
        _2,
    ),
    Source(
        "webmanmed_multifidi",
        "WebManMed muscle guide: multifidi.",
        "http://www.webmanmed.com/disorders/disorders_files/musclgd/back/14788907.html",
        _2,
    ),
    Source(
        "painwiki_multifidus",
        "PainWiki: multifidus.",
        "https://painwiki.com/wiki/index.php?action=history&feed=atom&title=Muscle%3AMultifidus",
        _2,
    ),
    Source(
        "nielasher_lbp_muscles",
        "Niel Asher: lower back pain, an overview of the key muscles.",
        "https://www.nielasher.com/blogs/video-blog/lower-back-pain-an-overview-of-the-key-muscles",
        _2,
    ),
    Source(
        "aberdeen_gluteus_maximus",
        "Aberdeen Chiropractic blog: trigger points in gluteus maximus.",
        "https://aberdeenchiropracticblog.com/2018/04/03/trigger-points-in-the-gluteus-maximus/",
        _2,
    ),
    Source(
        "massagetoday_gluteus_maximus",
        "Massage Today: gluteus maximus trigger points.",
        "http://www.massagetoday.com/mpacms/mt/article.php?id=14912",
        _2,
    ),
    Source(
        "hom_buttock_trigger_points",
        "h-o-m-e.org: trigger points for buttock pain.",
        "https://h-o-m-e.org/what-are-the-trigger-points-for-buttock-pain",
        _2,
    ),
    Source(
        "namtpt_gluteus_medius",
        "NAMTPT symptom checker: gluteus medius.",
        "http://check.myofascialtherapy.org/symptomcheck/symptom_leg_medius.html",
        _2,
    ),
    Source(
        "aberdeen_gluteus_medius",
        "Aberdeen Chiropractic blog: trigger points in gluteus medius.",
        "https://aberdeenchiropracticblog.com/2018/04/10/trigger-points-in-the-gluteus-medius-muscle/",
        _2,
    ),
    Source(
        "stuarthinds_gluteus_medius",
        "Stuart Hinds Academy: taping for gluteus medius trigger points.",
        "https://stuarthindsacademy.com/blog/taping-for-trigger-points-in-the-gluteus-medius",
        _2,
        "The only page describing three separate points; the third point's pattern is the weakest-sourced item.",
    ),
    Source(
        "iliveok_gluteus_medius",
        "iLive: gluteus medius (trigger-point locations).",
        "https://es.iliveok.com/health/musculo-gluteo-medio_69407i16062.html",
        _2,
    ),
    Source(
        "painfreehealth_gluteus_minimus",
        "Pain Free Health: gluteus minimus (reproduces the Travell text).",
        "https://painfreehealth.ca/gluteus-minimus-muscle/",
        _2,
    ),
    Source(
        "massagetoday_gluteus_minimus",
        "Massage Today: gluteus minimus.",
        "http://www.massagetoday.com/mpacms/mt/article.php?id=14414",
        _2,
    ),
    Source(
        "namtpt_gluteus_minimus",
        "NAMTPT symptom checker: gluteus minimus (differential diagnosis).",
        "http://check.myofascialtherapy.org/symptomcheck/symptom_leg_minimus.html",
        _2,
    ),
    Source(
        "namtpt_piriformis",
        "NAMTPT symptom checker: piriformis.",
        "http://check.myofascialtherapy.org/symptomcheck/symptom_leg_piriformis.html",
        _2,
    ),
    Source(
        "namtpt_iliopsoas",
        "NAMTPT symptom checker: iliopsoas.",
        "http://myofascialtherapy.org/symptom-checker/symptomcheck/symptom_leg_iliopsoas.html",
        _2,
        "No source separated the essential and spillover zones.",
    ),
    Source(
        "triggerpointtherapist_iliopsoas",
        "Trigger Point Therapist: iliopsoas.",
        "https://www.triggerpointtherapist.com/?p=2478",
        _2,
    ),
    Source(
        "aberdeen_iliopsoas",
        "Aberdeen Chiropractic blog: trigger points in iliopsoas.",
        "https://aberdeenchiropracticblog.com/2018/05/01/trigger-points-in-the-iliopsoas-muscle/",
        _2,
    ),
    Source(
        "massagetoday_rectus_abdominis",
        "Massage Today: rectus abdominis (quotes Simons & Travell).",
        "https://www.massagetoday.com/mpacms/mt/article.php?id=14017",
        _2,
    ),
    Source(
        "massagetoday_tfl",
        "Massage Today: hip and thigh pain, the tensor fascia latae connection.",
        "https://massagetoday.com/articles/14542/Hip-and-Thigh-Pain-The-Tensor-Fascia-Latae-Connection",
        _2,
    ),
    Source(
        "aberdeen_tfl",
        "Aberdeen Chiropractic blog: trigger points in tensor fasciae latae.",
        "https://aberdeenchiropracticblog.com/2019/02/21/trigger-points-in-the-tensor-fasciae-latae-muscle/",
        _2,
    ),
    Source(
        "stuarthinds_hamstrings",
        "Stuart Hinds: trigger point therapy for the hamstrings.",
        "https://stuart-hinds.com/blogs/performance-therapy/trigger-point-therapy-for-the-hamstrings",
        _2,
    ),
    Source(
        "massagelibrary_hamstrings",
        "Massage Library (J Mally): hamstrings trigger points.",
        "https://massagelibrary.com/Dr+James+Mally/Sports+Massage+DVD/Trigger+Point+and+Counterstrain/Hamstrings/",
        _2,
    ),
    Source(
        "biomedicines_2025_mtrp_review",
        "Systematic review of myofascial trigger points in low back pain. Biomedicines "
        "2025;13(6):1453. PMID 40564172.",
        "https://pubmed.ncbi.nlm.nih.gov/40564172/",
        _S,
        "Active trigger points: QL 30-55%, gluteus medius 34-45%, piriformis 42%, iliocostalis "
        "33-38%, psoas 5-10%; latent most often in gluteus medius (74%). Read via a PubMed mirror.",
    ),
    Source(
        "perez_palomares_2010",
        "Perez-Palomares S et al. Dry needling versus percutaneous electrical nerve stimulation "
        "in chronic non-specific low back pain. J Musculoskelet Pain 2010;18(1):23-30.",
        "https://search.pedro.org.au/search-results/record-detail/26036",
        _S,
        "122 patients; every one had trigger points, QL in 97.6%.",
    ),
)

_NEEDLING_SAFETY: tuple[Source, ...] = (
    Source(
        "jmmt_2020_l1_paraspinal",
        "Cadaver study of needle depth beside the L1 spinous process. J Man Manip Ther "
        "2020;28(2):111-118. PMID 31875462.",
        "https://pubmed.ncbi.nlm.nih.gov/31875462/",
        _S,
        "Needles at 1.5, 2.0 and 2.5 cm failed to reach bone in 22%, 22% and 44%; safety zone "
        "under 2.5 cm lateral at L1.",
    ),
    Source(
        "williams_2023_ijspt_t12",
        "Williams et al. Dry needling at T12/L1 and the spinal canal (cadaver, ultrasound). "
        "Int J Sports Phys Ther 2023;18(6):1356-1363.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10693480",
        _S,
        "Also lists adverse events reported near the spine: epidural haematoma, post-dural "
        "puncture headache, infection, leg weakness, numbness.",
    ),
    Source(
        "sa_bn121_lower_back",
        "South Africa, Allied Health Professions Act 1982, Board Notice 121: dry-needling "
        "guideline, lower back region.",
        "https://source.acts.co.za/allied-health-professions-act-1982/bn121_5_2_lower_back_region.php",
        _S,
    ),
    Source(
        "kalichman_vulfsons_2010",
        "Kalichman L, Vulfsons S. Dry needling in the management of musculoskeletal pain. "
        "J Am Board Fam Med 2010;23:640-646.",
        "https://docslib.org/doc/4854289/dry-needling-in-the-management-of-musculoskeletal-pain",
        _S,
        "Read via a document mirror.",
    ),
    Source(
        "kearns_2018_piriformis",
        "Kearns G, Gilbert KK, Allen B, et al. Accuracy and safety of dry needle placement in "
        "the piriformis muscle in cadavers. J Man Manip Ther 2018;26(2):89-96.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC5901430",
        _S,
        "Verified for Taut: never pierced the nerve with a medial-third placement, but the "
        "authors urge caution because of the nerve's proximity.",
    ),
    Source(
        "jmmt_2022_piriformis_cadaver",
        "A human donor cadaveric observation study of three needle placements in the "
        "piriformis muscle. J Man Manip Ther 2022, doi:10.1080/10669817.2022.2082638, PMID "
        "35658872.",
        "https://dev.integrativedryneedling.com/a-human-donor-cadaveric-observation-study-of-three-needle-placements-in-the-piriformis-muscle/",
        _2,
        "Verified for Taut; abstract read on a course provider's site.",
    ),
    Source(
        "ball_2019_iliacus_femoral",
        "Ball AM, Finnegan M, Koppenhaver S, et al. The relative risk to the femoral nerve as a "
        "function of patient positioning: implications for trigger point dry needling of the "
        "iliacus muscle. J Man Manip Ther 2019;27(3):162-171.",
        "https://informahealthcare.com/doi/full/10.1080/10669817.2019.1568699",
        _S,
        "Verified for Taut.",
    ),
    Source(
        "halle_2016_via_msdryneedling",
        "Halle and Halle 2016, cadaver dissection of dry-needling considerations, as quoted "
        "(p. 814) in Bynum L, Safe and Smart Dry Needling Round Four, MS Dry Needling blog.",
        "https://www.msdryneedling.com/post/safe-and-smart-dry-needling-round-four",
        _2,
        "Verified for Taut through the blog's quotation only.",
    ),
)

_RED_FLAGS: tuple[Source, ...] = (
    Source(
        "glos_gcare_lbp",
        "NHS Gloucestershire G-Care: low back pain pathway, red flags.",
        "https://g-care.glos.nhs.uk/pathway/75/resource/3",
        _S,
        "Source of most action levels.",
    ),
    Source(
        "cornwall_bass_2018",
        "NHS Cornwall referral criteria: adult low back pain guidelines (spinal neurosurgery), following BASS 2018 on cauda equina.",
        "https://rms.cornwall.nhs.uk/primary_care_clinical_referral_criteria/spinal_neurosurgery/adult_low_back_pain_guidelines",
        _S,
        "Recommends a cauda equina safety-net card for patients.",
    ),
    Source(
        "bristol_spine_clinic",
        "Bristol Spine Clinic: spine education for healthcare professionals.",
        "https://www.bristolspineclinic.co.uk/healthcare-professionals/spine-education/?s=",
        _2,
    ),
    Source(
        "heyneurosurgeon_red_flags",
        "Hull neurosurgeon page: red flag conditions and cauda equina syndrome.",
        "https://www.heyneurosurgeon.co.uk/red-flag-conditions-and-cauda-equina-syndrome/",
        _2,
    ),
    Source(
        "practicenurse_back_pain",
        "Practice Nurse: back pain (A-Z).",
        "https://practicenurse.co.uk/index.php?p1=a-z&p2=back-pain",
        _2,
    ),
    Source(
        "nice_ng65",
        "NICE NG65. Spondyloarthritis in over 16s: diagnosis and management. Recommendations.",
        "https://www.nice.org.uk/guidance/ng65/chapter/recommendations",
        _S,
        "Back pain from before 45 lasting over 3 months: refer with 4 or more of 9 criteria, "
        "test HLA-B27 with exactly 3. Current or past arthritis, enthesitis and psoriasis are "
        "three separate criteria (as listed in the BJGP 2018 summary and NHS Lanarkshire's "
        "referral guideline).",
    ),
    Source(
        "nice_ng59",
        "NICE NG59. Low back pain and sciatica in over 16s (2016, updated 2020), summary.",
        "https://www.guidelines.co.uk/musculoskeletal-and-joints-/nice-low-back-pain-and-sciatica-guideline/453336.article",
        _S,
        "Framing: think of alternative diagnoses when symptoms are new or change.",
    ),
    Source(
        "finucane_2020_ifompt",
        "Finucane LM, Downie A, Mercer C, et al. International framework for red flags for "
        "potential serious spinal pathologies. J Orthop Sports Phys Ther 2020;50(7):350-372. "
        "doi:10.2519/jospt.2020.9971.",
        "https://researchers.mq.edu.au/en/publications/international-framework-for-red-flags-for-potential-serious-spina",
        _S,
        "Framing only: red flags raise suspicion and should be weighed in combination. Its "
        "per-condition weightings and action tiers were not extracted, so Taut's levels come "
        "from NHS pathways.",
    ),
    Source(
        "yusuf_2019_spinal_infection",
        "Yusuf, Finucane, Selfe. Review of spinal infection (2,224 cases). BMC Musculoskelet Disord 2019.",
        "https://bmcmusculoskeletdisord.biomedcentral.com/articles/10.1186/s12891-019-2949-6",
        _S,
        "Spinal pain 72%, fever 55%, diabetes 18%, IV drug use 9%.",
    ),
    Source(
        "ajem_2019_pyogenic_infection",
        "Emergency-department cohort on pyogenic spinal infection. Am J Emerg Med.",
        "https://ajemjournal.com/article/S0735-67571930336-5/fulltext",
        _S,
        "Recent soft-tissue infection or bacteraemia OR 13.5.",
    ),
    Source(
        "clinicaladvisor_aaa",
        "Clinical Advisor: chronic low back pain and an incidental abdominal aortic aneurysm.",
        "https://www.clinicaladvisor.com/quiz/ortho-dx-chronic-lower-back-pain-and-an-incidental-abdominal-aortic-aneurysm-2/",
        _2,
    ),
    Source(
        "medscape_aaa",
        "Medscape eMedicine: abdominal aortic aneurysm, clinical presentation.",
        "http://emedicine.medscape.com/article/1979501-clinical",
        _2,
    ),
)

_CONTRAINDICATIONS: tuple[Source, ...] = (
    Source(
        "physioman_dn",
        "Physioman: dry needling indications and contraindications.",
        "https://physioman.in/Treatment/16/Dry%20Needling",
        _2,
        "Reproduces the absolute/relative lists of the ISCP, APTA, ASAP and CPTA guideline family, which were not read directly.",
    ),
    Source(
        "physilife_dn",
        "Physilife: to needle or not to needle (indications, contraindications and dangers of dry needling).",
        "https://physilife.in/to-needle-or-not-to-needle-that-is-the-question-indications-contraindications-and-dangers-related-to-dry-needling",
        _2,
    ),
    Source(
        "advantagehealth_acupuncture",
        "Advantage Health: acupuncture precautions and contraindications.",
        "http://advantagehealth.net.au/articles/acupuncture-precautions-and-contra-indications",
        _2,
        "Physiotherapy acupuncture list; its absolute rows for unstable heart disease and uncontrolled epilepsy are shipped, its absolute stainless-steel allergy is not (other sources make metal allergy relative).",
    ),
    Source("gsbvk_dn", "GSBVK clinic: dry needling.", "https://gsbvk.com/dry-needling", _2),
    Source(
        "hindawi_2022_antithrombotic",
        "Dry needling in patients taking antithrombotic medicines (review). Pain Res Manag 2022:1363477.",
        "https://www.hindawi.com/journals/prm/2022/1363477/",
        _S,
        "Antithrombotics are not an absolute contraindication; weigh individual risk; ultrasound guidance when available.",
    ),
    Source(
        "jotform_dn_course",
        "Dry-needling course provider's screening and consent form.",
        "https://form.jotform.com/210343599959066",
        _2,
        "Course-provider precaution list; quotes the Brady adverse-event figures.",
    ),
    Source(
        "cummings_2011_ea",
        "Cummings M. Electroacupuncture and implanted cardiac devices. Acupunct Med 2011;29(2):83.",
        "http://aim.bmj.com/content/29/2/83",
        _S,
    ),
    Source(
        "bmas_tens_icd",
        "BMAS blog: TENS in patients with ICDs (2023).",
        "https://bmas.blog/2023/08/06/tens-in-patients-with-icds",
        _2,
    ),
    Source(
        "itmonline_ea",
        "ITM Online: electro-acupuncture.",
        "http://itmonline.org/articles/electro-acupuncture/electro-acupuncture.htm",
        _2,
    ),
    Source(
        "acupuntura_ea",
        "Acupuntura.com: contraindications to electroacupuncture.",
        "https://acupuntura.com/en/articles/contraindicacoes-eletroacupuntura/",
        _2,
        "Clinic site.",
    ),
    Source(
        "doctorabel_epns",
        "Doctor Abel: using electrical percutaneous stimulation in dry needling.",
        "https://www.doctorabel.us/dry-needling-techniques/using-electrical-percutaneous-stimulation.html",
        _2,
        "Low authority.",
    ),
)

_ADVERSE_EVENTS: tuple[Source, ...] = (
    Source(
        "brady_2014",
        "Brady S, McEvoy J, Dommerholt J, Doody C. Adverse events following trigger point dry needling: a prospective survey of chartered physiotherapists. J Man Manip Ther 2014;22(3):134-140. PMID 25125935.",
        "https://informahealthcare.com/doi/abs/10.1179/2042618613Y.0000000044",
        _S,
        "Self-reported by clinicians; serious events may be under-reported.",
    ),
    Source(
        "boyce_2020",
        "Boyce D et al. Adverse events associated with therapeutic dry needling. Int J Sports Phys Ther 2020;15(1):103-113. PMID 32089962.",
        "https://pubmed.ncbi.nlm.nih.gov/32089962/",
        _S,
        "The abstract gives 20,464 sessions in Methods and 20,494 in Results. Read via a PubMed mirror.",
    ),
    Source(
        "physiotherapy_alberta_ae_classes",
        "Physiotherapy Alberta: FAQ on dry-needling adverse events (White et al. severity classes).",
        "https://www.physiotherapyalberta.ca/physiotherapists/resources_to_help_you_meet_practice_standards/dry_needling_safety_resources/faq_dry_needling_adverse_events",
        _S,
    ),
    Source(
        "martin_pintado_2016_pns",
        "Martin-Pintado-Zugasti A et al. Post-needling soreness after deep dry needling of a latent upper-trapezius trigger point. J Back Musculoskelet Rehabil 2016;29(2):301-308.",
        "https://pubmed.ncbi.nlm.nih.gov/26406209/",
        _S,
    ),
    Source(
        "pns_ischaemic_compression_rct",
        "Ischaemic compression after dry needling of a latent trigger point reduces post-needling soreness (RCT; abstract).",
        "https://www.physiospot.com/research/ischemic-compression-after-dry-needling-of-a-latent-myofascial-trigger-point-reduces-post-needling-soreness-intensity-and-duration/",
        _2,
        "Control mean VAS 34.8 right after needling and 3.8 at 48 h: soreness is worst immediately. Journal not confirmed.",
    ),
    Source(
        "jcm_2021_pns",
        "J Clin Med 2021;10(23):5527 (post-needling soreness).",
        "https://www.mdpi.com/2077-0383/10/23/5527",
        _S,
        "Average duration of soreness under 72 h. Read via a mirror.",
    ),
    Source(
        "pmr_2018_pns_dose",
        "Post-needling soreness after different doses of dry needling of an active trigger point in neck pain (RCT, n=120). PM R 2018;10(12):1311-1320.",
        "https://pubmed.ncbi.nlm.nih.gov/29857165/",
        _S,
        "Soreness rated daily for one week; more twitch responses, more and longer soreness.",
    ),
    Source(
        "zhao_2011_trials",
        "Zhao L et al. Adverse events in three multicentre acupuncture RCTs (n=1,968). Trials 2011;12:87.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3072923",
        _S,
        "74 patients (3.76%) had an event, mostly haematoma and bleeding; 73 of 74 recovered within 2 weeks.",
    ),
    Source(
        "clinic_page_bruising_claim",
        "Clinic dry-needling page for low back pain (marketing FAQ) in Taut's service reference set.",
        _NO_ADDRESS,
        _2,
        "Marketing claim of three to five days; no research source found. Shown as a claim only.",
    ),
    Source(
        "xu_2013_acupuncture_ae_review",
        "Xu S, Wang L, Cooper E, et al. Adverse events of acupuncture: a systematic review of case reports. Evid Based Complement Alternat Med 2013;2013:581203.",
        "http://www.hindawi.com/journals/ecam/2013/581203/",
        _S,
        "Verified for Taut: infections were the main complication reported.",
    ),
    Source(
        "bacc_inflamed_points",
        "British Acupuncture Council, Ask an expert: inflamed puncture points after acupuncture.",
        "https://www.acupuncture.org.uk/public-content/public-ask-an-expert/ask-an-expert-general/1752-i-have-been-attending-for-acupuncture-for-some-time-with-somebody-who-is-registered-however-after-the-last-session-i-have-2-inflamed-puncture-points-which-have-also-turned-hard-i-am-not-sure-what-to-do-or-why-this-is.html",
        _2,
        "Verified for Taut: inflammation is not necessarily infection; go back to the practitioner first.",
    ),
    Source(
        "cureus_2021_pneumothorax",
        "Pneumothorax following acupuncture (case report). Cureus 2021;13(3):e14207. PMID 33948398.",
        "https://integrativedn.com/pneumothorax-following-acupuncture/",
        _2,
        "Verified for Taut: pleuritic chest pain the day after dry needling for back pain. Abstract read on a course provider's site.",
    ),
    Source(
        "irmedj_2022_pneumothorax",
        "Bilateral pneumothoraces following dry needling (case report). Ir Med J 2022;115(2):546. PMID 35420007.",
        "https://pubmed.ncbi.nlm.nih.gov/35420007/",
        _S,
        "Verified for Taut: chest pain and breathlessness after dry needling; admitted. Read via a translation proxy of PubMed.",
    ),
)

ENTRIES: tuple[Source, ...] = (
    *_LOCAL,
    *_REFERRAL,
    *_NEEDLING_SAFETY,
    *_RED_FLAGS,
    *_CONTRAINDICATIONS,
    *_ADVERSE_EVENTS,
)
