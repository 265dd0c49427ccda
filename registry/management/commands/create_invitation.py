from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from accounts.services import invitation_create
from registry.models import Business


class Command(BaseCommand):
    help = (
        "Create a one-time link with which the owner of BUSINESS_ID claims the business, and print it. "
        "Running it again makes a new link and revokes the previous unused one."
    )

    def add_arguments(self, parser):
        parser.add_argument("business_id", type=int)
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000",
            help="Scheme and host put in front of the link (default: settings.SITE_URL or http://127.0.0.1:8000).",
        )

    def handle(self, *args, business_id, base_url, **options):
        try:
            business = Business.objects.select_related("desa__kecamatan").get(pk=business_id)
        except Business.DoesNotExist:
            raise CommandError(f"Business {business_id} does not exist.") from None
        invitation, raw_token = invitation_create(business=business)
        url = base_url.rstrip("/") + reverse("accounts:claim", args=[raw_token])
        self.stdout.write(
            f"{business} ({business.desa}), valid until {timezone.localtime(invitation.expires_at):%Y-%m-%d %H:%M}:"
        )
        self.stdout.write(url)
