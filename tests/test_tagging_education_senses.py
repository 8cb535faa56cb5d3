"""Education research's and civil engineering's own uses of words that name machine-learning
topics: students' "online learning" on the web (not learning from data that arrives over time),
and a material test's factors "downscaled" by principal component analysis (not an image made
smaller). A person's keyword "Online learning" on such a paper stays the person's word: its
text names the other sense. Titles and abstract excerpts are quoted, shortened, from public libraries: an ACM
Digital Library export on generative artificial intelligence (Diazbj/proyecto_bibliometria,
descargas/descargaACM, commit 21a9ae32ec6be95986b2b7ce4a26a3029b8ffd41), an ACM export on
language models in model-driven engineering (Wilson008/LLMinMDE2025) and a daily arXiv digest
of NeuroAI (randomrisk/NeuroAI-Daily-Arxiv); each beside a text in the topic's own sense that
keeps its tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import categories, topics
from generator.model import Paper
from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    # pagina_02.bib: a survey of students' dishonesty in web courses.
    ("The Research on the Influencing Factors of College Students'Dishonest Behaviors in Online Learning in "
     "the background of Generative Artificial Intelligence",
     "With the popularity of online learning and the development of generative artificial intelligence "
     "technology, a significant scale of dishonest behaviors have emerged in the online learning environment, "
     "directly harming the construction and development of online learning ecology. The results show that "
     "attitude, perceived behavioral control, and subjective norm all have a significant positive impact on "
     "behavior intention of dishonesty when online learning.", "Online Learning & Bandits"),
    # Wilson008/LLMinMDE2025: women learning programming from web courses and GenAI.
    ("Online Learning and GenAI: Supporting Women's Aspirations Amid Socio-Political Instability in Afghanistan",
     "Many women have turned to digital platforms like online courses and utilizing AI tools as an alternative "
     "avenue to continue their learning. This mixed-methods study examined how online learning and Generative "
     "AI (GenAI) might support Afghanistani women learning introductory programming. Our findings reveal that "
     "while online learning was a viable option for participants, learners faced numerous challenges accessing "
     "and completing online courses.", "Online Learning & Bandits"),
    # randomrisk/NeuroAI-Daily-Arxiv: students' attention while they follow a web course.
    ("NeuroPilot: A Realtime Brain-Computer Interface system to enhance concentration of students in online "
     "learning",
     "Prevalence of online learning poses a vital challenge in real-time monitoring of students' concentration. "
     "Support vector machines classify attention and non-attention states.", "Online Learning & Bandits"),
    # pagina_04.bib: civil engineering's strength of a building material.
    ("Artificial neural network-based model for predicting compressive strength of cemented gravels",
     "The 11 influencing factors in the samples were downscaled by using the principal component analysis "
     "method, and the downscaled principal components were used as the input layer of the BPNN, so as to "
     "establish the compressive strength prediction of cemented gravel based on the PCA-BPNN model.",
     "Image Restoration & Super-Resolution"),
])
def test_education_and_engineering_senses_get_no_such_tag(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract", "right"), [
    ("Recommending online courses with contextual bandits",
     "We study online learning with bandit feedback. Our online learning algorithm has sublinear regret.",
     "Online Learning & Bandits"),
    ("Online Learning under Delayed Feedback",
     "Online learning with delayed feedback is studied for neural network training; our online learning "
     "algorithm has low regret.", "Online Learning & Bandits"),
    ("Learned image rescaling",
     "A neural network is trained for downscaling images; the downscaled images are then upscaled.",
     "Image Restoration & Super-Resolution"),
])
def test_the_topics_own_senses_still_tag(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)


def test_a_keyword_in_the_sense_the_text_excludes_is_the_persons_word(taxonomy):
    full = categories.with_categories(taxonomy)
    # pagina_02.bib's keywords: "Dishonest behaviors, Online learning, Structural equation model".
    survey = Paper(key="title:a", user_tags=("Online learning",),
                   title="The Research on the Influencing Factors of College Students'Dishonest Behaviors in Online "
                         "Learning in the background of Generative Artificial Intelligence",
                   abstract="A significant scale of dishonest behaviors have emerged in the online learning "
                            "environment, directly harming the construction and development of online learning ecology.")
    bandits = Paper(key="title:b", user_tags=("Online learning",), title="Online learning under delayed feedback",
                    abstract="Our online learning algorithm for neural network training has low regret.")
    tagged, _ = topics.tag_papers([survey, survey.replace(key="title:c"), bandits], full)
    assert "Online Learning & Bandits" not in tagged[0].tags
    assert "Online learning" in tagged[0].tags  # shown as the person wrote it, as two papers carry it
    assert "Online Learning & Bandits" in tagged[2].tags
