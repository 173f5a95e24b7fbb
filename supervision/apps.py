from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "DRR supervision"

    def ready(self) -> None:
        from clients import timeline
        from dip import work_queue
        from supervision import hooks

        timeline.register(hooks.timeline_entries)
        for order, section in enumerate((hooks.outcomes_section, hooks.evidence_section, hooks.enforcement_section,
                                         hooks.tests_section, hooks.reviews_section), start=70):
            work_queue.register(section, order=order)
