from django.apps import AppConfig


class TestingConfig(AppConfig):
    name = "testing"

    def ready(self) -> None:
        from clients import timeline
        from dip import work_queue
        from testing import hooks

        timeline.register(hooks.timeline_entries)
        work_queue.register(hooks.awaiting_decision_section, order=10)
        work_queue.register(hooks.awaiting_laboratory_section, order=40)
