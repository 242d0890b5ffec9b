"""GPQA Diamond as the harness runs it (model card: 8 repeats, pass@1[avg-of-8])."""

from fixtures.tasks import Task

from evals.gpqa.data import GpqaOptions, load_gpqa
from evals.gpqa.prompt import build_request

TASK = Task(name="gpqa", title="GPQA Diamond", load=load_gpqa, request=build_request, options_type=GpqaOptions)
