"""The Thai pages call DELGOSEA by its official Thai name, the one the Thai project documents use."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.django_db

FACTS = settings.BASE_DIR.parent / "shared" / "data" / "delgosea-facts.yaml"
# thai_sources.project_name_th in the fact sheet
OFFICIAL_THAI_NAME = "โครงการความร่วมมือเพื่อส่งเสริมธรรมาภิบาลในการจัดการเมืองสำหรับองค์กรปกครองส่วนท้องถิ่นในภูมิภาคเอเชียตะวันออกเฉียงใต้"


@pytest.mark.parametrize("url", ["/th/", "/th/about/"])
def test_the_thai_home_and_about_pages_give_the_official_thai_project_name(client, url):
    html = client.get(url).content.decode()
    assert OFFICIAL_THAI_NAME in html
    assert "ภาคีความร่วมมือเพื่อการปกครองท้องถิ่นแบบประชาธิปไตย" not in html  # the portal's own translation, before


def test_english_pages_keep_the_english_name(client):
    html = client.get("/en/about/").content.decode()
    assert "Partnership for Democratic Local Governance in Southeast Asia" in html
    assert OFFICIAL_THAI_NAME not in html


def test_the_name_is_the_fact_sheets():
    if not Path(FACTS).exists():
        pytest.skip("The fact sheet is not beside the checkout.")
    facts = yaml.safe_load(Path(FACTS).read_text(encoding="utf-8"))
    assert facts["thai_sources"]["project_name_th"] == OFFICIAL_THAI_NAME
