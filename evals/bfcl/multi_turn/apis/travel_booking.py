"""Simulated travel booking backend of BFCL multi-turn (class ``TravelAPI``).

Behaves as bfcl-eval 2026.3.23 ``func_source_code/travel_booking.py``: same public methods and
signatures, result shapes, error texts, state changes and seeded randomness (tokens, card,
booking, transaction and insurance ids come from ``random.Random(random_seed)`` in call order).
Public attributes, compared by the state checker: ``credit_card_list``, ``booking_record``,
``access_token``, ``token_type``, ``token_expires_in``, ``token_scope``, ``user_first_name``,
``user_last_name``, ``budget_limit`` and ``long_context``.
"""

from __future__ import annotations

import copy
import functools
import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any

_LONG_CONTEXT_FILE = Path(__file__).with_name("long_context_trading_travel_vehicle.json")

_DEFAULTS: dict[str, Any] = {
    "random_seed": 141053,
    "credit_card_list": {},
    "booking_record": {},
    "access_token": None,
    "token_type": None,
    "token_expires_in": None,
    "token_scope": None,
    "user_first_name": None,
    "user_last_name": None,
    "budget_limit": None,
}


@functools.cache
def _long_context_data() -> dict[str, Any]:
    return json.loads(_LONG_CONTEXT_FILE.read_text(encoding="utf-8"))


def _extension(name: str) -> Any:
    """A private copy of one long-context constant (bfcl-eval's long_context.py)."""
    return copy.deepcopy(_long_context_data()[name])


def _route_table() -> dict[tuple[str, str], int]:
    """Base economy fare in USD of every bookable (from, to) route, in the reference's order.

    The order matters: in long context get_flight_cost lists the fares of all routes in it.
    """
    rows = {
        "SFO": "LAX 200 JFK 500 ORD 400 BOS 450 RMS 300 SBK 350 MPC 370 SVP 320 SHD 330 SSV 340 "
        "OKD 360 WLB 310 CRH 380 ATV 390 PHV 420 GFD 430 CIA 700",
        "LAX": "SFO 100 JFK 600 ORD 500 BOS 550 RMS 310 SBK 320 MPC 330 SVP 340 SHD 350 SSV 360 "
        "OKD 370 WLB 380 CRH 390 ATV 400 PHV 410 GFD 420 HND 430",
        "JFK": "ORD 300 BOS 250 RMS 450 SBK 460 MPC 470 SVP 480 SHD 490 SSV 500 OKD 510 WLB 520 "
        "CRH 530 ATV 540 PHV 550 GFD 560 LAX 570 HND 800 PVG 950 PEK 1000",
        "ORD": "LAX 180 BOS 200 RMS 350 SBK 360 MPC 370 SVP 380 SHD 390 SSV 400 OKD 410 WLB 420 "
        "CRH 430 ATV 440 PHV 450 GFD 460",
        "BOS": "RMS 400 SBK 410 MPC 420 SVP 430 SHD 440 SSV 450 OKD 460 WLB 470 CRH 480 ATV 490 "
        "PHV 500 GFD 510",
        "RMS": "BOS 200 JFK 210 SBK 220 MPC 230 SVP 240 SHD 250 SSV 260 OKD 270 WLB 280 CRH 290 "
        "ATV 300 PHV 310 GFD 320 LAX 330",
        "SBK": "MPC 200 SVP 210 SHD 220 SSV 230 OKD 240 WLB 250 CRH 260 ATV 270 PHV 280 GFD 290",
        "MPC": "SVP 210 SHD 220 SSV 230 OKD 240 WLB 250 CRH 260 ATV 270 PHV 280 GFD 290",
        "SVP": "SHD 230 SSV 240 OKD 250 WLB 260 CRH 270 ATV 280 PHV 290 GFD 300",
        "SHD": "SSV 220 OKD 230 WLB 240 CRH 250 ATV 260 PHV 270 GFD 280",
        "SSV": "OKD 240 WLB 250 CRH 260 ATV 270 PHV 280 GFD 290",
        "OKD": "WLB 230 CRH 240 ATV 250 PHV 260 GFD 270",
        "WLB": "CRH 250 ATV 260 PHV 270 GFD 280",
        "CRH": "ATV 240 PHV 250 GFD 260 SFO 270 RMS 280 HKG 290 JFK 300",
        "ATV": "PHV 230 GFD 240",
        "PHV": "GFD 220",
    }
    table: dict[tuple[str, str], int] = {}
    for origin, spec in rows.items():
        parts = spec.split()
        for dest, fare in zip(parts[0::2], parts[1::2]):
            table[(origin, dest)] = int(fare)
    table[("LHR", "CDG")] = 100
    table[("OKD", "LAX")] = 220
    return table


