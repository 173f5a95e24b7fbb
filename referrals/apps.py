from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"

    def ready(self) -> None:
        from clients import timeline
        from dip import work_queue
        from referrals import hooks

        timeline.register(hooks.timeline_entries)
        work_queue.register(hooks.new_referrals_section, order=60)
