"""Words of Chemistry & Materials, Robotics, Meta-Learning and Numerical Methods as biology, medicine,
neuroscience, management, paleontology and control theory use them: one DNA or RNA molecule sequenced or
imaged, the immune system's and a growing axon's molecules, neurons' chemical synapses, the chemical
industry studied by management, an animal that walks on four legs, a clinical signature's pooled
"meta-training cohort", a textbook of linear system theory. Those papers get no such tag, and the tags'
own senses still tag.

Titles and abstract sentences are quoted, some shortened, from public libraries: the Mendeley library
of a connectomics thesis (AurinaBMH/PHDthesisLatex, library.bib), a head and neck cancer library
(texchi2/KOMA-TMU_OMS_oralCare_cancerPatient_lecture_Keynote_2022, TCGA_margin_cutoff.bib), a political
science dissertation's (judgelord/dissertation, assets/dissertation.bib), a virtual paleontology library
(MiguelDLM/Paleo-virtual, My Library.bib) and an exoplanet imaging dissertation's (CoreySpohn/dissertation,
library.bib)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    ("Resolving the complexity of the human genome using single-molecule sequencing.",
     "Here we sequence and analyse a haploid human genome (CHM1) using single-molecule, real-time DNA "
     "sequencing.", "Chemistry & Materials"),
    ("High-resolution human genome structure by single-molecule analysis.",
     "We addressed this gap with Optical Mapping, a high-throughput, high-resolution single-molecule system for "
     "studying genome structure.", "Chemistry & Materials"),
    ("Molecular mechanisms of axon guidance.",
     "Genetic and biochemical studies have led to the identification of highly conserved families of guidance "
     "molecules, including netrins, Slits, semaphorins, and ephrins. Guidance molecules act as attractants or "
     "repellents for the growth cone.", "Chemistry & Materials"),
    ("Immune checkpoint pathways in immunotherapy for head and neck squamous cell carcinoma",
     "Activation of T cells and immune checkpoint molecules is important for the immune response to cancers. "
     "Immune checkpoint molecules include cytotoxic T lymphocyte antigen 4 (CTLA-4).", "Chemistry & Materials"),
    ("A Joint Graph Inference Case Study: the C.elegans Chemical and Electrical Connectomes",
     "We investigate joint graph inference for the chemical and electrical connectomes of the Caenorhabditis "
     "elegans roundworm.", "Chemistry & Materials"),
    ("Structural properties of the Caenorhabditis elegans neuronal network.",
     "We assemble whole, self-consistent gap junction and chemical synapse networks of hermaphrodite C. "
     "elegans. Finally, we analyze the interaction between the gap junction and the chemical synapse networks.",
     "Chemistry & Materials"),
    ("The Diffusion of Voluntary International Management Standards: Responsible Care, ISO 9000, and ISO 14001 "
     "in the Chemical Industry", "", "Chemistry & Materials"),
    ("A Memoir on the Discovery of Certain Bones of a Quadruped of the Clawed Kind in the Western Parts of "
     "Virginia", "", "Robotics"),
    # In the machine-learning field: the signature's abstract names machine learning.
    ("Development and Validation of an Individualized Immune Prognostic Signature in Early-Stage Nonsquamous "
     "Non-Small Cell Lung Cancer",
     "Samples were divided into a meta-training cohort (729 patients), meta-testing cohort (716 patients), and 3 "
     "independent validation cohorts. A machine learning model was constructed using the meta-training data set.",
     "Meta-Learning"),
    ("Linear System Theory", "", "Numerical Methods & Scientific Computing"),
])
def test_life_science_and_management_senses_of_field_words(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract", "right"), [
    ("Discovery of novel small molecule EGFR inhibitory leads by structure and ligand-based virtual screening",
     "", "Chemistry & Materials"),
    # rmlmcfadden/bibliotex (condensed-matter physics): a single-molecule magnet is chemistry's.
    ("Robust Magnetic Properties of a Sublimable Single-Molecule Magnet", "", "Chemistry & Materials"),
    ("Catalytic conversion of biomass in the chemical industry",
     "We review heterogeneous catalysts and the chemistry of the conversion.", "Chemistry & Materials"),
    ("Learning agile locomotion for a quadruped robot", "", "Robotics"),
    ("Sim-to-real transfer of quadruped gaits",
     "A quadruped learns to walk in simulation; the policy transfers to the legged robot.", "Robotics"),
    ("Model-agnostic meta-learning for fast adaptation", "We meta-train on a distribution of tasks.",
     "Meta-Learning"),
    ("Preconditioned iterative solvers for sparse linear systems", "", "Numerical Methods & Scientific Computing"),
])
def test_the_tags_own_senses_still_tag(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)
