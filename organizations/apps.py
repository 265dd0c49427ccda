from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Asosiasi IKM")

    def ready(self):
        from django.db.models import Prefetch
        from django.utils.translation import gettext_lazy

        from accounts import personal_data
        from accounts import services as account_services

        # Connects the log-in receiver that remembers whether the user is an officer (the
        # navigation's "Asosiasi" link); importing it here makes sure that a worker's first
        # request, which may be a log-in, already has it.
        from . import context_processors  # noqa: F401
        from .models import Membership
        from .selectors import refuse_officer_claim

        # accounts lies below: an officer may not claim a member's business.
        if refuse_officer_claim not in account_services.CLAIMANT_CHECKS:
            account_services.CLAIMANT_CHECKS.append(refuse_officer_claim)
        # The owner's personal-data download lists their memberships below each business.
        personal_data.register_business_part(
            personal_data.Kind(
                "memberships",
                gettext_lazy("Keanggotaan"),
                Membership,
                ("association", "member_number", "status", "joined_on", "left_on"),
                "memberships",
            ),
            Prefetch("memberships", queryset=Membership.objects.select_related("association")),
        )
        from accounts.anonymisation import erasing

        from .erasure import erase_previews_and_reminders

        # Pending import previews and drive reminders are erased with the person.
        erasing.connect(erase_previews_and_reminders, dispatch_uid="organizations.erasure")

        from registry.signals import business_merging

        from .merging import move_memberships

        business_merging.connect(move_memberships, dispatch_uid="organizations.merging")

        from registry import hooks

        from .selectors import membership_summary

        hooks.add_overview_annotations(membership_summary)

        from . import member_state

        member_state.connect()

        from . import import_sheets

        # The memberships sheet and the officers' enrolment plug into the registry's import.
        import_sheets.register()
