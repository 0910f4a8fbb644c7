import pytest
from django.db import connection, transaction

from core.models import Heartbeat
from core.tasks import record_heartbeat_task
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_services_are_the_real_ones():
    assert connection.vendor == "postgresql"
    from config.celery import app

    assert app.conf.broker_url.startswith("redis://")
    assert not app.conf.task_always_eager


def test_a_task_runs_in_a_real_worker_and_its_write_is_visible(celery_worker_process):
    record_heartbeat_task.apply_async(args=["integration"], queue=celery_worker_process.queue)

    beat = wait_for(lambda: Heartbeat.objects.filter(source="integration").first())

    assert beat is not None, celery_worker_process.log()
    assert beat.count == 1
    assert "succeeded" in celery_worker_process.log()


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(celery_worker_process):
    queue = celery_worker_process.queue

    def failing_request() -> None:
        with transaction.atomic():
            transaction.on_commit(
                lambda: record_heartbeat_task.apply_async(args=["rolled-back"], queue=queue)
            )
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()
    # A committed task sent afterwards proves the worker was listening all along.
    with transaction.atomic():
        transaction.on_commit(
            lambda: record_heartbeat_task.apply_async(args=["committed"], queue=queue)
        )

    assert wait_for(lambda: Heartbeat.objects.filter(source="committed").exists())
    assert not Heartbeat.objects.filter(source="rolled-back").exists()
