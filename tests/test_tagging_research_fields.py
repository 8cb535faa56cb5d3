"""Fields of research that had no tag: neuroscience, economics and finance, law and politics,
linguistics, ecology, condensed-matter physics. Their own subject matter tags, in libraries of those fields and in machine-learning
listings; the words machine learning uses in its own senses (a network's neurons, a learner's
policy, a memory bank, a text's linguistic features, a genetic algorithm's population, a model's phase transition) do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "field"), [
    # A connectomics Mendeley library (Arnatkeviciute), a psychology library (crcox/MASTERBIB),
    # MIT AI memos and a daily arXiv listing of EEG decoding.
    ("Network-based statistic: identifying differences in brain networks.", "Neuroscience"),
    ("Consistency-based thresholding of the human connectome", "Neuroscience"),
    ("Mapping connectomes with diffusion MRI: deterministic or probabilistic tractography?", "Neuroscience"),
    ("A quantitative study of the human cerebellum with unbiased stereological techniques", "Neuroscience"),
    ("The future of fMRI in cognitive neuroscience", "Neuroscience"),
    ("Chromatic Gain Controls in Visual Cortical Neurons", "Neuroscience"),
    ("Selectivity of Local Field Potentials in Macaque Inferior Temporal Cortex", "Neuroscience"),
    ("HCFT: Hierarchical Convolutional Fusion Transformer for EEG Decoding", "Neuroscience"),
    # A systemic-risk library (Brunner), a research-transparency library (Christensen), Scopus exports
    # on poison pills and on policy diffusion, and Machine Learning journal titles.
    ("Measuring systemic risk", "Economics & Finance"),
    ("Interbank lending and systemic risk", "Economics & Finance"),
    ("Revisiting the Minimum Wage Employment Debate: Throwing Out the Baby with the Bathwater?", "Economics & Finance"),
    ("Let's Take the Con Out of Econometrics", "Economics & Finance"),
    ("Global diffusion, policy flexibility, and inflation targeting", "Economics & Finance"),
    ("The illusory protections of the poison pill", "Economics & Finance"),
    ("PAMR: Passive aggressive mean reversion strategy for portfolio selection", "Economics & Finance"),
    # A rulemaking and political-science library (judgelord) and the policy-diffusion export.
    ("Overriding Supreme Court Statutory Interpretation Decisions", "Law & Policy"),
    ("Assessing consensus: The promise and performance of negotiated rulemaking", "Law & Policy"),
    ("Administrative Law Without Congress", "Law & Policy"),
    ("Policy diffusion dynamics in America", "Law & Policy"),
    ("Bicameralism and its consequences for the internal organization of legislatures", "Law & Policy"),
    # A phonetics library (stefanocoretta) and a psycholinguistics thesis's (pablobernabeu).
    ("Vowel duration in whispered and in normal speech", "Linguistics"),
    ("Autosegmental and metrical phonology", "Linguistics"),
    ("Phonotacticon: a cross-linguistic phonotactic database", "Linguistics"),
    ("I See/Hear What You Mean: Semantic Activation in Visual Word Recognition Depends on Perceptual Attention",
     "Linguistics"),
])
def test_a_fields_own_subject_matter_tags(taxonomy, title, field):
    assert field in assign_tags(title, "", taxonomy)


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    # Machine Learning journal, JAIR and daily arXiv listings (cs.CL, cs.LG, cs.RO, eess.AS);
    # abstracts shortened to the sentences at issue.
    ("Neural network relief: a pruning algorithm based on neural activity",
     "Current deep neural networks (DNNs) are overparameterized and use most of their neuronal connections during "
     "inference for each task. The human brain, however, developed specialized regions for different tasks and "
     "performs inference with a small fraction of its neuronal connections.", "Neuroscience"),
    ("Dynamic Weight Adaptation in Spiking Neural Networks Inspired by Biological Homeostasis",
     "Homeostatic mechanisms play a crucial role in maintaining optimal functionality within the neural circuits of "
     "the brain. Among these mechanisms, the Bienenstock, Cooper, and Munro (BCM) theory has been extensively studied "
     "as a key principle for maintaining the balance of synaptic strengths in biological systems. DWAM can be "
     "integrated into the host SNN, dynamically adjusting network weights in real time to regulate neuronal "
     "activity.", "Neuroscience"),
    ("Write Once, Run Everywhere: The Axon DSL for Shape-Safe and Framework-Agnostic LLM Architectures",
     "Axon is a domain-specific language for LLM architectures; Axon programs compile to several frameworks.",
     "Neuroscience"),
    ("WhiteMatter: All-to-All Cross-Layer Connections via KV Mixing",
     "We propose WhiteMatter, which connects every attention layer to the representations from all layers of each "
     "past token.", "Neuroscience"),
    ("Humanoid Whole-Body Manipulation via Active Spatial Brain and Generalizable Action Cerebellum", "",
     "Neuroscience"),
    ("Interpretable Deep Reinforcement Learning Via Concept-Based Policy Distillation",
     "Deep reinforcement learning policies perform exceptionally well in applications like Atari games, chess, Go, "
     "and poker. For the same reason, deploying these policies in high-stakes applications like healthcare, finance, "
     "and criminal justice is infeasible. We use the concepts to train a distilled policy represented using sparse "
     "linear models.", "Law & Policy"),
    ("Machine unlearning: linear filtration for logit-based classifiers",
     "Recently enacted legislation grants individuals certain rights to decide in what fashion their personal data "
     "may be used and in particular a \u201cright to be forgotten\u201d. This poses a challenge to machine learning.",
     "Law & Policy"),
    ("Fast greedy C-bound minimization with guarantees",
     "The C-bound is a tight bound on the true risk of a majority vote classifier that relies on the individual "
     "quality and pairwise disagreement of the voters. MinCq returns a dense distribution on a finite set of voters.",
     "Law & Policy"),
    ("WaterMod: Modular Token-Rank Partitioning for Probability-Balanced LLM Watermarking",
     "Large language models now draft news, legal analyses, and software code with human-level fluency. At the same "
     "time, regulations such as the EU AI Act mandate that each synthetic passage carry an imperceptible, "
     "machine-verifiable mark for provenance.", "Law & Policy"),
    ("MADrive: Memory-Augmented Driving Scene Modeling",
     "This work introduces MADrive, a memory-augmented reconstruction framework that replaces observed vehicles with "
     "visually similar 3D assets retrieved from a large-scale external memory bank. A retrieval module finds the most "
     "similar car instances in the memory bank.", "Economics & Finance"),
    ("Genre distinctions for discourse in the Penn TreeBank", "", "Economics & Finance"),
    ("Budget-First Tariff Recommendation (BFTR): A Complete Algorithmic Framework for Telecom Plan Recommendation "
     "without Overcharging",
     "Telecom operators traditionally offer predefined tariff grids, forcing users to choose from a limited set of "
     "plans. A detailed comparative analysis confronts BFTR to ten main existing tariff models.", "Economics & Finance"),
    ("PAST: Phonetic-Acoustic Speech Tokenizer",
     "We present PAST, a novel end-to-end framework that jointly models phonetic information alongside signal "
     "reconstruction. PAST employs supervised phonetic data.", "Linguistics"),
    ("Linguistic Bias Mitigation for Spoofing Detection via Gradient Reversal and A Variational Information "
     "Bottleneck", "Spoofing detectors learn linguistic content instead of artefacts; we remove linguistic bias.",
     "Linguistics"),
])
def test_machine_learnings_senses_of_the_fields_words(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize("title", [
    # NeurIPS, ICML and daily-listing titles of reinforcement learning, where "policy" is the learner's.
    "A reinterpretation of the policy oscillation phenomenon in approximate policy iteration",
    "Doubly Robust Off-policy Value Evaluation for Reinforcement Learning",
    "SEMDICE: Off-policy State Entropy Maximization via Stationary Distribution Correction Estimation",
])
def test_a_reinforcement_learners_policy_is_no_public_policy(taxonomy, title):
    assert "Law & Policy" not in assign_tags(title, "", taxonomy)
    assert "Law & Policy" not in assign_tags(title, title + ". " + title, taxonomy)  # two mentions in an abstract


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    # A ReadCube genomics library (lledo), a PubMed feed (Heidelberg), a PTSD systematic review's
    # RIS export and a RefWorks pharmacology library.
    ("Enhancer connectome in primary human cells identifies target genes of disease-associated DNA elements", "",
     "Neuroscience"),
    ("Treatment Strategies and Prognostic Factors in Secondary Central Nervous System Lymphoma: A Multicenter Study "
     "of 124 Patients", "", "Neuroscience"),
    ("Plasma serotonin and histamine levels in hemodialysis-related pruritus are not significantly influenced by "
     "5-HT3 receptor blocker and antihistaminic therapy",
     "Plasma serotonin was measured before and after treatment; serotonin levels did not change.", "Neuroscience"),
    ("Trajectories of Scores on a Screening Instrument for PTSD Among World Trade Center Rescue, Recovery, and "
     "Clean-Up Workers",
     "Rescue and recovery workers responded at the World Trade Center (WTC; New York, NY) and were enrolled in the "
     "World Trade Center Health Registry. Higher PCL scores were associated with divorce and unemployment.",
     "Economics & Finance"),
    # A hydrology Zotero library and a surgical-oncology Zotero library.
    ("A simple model for the transport of soil-dissolved chemicals in runoff by raindrops",
     "Assuming that the exchange rate is controlled by raindrop splash, the effects of diffusion can be neglected and "
     "the exchange rate, km, can be replaced by the variable er.", "Economics & Finance"),
    ("Understanding Costs of Care in the Operating Room",
     "This analysis examined annual financial disclosure documents from all comparable short-term general and "
     "specialty care hospitals in California from fiscal year (FY) 2005 to FY2014. Wages and benefits accounted for "
     "approximately two-thirds of direct expenses. From FY2005 to FY2014, expenses in the OR have increased faster "
     "than the consumer price index and medical consumer price index. The mean cost of OR time is $36 to $37 per "
     "minute, using financial data from California's short-term general and specialty hospitals in FY2014.",
     "Economics & Finance"),
])
def test_other_fields_senses_of_the_fields_words(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


def test_neuroscience_and_brain_inspired_learning_stay_apart(taxonomy):
    # A daily listing's spiking network (wlsgur, 2026-06-13): brain-inspired learning, not a study of brains.
    longspike = ("Spiking Neural Networks (SNNs) are well-regarded for their biological plausibility and energy "
                 "efficiency in processing sequential data. However, dominant SNN architectures typically rely on "
                 "first-order Ordinary Differential Equations (ODEs) to govern neuronal state transitions. LongSpike "
                 "enables the hierarchical integration of neuronal dynamics with long-memory kernels, while "
                 "preserving sparse synaptic computation.")
    tags = assign_tags("LongSpike: Fractional Order Spiking State Space Models for Efficient Long Sequence Learning",
                       longspike, taxonomy)
    assert "Neuroscience-Inspired Learning" in tags
    assert "Neuroscience" not in tags
    # Neural Computation's models of brains are neuroscience.
    assert "Neuroscience" in assign_tags("A Canonical Microcircuit for Neocortex", "", taxonomy)


@pytest.mark.parametrize("title", [
    # ICML 2013 (b-vitamins/bibliography, conferences/icml/2013.bib); a 2025 arXiv listing.
    "Dynamic Covariance Models for Multivariate Financial Time Series",
    "Towards Unified Multimodal Financial Forecasting: Integrating Sentiment Embeddings and Market Indicators",
])
def test_finances_series_are_time_series_too(taxonomy, title):
    tags = assign_tags(title, "", taxonomy, in_field=True)  # an ICML paper, a cs.LG listing's
    assert "Time Series" in tags and "Economics & Finance" in tags


@pytest.mark.parametrize(("title", "abstract"), [
    # A species-distribution dissertation's library (davharris), a community-ecology Citavi library, a
    # parasite-ecology Web of Science export, a cactus-ecology Mendeley library and a Lotka-Volterra
    # JabRef library; then machine-learning listings that apply their methods to ecology (a daily arXiv
    # cs.CV listing, the Machine Learning journal, a stat.ML listing).
    ("Habitat fragmentation, percolation theory and the conservation of a keystone species", ""),
    ("Estimating species interactions from observational data with Markov networks", ""),
    ("Competition and Theory in Community Ecology", ""),
    ("Biodiversity conservation through the lens of metacommunity ecology", ""),
    ("Introduced Species, Disease Ecology, and Biodiversity-Disease Relationships", ""),
    ("Frugivory and seed dispersal by birds in Cereus jamacaru DC. ssp. jamacaru (Cactaceae) in the Caatinga of "
     "Northeastern Brazil", ""),
    ("Self\u2013assembling food webs: a global viewpoint of coexistence of species in Lotka\u2013Volterra communities", ""),
    ("Visual-Prompt Guided Wildlife Instance-Level Recognition", ""),
    ("Towards interpretable and robust UAV-based foundation model for endangered species monitoring in complex "
     "ecosystems", ""),
    ("Common Structure Discovery in Collections of Bipartite Networks: Application to Pollination Systems", ""),
    ("Faster estimation of Bayesian models in ecology using Hamiltonian Monte Carlo",
     "Bayesian inference is a powerful tool to better understand ecological processes across varied subfields in "
     "ecology, and is often implemented in generic and flexible software packages such as the widely used BUGS "
     "family."),
])
def test_ecologys_own_subject_matter_tags(taxonomy, title, abstract):
    assert "Ecology" in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract"), [
    # A multi-agent systems library (jgrey) and daily arXiv listings (cs.NE, cs.CR): predators and prey of
    # a pursuit game and of an artificial-life simulation, software's ecosystems.
    ("Evolving Multiagent Coordination Strategies with Genetic Programming",
     "As a proof of principle, we evolve behavioral strategies in the predator-prey domain that has been studied "
     "widely in the Distributed Artificial Intelligence community. We use the GP to evolve behavioral strategies for "
     "individual agents, as prior literature claims that communication between predators is not necessary for "
     "successfully capturing the prey. The next set of experiments involve co-evolving predators and prey."),
    ("Risk-Aware Decision Policies for Agents Under Noisy Perception",
     "Perception in biological systems is inherently noisy, requiring organisms to make decisions under uncertainty "
     "where misclassification can be costly or fatal. We present an Artificial Life predator-prey model of foraging "
     "under noisy perception, and compare agent performance when using various policies that take into account "
     "their noisy predictions. Our model links risk-sensitive foraging, ecological information use, and Artificial "
     "Life."),
    ("Bridging Expert Reasoning and LLM Detection: A Knowledge-Driven Framework for Malicious Package Detection",
     "Open-source ecosystems such as NPM and PyPI are increasingly targeted by supply chain attacks. Deployed on "
     "PyPI.org, it discovered 54 previously unreported malicious packages."),
    # Well-known papers of machine learning and optimization: a simulator named Habitat, a population of
    # models, NEAT's species, and optimizers named after biogeography and pollination.
    ("Habitat: A Platform for Embodied AI Research",
     "We present Habitat, a platform for research in embodied artificial intelligence (AI). Habitat enables training "
     "embodied agents (virtual robots) in highly efficient photorealistic 3D simulation."),
    ("Population Based Training of Neural Networks",
     "In this work we present Population Based Training (PBT), a simple asynchronous optimisation algorithm which "
     "effectively utilises a fixed computational budget to jointly optimise a population of models and their "
     "hyperparameters to maximise performance."),
    ("Evolving Neural Networks through Augmenting Topologies",
     "We claim that the increased efficiency is due to (1) employing a principled method of crossover of different "
     "topologies, (2) protecting structural innovation using speciation, and (3) incrementally growing from minimal "
     "structure."),
    ("Biogeography-Based Optimization",
     "Biogeography is the study of the geographical distribution of biological organisms. We discuss natural "
     "biogeography and its mathematics, and then discuss how it can be used to solve optimization problems."),
    ("Flower Pollination Algorithm for Global Optimization",
     "Flower pollination is an intriguing process in the natural world. In this paper, we propose a new algorithm, "
     "namely, flower pollination algorithm, inspired by the pollination process of flowers."),
    # A sociology library's media ecology and a social-science library's human ecology.
    ("PARTICIPATORY MAPS Digital cartographies and the new ecology of journalism", ""),
    ("Human Behavior and the Principle of Least Effort. An Introduction to Human Ecology", ""),
])
def test_machine_learnings_populations_species_and_ecosystems_are_no_ecology(taxonomy, title, abstract):
    assert "Ecology" not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize("title", [
    # A scanning-tunnelling-microscopy thesis's library (Plswearpants/ubcdiss), a cold-atoms thesis's
    # (billington), an exciton-polariton and a nitride-semiconductor library (zbb), a daily arXiv listing of
    # machine learning for chemistry and materials.
    "Quantum Criticality in Heavy-Fermion Metals",
    "Topological Insulators and Superconductors: Tenfold Way and Dimensional Hierarchy",
    "Self-Supervised Learning for Denoising Quasiparticle Interference Data",
    "Bose\u2013Einstein condensation in dilute gases",
    "An Optical Lattice Clock with Neutral Strontium",
    "Bose-Einstein Condensation of Microcavity Polaritons in a Trap",
    "Phonons in Ternary Group-III Nitride Alloys",
    "Enhancing Critical Current Density in Thin Superconductor Layers by Moir\u00e9 Pinning Centers",
])
def test_condensed_matter_physics_own_subject_matter_tags(taxonomy, title):
    assert "Condensed Matter Physics" in assign_tags(title, "", taxonomy)


@pytest.mark.parametrize(("title", "abstract"), [
    # Daily arXiv listings (cs.LG, cs.CL) and NeurIPS 2014 (b-vitamins/bibliography): an Ising model of
    # attention, a grokking "phase transition" of training, and statistics' antiferromagnetic Ising models.
    ("Boltzmann Attention: Learnable Ising Couplings for Cooperative Attention",
     "We propose Boltzmann attention, an energy-based generalization in which attention patterns are governed by an "
     "interacting Ising model. The method augments the usual data-dependent local fields with learnable pairwise "
     "couplings, allowing the model to represent inter-position correlations beyond those captured by softmax or "
     "sigmoid attention."),
    ("Thermodynamic Weight Decay: Exploring Grokking Acceleration via Attention Specific Heat",
     "Building on the recent result that Transformer attention is formally isomorphic to a thermodynamic system, we "
     "treat the variance of attention logits as a specific heat Cv and show that its peak reliably precedes the "
     "generalization transition. We introduce CvAdamW, a drop-in AdamW variant that monitors Cv online and injects "
     "thermal energy by dynamically scaling weight decay when a phase transition is detected."),
    ("Large Language Models Can Follow Instructions, But Not Many at Once: Phase Transitions in Compositional "
     "Constraint Satisfaction", ""),
    ("Structure learning of antiferromagnetic Ising models",
     "Indeed, focusing on ferromagnetic Ising models, Bento and Montanari showed that all known low-complexity "
     "algorithms fail to learn simple graphs when the interaction strength exceeds a number related to the "
     "correlation decay threshold. Our second set of results gives a class of repelling (antiferromagnetic) models "
     "that have the opposite behavior: very strong repelling allows efficient learning in time O(p^2)."),
])
def test_machine_learnings_ising_models_and_phase_transitions_are_no_condensed_matter(taxonomy, title, abstract):
    assert "Condensed Matter Physics" not in assign_tags(title, abstract, taxonomy)
