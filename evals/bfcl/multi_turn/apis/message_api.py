"""MessageAPI: the simulated workspace messenger of BFCL multi-turn.

As in the reference backend (bfcl-eval 2026.3.23): the inbox is a list of one-entry dicts
{receiver_id: message}; message ids come from `random.Random(random_seed or 200191).randint(10000,
99999)`, redrawn while already used, and `send_message` returns them nested as
{"message_id": {"new_id": n}}. Public state compared by the checker: generated_ids, user_count,
user_map, inbox, message_count, current_user (the generator `_random` is private).
"""

from __future__ import annotations

import random
from copy import deepcopy
from typing import Dict, List, Optional, Union

DEFAULT_STATE = {
    "generated_ids": set(),
    "user_count": 4,
    "user_map": {"Alice": "USR001", "Bob": "USR002", "Catherine": "USR003", "Daniel": "USR004"},
    "inbox": [
        {"USR002": "My name is Alice. I want to connect."},
        {"USR003": "Could you upload the file?"},
        {"USR004": "Could you upload the file?"},
    ],
    "message_count": 3,
    "current_user": None,
}

_DEFAULT_SEED = 200191


class MessageAPI:
    """User management and messaging inside one workspace."""

    def __init__(self) -> None:
        self.generated_ids: set
        self.user_count: int
        self.user_map: Dict[str, str]
        self.inbox: List[Dict[str, str]]
        self.message_count: int
        self.current_user: Optional[str]
        self._api_description = (
            "This tool belongs to the Message API, which is used to manage user interactions in a workspace."
        )

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Each key of the scenario overrides the default state; there is no long-context extra state."""
        defaults = deepcopy(DEFAULT_STATE)
        self._random = random.Random(scenario.get("random_seed", _DEFAULT_SEED))
        self.generated_ids = scenario.get("generated_ids", defaults["generated_ids"])
        self.user_count = scenario.get("user_count", defaults["user_count"])
        self.user_map = scenario.get("user_map", defaults["user_map"])
        self.inbox = scenario.get("inbox", defaults["inbox"])
        self.message_count = scenario.get("message_count", defaults["message_count"])
        self.current_user = scenario.get("current_user", defaults["current_user"])

    def __eq__(self, value: object) -> bool:
        if not isinstance(value, MessageAPI):
            return False
        return all(
            getattr(self, name) == getattr(value, name) for name in vars(self) if not name.startswith("_")
        )

    def _generate_id(self):
        new_id = self._random.randint(10000, 99999)
        while new_id in self.generated_ids:
            new_id = self._random.randint(10000, 99999)
        self.generated_ids.add(new_id)
        return {"new_id": new_id}

    def _require_login(self) -> Optional[Dict[str, str]]:
        return None if self.current_user else {"error": "No user is currently logged in."}

    def list_users(self) -> Dict[str, List[str]]:
        return {"user_list": list(self.user_map.keys())}

    def get_user_id(self, user: str) -> Dict[str, Optional[str]]:
        if user not in self.user_map:
            return {"error": f"User '{user}' not found in the workspace."}
        return {"user_id": self.user_map.get(user)}

    def message_login(self, user_id: str) -> Dict[str, Union[str, bool]]:
        if user_id not in list(self.user_map.values()):
            return {"login_status": False, "message": f"User ID '{user_id}' not found."}
        self.current_user = user_id
        return {"login_status": True, "message": f"User '{user_id}' logged in successfully."}

    def message_get_login_status(self) -> Dict[str, bool]:
        return {"login_status": bool(self.current_user)}

    def send_message(self, receiver_id: str, message: str) -> Dict[str, Union[str, bool]]:
        if (error := self._require_login()) is not None:
            return error
        if receiver_id not in self.user_map.values():
            return {"error": f"Receiver ID '{receiver_id}' not found."}
        message_id = self._generate_id()
        self.inbox.append({receiver_id: message})
        self.message_count += 1
        return {
            "sent_status": True,
            "message_id": message_id,
            "message": f"Message sent to '{receiver_id}' successfully.",
        }

    def delete_message(self, receiver_id: str) -> Dict[str, Union[bool, str]]:
        """Delete the latest message to that receiver (scanning the inbox from the end)."""
        if (error := self._require_login()) is not None:
            return error
        for entry in reversed(self.inbox):
            receiver = list(entry.items())[0][0]
            if receiver == receiver_id:
                # list.remove drops the first entry equal to this one, as the reference does.
                self.inbox.remove(entry)
                return {
                    "deleted_status": True,
                    "receiver_id": receiver,
                    "message": f"Receiver {receiver_id}'s latest message deleted successfully.",
                }
        return {"error": f"Receiver ID {receiver_id} not found."}

    def view_messages_sent(self) -> Dict[str, Union[Dict[str, List[str]], str]]:
        if (error := self._require_login()) is not None:
            return error
        grouped: Dict[str, List[str]] = {}
        for entry in self.inbox:
            receiver, text = list(entry.items())[0]
            grouped.setdefault(receiver, []).append(text)
        return {"messages": grouped}

    def add_contact(self, user_name: str) -> Dict[str, Union[bool, str]]:
        if user_name in self.user_map:
            return {"error": f"User name '{user_name}' already exists."}
        self.user_count += 1
        user_id = f"USR{str(self.user_count).zfill(3)}"
        if user_id in self.user_map.values():
            return {"error": f"User ID '{user_id}' already exists."}
        self.user_map[user_name] = user_id
        return {"added_status": True, "user_id": user_id, "message": f"Contact '{user_name}' added successfully."}

    def search_messages(self, keyword: str) -> Dict[str, Union[List[Dict[str, Union[str, List[str]]]], str]]:
        if (error := self._require_login()) is not None:
            return error
        needle = keyword.lower()
        results = []
        for entry in self.inbox:
            receiver, text = list(entry.items())[0]
            if needle in text.lower():
                results.append({"receiver_id": receiver, "message": text})
        return {"results": results}

    def get_message_stats(self) -> Dict[str, Union[Dict[str, int], str]]:
        if (error := self._require_login()) is not None:
            return error
        receivers = set()
        count = 0
        for entry in self.inbox:
            receiver = list(entry.items())[0][0]
            count += 1
            receivers.add(receiver)
        return {"stats": {"received_count": count, "total_contacts": len(receivers)}}
