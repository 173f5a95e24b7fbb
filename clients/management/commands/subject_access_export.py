"""Answer a subject access request: everything held about one client, as one JSON bundle (dip.subject_access)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clients.models import Client
from dip import audit, permissions, subject_access
from dip.models import AuditEvent, User


class Command(BaseCommand):
    help = ("Write everything held about one client (every record, its history, and who accessed it and why) as one "
            "JSON file, for a subject access request. Only a data protection officer may run it; it is audited.")

    def add_arguments(self, parser):
        parser.add_argument("--client", required=True, help="The client's reference.")
        parser.add_argument("--user", required=True, help="Username of the data protection officer answering the request.")
        parser.add_argument("--output", required=True, help="File to write, or - for standard output.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).select_related("team").first()
        if user is None:
            raise CommandError(f"No user called {options['user']!r}.", returncode=1)
        if not permissions.can_answer_subject_access(user):
            raise CommandError("Only an active data protection officer may answer a subject access request.", returncode=1)
        client = Client.objects.filter(ref=options["client"]).first()
        if client is None:
            raise CommandError(f"No client with the reference {options['client']!r}.", returncode=1)
        with transaction.atomic():  # one consistent snapshot, and the export is recorded with it
            data = subject_access.bundle(client, requested_by=user)
            audit.record(None, AuditEvent.Action.EXPORT, client, user=user, reason="subject access request",
                         detail={"counts": data["counts"]})
        text = json.dumps(data, cls=subject_access.Encoder, indent=1, ensure_ascii=False)
        if options["output"] == "-":
            sys.stdout.write(text + "\n")
        else:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{options['output']}: {sum(data['counts'].values()):,} rows in {len(data['counts'])} "
                              f"kinds of record about {client.ref}.")
