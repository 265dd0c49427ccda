"""An expired certificate is shown as expired on the public side and never counts as held."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import PublishedProduct
from registry.models import Certification
from registry.services import business_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def terasi_with_expired_pirt(publish, verifier):
    business = publish(name="Terasi Gadon Jaya", certifications=[Certification.Kind.PIRT, Certification.Kind.MEREK])
    pirt = Certification.objects.get(product__business=business, kind=Certification.Kind.PIRT)
    pirt.expires_on = timezone.localdate() - timedelta(days=3)
    pirt.save()
    business.refresh_from_db()
    business_verify(business=business, user=verifier)
    return PublishedProduct.objects.get(product__business=business)


def test_product_page_shows_expired_certificate_as_expired(client, terasi_with_expired_pirt):
    html = client.get(reverse("catalogue:product", args=[terasi_with_expired_pirt.pk])).content.decode()
    expired_item = html.split('data-certificate="expired"')[1].split("</li>")[0]
    assert "SPP-IRT / P-IRT" in expired_item
    assert "kedaluwarsa sejak" in expired_item
    assert "text-bg-success" not in expired_item
    valid_item = html.split('data-certificate="valid"')[1].split("</li>")[0]
    assert "Merek" in valid_item and "text-bg-success" in valid_item


def test_certificate_filter_counts_only_valid_certificates(client, terasi_with_expired_pirt, publish):
    publish(name="Kerupuk Udang Bu Sri", certifications=[Certification.Kind.PIRT])
    response = client.get(reverse("catalogue:list"), {"sertifikasi": Certification.Kind.PIRT})
    businesses = {product.business.name for product in response.context["page"].object_list}
    assert businesses == {"Kerupuk Udang Bu Sri"}
    response = client.get(reverse("catalogue:list"), {"sertifikasi": Certification.Kind.MEREK})
    assert {p.business.name for p in response.context["page"].object_list} == {"Terasi Gadon Jaya"}


def test_catalogue_card_leaves_out_expired_certificates(client, terasi_with_expired_pirt):
    html = client.get(reverse("catalogue:list"), {"q": "terasi"}).content.decode()
    card = (
        html.split("Terasi Gadon Jaya")[0].rsplit("<article", 1)[-1]
        + html.split("Terasi Gadon Jaya")[1].split("</article>")[0]
    )
    assert "Merek" in card
    assert "P-IRT" not in card
