"""Simulated stock trading backend of BFCL multi-turn (class ``TradingBot``).

Behaves as bfcl-eval 2026.3.23 ``func_source_code/trading_bot.py``: same public methods and
signatures, result shapes, error texts, state changes and seeded randomness (transaction
timestamps come from ``random.Random(random_seed)``). Public attributes, compared by the state
checker: ``orders``, ``account_info``, ``authenticated``, ``market_status``, ``order_counter``,
``stocks``, ``watch_list``, ``transaction_history`` and ``long_context``.
"""

from __future__ import annotations

import copy
import functools
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

# The simulated clock: every "now" of this API.
CURRENT_TIME = datetime(2024, 9, 1, 10, 30)

_LONG_CONTEXT_FILE = Path(__file__).with_name("long_context_trading_travel_vehicle.json")


@functools.cache
def _long_context_data() -> dict[str, Any]:
    return json.loads(_LONG_CONTEXT_FILE.read_text(encoding="utf-8"))


def _extension(name: str) -> Any:
    """A private copy of one long-context constant (bfcl-eval's long_context.py)."""
    value = copy.deepcopy(_long_context_data()[name])
    if name == "WATCH_LIST_EXTENSION":
        # The reference list ends with a literal Python Ellipsis, which JSON cannot hold;
        # it shows up as "Ellipsis" in the str() of a long-context watch list.
        value.append(...)
    return value


def _stock(price: float, change: float, volume: float, ma5: float, ma20: float) -> dict:
    return {"price": price, "percent_change": change, "volume": volume, "MA(5)": ma5, "MA(20)": ma20}


def _default_state() -> dict[str, Any]:
    """The state used for every key an initial_config leaves out (a fresh object per call)."""
    return {
        "orders": {
            12345: {"id": 12345, "order_type": "Buy", "symbol": "AAPL", "price": 210.65,
                    "amount": 10, "status": "Completed"},
            12446: {"id": 12446, "order_type": "Sell", "symbol": "GOOG", "price": 2840.56,
                    "amount": 5, "status": "Pending"},
        },
        "account_info": {"account_id": 12345, "balance": 10000.0, "binding_card": 1974202140965533},
        "authenticated": False,
        "market_status": "Closed",
        "order_counter": 12446,
        "stocks": {
            "AAPL": _stock(227.16, 0.17, 2.552, 227.11, 227.09),
            "GOOG": _stock(2840.34, 0.24, 1.123, 2835.67, 2842.15),
            "TSLA": _stock(667.92, -0.12, 1.654, 671.15, 668.20),
            "MSFT": _stock(310.23, 0.09, 3.234, 309.88, 310.11),
            "NVDA": _stock(220.34, 0.34, 1.234, 220.45, 220.67),
            "ALPH": _stock(1320.45, -0.08, 1.567, 1321.12, 1325.78),
            "OMEG": _stock(457.23, 0.12, 2.345, 456.78, 458.12),
            "QUAS": _stock(725.89, -0.03, 1.789, 726.45, 728.00),
            "NEPT": _stock(88.34, 0.19, 0.654, 88.21, 88.67),
            "SYNX": _stock(345.67, 0.11, 2.112, 345.34, 346.12),
            "ZETA": _stock(22.09, -0.05, 0.789, 22.12, 22.34),
        },
        "watch_list": ["NVDA"],
        "transaction_history": [],
        "random_seed": 1053520,
    }


_SYMBOLS_BY_NAME = {
    "Apple": "AAPL",
    "Google": "GOOG",
    "Tesla": "TSLA",
    "Microsoft": "MSFT",
    "Nvidia": "NVDA",
    "Zeta Corp": "ZETA",
    "Alpha Tech": "ALPH",
    "Omega Industries": "OMEG",
    "Quasar Ltd.": "QUAS",
    "Neptune Systems": "NEPT",
    "Synex Solutions": "SYNX",
    "Amazon": "AMZN",
    "Gorilla": "GORI",
}


