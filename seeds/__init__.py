"""Seed data shipped with the hub: Hanoi's network with sources, and a sample of UNESCO's city list."""

from pathlib import Path

SEEDS_DIR = Path(__file__).parent
HANOI_NETWORK = SEEDS_DIR / "hanoi.json"
UCCN_CITIES_SAMPLE = SEEDS_DIR / "uccn_cities_sample.csv"
