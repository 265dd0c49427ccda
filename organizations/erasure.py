"""The association's part of erasing a person (accounts.anonymisation.erasing, connected in
OrganizationsConfig.ready()): pending import previews that quote them and drive reminders."""

from accounts.anonymisation import mentions, scrub

from .models import DriveReminder, ImportPreview


def erase_previews_and_reminders(sender, *, business_ids, needles, **kwargs):
    for preview in ImportPreview.objects.all():
        if mentions(preview.payload, needles):
            preview.delete()
    scrub(DriveReminder.objects.filter(membership__business__in=business_ids))
