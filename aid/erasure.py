"""The aid cycle's part of erasing a person (accounts.anonymisation.erasing, connected in
AidConfig.ready()): application snapshots, documents (files deleted), handover receipts,
visit photos and the person's announcement deliveries."""

from accounts.anonymisation import scrub

from .models import Application, ApplicationDocument, Delivery, Handover, MonitoringVisit


def erase_aid_records(sender, *, business_ids, user, **kwargs):
    applications = Application.objects.filter(business__in=business_ids)
    scrub(applications)
    documents = ApplicationDocument.objects.filter(application__in=applications)
    scrub(documents)
    documents.delete()
    scrub(Handover.objects.filter(application__in=applications))
    scrub(MonitoringVisit.objects.filter(application__in=applications))
    if user is not None:
        scrub(Delivery.objects.filter(user=user))
