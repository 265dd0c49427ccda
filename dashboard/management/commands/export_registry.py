from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboard.exporting import CSV_FORMATS, DATASETS, FORMATS, OPEN_DATA, finish_log, prepare_export
from dashboard.forms import ListFilterForm
from dashboard.models import ExportLog
from dashboard.opendata import write_open_data_metadata_csv
from dashboard.scope import PARAMS, Scope

FILTER_OPTIONS = ("year", "kecamatan", "commodity", "kbli", "industry_class")


class Command(BaseCommand):
    help = (
        "Export one sheet of the registry (or the open-data aggregates) to an Excel or CSV file, "
        "streamed row by row, with the same columns as the dashboard's exports. Logged as a system "
        "export. csv is UTF-8, comma separated, with a dot decimal separator and ISO dates, for other "
        "systems; csv-excel opens in Excel by double-click (BOM, semicolons, decimal commas, "
        "identifiers kept as text)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, choices=[*DATASETS, OPEN_DATA])
        parser.add_argument("--format", required=True, choices=FORMATS, dest="file_format")
        parser.add_argument("--output", required=True, help="file to write (overwritten)")
        parser.add_argument("--year", help="tahun, e.g. 2024")
        parser.add_argument("--kecamatan", help="Kemendagri code, e.g. 35.23.08")
        parser.add_argument("--commodity", help="commodity group code, e.g. makanan_minuman")
        parser.add_argument("--kbli", help="KBLI primary key as in the dashboard's URLs")
        parser.add_argument("--industry-class", help="kecil, menengah, besar or none")
        parser.add_argument(
            "--without-personal-data",
            action="store_true",
            help="leave out owner name, phone, email, address and coordinates",
        )

    def handle(self, *args, **options):
        # The dashboard's own form validates the filters, so the command and the web agree.
        data = {PARAMS[name]: options[name] for name in FILTER_OPTIONS if options.get(name)}
        form = ListFilterForm(data)
        if not form.is_valid():
            raise CommandError(f"Saringan tidak sah: {form.errors.as_text()}")
        filters = form.filters()
        export = prepare_export(
            user=None,
            dataset=options["dataset"],
            file_format=options["file_format"],
            source=ExportLog.Source.COMMAND,
            filters=filters.params(),
            scope=Scope(filters),
            system=True,
            personal_data=not options["without_personal_data"],
        )
        output = Path(options["output"])
        with output.open("wb") as handle:
            count = export.write(handle)
        finish_log(export.log, count)
        if options["dataset"] == OPEN_DATA and options["file_format"] in CSV_FORMATS:
            metadata = output.with_name(f"{output.stem}-metadata.csv")
            with metadata.open("wb") as handle:
                write_open_data_metadata_csv(export.scope, handle, options["file_format"])
            self.stdout.write(f"Metadata: {metadata}")
        self.stdout.write(self.style.SUCCESS(f"{count} baris ditulis ke {output}."))
