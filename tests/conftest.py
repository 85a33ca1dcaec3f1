from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEMPLATE = ROOT / "templates" / "docx" / "bestuurlijke-afspraken.docx"
SEED = ROOT / "tests" / "golden" / "bestuurlijke-afspraken-amsterdam-nieuw-west-2025-06-24.txt"
AMSTERDAM = DATA / "gebieden" / "amsterdam-nieuw-west.yaml"


def pytest_configure(config):
    config.addinivalue_line("markers", "libreoffice: uses headless LibreOffice as an independent reader (slow)")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data, to break or change in a test."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def landelijk():
    from generator.data.load import load_landelijk

    return load_landelijk(DATA)


@pytest.fixture(scope="session")
def amsterdam():
    from generator.data.load import load_gebied

    return load_gebied(AMSTERDAM)[0]