_ROUTES = _route_table()
_CLASS_FACTORS = {"economy": 1, "business": 2, "first": 5}
_AIRPORTS = [
    "RMS", "SBK", "MPC", "SVP", "SHD", "CDG", "LHR", "SSV", "OKD", "WLB", "PEK", "HND",
    "HKG", "CIA", "CRH", "ATV", "PHV", "GFD", "SFO", "LAX", "JFK", "ORD", "BOS",
]
_NEAREST_AIRPORT = {
    "Rivermist": "RMS",
    "Stonebrook": "SBK",
    "Maplecrest": "MPC",
    "Silverpine": "SVP",
    "Shadowridge": "SHD",
    "London": "LHR",
    "Paris": "CDG",
    "Sunset Valley": "SSV",
    "Oakendale": "OKD",
    "Willowbend": "WLB",
    "Crescent Hollow": "CRH",
    "Autumnville": "ATV",
    "Pinehaven": "PHV",
    "Greenfield": "GFD",
    "San Francisco": "SFO",
    "Los Angeles": "LAX",
    "New York": "JFK",
    "Chicago": "ORD",
    "Boston": "BOS",
    "Beijing": "PEK",
    "Hong Kong": "HKG",
    "Rome": "CIA",
    "Tokyo": "HND",
}
# Units of the second currency per USD, in the reference's lookup order.
_USD_RATES = {
    "RMB": 7, "EUR": 0.8, "JPY": 110, "GBP": 0.7, "CAD": 1.3,
    "AUD": 1.4, "INR": 70, "RUB": 60, "BRL": 3.8, "MXN": 20,
}


def _fare_key(travel_from: str, travel_to: str, travel_class: str, travel_date: str) -> str:
    return f"{travel_from}|{travel_to}|{travel_class}|{travel_date}"


