"""Earth-observation satellites named in a title file a paper under Remote Sensing & Geospatial:
a wildfire remote-sensing library (mikoontz/remote-sensing-resistance,
docs/docs_carpentry/remote-sensing-resistance.bib) had two dozen Landsat and MODIS papers with no tag.
Titles are quoted from it and from a viticulture library of the earlier corpora
(agri_viticulture_jixthecat.bib)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
REMOTE_SENSING = "Remote Sensing & Geospatial"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize("title", [
    "Mapping Burned Areas Using Dense Time-Series of Landsat Data",
    "MODIS–Landsat Fusion for Large Area 30m Burned Area Mapping",
    "Coniferous Forest Classification and Inventory Using Landsat and Digital Terrain Data",
    "Cloud Detection Algorithm Comparison and Validation for Operational Landsat Data Products",
    "Yield Loss Assessment of Grapes Using Composite Drought Index Derived from Landsat OLI and TIRS Data",
])
def test_a_satellite_named_in_the_title_is_remote_sensing(taxonomy, title):
    assert REMOTE_SENSING in assign_tags(title, "", taxonomy)
