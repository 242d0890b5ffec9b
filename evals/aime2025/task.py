"""AIME 2025 as the harness runs it (model card: 64 repeats, pass@1[avg-of-64])."""

from fixtures.tasks import Task

from evals.aime2025.data import load_aime
from evals.aime2025.prompt import AimeOptions, build_request

TASK = Task(name="aime2025", title="AIME 2025", load=load_aime, request=build_request, options_type=AimeOptions)
