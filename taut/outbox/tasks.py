"""The worker's tasks. They only wake the sender: what to send lives in ``Message`` rows."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from taut.outbox import services

# How often the sweep runs: the longest a message can wait when its own task was lost
# (TAUT_OUTBOX_SWEEP_SECONDS).
SWEEP_EVERY = timedelta(seconds=settings.TAUT_OUTBOX_SWEEP_SECONDS)


@task()
def deliver() -> int:
    """Send what is due now (enqueued for each message's time)."""
    return services.deliver_due()


@task()
def sweep() -> int:
    """Send what is due whatever became of its task, mark tasks a killed worker left running,
    and come back in ``SWEEP_EVERY``."""
    sweep.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()  # first: a failure below
    services.recover_stuck_tasks()  # must not end the chain
    return services.deliver_due()
