"""Words of the field tags (Chemistry & Materials, Healthcare & Medicine, Climate & Weather, Robotics)
and of 3D shapes as ecology, phonetics, life cycle assessment, journalism studies and applied
machine learning use them: those papers get no such tag, and the fields' own senses still tag.
Titles and abstract excerpts are quoted, shortened, from public libraries: a Web of Science export on
parasite ecology (skylarhopkins/Parasite-Ecology-Literature-Text-Mining), a Scopus export on mutualism
and antagonism (NPMoran/synthesis-review_mutualistism-antagonism), a phonetics bibliography
(stefanocoretta/biblio), a Web of Science export of computational communication science
(Phildizzle/CCSLitSearchR) and a Scopus export on biomass supply chains (jorgeiv500/opti-bio)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    ("Chemical Ecology of Stingless Bees",
     "Their ecology, and especially chemical ecology, has received relatively little attention.",
     "Chemistry & Materials"),
    ("Effects of herbivory and mistletoe infection by Psittacanthus calyculatus on nutritional quality and "
     "chemical defense of Quercus deserticola along Mexican forest fragments",
     "We evaluated the effects of herbivory and infection by the mistletoe on nutritional quality and chemical "
     "defense of the white oak.", "Chemistry & Materials"),
    ("Tolerance of infection: A role for animal behavior, potential immune mechanisms, and consequences for "
     "parasite transmission",
     "We focus on inflammation and its associated signaling molecules. In addition, signaling molecules involved "
     "in these responses facilitate tolerance.", "Chemistry & Materials"),
    ("Soil Microbiome Is More Heterogeneous in Organic Than in Conventional Farming System",
     "Sustainable management of soil pathogens aims at reducing the use of agricultural chemicals in order to "
     "improve ecosystem health. The soil health treatments (sustainable alternatives for chemical control) were of "
     "smaller magnitude.", "Chemistry & Materials"),
    ("SOCIAL MEDIA, SURVEILLANCE, AND NEWS WORK On the apps promising journalists a \u201ccrystal ball\u201d", "",
     "Chemistry & Materials"),
    ("Planting the seed for sound change: Evidence from real-time MRI of velum kinematics in German", "",
     "Healthcare & Medicine"),
    ("Antagonistic interactions among coral-associated bacteria",
     "Little is known about the coral-associated microbial community and its hypothesized role in coral health. "
     "Antagonism may contribute to pathogenesis as well as disease resistance.", "Healthcare & Medicine"),
    ("Comparing environmental impacts for livestock products: A review of life cycle assessments",
     "Results were consistent for use of land and energy, and for climate change. Production of 1 kg of beef had "
     "the highest global warming potential (GWP).", "Climate & Weather"),
    ("I, ROBOT. YOU, JOURNALIST. WHO IS THE AUTHOR? Authorship, bylines and full disclosure in automated journalism",
     "The reliance on algorithms to generate news automatically, referred to as \u201cautomated journalism\u201d or "
     "\u201crobot journalism\u201d, has significant implications for news organizations.", "Robotics"),
    ("Optimality Theory and the three laws of robotics", "", "Robotics"),
    # In the machine-learning field (it names machine learning), so any tag may follow a word.
    ("Precise Prediction of Biochar Yield and Proximate Analysis by Modern Machine Learning and SHapley "
     "Additive exPlanations",
     "SHAP analysis was employed to help improve interpretability. SHAP analysis quantified the value of each "
     "input.", "3D / Point Clouds / Meshes"),
])
def test_other_fields_senses_of_field_words(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract", "right"), [
    ("Statistical Mechanics Applied to Chemical Kinetics", "", "Chemistry & Materials"),
    ("Chemical Principles of Topological Semimetals", "", "Chemistry & Materials"),
    ("Brain tumour segmentation on MRI", "", "Healthcare & Medicine"),
    # The exclude costs a clinical paper its title's MRI: its abstract must name the clinic twice.
    ("Real-time MRI guidance of cardiac interventions",
     "Patients with atrial fibrillation were treated under real-time MRI; clinical outcomes were recorded.",
     "Healthcare & Medicine"),
    ("Climate change projections for the Alps", "", "Climate & Weather"),
    ("Learning for robotics", "", "Robotics"),
    ("Deep learning for shape analysis of 3D meshes", "", "3D / Point Clouds / Meshes"),
])
def test_the_fields_own_senses_still_tag(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)
