import pytest
from django.test import Client

from tests import factories as f


@pytest.fixture
def practice():
    return f.practice(12, slug="eco-savers", title_en="Eco Savers", title_th="ออมทรัพย์สีเขียว", theme=f.theme(3))


@pytest.fixture
def visitor():
    """An anonymous browser of its own (the `client` fixture is the editor's when editor_client is used)."""
    return Client()
