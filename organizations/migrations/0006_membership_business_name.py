"""The member business's name copied onto the membership (member_state.py). The indexes
that read it come in 0007, in their own transaction: built in the transaction that
rewrote every row, PostgreSQL marks them unusable (indcheckxmin) until every transaction
older than it has ended."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Membership = apps.get_model("organizations", "Membership")
    if not Membership.objects.exists():
        return
    from organizations.member_state import sync_member_state
    from organizations.models import Membership as CurrentMembership

    sync_member_state(CurrentMembership.objects.all(), fields=("business_name",))


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0005_membership_business_state"),
        ("registry", "0014_certification_expiry_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="business_name",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="nama usaha"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