class TradingBot:
    """A trading account: login, orders, funds, watch list, stock lookups."""

    def __init__(self) -> None:
        self.orders: dict[int, dict[str, Any]]
        self.account_info: dict[str, Any]
        self.authenticated: bool
        self.market_status: str
        self.order_counter: int
        self.stocks: dict[str, dict[str, Any]]
        self.watch_list: list[str]
        self.transaction_history: list[dict[str, Any]]
        self._api_description = (
            "This tool belongs to the trading system, which allows users to trade stocks, manage "
            "their account, and view stock information."
        )

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Set the state from an ``initial_config`` entry; absent keys take the defaults.

        Order ids given as digit strings (JSON object keys) become ints, as in the reference.
        """
        defaults = _default_state()
        orders = scenario.get("orders", defaults["orders"])
        self.orders = {
            int(k) if isinstance(k, str) and k.isdigit() else k: v for k, v in orders.items()
        }
        self.account_info = scenario.get("account_info", defaults["account_info"])
        self.authenticated = scenario.get("authenticated", defaults["authenticated"])
        self.market_status = scenario.get("market_status", defaults["market_status"])
        self.order_counter = scenario.get("order_counter", defaults["order_counter"])
        self.stocks = scenario.get("stocks", defaults["stocks"])
        self.watch_list = scenario.get("watch_list", defaults["watch_list"])
        self.transaction_history = scenario.get(
            "transaction_history", defaults["transaction_history"]
        )
        self.long_context = long_context
        self._random = random.Random(scenario.get("random_seed", defaults["random_seed"]))

    def _transaction_timestamp(self) -> str:
        """A seeded instant in the day after CURRENT_TIME.

        The reference draws ``randint(ts(now), ts(now + 1 day))`` on POSIX timestamps and maps it
        back to local time; offsetting the naive clock by ``randint(0, 86400)`` seconds consumes the
        generator identically and gives the same wall-clock text in any time zone without a DST
        change that day.
        """
        offset = self._random.randint(0, 86400)
        return (CURRENT_TIME + timedelta(seconds=offset)).strftime("%Y-%m-%d %H:%M:%S")

    def get_current_time(self) -> dict:
        return {"current_time": CURRENT_TIME.strftime("%I:%M %p")}

    def get_symbol_by_name(self, name: str) -> dict:
        return {"symbol": _SYMBOLS_BY_NAME.get(name, "Stock not found")}

    def get_stock_info(self, symbol: str) -> dict:
        """The stored stock record; in long context a copy whose moving averages are long lists."""
        if symbol not in self.stocks:
            return {"error": f"Stock with symbol '{symbol}' not found."}
        if self.long_context:
            info = self.stocks[symbol].copy()
            info["MA(5)"] = _extension("MA_5_EXTENSION")
            info["MA(20)"] = _extension("MA_20_EXTENSION")
            return info
        return self.stocks[symbol]

    def get_order_details(self, order_id: int) -> dict:
        """The stored order; in long context a copy with the per-symbol ``metadata`` texts."""
        if order_id not in self.orders:
            return {
                "error": f"Order with ID {order_id} not found."
                + "Here is the list of orders_id: "
                + str(list(self.orders.keys()))
            }
        if self.long_context:
            order = self.orders[order_id].copy()
            metadata = {}
            for key, text in _extension("ORDER_DETAIL_EXTENSION").items():
                try:
                    metadata[key] = text.format(symbol=order["symbol"])
                except KeyError as e:
                    return {"error": f"KeyError during formatting: {str(e)}"}
            order["metadata"] = metadata
            return order
        return self.orders[order_id]

    def cancel_order(self, order_id: int) -> dict:
        if order_id not in self.orders:
            return {"error": f"Order with ID {order_id} not found."}
        if self.orders[order_id]["status"] == "Completed":
            return {"error": f"Can't cancel order {order_id}. Order is already completed."}
        self.orders[order_id]["status"] = "Cancelled"
        return {"order_id": order_id, "status": "Cancelled"}

    def place_order(self, order_type: str, symbol: str, price: float, amount: int) -> dict:
        """Store an Open order; the result says Pending (the reference's simulated delay)."""
        if not self.authenticated:
            return {"error": "User not authenticated. Please log in to place an order."}
        if symbol not in self.stocks:
            return {"error": f"Invalid stock symbol: {symbol}"}
        if price <= 0 or amount <= 0:
            return {"error": "Price and amount must be positive values."}
        if order_type.lower() == "buy":
            cost = float(price) * int(amount)
            balance = self.account_info.get("balance", 0)
            if cost > balance:
                return {
                    "error": f"Insufficient funds: required ${cost:.2f} but only "
                    f"${balance:.2f} available."
                }
        price = float(price)
        order_id = self.order_counter
        self.orders[order_id] = {
            "id": order_id,
            "order_type": order_type,
            "symbol": symbol,
            "price": price,
            "amount": amount,
            "status": "Open",
        }
        self.order_counter += 1
        return {
            "order_id": order_id,
            "order_type": order_type,
            "status": "Pending",
            "price": price,
            "amount": amount,
        }

    def withdraw_funds(self, amount: float) -> dict:
        if not self.authenticated:
            return {"error": "User not authenticated. Please log in to make a transaction."}
        if self.market_status != "Open":
            return {"error": "Market is closed. Transactions are not allowed."}
        if amount <= 0:
            return {"error": "Transaction amount must be positive."}
        if amount > self.account_info["balance"]:
            return {"error": "Insufficient funds for withdrawal."}
        self.account_info["balance"] -= amount
        self.transaction_history.append(
            {"type": "withdrawal", "amount": amount, "timestamp": self._transaction_timestamp()}
        )
        return {"status": "Withdrawal successful", "new_balance": self.account_info["balance"]}

    def get_account_info(self) -> dict:
        if not self.authenticated:
            return {"error": "User not authenticated. Please log in to view account information."}
        return self.account_info

    def trading_login(self, username: str, password: str) -> dict:
        """Any credentials log in."""
        if self.authenticated:
            return {"status": "Already logged in"}
        self.authenticated = True
        return {"status": "Logged in successfully"}

    def trading_get_login_status(self) -> dict:
        return {"status": bool(self.authenticated)}

    def trading_logout(self) -> dict:
        if not self.authenticated:
            return {"status": "No user is currently logged in"}
        self.authenticated = False
        return {"status": "Logged out successfully"}

    def fund_account(self, amount: float) -> dict:
        """Deposit (the market may be closed, unlike withdrawals)."""
        if not self.authenticated:
            return {"error": "User not authenticated. Please log in to fund the account."}
        if amount <= 0:
            return {"error": "Funding amount must be positive."}
        self.account_info["balance"] += amount
        self.transaction_history.append(
            {"type": "deposit", "amount": amount, "timestamp": self._transaction_timestamp()}
        )
        return {"status": "Account funded successfully", "new_balance": self.account_info["balance"]}

    def remove_stock_from_watchlist(self, symbol: str) -> dict:
        if not self.authenticated:
            return {"error": "User not authenticated. Please log in to modify the watchlist."}
        if symbol not in self.watch_list:
            return {"error": f"Stock {symbol} not found in watchlist."}
        self.watch_list.remove(symbol)
        return {"status": f"Stock {symbol} removed from watchlist successfully."}

    def get_watchlist(self) -> dict | list:
        """A dict normally; a bare list both when logged out and in long context (reference shapes)."""
        if not self.authenticated:
            return ["Error: User not authenticated. Please log in to view the watchlist."]
        if self.long_context:
            return self.watch_list.copy() + _extension("WATCH_LIST_EXTENSION")
        return {"watchlist": self.watch_list}

    def get_order_history(self) -> dict | list:
        if not self.authenticated:
            return [{"error": "User not authenticated. Please log in to view order history."}]
        return {"history": list(self.orders.keys())}

    def get_transaction_history(
        self, start_date: str | None = None, end_date: str | None = None
    ) -> dict | list:
        """Transactions whose timestamp lies in [start_date 00:00, end_date 00:00], bounds optional."""
        if not self.authenticated:
            return [{"error": "User not authenticated. Please log in to view transaction history."}]
        start = datetime.strptime(start_date, "%Y-%m-%d") if start_date else datetime.min
        end = datetime.strptime(end_date, "%Y-%m-%d") if end_date else datetime.max
        selected = [
            t
            for t in self.transaction_history
            if start <= datetime.strptime(t["timestamp"], "%Y-%m-%d %H:%M:%S") <= end
        ]
        if self.long_context:
            selected.extend(_extension("TRANSACTION_HISTORY_EXTENSION"))
        return {"transaction_history": selected}

    def get_available_stocks(self, sector: str) -> dict:
        sectors = {"Technology": ["AAPL", "GOOG", "MSFT", "NVDA"], "Automobile": ["TSLA", "F", "GM"]}
        if self.long_context:
            sectors["Technology"].extend(_extension("TECHNOLOGY_EXTENSION"))
            sectors["Automobile"].extend(_extension("AUTOMOBILE_EXTENSION"))
        return {"stock_list": sectors.get(sector, [])}

    def filter_stocks_by_price(self, stocks: list, min_price: float, max_price: float) -> dict:
        """Unknown symbols count as price 0."""
        kept = [
            s
            for s in stocks
            if self.stocks.get(s, {}).get("price", 0) >= min_price
            and self.stocks.get(s, {}).get("price", 0) <= max_price
        ]
        return {"filtered_stocks": kept}

    def add_to_watchlist(self, stock: str) -> dict:
        """Adds a known symbol once (no login needed); always returns the watch list."""
        if stock not in self.watch_list and stock in self.stocks:
            self.watch_list.append(stock)
        return {"watchlist": self.watch_list}

    def notify_price_change(self, stocks: list, threshold: float) -> dict:
        changed = [
            s for s in stocks if s in self.stocks and abs(self.stocks[s]["percent_change"]) >= threshold
        ]
        if changed:
            return {"notification": f"Stocks {', '.join(changed)} have significant price changes."}
        return {"notification": "No significant price changes in the selected stocks."}
