"""The eight simulated backends of BFCL multi-turn, looked up by the class names the data uses.

Interface every backend class follows (the reference's, which the checkers rely on):

- `cls()` takes no arguments; `_load_scenario(scenario: dict, long_context: bool = False)` sets the
  initial state from the entry's `initial_config[class_name]` (a deep copy; stateless classes, see
  STATELESS_CLASSES, are never loaded);
- public methods (names not starting with "_") are the tools the model may call, with the reference's
  names, parameters, return values and error dicts;
- the public state is `vars(instance)` minus names starting with "_": exactly what the reference's
  state checker compares between the model's and the ground truth's instances (`_random`,
  `_current_dir` and the like are private on purpose).

Modules are imported only when a class is asked for, so a backend that is not installed yet fails
with a clear error naming its module when (and only when) an entry needs it.
"""

from __future__ import annotations

import importlib
from typing import Any

# Class name in the data's `involved_classes` -> module under this package (the reference's file names).
CLASS_MODULES: dict[str, str] = {
    "GorillaFileSystem": "gorilla_file_system",
    "MathAPI": "math_api",
    "MessageAPI": "message_api",
    "TwitterAPI": "posting_api",
    "TicketAPI": "ticket_api",
    "TradingBot": "trading_bot",
    "TravelAPI": "travel_booking",
    "VehicleControlAPI": "vehicle_control",
}

# Class name -> function-doc file in `multi_turn_func_doc/` (the reference's mapping).
CLASS_FUNC_DOCS: dict[str, str] = {
    "GorillaFileSystem": "gorilla_file_system.json",
    "MathAPI": "math_api.json",
    "MessageAPI": "message_api.json",
    "TwitterAPI": "posting_api.json",
    "TicketAPI": "ticket_api.json",
    "TradingBot": "trading_bot.json",
    "TravelAPI": "travel_booking.json",
    "VehicleControlAPI": "vehicle_control.json",
}

# Classes without state: instantiated but never given a scenario (the reference's STATELESS_CLASSES).
STATELESS_CLASSES: frozenset[str] = frozenset({"MathAPI"})


class MissingBackendError(ImportError):
    """A simulated API module that an entry needs is not present in this checkout."""


def module_path(class_name: str) -> str:
    """Dotted module path of a backend class, or KeyError naming the unknown class."""
    try:
        return f"{__name__}.{CLASS_MODULES[class_name]}"
    except KeyError:
        raise KeyError(
            f"unknown BFCL multi-turn class {class_name!r}; expected one of {sorted(CLASS_MODULES)}"
        ) from None


def get_api_class(class_name: str) -> type:
    """The backend class for a data class name, importing its module on first use."""
    path = module_path(class_name)
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            raise MissingBackendError(
                f"BFCL multi-turn backend {class_name!r} needs module {path} "
                f"(evals/bfcl/multi_turn/apis/{CLASS_MODULES[class_name]}.py), which is missing"
            ) from exc
        raise
    try:
        return getattr(module, class_name)
    except AttributeError:
        raise MissingBackendError(f"module {path} does not define class {class_name!r}") from None


def missing_backends(class_names: list[str] | tuple[str, ...]) -> list[str]:
    """Module names among `class_names`' backends that cannot be imported (for skips and errors)."""
    missing = []
    for name in class_names:
        try:
            get_api_class(name)
        except MissingBackendError:
            missing.append(module_path(name))
    return missing


def public_state(instance: Any) -> dict[str, Any]:
    """The attributes the state checker compares: vars() without names starting with '_'."""
    return {k: v for k, v in vars(instance).items() if not k.startswith("_")}