class TravelAPI:
    """Travel account: authentication, credit cards, flight quotes and bookings, insurance, budget."""

    def __init__(self) -> None:
        self.credit_card_list: dict[str, dict[str, Any]]
        self.booking_record: dict[str, dict[str, Any]]
        self.access_token: str | None
        self.token_type: str | None
        self.token_expires_in: int | None
        self.token_scope: str | None
        self.user_first_name: str | None
        self.user_last_name: str | None
        self.budget_limit: float | None
        self._api_description = (
            "This tool belongs to the travel system, which allows users to book flights, manage "
            "credit cards, and view budget information."
        )
        self._flight_cost_lookup: dict[str, dict[str, float]] = {}

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Set the state from an ``initial_config`` entry; absent keys take the defaults.

        In long context the extension's credit cards and bookings are added under ids the
        scenario does not already use (each instance gets its own copies of them).
        """
        defaults = copy.deepcopy(_DEFAULTS)
        self._random = random.Random(scenario.get("random_seed", defaults["random_seed"]))
        self.credit_card_list = scenario.get("credit_card_list", defaults["credit_card_list"])
        self.booking_record = scenario.get("booking_record", defaults["booking_record"])
        self.access_token = scenario.get("access_token", defaults["access_token"])
        self.token_type = scenario.get("token_type", defaults["token_type"])
        self.token_expires_in = scenario.get("token_expires_in", defaults["token_expires_in"])
        self.token_scope = scenario.get("token_scope", defaults["token_scope"])
        self.user_first_name = scenario.get("user_first_name", defaults["user_first_name"])
        self.user_last_name = scenario.get("user_last_name", defaults["user_last_name"])
        self.budget_limit = scenario.get("budget_limit", defaults["budget_limit"])
        self.long_context = long_context
        if long_context:
            for card_id, card in _extension("CREDIT_CARD_EXTENSION").items():
                self.credit_card_list.setdefault(card_id, card)
            for booking_id, booking in _extension("BOOKING_RECORD_EXTENSION").items():
                self.booking_record.setdefault(booking_id, booking)

    def __eq__(self, other: object) -> bool:
        """Equal public state, as the reference's __eq__."""
        if not isinstance(other, TravelAPI):
            return False
        return all(
            value == getattr(other, name)
            for name, value in vars(self).items()
            if not name.startswith("_")
        )

    __hash__ = None  # type: ignore[assignment]  # as the reference: __eq__ without __hash__

    def authenticate_travel(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        grant_type: str,
        user_first_name: str,
        user_last_name: str,
    ) -> dict:
        """Always succeeds: a fresh seeded 6-digit token valid for 2 uses (never decremented)."""
        self.token_expires_in = 2
        self.access_token = str(self._random.randint(100000, 999999))
        self.token_type = "Bearer"
        self.token_scope = grant_type
        self.user_first_name = user_first_name
        self.user_last_name = user_last_name
        return {
            "expires_in": 2,
            "access_token": self.access_token,
            "token_type": "Bearer",
            "scope": grant_type,
        }

    def travel_get_login_status(self) -> dict:
        logged_out = self.token_expires_in is None or self.token_expires_in == 0
        return {"status": not logged_out}

    def get_budget_fiscal_year(
        self, lastModifiedAfter: str | None = None, includeRemoved: str | None = None
    ) -> dict:
        return {"budget_fiscal_year": "2018"}

    def register_credit_card(
        self,
        access_token: str,
        card_number: str,
        expiration_date: str,
        cardholder_name: str,
        card_verification_number: int,
    ) -> dict:
        """Store the card under a seeded 12-digit id with a seeded 5-digit balance.

        The duplicate check compares the card number with the card ids, as the reference does.
        """
        if self.token_expires_in is None:
            return {"error": "Token not initialized"}
        if self.token_expires_in == 0:
            return {"error": "Token expired"}
        if access_token != self.access_token:
            return {"error": "Invalid access token"}
        if card_number in self.credit_card_list:
            return {"error": "Card already registered"}
        card_id = str(self._random.randint(100000000000, 999999999999))
        self.credit_card_list[card_id] = {
            "card_number": card_number,
            "expiration_date": expiration_date,
            "cardholder_name": cardholder_name,
            "card_verification_number": card_verification_number,
            "balance": self._random.randint(10000, 99999),
        }
        return {"card_id": card_id}

    def get_flight_cost(
        self, travel_from: str, travel_to: str, travel_date: str, travel_class: str
    ) -> dict:
        """Fare list: base fare x class factor x 2 when the date's digit sum is even.

        Raises ValueError for an unknown route or class (the caller reports it as an execution
        error). In long context the list holds that fare for every route, not just this one.
        """
        if (travel_from, travel_to) not in _ROUTES:
            raise ValueError("No available route for the given airports.")
        # Compared by ==, not hashed, so that an unhashable class is an invalid class.
        factor = next((f for name, f in _CLASS_FACTORS.items() if travel_class == name), None)
        if factor is None:
            raise ValueError("Invalid travel class. Options are: economy, business, first.")
        digit_sum = sum(int(c) for c in travel_date if c.isdigit())
        date_factor = 2 if digit_sum % 2 == 0 else 1
        if self.long_context:
            self._flight_cost_lookup = {}
            costs = []
            for (origin, dest), base in _ROUTES.items():
                cost = float(base * factor * date_factor)
                self._flight_cost_lookup[_fare_key(origin, dest, travel_class, travel_date)] = {
                    "cost": cost
                }
                costs.append(cost)
        else:
            cost = float(_ROUTES[(travel_from, travel_to)] * factor * date_factor)
            costs = [cost]
            self._flight_cost_lookup = {
                _fare_key(travel_from, travel_to, travel_class, travel_date): {"cost": cost}
            }
        return {"travel_cost_list": costs}

    def get_credit_card_balance(self, access_token: str, card_id: str) -> dict:
        if self.token_expires_in == 0:
            return {"error": "Token expired"}
        if access_token != self.access_token:
            return {"error": "Invalid access token"}
        if card_id not in self.credit_card_list:
            return {
                "error": "Card not registered. Here are a list of card_id's: "
                + str(list(self.credit_card_list.keys()))
            }
        return {"card_balance": self.credit_card_list[card_id]["balance"]}

    def book_flight(
        self,
        access_token: str,
        card_id: str,
        travel_date: str,
        travel_from: str,
        travel_to: str,
        travel_class: str,
    ) -> dict:
        """Charge the card and record the booking under seeded booking and transaction ids."""
        if self.token_expires_in == 0:
            return {"booking_status": False, "error": "Token expired"}
        if access_token != self.access_token:
            return {"booking_status": False, "error": "Invalid access token"}
        if card_id not in self.credit_card_list:
            return {"booking_status": False, "error": "Card not registered"}
        if "balance" not in self.credit_card_list[card_id]:
            return {"booking_status": False, "error": "Balance not found"}
        airports = self.list_all_airports()
        if travel_from not in airports:
            return {
                "booking_status": False,
                "error": f"Invalid departure airport code: {travel_from}",
            }
        if travel_to not in airports:
            return {
                "booking_status": False,
                "error": f"Invalid destination airport code: {travel_to}",
            }
        try:
            datetime.strptime(travel_date, "%Y-%m-%d")
        except ValueError:
            return {"booking_status": False, "error": "Invalid date format. Use YYYY-MM-DD."}
        valid_classes = {"economy", "business", "first"}
        if travel_class not in valid_classes:
            # The set's repr, in this process's set order, as the reference prints it.
            return {
                "booking_status": False,
                "error": f"Invalid travel class. Must be one of {valid_classes}",
            }
        try:
            self.get_flight_cost(
                travel_from=travel_from,
                travel_to=travel_to,
                travel_date=travel_date,
                travel_class=travel_class,
            )
            entry = self._flight_cost_lookup.get(
                _fare_key(travel_from, travel_to, travel_class, travel_date)
            )
            if entry is None:
                return {
                    "booking_status": False,
                    "error": "No available route for the given parameters",
                }
            travel_cost = entry["cost"]
        except ValueError as e:
            return {"booking_status": False, "error": str(e)}
        card = self.credit_card_list[card_id]
        if card["balance"] < travel_cost:
            return {"booking_status": False, "error": "Insufficient funds"}
        if self.budget_limit is not None and card["balance"] < self.budget_limit:
            return {"booking_status": False, "error": "Balance is less than budget limit"}
        card["balance"] -= travel_cost
        booking_id = str(self._random.randint(1000000, 9999999))
        transaction_id = str(self._random.randint(10000000, 99999999))
        self.booking_record[booking_id] = {
            "card_id": card_id,
            "travel_date": travel_date,
            "travel_from": travel_from,
            "travel_to": travel_to,
            "travel_class": travel_class,
            "travel_cost": travel_cost,
            "transaction_id": transaction_id,
        }
        return {
            "booking_id": booking_id,
            "transaction_id": transaction_id,
            "booking_status": True,
            "booking_history": self.booking_record if self.long_context else {},
        }

    def retrieve_invoice(
        self, access_token: str, booking_id: str | None = None, insurance_id: str | None = None
    ) -> dict:
        if self.token_expires_in == 0:
            return {"error": "Token expired"}
        if access_token != self.access_token:
            return {"error": "Invalid access token"}
        if booking_id not in self.booking_record:
            return {"error": "Booking not found"}
        booking = self.booking_record[booking_id]
        invoice = {"booking_id": booking_id}
        for field in ("travel_date", "travel_from", "travel_to", "travel_class", "travel_cost",
                      "transaction_id"):
            invoice[field] = booking[field]
        return {"invoice": invoice}

    def get_booking_history(self, access_token: str) -> dict:
        if self.token_expires_in == 0:
            return {"error": "Token expired"}
        if access_token != self.access_token:
            return {"error": "Invalid access token"}
        return {"booking_history": copy.deepcopy(self.booking_record)}

    def list_all_airports(self) -> list:
        return list(_AIRPORTS)

    def cancel_booking(self, access_token: str, booking_id: str) -> dict:
        """Refund the booking's cost to its card and delete the booking."""
        if self.token_expires_in == 0:
            return {"cancel_status": False, "error": "Token expired"}
        if access_token != self.access_token:
            return {"cancel_status": False, "error": "Invalid access token"}
        if booking_id not in self.booking_record:
            return {"cancel_status": False, "error": "Booking not found"}
        booking = self.booking_record[booking_id]
        self.credit_card_list[booking["card_id"]]["balance"] += booking["travel_cost"]
        del self.booking_record[booking_id]
        return {"cancel_status": True}

    def compute_exchange_rate(self, base_currency: str, target_currency: str, value: float) -> dict:
        """USD to X multiplies (unrounded); X to USD divides and rounds to 2 places."""
        for other, rate in _USD_RATES.items():
            if base_currency == "USD" and target_currency == other:
                return {"exchanged_value": float(value * rate)}
            if base_currency == other and target_currency == "USD":
                return {"exchanged_value": round(value / rate, 2)}
        raise ValueError("No available exchange rate for the given currencies.")

    def verify_traveler_information(
        self, first_name: str, last_name: str, date_of_birth: str, passport_number: str
    ) -> dict:
        """Name must be the logged-in user's, age (on today's date) at least 18, passport US..."""
        if self.user_first_name != first_name or self.user_last_name != last_name:
            return {
                "verification_status": False,
                "verification_failure": "Cannot book flight information for another user."
                + f"Expected {self.user_first_name} {self.user_last_name}, got {first_name} {last_name}",
            }
        try:
            born = datetime.strptime(date_of_birth, "%Y-%m-%d")
            today = datetime.today()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        except ValueError:
            return {
                "verification_status": False,
                "verification_failure": "Invalid date of birth format. Please use YYYY-MM-DD.",
            }
        if age < 18:
            return {
                "verification_status": False,
                "verification_failure": "Traveler must be at least 18 years old.",
            }
        if not passport_number.startswith("US"):
            return {
                "verification_status": False,
                "verification_failure": "Passport must be issued by the United States.",
            }
        return {"verification_status": True}

    def set_budget_limit(self, access_token: str, budget_limit: float) -> dict:
        if self.token_expires_in == 0:
            return {"error": "Token expired"}
        if access_token != self.access_token:
            return {"error": "Invalid access token"}
        self.budget_limit = float(budget_limit)
        return {"budget_limit": self.budget_limit}

    def get_nearest_airport_by_city(self, location: str) -> dict:
        return {"nearest_airport": _NEAREST_AIRPORT.get(location, "Unknown")}

    def purchase_insurance(
        self,
        access_token: str,
        insurance_type: str,
        booking_id: str,
        insurance_cost: float,
        card_id: str,
    ) -> dict:
        """Charge the card (no balance check) and return a seeded 9-digit insurance id."""
        if self.token_expires_in == 0:
            return {"insurance_status": False, "error": "Token expired"}
        if access_token != self.access_token:
            return {"insurance_status": False, "error": "Invalid access token"}
        if self.budget_limit is not None and self.budget_limit < insurance_cost:
            return {"insurance_status": False, "error": "Exceeded budget limit"}
        if booking_id not in self.booking_record:
            return {"insurance_status": False, "error": "Booking not found"}
        if card_id not in self.credit_card_list:
            return {"insurance_status": False, "error": "Credit card not registered"}
        self.credit_card_list[card_id]["balance"] -= insurance_cost
        return {
            "insurance_id": str(self._random.randint(100000000, 999999999)),
            "insurance_status": True,
        }

    def contact_customer_support(self, booking_id: str, message: str) -> dict:
        if booking_id not in self.booking_record:
            return {"error": "Booking not found"}
        return {
            "customer_support_message": "Thank you for contacting customer support. Your message "
            "has been received and we will get back to you shortly."
        }

    def get_all_credit_cards(self) -> dict:
        return {"credit_card_list": self.credit_card_list}
