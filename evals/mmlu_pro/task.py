"""MMLU-Pro as the harness runs it."""

from fixtures.tasks import Task

from evals.mmlu_pro.data import load
from evals.mmlu_pro.prompt import build_request

TASK = Task(name="mmlu_pro", title="MMLU-Pro", load=load, request=build_request)
