from django.contrib import admin

from tuban_ikm.personal_admin import PersonalDataAdminMixin

from .models import (
    Demand,
    DesaProgramme,
    EkatalogProposal,
    Offer,
    ProductAssessment,
    Programme,
    PublishedBusiness,
    PublishedProduct,
    SentraIkm,
)


@admin.register(Programme)
class ProgrammeAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "agency")
    list_filter = ("kind",)
    search_fields = ("name", "agency")


@admin.register(DesaProgramme)
class DesaProgrammeAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("desa", "programme", "year", "commodity", "stars", "status")
    list_filter = ("programme__kind", "status", "year", "commodity", "desa__kecamatan")
    search_fields = ("desa__name", "desa__code", "programme__name", "product_name")
    autocomplete_fields = ("desa", "programme")
    list_select_related = ("desa__kecamatan", "programme")


@admin.register(SentraIkm)
class SentraIkmAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("desa", "commodity", "business_count", "confirmed_by", "confirmed_at")
    list_filter = ("commodity", "desa__kecamatan")
    search_fields = ("desa__name", "desa__code")
    autocomplete_fields = ("desa",)
    readonly_fields = ("confirmed_by", "confirmed_at")
    list_select_related = ("desa__kecamatan", "confirmed_by")

    def save_model(self, request, obj, form, change):
        if not obj.confirmed_by_id:
            obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)


class OfferInline(PersonalDataAdminMixin, admin.TabularInline):
    model = Offer
    extra = 0
    fields = ("business", "quantity", "price", "lead_time_days", "taken", "declined")
    raw_id_fields = ("business",)


@admin.register(Demand)
class DemandAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("title", "buyer_name", "commodity", "quantity", "unit", "needed_by", "status")
    list_filter = ("status", "commodity")
    search_fields = ("title", "buyer_name")
    raw_id_fields = ("posted_by", "kbli")
    inlines = [OfferInline]


@admin.register(PublishedBusiness)
class PublishedBusinessAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read-only: written by verification (catalogue.services.publish_business)."""

    list_display = ("name", "desa", "published_at")
    search_fields = ("name",)
    list_select_related = ("desa__kecamatan",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublishedProduct)
class PublishedProductAdmin(PublishedBusinessAdmin):
    list_display = ("name", "business", "category", "price", "unit", "published_at")
    list_filter = ("category", "kecamatan")
    list_select_related = ("business",)


@admin.register(ProductAssessment)
class ProductAssessmentAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """OVOP ratings; adding or changing one needs catalogue.assess_product (Penilai OVOP)."""

    list_display = ("product", "year", "stars", "total", "assessors", "assessed_on")
    list_filter = ("year", "stars", "product__category", "product__business__desa__kecamatan")
    search_fields = ("product__name", "product__business__name", "assessors")
    raw_id_fields = ("product",)
    readonly_fields = ("total", "stars", "assessed_by")
    list_select_related = ("product",)

    def has_add_permission(self, request):
        return request.user.has_perm("catalogue.assess_product")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("catalogue.assess_product")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("catalogue.assess_product")

    def save_model(self, request, obj, form, change):
        obj.assessed_by = request.user
        super().save_model(request, obj, form, change)  # ProductAssessment.save computes the stars


@admin.register(EkatalogProposal)
class EkatalogProposalAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read in the admin; the steps are recorded on /katalog/ekatalog/ (services.proposal_record)."""

    list_display = ("product", "status", "proposed_at", "accepted_at", "listed_at", "rejected_at")
    list_filter = ("status",)
    search_fields = ("product__name", "product__business__name")
    list_select_related = ("product",)
    readonly_fields = [field.name for field in EkatalogProposal._meta.fields]

    def has_add_permission(self, request):
        return False
