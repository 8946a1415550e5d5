import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_partner_list_shortens_a_long_thai_role_written_without_spaces(client):
    # Thai puts no spaces between words, so a word-count limit would let a whole Thai role through.
    role_th = "ทำหน้าที่ประสานงานโครงการในประเทศ" * 20
    f.partner("mlt", role_th=role_th, role_en="Coordinates the project in Thailand. " * 20)

    html = client.get("/th/partners/").content.decode()

    assert role_th[:100] in html
    assert role_th not in html
