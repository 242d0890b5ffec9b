"""System prompts of the agentic categories, verbatim from bfcl-eval 2026.3.23
(`constants/default_prompts.py`, `model_handler/utils.py::add_memory_instruction_system_prompt`)."""

from __future__ import annotations

import copy
from typing import Any

MAXIMUM_STEP_LIMIT = 20  # steps per turn before the reference force-quits the entry

AGENTIC_RESPONSE_FORMAT = (
    "For your final answer to the user, you must respond in this format: {'answer': A short and precise answer to "
    "the question, 'context': A brief explanation of how you arrived at this answer or why it is correct}. If you do "
    "not know the answer, respond with {'answer': 'I do not know', 'context': 'I do not know'}. If you think the "
    "question cannot be properly answered, response with {'answer': 'I cannot answer this question', 'context': A "
    "short reason explaining why this question cannot be answered}.\n"
)

MEMORY_AGENT_SETTINGS = {
    "student": "You are an academic-support assistant for college student. Remember key personal and academic details discussed across sessions, and draw on them to answer questions or give guidance.",
    "customer": "You are a general customer support assistant for an e-commerce platform. Your task is to understand and remember information that can be used to provide information about user inquiries, preferences, and offer consistent, helpful assistance over multiple interactions.",
    "finance": "You are a high-level executive assistant supporting a senior finance professional. Retain and synthesize both personal and professional information including facts, goals, prior decisions, and family life across sessions to provide strategic, context-rich guidance and continuity.",
    "healthcare": "You are a healthcare assistant supporting a patient across appointments. Retain essential medical history, treatment plans, and personal preferences to offer coherent, context-aware guidance and reminders.",
    "notetaker": "You are a personal organization assistant. Capture key information from conversations, like tasks, deadlines, and preferences, and use it to give reliable reminders and answers in future sessions.",
}  # fmt: skip

MEMORY_INSTRUCTION_CORE_ARCHIVAL = (
    "{scenario_setting}\n\n"
    "You have access to an advanced memory system, consisting of two memory types 'Core Memory' and 'Archival "
    "Memory'. Both type of memory is persistent across multiple conversations with the user, and can be accessed in "
    "a later interactions. You should actively manage your memory data to keep track of important information, "
    "ensure that it is up-to-date and easy to retrieve to provide personalized responses to the user later.\n\n"
    "The Core memory is limited in size, but always visible to you in context. The Archival Memory has a much larger "
    "capacity, but will be held outside of your immediate context due to its size.\n\n"
    "Here is the content of your Core Memory from previous interactions:\n{memory_content}\n"
)

MEMORY_INSTRUCTION_UNIFIED = (
    "{scenario_setting}\n\n"
    "You have access to an advanced memory system, which is persistent across multiple conversations with the user, "
    "and can be accessed in a later interactions. You should actively manage your memory data to keep track of "
    "important information, ensure that it is up-to-date and easy to retrieve to provide personalized responses to "
    "the user later.\n\n"
    "Here is the content of your memory system from previous interactions:\n{memory_content}\n"
)


def memory_system_prompt(category: str, scenario: str, memory_content: str) -> str:
    template = MEMORY_INSTRUCTION_UNIFIED if "rec_sum" in category else MEMORY_INSTRUCTION_CORE_ARCHIVAL
    return template.format(scenario_setting=MEMORY_AGENT_SETTINGS[scenario], memory_content=memory_content)


def with_memory_prompt(turns: list[list[dict[str, Any]]], category: str, scenario: str, memory_content: str) -> list[list[dict[str, Any]]]:
    """The turns with the memory instruction as the first system message (prepended to an existing one)."""
    turns = copy.deepcopy(turns)
    if not turns:
        raise ValueError("a memory entry needs at least one turn")
    prompt = memory_system_prompt(category, scenario, memory_content)
    first = turns[0]
    if first and first[0]["role"] == "system":
        first[0]["content"] = prompt + "\n\n" + first[0]["content"]
    else:
        first.insert(0, {"role": "system", "content": prompt})
    return turns
