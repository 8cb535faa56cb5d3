"""Words that name a machine-learning topic or a field of research mean other things in
other fields, and tags must not follow them there. Titles of real libraries (origins
noted) and short texts written for these tests, each of one kind of collision."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import categories, topics
from generator.model import Paper
from generator.tagging import assign_tags, in_context, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


# Titles of libraries written by other people: Zotero Better BibTeX's test fixtures (a Cu2O
# materials library, JabRef #97; a materials library, #1436-2; a history of science library,
# "Bulk performance test"), the Kaggle arXiv snapshot's first papers (0704.*) and the
# references of a survey of reinforcement learning in economics.
REAL_TITLES = [
    ("Thin-Film Deposition of Cu$_2$O by Reactive Radio-Frequency Magnetron Sputtering", "Wireless Communication"),
    ("Characterization of cuprous oxide films prepared by post-annealing of cupric oxide using an atmospheric "
     "nitrogen pressure plasma torch", "Climate & Weather"),
    ("A computer program for fast non-LTE analysis of interstellar line spectra", "Wireless Communication"),
    ("Instanton Liquid at Finite Temperature and Chemical Potential of Quarks", "Chemistry & Materials"),
    ("Cosmological Deixis and Amerindian Perspectivism", "Astrophysics"),
    ("The Mirror, the Window, and the Telescope: How Renaissance Linear Perspective Changed Our Vision of the Universe",
     "Astrophysics"),
    ("Two-Photon Absorption Induced Anti-Stokes Emission in Single InGaN/GAN Quantum-Dot-like Objects",
     "Generative Adversarial Networks"),
    ("The New Area-Wide Model II: an extended version of the ECB's micro-founded model for forecasting and policy analysis",
     "Foundation Models & Pre-training"),
]


@pytest.mark.parametrize(("title", "wrong"), REAL_TITLES)
def test_real_titles_of_other_fields_get_no_tag_of_another_sense(taxonomy, title, wrong):
    assert wrong not in assign_tags(title, "", taxonomy)
    assert wrong not in assign_tags(title, "We fit a random forest to the measurements.", taxonomy)  # in the field


@pytest.mark.parametrize(
    ("title", "abstract", "wrong"),
    [
        ("Vitamin D status and falls", "Vit D supplementation did not reduce falls in a deep learning cohort study.",
         "Transformers & Attention"),  # ViT is matched as written
        ("The LLM degree and the globalisation of legal education", "Foreign LLM graduates now dominate.", "LLMs"),
        ("Peregrine falcon nest occupancy", "We used a random forest classifier; falcon occupancy rose with height.", "LLMs"),
        ("Venom of the black mamba", "A deep learning classifier of mass spectra of black mamba venom.", "State Space Models"),
        ("Population-based screening for colorectal cancer", "A gradient boosting model in a population-based cohort.",
         "Evolutionary Algorithms"),
        ("Teacher-student relationships in vocational schools", "A machine learning analysis of teacher-student relationships "
         "and lifelong learning.", "Knowledge Distillation"),
        ("Quantized vortices and the anomalous Hall effect", "A neural network wave function of quantized vortices.", "Quantization"),
        ("Hernia repair with lightweight mesh", "Mesh-related pain was followed by an AI chatbot.", "3D / Point Clouds / Meshes"),
        ("ZnO nanoparticles", "Washed with distilled water; a neural network predicted the band gap.", "Knowledge Distillation"),
        ("I-V characteristics of the vortex state in MgB2 thin films", "", "Fluid Dynamics & Turbulence"),
    ],
)
def test_another_fields_sense_of_a_topics_words_is_no_topic(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


def test_the_topics_own_senses_still_tag(taxonomy):
    assert "Transformers & Attention" in assign_tags("Scaling ViT models", "Vision transformers trained on images.", taxonomy)
    assert "Foundation Models & Pre-training" in assign_tags("A foundation model for proteins", "Pre-training at scale.", taxonomy)
    assert "Evolutionary Algorithms" in assign_tags("Evolutionary search for neural architectures", "A genetic algorithm.", taxonomy)
    assert "Anomaly Detection" in assign_tags("Detecting Anomalous Ride-Hailing Driver Routes", "Inverse reinforcement learning.", taxonomy)
    assert "Chemistry & Materials" in assign_tags("Native defects in cuprous oxide", "Defect formation energies depend on the "
                                                  "chemical potential of oxygen in this material; molecular dynamics.", taxonomy)


def test_only_machine_learning_categories_put_a_paper_in_the_field(taxonomy):
    full = categories.with_categories(taxonomy)
    def tagged(title, abstract, codes):
        [paper], _ = topics.tag_papers([Paper(title=title, abstract=abstract, key=f"title:{title}", categories=codes)], full)
        return paper.tags
    # A compiler, an algorithm, numerical analysis: arXiv's cs and math, not its machine learning.
    assert "Transformers & Attention" not in tagged("Monad transformers for modular interpreters", "Each transformer adds an effect.", ("cs.PL",))
    assert "Pruning" not in tagged("Pruning branch-and-bound search trees", "Pruning reduces nodes.", ("cs.DS",))
    assert "Graph Neural Networks" not in tagged("A verified message passing runtime", "Message passing between actors.", ("cs.PL", "cs.DC"))
    assert "Transformers & Attention" in tagged("Efficient transformers", "We make attention cheaper.", ("cs.CL",))


def test_a_keyword_that_names_a_topic_names_it_only_in_the_field(taxonomy):
    full = categories.with_categories(taxonomy)
    def tagged(title, keywords):
        [paper], report = topics.tag_papers([Paper(title=title, abstract="", key=f"title:{title}", user_tags=keywords)], full)
        return paper.tags, repr(report.dropped)
    # Kept as the person's, it would be the tag of the same name: an apple tree on the page of pruned networks.
    tags, dropped = tagged("Summer pruning of apple trees reduces fruit russeting", ("Pruning", "Apple"))
    assert "Pruning" not in tags and "a topic's name, outside its field" in dropped
    # cs.LG's old name "Learning" is a word of any field; with its archive it names the category.
    tags, _ = tagged("A review of the literature on adolescent readers", ("Learning", "Literacy"))
    assert "Machine Learning" not in tags
    tags, _ = tagged("Efficient attention", ("Computer Science - Learning",))
    assert "Machine Learning" in tags


def test_a_keyword_that_names_a_topic_by_several_words_is_ruled_out_only_by_an_abstract(taxonomy):
    full = categories.with_categories(taxonomy)

    def tagged(title, abstract, keywords):
        [paper], report = topics.tag_papers([Paper(title=title, abstract=abstract, key=f"title:{title}",
                                                   user_tags=keywords)], full)
        return paper.tags, repr(report.dropped)
    # Franzak 2016, Review of Educational Research, in Zotero Better BibTeX's test fixture
    # "web_page and other mendeley idiocy.bib": "learning theories" of literacy education.
    title = "Zoom: A Review of the Literature on Marginalized Adolescent Readers, Literacy Theory, and Policy"
    abstract = ("The achievement of adolescent literacy learners has become a significant topic of research and "
                "policy. This review of literature links current literacy learning theories, research that addresses "
                "the individualized nature of adolescent readers, and the literature delineating adolescent literacy policy.")
    tags, dropped = tagged(title, abstract, ("Learning theories", "Literacy"))
    assert "Learning Theory" not in tags
    assert "a topic's name, outside its field" in dropped
    # A paper known by its title alone: the name says the field.
    assert "Diffusion Models" in tagged("Denoising probabilistic models", "", ("Diffusion models",))[0]
    # An abstract of the field: the keyword names its topic.
    assert "Learning Theory" in tagged("Bounds for deep networks", "We bound the error of neural networks trained "
                                       "by gradient descent.", ("Learning theories",))[0]


def test_the_fields_own_words_in_another_sense_do_not_put_a_paper_in_it(taxonomy):
    assert not in_context("The LLM degree and the globalisation of legal education", "Foreign LLM graduates now dominate.", taxonomy)
    assert not in_context("Neuro-linguistic programming (NLP) in teacher training", "", taxonomy)
    assert in_context("Evaluating an LLM on legal questions", "", taxonomy)


def test_a_keyword_with_its_acronym_names_its_topic():
    from generator.keywords import known_keys
    known = known_keys(categories.with_categories(load_taxonomy(ROOT / "taxonomy.yml")))
    # As IEEE and Zotero write them; parentheses that say which sense ("Mamba (snake)") name none.
    assert known.classify("Convolutional Neural Networks (CNN)") == ("topic", "Convolutional Neural Networks")
    assert known.classify("Generative Adversarial Nets (GAN)") == ("topic", "Generative Adversarial Networks")
    assert known.classify("Mamba (snake)") == ("keyword", "Mamba (snake)")


def test_an_image_synthesis_paper_that_manipulates_objects_is_no_robotics(taxonomy):
    # Wang et al., pix2pixHD (CVPR 2018): its abstract's "object manipulations" are edits of an image.
    abstract = ("We present a new method for synthesizing high-resolution photo-realistic images from semantic label maps "
                "using conditional generative adversarial networks. We incorporate object instance segmentation information, "
                "which enables object manipulations such as removing/adding objects and changing the object category.")
    assert "Robotics" not in assign_tags("High-Resolution Image Synthesis and Semantic Manipulation with Conditional GANs",
                                         abstract, taxonomy)
    assert "Robotics" in assign_tags("Dexterous object manipulation with deep reinforcement learning", "A robot hand learns.", taxonomy)


# A second audit: Cohen et al.'s drug class reviews (PubMed titles with MeSH terms, as kept in
# asreview/asreview's datasets) and two days of arXiv listings kept by daily-arXiv-ai-enhanced forks.
CLINICAL_TITLES = [
    ("The acute phase and function in early rheumatoid arthritis. C-reactive protein levels correlate with functional outcome",
     "Computational Biology"),
    ("Effects of fexofenadine, diphenhydramine, and alcohol on driving performance. A randomized, placebo-controlled trial "
     "in the Iowa driving simulator", "Autonomous Driving"),
]


@pytest.mark.parametrize(("title", "wrong"), CLINICAL_TITLES)
def test_clinical_papers_get_no_field_of_another_sense(taxonomy, title, wrong):
    assert wrong not in assign_tags(title, "", taxonomy)


def test_machine_learning_papers_keep_their_topics_and_lose_acronyms_of_other_senses(taxonomy):
    # "TTS" is test-time scaling there, not speech; GRPO is reinforcement learning.
    assert "Speech & Audio" not in assign_tags("EGSS: Entropy-guided Stepwise Scaling for Reliable Software Engineering",
                                               "Test-time scaling (TTS) of large language models; TTS improves code agents.", taxonomy)
    assert "Reinforcement Learning" in assign_tags("Unveiling Implicit Advantage Symmetry: Why GRPO Struggles with Exploration",
                                                   "Large language models trained with GRPO.", taxonomy)
    assert "Diffusion Models" in assign_tags("DLM-Scope: Mechanistic Interpretability of Diffusion Language Models",
                                             "Sparse autoencoders on a language model.", taxonomy)
    assert "Computational Biology" in assign_tags("Robust Inference-Time Steering of Protein Diffusion Models",
                                                  "Embedding optimization for deep learning models of proteins.", taxonomy)


def test_a_databases_check_tags_are_no_topics():
    from generator.keywords import known_keys
    known = known_keys(categories.with_categories(load_taxonomy(ROOT / "taxonomy.yml")))
    # MeSH's check tags, on 680 of 1,158 papers of the medical libraries; Embase's document labels.
    for tag in ("Humans", "Middle Aged", "Aged, 80 and over", "Double-Blind Method", "priority journal", "article"):
        assert known.classify(tag) == ("dropped", "a database's check tag"), tag
    assert known.classify("Hippocampus") == ("keyword", "Hippocampus")
    # EPPI-Reviewer's RIS export (asreview/citation-file-formatting, `_baseline_eppireviewer.ris`) marks every record.
    assert known.classify("eppi-reviewer")[0] == "dropped"
    # BibSonomy's `dblp` account marks every post it copies from DBLP (`keywords = {dblp}`), as it marks others `imported`.
    assert known.classify("dblp")[0] == known.classify("DBLP")[0] == known.classify("imported")[0] == "dropped"


# arXiv 2602.05616 and 2606.30875, from arXiv listings of cs.LG (the tag audits' libraries):
# their subjects are other senses of a tag's word, named once by an `exclude` phrase and
# afterwards by the word alone.
DATASET_DISTILLATION = (
    "Path-Guided Flow Matching for Dataset Distillation",
    "Dataset distillation compresses large datasets into compact synthetic sets with comparable performance in "
    "training models. Despite recent progress on diffusion-based distillation, this type of method typically depends "
    "on heuristic guidance. We propose Path-Guided Flow Matching, the first flow matching-based framework for "
    "generative distillation. PGFM matches or surpasses prior diffusion-based distillation approaches.",
)
PSEUDO_LABEL_PRUNING = (
    "The Label Imitation Game: Turing Test Network for Zero-Shot Pseudo-Label Pruning",
    "To eliminate these errors, we introduce the Label Imitation Game (LIG), a framework that formalizes pseudo-label "
    "pruning as an adversarial interrogation. A TTN trained strictly on image classification datasets can effectively "
    "prune complex object detection pseudo-labels. This pruning yields F1-score gains of 28% for the worst-performing "
    "baseline categories, and the TTN pruning detoxifies the training signal for downstream models.",
)


@pytest.mark.parametrize(("paper", "right", "wrong"), [
    (DATASET_DISTILLATION, "Dataset Distillation", "Knowledge Distillation"),
    (PSEUDO_LABEL_PRUNING, None, "Pruning"),
])
def test_a_word_alone_after_an_exclude_phrase_ending_in_it_is_that_other_sense(taxonomy, paper, right, wrong):
    tags = assign_tags(*paper, taxonomy)
    assert wrong not in tags
    assert right is None or right in tags


def test_a_word_alone_keeps_its_tag_when_the_paper_also_names_the_tags_own_sense(taxonomy):
    title = "Distillation of datasets and of models"
    abstract = ("We compare dataset distillation with knowledge distillation. The distillation of a teacher "
                "into a student is faster; distillation of data needs fewer labels.")
    assert "Knowledge Distillation" in assign_tags(title, abstract, taxonomy)
    # The same text without the tag's own phrase: every bare "distillation" is the dataset's.
    alone = abstract.replace("with knowledge distillation", "with coresets")
    assert "Knowledge Distillation" not in assign_tags(title, alone, taxonomy)


def test_the_other_sense_of_a_word_in_the_title_rules_out_the_word_alone_in_the_abstract(taxonomy):
    title = "Pseudo-label pruning for semi-supervised segmentation"
    abstract = "Pruning removes noisy labels. Our pruning keeps 90% of the correct labels; we prune the rest."
    assert "Pruning" not in assign_tags(title, abstract, taxonomy)
    assert "Pruning" in assign_tags("Pruning for semi-supervised segmentation", abstract, taxonomy)


# arXiv 2306.07400 (cs.SE), as the arXiv API returns it: SNNs are Siamese networks there.
SIAMESE = (
    "Neural Embeddings for Web Testing",
    "In this paper, we present a model-based test generation approach that employs transformer-based Siamese neural "
    "networks (SNNs) to infer web application models more accurately. By learning similarity-based representations, "
    "SNNs capture structural and textual relationships among web pages. Our evaluation across nine web apps shows "
    "that SNNs outperform state-of-the-art techniques in near-duplicate detection.",
)


def test_an_acronym_the_paper_defines_otherwise_counts_for_none_of_its_tags(taxonomy):
    assert "Neuroscience-Inspired Learning" not in assign_tags(*SIAMESE, taxonomy)
    spiking = "We train spiking neural networks (SNNs) on events. SNNs save energy; SNNs are sparse."
    assert "Neuroscience-Inspired Learning" in assign_tags("Sparse event nets", spiking, taxonomy)
    siamese = spiking.replace("spiking", "Siamese")
    assert "Neuroscience-Inspired Learning" not in assign_tags("Sparse event nets", siamese, taxonomy)
    # A hyphenated word before the words whose initials spell it is read whole.
    mllm = "Multi-modal large language models (MLLMs) answer questions about images; MLLMs reason."
    assert "Vision-Language Models" in assign_tags("Latent reasoning", mllm, taxonomy)


def test_fmri_read_split_is_no_medicine(taxonomy):
    # Titles of crcox/MASTERBIB's Main.bib (cognitive neuroscience): "fMRI" read split is "f MRI".
    assert "Healthcare & Medicine" not in assign_tags("The future of fMRI in cognitive neuroscience", "", taxonomy)
    assert "Healthcare & Medicine" not in assign_tags("Kernel regression for fMRI pattern prediction", "", taxonomy)
    assert "Healthcare & Medicine" in assign_tags("MRI of the knee in athletes", "", taxonomy)


@pytest.mark.parametrize(("title", "wrong"), [
    # gisurgonc/handbook's zotero.bib (surgical oncology) and Straw674/daily-arXiv-astro-ph's Zotero library.
    ("Comparative Safety of Robotic-Assisted vs Laparoscopic Cholecystectomy", "Robotics"),
    ("Robot-assisted esophageal surgery using the da Vinci Xi system: operative technique", "Robotics"),
    ("The Chemical Evolution of Galaxies", "Chemistry & Materials"),
    ("Recovering Extra-Tidal Open Cluster Members via Multi-Elemental Chemical Tagging", "Chemistry & Materials"),
    ("A longitudinal investigation of relational catalyst support of goal strivings", "Chemistry & Materials"),
    ("Wireless Remote Home Monitoring of Vital Signs in Patients Discharged Early", "Wireless Communication"),
])
def test_other_fields_senses_of_robotic_chemical_and_wireless(taxonomy, title, wrong):
    assert wrong not in assign_tags(title, "", taxonomy)


def test_astronomy_is_astrophysics(taxonomy):
    assert "Astrophysics" in assign_tags("Magnetic White Dwarf Stars in the Sloan Digital Sky Survey", "", taxonomy)
    assert "Astrophysics" in assign_tags("The Chinese Pulsar Timing Array Data Release I", "", taxonomy)
    assert "Robotics" in assign_tags("Learning to walk with a legged robot", "", taxonomy)


# arXiv 2512.10308 and 2511.10409 (daily arXiv listings kept as JSON Lines: junle-chen's and KAFKA2306's
# daily-arXiv-ai-enhanced): a method called interpretable is a claim; explaining a model is the topic.
def test_a_method_called_interpretable_is_no_interpretability_paper_but_explaining_a_model_is(taxonomy):
    claim = ("An Interpretable AI Tool for SAVR vs TAVR in Low to Intermediate Risk Patients with Severe Aortic Stenosis",
             "While existing models predict postprocedural risk, there is a lack of interpretable, individualized "
             "treatment recommendations. We introduce an interpretable prescriptive framework that integrates "
             "prognostic matching and an Optimal Policy Tree.")
    topic = ("Explaining Decentralized Multi-Agent Reinforcement Learning Policies",
             "However, most existing explanation methods focus on centralized MARL, failing to address the uncertainty "
             "and nondeterminism inherent in decentralized settings. We propose methods to generate policy summarizations "
             "that capture task ordering and agent cooperation in decentralized MARL policies, along with query-based "
             "explanations for When, Why Not, and What types of user queries about specific agent behaviors. User studies "
             "show that our summarizations and explanations significantly improve user question-answering performance.")
    assert "Interpretability" not in assign_tags(*claim, taxonomy)
    assert "Interpretability" in assign_tags(*topic, taxonomy)
    # "Downstream tasks" is said of any paper's evaluation; pre-training named in full is the topic.
    assert "Foundation Models & Pre-training" not in assign_tags(
        "Burst image quality assessment", "A unified deep learning framework evaluated on three downstream tasks. It also "
        "improves two further downstream tasks of burst imaging.", taxonomy)
    assert "Foundation Models & Pre-training" in assign_tags(
        "TADS: Task-Aware Data Selection for Multi-Task Multimodal Pre-Training", "", taxonomy)


def test_a_word_alone_after_an_exclude_phrase_beginning_with_it_is_that_other_sense(taxonomy):
    # arXiv 0704.0126 (the Kaggle arXiv snapshot's first papers): a superconductor's vortex state and vortex glass.
    title = "I-V characteristics of the vortex state in MgB2 thin films"
    abstract = ("At fields between 0 and 5T, vortex liquid-glass transitions were found in the I-V isotherms. We suggest "
                "that this may be caused by a mixture of sigma band vortices and pi band quasiparticles, as the quasi-2D "
                "vortex glass formalism describes.")
    assert "Fluid Dynamics & Turbulence" not in assign_tags(title, abstract, taxonomy)
    assert "Fluid Dynamics & Turbulence" in assign_tags("Vortex shedding behind a cylinder",
                                                        "We simulate the wake and its vortices in turbulent flow.", taxonomy)


def test_the_life_sciences_galaxy_platform_is_no_astrophysics(taxonomy):
    # Goecks et al. 2010, in a bioinformatics thesis's library (DarwinAwardWinner/Thesis `library.bib`).
    title = ("Galaxy: A Comprehensive Approach for Supporting Accessible, Reproducible, and Transparent Computational "
             "Research in the Life Sciences.")
    abstract = ("Galaxy http://usegalaxy.org, an open web-based platform for genomic research, addresses these problems. "
                "Galaxy automatically tracks and manages data provenance. Galaxy Pages are interactive, web-based documents.")
    assert "Astrophysics" not in assign_tags(title, abstract, taxonomy)
    assert "Astrophysics" in assign_tags("Galaxy formation in the early universe", "We simulate dwarf galaxies.", taxonomy)
