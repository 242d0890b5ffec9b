"""Simulated ticketing backend of BFCL multi-turn (class ``TicketAPI``).

Behaves as bfcl-eval 2026.3.23 ``func_source_code/ticket_api.py``: same public methods and
signatures, the same result dicts and error texts, the same state changes. The public attributes
(``ticket_queue``, ``ticket_counter``, ``current_user``) are what the state checker compares.
"""

from __future__ import annotations

import copy
from typing import Any

_DEFAULTS: dict[str, Any] = {"ticket_queue": [], "ticket_counter": 1, "current_user": None}
_EDITABLE_FIELDS = {"title", "description", "status", "priority"}


class TicketAPI:
    """Support tickets of a company: log in, create, read, edit, resolve and close tickets."""

    def __init__(self) -> None:
        self.ticket_queue: list[dict[str, Any]]
        self.ticket_counter: int
        self.current_user: str | None
        self._api_description = (
            "This tool belongs to the ticketing system that is part of a company, which allows "
            "users to create, view, and manage support business tickets."
        )

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Set the state from an ``initial_config`` entry; absent keys take the defaults.

        The scenario's objects are used as they are (the caller passes a copy), as the
        reference does. ``long_context`` changes nothing for this API.
        """
        defaults = copy.deepcopy(_DEFAULTS)
        self.ticket_queue = scenario.get("ticket_queue", defaults["ticket_queue"])
        self.ticket_counter = scenario.get("ticket_counter", defaults["ticket_counter"])
        self.current_user = scenario.get("current_user", defaults["current_user"])

    def _find_ticket(self, ticket_id: int) -> dict[str, Any] | None:
        return next((t for t in self.ticket_queue if t["id"] == ticket_id), None)

    def create_ticket(self, title: str, description: str = "", priority: int = 1) -> dict:
        """Queue a new Open ticket for the logged-in user and return it."""
        if not self.current_user:
            return {"error": "User not authenticated. Please log in to create a ticket."}
        if priority < 1 or priority > 5:
            return {"error": "Invalid priority. Priority must be between 1 and 5."}
        ticket = {
            "id": self.ticket_counter,
            "title": title,
            "description": description,
            "status": "Open",
            "priority": priority,
            "created_by": self.current_user,
        }
        self.ticket_queue.append(ticket)
        self.ticket_counter += 1
        return ticket

    def get_ticket(self, ticket_id: int) -> dict:
        """The stored ticket itself (not a copy), or an error."""
        ticket = self._find_ticket(ticket_id)
        if ticket is None:
            return {"error": f"Ticket with ID {ticket_id} not found."}
        return ticket

    def close_ticket(self, ticket_id: int) -> dict:
        ticket = self._find_ticket(ticket_id)
        if ticket is None:
            return {"error": f"Ticket with ID {ticket_id} not found."}
        if ticket["status"] == "Closed":
            return {"error": f"Ticket with ID {ticket_id} is already closed."}
        ticket["status"] = "Closed"
        return {"status": f"Ticket {ticket_id} has been closed successfully."}

    def resolve_ticket(self, ticket_id: int, resolution: str) -> dict:
        ticket = self._find_ticket(ticket_id)
        if ticket is None:
            return {"error": f"Ticket with ID {ticket_id} not found."}
        if ticket["status"] == "Resolved":
            return {"error": f"Ticket with ID {ticket_id} is already resolved."}
        ticket["status"] = "Resolved"
        ticket["resolution"] = resolution
        return {"status": f"Ticket {ticket_id} has been resolved successfully."}

    def edit_ticket(self, ticket_id: int, updates: dict) -> dict:
        """Apply the non-None values of ``updates``; any unknown field rejects the whole edit.

        The unknown fields are listed in the order of a Python set, as in the reference.
        """
        ticket = self._find_ticket(ticket_id)
        if ticket is None:
            return {"error": f"Ticket with ID {ticket_id} not found."}
        unknown = set(updates.keys()) - _EDITABLE_FIELDS
        if unknown:
            return {"error": f"Invalid fields for update: {', '.join(unknown)}"}
        for field, value in updates.items():
            if value is not None:
                ticket[field] = value
        return {"status": f"Ticket {ticket_id} has been updated successfully."}

    def ticket_login(self, username: str, password: str) -> dict:
        """Any non-empty username and password log in."""
        if username and password:
            self.current_user = username
            return {"success": True}
        return {"success": False}

    def ticket_get_login_status(self) -> dict:
        return {"login_status": bool(self.current_user)}

    def logout(self) -> dict:
        if self.current_user:
            self.current_user = None
            return {"success": True}
        return {"success": False}

    def get_user_tickets(self, status: str | None = None) -> list:
        """The current user's tickets, optionally of one status (case-insensitive)."""
        if not self.current_user:
            return [{"error": "User not authenticated. Please log in to view tickets."}]
        mine = [t for t in self.ticket_queue if t["created_by"] == self.current_user]
        if status:
            mine = [t for t in mine if t["status"].lower() == status.lower()]
        return mine
