"""Seed data shipped with the hub: Hanoi's network with sources, a sample of UNESCO's city list, and
each country's UNESCO region and UN M49 subregion (every row names its sources)."""

from pathlib import Path

SEEDS_DIR = Path(__file__).parent
HANOI_NETWORK = SEEDS_DIR / "hanoi.json"
UCCN_CITIES_SAMPLE = SEEDS_DIR / "uccn_cities_sample.csv"
COUNTRY_REGIONS = SEEDS_DIR / "country_regions.csv"
