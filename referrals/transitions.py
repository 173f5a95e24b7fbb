"""The referral lifecycle as an explicit table: which action moves a journey from which stage.

    awaiting decision --accept--> accepted --start--> in treatment --discharge--> discharged
    awaiting decision / accepted --decline / client declined / withdraw--> closed
    accepted --did not attend--> closed

A small table rather than a state-machine library: the stored status is the interchange status and the
stage is derived (referrals/models.py), so the rules read best as data. The database backs the table up
(CHECK constraints and a trigger: a started journey never goes back, a closed referral never starts).
"""

from dataclasses import dataclass

from referrals.models import Stage, Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button / page title
    done: str  # the past tense for messages and the timeline
    sources: frozenset  # stages it may leave
    by_provider: bool = True  # the receiving provider team may do it
    by_referrer: bool = False  # the referring team may do it


ACCEPT = Action("accept", "Accept referral", "Accepted", frozenset({Stage.AWAITING_DECISION}))
DECLINE = Action("decline", "Decline referral", "Declined by the provider", frozenset({Stage.AWAITING_DECISION, Stage.ACCEPTED}))
CLIENT_DECLINED = Action(
    "client-declined",
    "Record that the client declined",
    "Declined by the client",
    frozenset({Stage.AWAITING_DECISION, Stage.ACCEPTED}),
)
DID_NOT_ATTEND = Action("did-not-attend", "Record did not attend", "Did not attend", frozenset({Stage.ACCEPTED}))
START = Action("start", "Record treatment start", "Treatment started", frozenset({Stage.ACCEPTED}))
DISCHARGE = Action("discharge", "Record discharge", "Discharged", frozenset({Stage.IN_TREATMENT}))
WITHDRAW = Action(
    "withdraw",
    "Withdraw referral",
    "Withdrawn",
    frozenset({Stage.AWAITING_DECISION, Stage.ACCEPTED}),
    by_referrer=True,
)

ACTIONS = {a.name: a for a in (ACCEPT, DECLINE, CLIENT_DECLINED, DID_NOT_ATTEND, START, DISCHARGE, WITHDRAW)}

# The stored status each action leads to (None: unchanged, the stage moves on a date or timestamp).
RESULT_STATUS = {
    "accept": None,
    "decline": Status.DECLINED_BY_PROVIDER,
    "client-declined": Status.DECLINED_BY_CLIENT,
    "did-not-attend": Status.DID_NOT_ATTEND,
    "start": Status.STARTED,
    "discharge": None,
    "withdraw": Status.WITHDRAWN,
}


def allowed_from(stage: str) -> list[Action]:
    return [a for a in ACTIONS.values() if stage in a.sources]


def may_act(user, referral, action: Action) -> bool:
    """The receiving provider's team acts on the referral; the referring team may withdraw it."""
    if not getattr(user, "can_change_case_records", False) or user.team_id is None:
        return False
    if action.by_provider and referral.provider.team_id == user.team_id:
        return True
    return action.by_referrer and referral.referring_team_id == user.team_id


def stale_message(referral) -> str:
    """What a page says when an action meets a referral that has moved on (a second tab, Back, a bookmark)."""
    return (
        f"This referral is now {referral.get_stage_display().lower()}: it cannot be changed that way. "
        "Nothing was changed."
    )


def actions_for(user, referral) -> list[Action]:
    """The actions this user may take on this referral now (for the buttons on its page)."""
    return [a for a in allowed_from(referral.stage) if may_act(user, referral, a)]
