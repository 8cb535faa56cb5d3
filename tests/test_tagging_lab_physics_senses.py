"""Words of the field tags as laboratory physics and engineering use them: an atom interferometer
is atom optics, not astronomy; the heart's electrophysiology is cardiology, not neuroscience; a wind
turbine's or an aircraft wing's health monitoring is engineering, not medicine. Those papers get no
such tag, and the fields' own senses still tag. Heavy-ion physics' own words (the quark-gluon
plasma, QCD, partons, jet quenching) name Particle Physics. Titles and abstract excerpts are quoted,
shortened, from public libraries: a cold-atom physics thesis's Zotero library (chrisjbillington/thesis),
a numerical-methods group's Zotero library (TheBB/NFRCV), a heavy-ion jet physics thesis's Zotero
library (ftoralesacosta/Thesis) and a condensed-matter thesis's library (Plswearpants/ubcdiss)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    ("An Interferometer for Atoms", "", "Astrophysics"),
    ("Precision Atomic Gravimeter Based on Bragg Diffraction",
     "Bragg interferometers utilize only a single internal state, and can therefore be less susceptible to "
     "environmental perturbations. Here we show that atoms extracted from a magneto-optical trap are a suitable "
     "source for a Bragg atom interferometer. We are able to build a Mach\u2013Zehnder interferometer using Bragg "
     "scattering which achieves a sensitivity to the gravitational acceleration of 2.7 \u00d7 10^-9.",
     "Astrophysics"),
    ("Optics and Interferometry with Atoms and Molecules",
     "In this review the basic tools for coherent atom optics are described including diffraction by "
     "nanostructures and laser light, three-grating interferometers, and double wells on atom chips. Scientific "
     "advances that have resulted from the application of atom interferometers are reviewed.", "Astrophysics"),
    ("Reduced-order modeling for cardiac electrophysiology. Application to parameter identification", "",
     "Neuroscience"),
    ("Isogeometric Analysis of the electrophysiology in the human heart: Numerical simulation of the bidomain "
     "equations on the atria",
     "We consider Isogeometric Analysis (IGA) for the numerical solution of the electrophysiology of the atria, "
     "which in this work is modeled by means of the bidomain equations on thin surfaces.", "Neuroscience"),
    ("Dynamic Bayesian network for aircraft wing health monitoring digital twin", "", "Healthcare & Medicine"),
    ("A threshold self-setting condition monitoring scheme for wind turbine generator bearings based on deep "
     "convolutional generative adversarial networks",
     "Long-term reliable health condition monitoring (HCM) of a wind turbine is an essential method to avoid "
     "catastrophic failure results. The critical bottleneck of these models for monitoring is to determine a "
     "threshold for identifying different health conditions.", "Healthcare & Medicine"),
    # In the machine-learning field: an interpretability method named ACDC, not the cardiac dataset.
    ("Towards Automated Circuit Discovery for Mechanistic Interpretability",
     "We reproduce previous interpretability results to validate them. For example, the ACDC algorithm "
     "rediscovered 5/5 of the component types in a circuit in GPT-2 Small that computes the Greater-Than "
     "operation. ACDC selected 68 of the 32,000 edges in GPT-2 Small.", "Medical Image Segmentation"),
])
def test_lab_physics_and_engineering_senses_of_field_words(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract", "right"), [
    ("Maximum-likelihood estimation of the cosmic microwave background power spectrum from interferometer "
     "observations", "", "Astrophysics"),
    ("A radio interferometer survey of nearby quasars", "", "Astrophysics"),
    ("Electrophysiology of hippocampal place cells in freely moving rats", "", "Neuroscience"),
    ("Remote health monitoring of heart failure patients with wearable sensors", "", "Healthcare & Medicine"),
    ("Chronic health conditions among older adults in rural clinics", "", "Healthcare & Medicine"),
    ("Deep learning for cardiac MRI segmentation on the ACDC benchmark", "", "Medical Image Segmentation"),
])
def test_the_fields_own_senses_still_tag(taxonomy, title, abstract, right):
    assert right in assign_tags(title, abstract, taxonomy)


@pytest.mark.parametrize(("title", "abstract"), [
    ("Creation of Quark\u2013Gluon Plasma Droplets with Three Distinct Geometries",
     "Experimental studies of the collisions of heavy nuclei at relativistic energies have established the "
     "properties of the quark\u2013gluon plasma (QGP), a state of hot, dense nuclear matter."),
    ("Heavy Ion Collisions: The Big Picture and the Big Questions",
     "Heavy ion collisions quickly form a droplet of quark\u2013gluon plasma (QGP) with a remarkably small "
     "viscosity. We give an accessible introduction to how these collisions are modeled."),
    ("Radiative Energy Loss and P-Broadening of High Energy Partons in Nuclei",
     "The medium-induced broadening and induced gluon radiation spectrum of a high energy quark or gluon "
     "traversing a large nucleus is studied. We find -dE/dz holds independent of the details of the "
     "parton-nucleon scatterings so long as perturbative QCD applies at short distances, thus making the study "
     "of such quantities a possible signal for quark-gluon plasma formation."),
    ("Global Analysis of Nuclear Parton Distributions", ""),
    ("Studies of Jet Quenching Using Isolated-Photon+jet Correlations in PbPb and pp Collisions", ""),
])
def test_heavy_ion_physics_names_particle_physics(taxonomy, title, abstract):
    assert "Particle Physics" in assign_tags(title, abstract, taxonomy)
