"""Simulated car backend of BFCL multi-turn (class ``VehicleControlAPI``).

Behaves as bfcl-eval 2026.3.23 ``func_source_code/vehicle_control.py``: same public methods and
signatures, result shapes, error texts, state changes and seeded randomness (speed and outside
temperature readings come from ``random.Random(random_seed)``). Public attributes, compared by the
state checker, keep the reference's names, including its mixed spellings (``engine_state``,
``headLightStatus``) and ``long_context``; the parking brake force, slope angle and brake pedal
force are private there and here, so the state checker ignores them.
"""

from __future__ import annotations

import copy
import functools
import json
import random
from pathlib import Path
from typing import Any

MAX_FUEL_LEVEL = 50
MIN_FUEL_LEVEL = 0.0
MILE_PER_GALLON = 20.0

_LONG_CONTEXT_FILE = Path(__file__).with_name("long_context_trading_travel_vehicle.json")

_DOORS_UNLOCKED = {
    "driver": "unlocked",
    "passenger": "unlocked",
    "rear_left": "unlocked",
    "rear_right": "unlocked",
}

# initial_config key -> (attribute, default). Keys follow the data (camelCase; "engineState" is
# stored as engine_state). remainingUnlockedDoors is not read: it is derived from doorStatus.
_SCENARIO_FIELDS: list[tuple[str, str, Any]] = [
    ("fuelLevel", "fuelLevel", 0.0),
    ("batteryVoltage", "batteryVoltage", 12.6),
    ("engineState", "engine_state", "stopped"),
    ("doorStatus", "doorStatus", _DOORS_UNLOCKED),
    ("acTemperature", "acTemperature", 25.0),
    ("fanSpeed", "fanSpeed", 50),
    ("acMode", "acMode", "auto"),
    ("humidityLevel", "humidityLevel", 50.0),
    ("headLightStatus", "headLightStatus", "off"),
    ("parkingBrakeStatus", "parkingBrakeStatus", "released"),
    ("parkingBrakeForce", "_parkingBrakeForce", 0.0),
    ("slopeAngle", "_slopeAngle", 0.0),
    ("brakePedalStatus", "brakePedalStatus", "released"),
    ("brakePedalForce", "_brakePedalForce", 0.0),
    ("distanceToNextVehicle", "distanceToNextVehicle", 50.0),
    ("cruiseStatus", "cruiseStatus", "inactive"),
    ("destination", "destination", "None"),
    ("frontLeftTirePressure", "frontLeftTirePressure", 32.0),
    ("frontRightTirePressure", "frontRightTirePressure", 32.0),
    ("rearLeftTirePressure", "rearLeftTirePressure", 30.0),
    ("rearRightTirePressure", "rearRightTirePressure", 30.0),
]
_DEFAULT_SEED = 141053

# (zipcode, zipcode) pairs with a known distance in km, either direction.
_DISTANCES = [
    ("83214", "74532", 750.0),
    ("56108", "62947", 320.0),
    ("71354", "83462", 450.0),
    ("47329", "52013", 290.0),
    ("69238", "51479", 630.0),
    ("94016", "83214", 980.0),
    ("94016", "94704", 600.0),
    ("94704", "08540", 2550.0),
    ("94016", "08540", 1950.0),
    ("62947", "47329", 1053.0),
    ("94016", "62947", 780.0),
    ("74532", "94016", 880.0),
]
_ZIPCODES = {
    "Rivermist": "83214",
    "Stonebrook": "74532",
    "Maplecrest": "56108",
    "Silverpine": "62947",
    "Shadowridge": "71354",
    "Sunset Valley": "83462",
    "Oakendale": "47329",
    "Willowbend": "52013",
    "Crescent Hollow": "69238",
    "Autumnville": "51479",
    "San Francisco": "94016",
}


@functools.cache
def _long_context_data() -> dict[str, Any]:
    return json.loads(_LONG_CONTEXT_FILE.read_text(encoding="utf-8"))


def _extension(name: str) -> Any:
    """A private copy of one long-context constant (bfcl-eval's long_context.py)."""
    return copy.deepcopy(_long_context_data()[name])


class VehicleControlAPI:
    """A car: engine, doors, fuel, climate, lights, brakes, cruise control, navigation, tyres."""

    def __init__(self) -> None:
        self.fuelLevel: float
        self.batteryVoltage: float
        self.engine_state: str
        self.remainingUnlockedDoors: int
        self.doorStatus: dict[str, str]
        self.acTemperature: float
        self.fanSpeed: int
        self.acMode: str
        self.humidityLevel: float
        self.headLightStatus: str
        self.parkingBrakeStatus: str
        self._parkingBrakeForce: float
        self._slopeAngle: float
        self.brakePedalStatus: str
        self._brakePedalForce: float
        self.distanceToNextVehicle: float
        self.cruiseStatus: str
        self.destination: str
        self.frontLeftTirePressure: float
        self.frontRightTirePressure: float
        self.rearLeftTirePressure: float
        self.rearRightTirePressure: float
        self._api_description = (
            "This tool belongs to the vehicle control system, which allows users to control "
            "various aspects of the car such as engine, doors, climate control, lights, and more."
        )

    def _load_scenario(self, scenario: dict, long_context: bool = False) -> None:
        """Set the state from an ``initial_config`` entry; absent keys take the defaults.

        The number of unlocked doors is always recounted from ``doorStatus`` (4 minus the locked
        ones), whatever the scenario says.
        """
        self._random = random.Random(scenario.get("random_seed", _DEFAULT_SEED))
        for key, attr, default in _SCENARIO_FIELDS:
            value = scenario[key] if key in scenario else copy.deepcopy(default)
            setattr(self, attr, value)
        self.remainingUnlockedDoors = 4 - sum(
            1 for door in self.doorStatus if self.doorStatus[door] == "locked"
        )
        self.long_context = long_context

    def __eq__(self, other: object) -> bool:
        """Equal public state, as the reference's __eq__."""
        if not isinstance(other, VehicleControlAPI):
            return False
        return all(
            value == getattr(other, name)
            for name, value in vars(self).items()
            if not name.startswith("_")
        )

    __hash__ = None  # type: ignore[assignment]  # as the reference: __eq__ without __hash__

    def startEngine(self, ignitionMode: str) -> dict:
        """START needs all doors locked and the brake pedal pressed with exactly 1000 N.

        STOP sets the engine to stopped first, then still runs the checks and ends with
        "Invalid ignition mode." when they pass (the reference's order).
        """
        if ignitionMode == "STOP":
            self.engine_state = "stopped"
        if self.remainingUnlockedDoors > 0:
            unlocked = [d for d, status in self.doorStatus.items() if status == "unlocked"]
            return {
                "error": "All doors must be locked before starting the engine. Here are the "
                "unlocked doors: " + ", ".join(unlocked)
            }
        if self.brakePedalStatus != "pressed":
            return {"error": "Brake pedal needs to be pressed when starting the engine."}
        if self._brakePedalForce != 1000.0:
            return {"error": "Must press the brake fully before starting the engine."}
        if self.fuelLevel < MIN_FUEL_LEVEL:
            return {"error": "Fuel tank is empty."}
        if ignitionMode != "START":
            return {"error": "Invalid ignition mode."}
        self.engine_state = "running"
        return {
            "engineState": self.engine_state,
            "fuelLevel": self.fuelLevel,
            "batteryVoltage": self.batteryVoltage,
        }

    def fillFuelTank(self, fuelAmount: float) -> dict:
        if fuelAmount < 0:
            return {"error": "Fuel amount cannot be negative."}
        if self.fuelLevel + fuelAmount > MAX_FUEL_LEVEL:
            return {"error": "Cannot fill gas above the tank capacity."}
        if self.fuelLevel + fuelAmount < MIN_FUEL_LEVEL:
            return {"error": "Fuel tank is empty. Min fuel level is 0 gallons."}
        self.fuelLevel += fuelAmount
        return {"fuelLevel": self.fuelLevel}

    def lockDoors(self, unlock: bool, door: list) -> dict:
        """Lock (unlock=False) or unlock the named doors; the counter changes only on a change."""
        target = "unlocked" if unlock else "locked"
        step = 1 if unlock else -1
        for d in door:
            if self.doorStatus[d] == target:
                continue
            self.doorStatus[d] = target
            self.remainingUnlockedDoors += step
        return {"lockStatus": target, "remainingUnlockedDoors": self.remainingUnlockedDoors}

    def adjustClimateControl(
        self, temperature: float, unit: str = "celsius", fanSpeed: int = 50, mode: str = "auto"
    ) -> dict:
        """Stores Celsius (converted from Fahrenheit) but echoes the temperature as given."""
        if not (0 <= fanSpeed <= 100):
            return {"error": "Fan speed must be between 0 and 100."}
        self.acTemperature = temperature
        if unit == "fahrenheit":
            self.acTemperature = (temperature - 32) * 5 / 9
        self.fanSpeed = fanSpeed
        self.acMode = mode
        return {
            "currentACTemperature": temperature,
            "climateMode": mode,
            "humidityLevel": self.humidityLevel,
        }

    def get_outside_temperature_from_google(self) -> dict:
        """A seeded reading in [-10, 40); long context adds 15 days of weather before it."""
        if self.long_context:
            weather = _extension("LONG_WEATHER_EXTENSION")
            weather["outsideTemperature"] = self._random.uniform(-10.0, 40.0)
            return weather
        return {"outsideTemperature": self._random.uniform(-10.0, 40.0)}

    def get_outside_temperature_from_weather_com(self) -> dict:
        return {"error": 404}

    def setHeadlights(self, mode: str) -> dict:
        """"auto" counts as off."""
        if mode not in ["on", "off", "auto"]:
            return {"error": "Invalid headlight mode."}
        self.headLightStatus = "on" if mode == "on" else "off"
        return {"headlightStatus": self.headLightStatus}

    def displayCarStatus(self, option: str) -> dict:
        status: dict[str, Any] = {}
        if self.long_context:
            status["metadata"] = _extension("CAR_STATUS_METADATA_EXTENSION")
        if option == "fuel":
            status["fuelLevel"] = self.fuelLevel
        elif option == "battery":
            status["batteryVoltage"] = self.batteryVoltage
        elif option == "doors":
            status["doorStatus"] = self.doorStatus
        elif option == "climate":
            status["currentACTemperature"] = self.acTemperature
            status["fanSpeed"] = self.fanSpeed
            status["climateMode"] = self.acMode
            status["humidityLevel"] = self.humidityLevel
        elif option == "headlights":
            status["headlightStatus"] = self.headLightStatus
        elif option == "parkingBrake":
            status["parkingBrakeStatus"] = self.parkingBrakeStatus
            status["parkingBrakeForce"] = self._parkingBrakeForce
            status["slopeAngle"] = self._slopeAngle
        elif option == "brakePedal":
            status["brakePedalStatus"] = self.brakePedalStatus
            status["brakePedalForce"] = self._brakePedalForce
        elif option == "engine":
            status["engineState"] = self.engine_state
        else:
            status["error"] = "Invalid option"
        return status

    def activateParkingBrake(self, mode: str) -> dict:
        """Engage (500 N) or release (0 N); the slope angle becomes 10 degrees either way."""
        if mode not in ["engage", "release"]:
            return {"error": "Invalid mode"}
        engaged = mode == "engage"
        self.parkingBrakeStatus = "engaged" if engaged else "released"
        self._parkingBrakeForce = 500.0 if engaged else 0.0
        self._slopeAngle = 10.0
        result: dict[str, Any] = {}
        if self.long_context:
            result["parkingBrakeInstruction"] = _extension("PARKING_BRAKE_INSTRUCTION")
        result["parkingBrakeStatus"] = self.parkingBrakeStatus
        result["_parkingBrakeForce"] = self._parkingBrakeForce
        result["_slopeAngle"] = 10.0
        return result

    def pressBrakePedal(self, pedalPosition: float) -> dict:
        """Force = position x 1000 N; position 0 releases the pedal."""
        if not (0 <= pedalPosition <= 1):
            return {"error": "Pedal position must be between 0 and 1."}
        if pedalPosition == 0:
            self.brakePedalStatus = "released"
            self._brakePedalForce = 0.0
            return {"brakePedalStatus": "released", "brakePedalForce": 0.0}
        force = pedalPosition * 1000
        self.brakePedalStatus = "pressed"
        self._brakePedalForce = force
        return {"brakePedalStatus": "pressed", "brakePedalForce": float(force)}

    def releaseBrakePedal(self) -> dict:
        self.brakePedalStatus = "released"
        self._brakePedalForce = 0.0
        return {"brakePedalStatus": "released", "brakePedalForce": 0.0}

    def setCruiseControl(self, speed: float, activate: bool, distanceToNextVehicle: float) -> dict:
        """Needs a running engine. On activation the distance is stored before the speed check
        (0..120, multiple of 5), so an invalid speed still changes it."""
        distanceToNextVehicle = float(distanceToNextVehicle)
        speed = float(speed)
        if self.engine_state == "stopped":
            return {"error": "Start the engine before activating the cruise control."}
        self.distanceToNextVehicle = distanceToNextVehicle
        if activate:
            if speed < 0 or speed > 120 or speed % 5 != 0:
                return {"error": "Invalid speed"}
            self.cruiseStatus = "active"
        else:
            self.cruiseStatus = "inactive"
        return {
            "cruiseStatus": self.cruiseStatus,
            "currentSpeed": speed,
            "distanceToNextVehicle": distanceToNextVehicle,
        }

    def get_current_speed(self) -> dict:
        return {"currentSpeed": self._random.uniform(0.0, 120.0)}

    def display_log(self, messages: list) -> dict:
        return {"log": messages}

    def estimate_drive_feasibility_by_mileage(self, distance: float) -> dict:
        return {"canDrive": not (self.fuelLevel * MILE_PER_GALLON < distance)}

    def liter_to_gallon(self, liter: float) -> dict:
        return {"gallon": liter * 0.264172}

    def gallon_to_liter(self, gallon: float) -> dict:
        return {"liter": gallon * 3.78541}

    def estimate_distance(self, cityA: str, cityB: str) -> dict:
        """Distance in km between two known zipcodes; long context adds intermediary cities."""
        result: dict[str, Any] = {"error": "distance not found in database."}
        for a, b, km in _DISTANCES:
            if (cityA == a and cityB == b) or (cityA == b and cityB == a):
                result = {"distance": km}
                break
        if self.long_context:
            result["intermediaryCities"] = _extension("INTERMEDIARY_CITIES")
        return result

    def get_zipcode_based_on_city(self, city: str) -> dict:
        # Compared by ==, not hashed: an unhashable argument is just an unknown city.
        for name, zipcode in _ZIPCODES.items():
            if city == name:
                return {"zipcode": zipcode}
        return {"zipcode": "00000"}

    def set_navigation(self, destination: str) -> dict:
        self.destination = destination
        return {"status": "Navigating to " + destination}

    def check_tire_pressure(self) -> dict:
        """Healthy when the mean of the four pressures is within [30, 35] psi."""
        pressures = (
            self.frontLeftTirePressure
            + self.frontRightTirePressure
            + self.rearLeftTirePressure
            + self.rearRightTirePressure
        )
        return {
            "frontLeftTirePressure": self.frontLeftTirePressure,
            "frontRightTirePressure": self.frontRightTirePressure,
            "rearLeftTirePressure": self.rearLeftTirePressure,
            "rearRightTirePressure": self.rearRightTirePressure,
            "healthy_tire_pressure": 30 <= pressures / 4 <= 35,
            "car_info": _extension("CAR_STATUS_METADATA_EXTENSION") if self.long_context else {},
        }

    def find_nearest_tire_shop(self) -> dict:
        return {"shopLocation": "456 Oakwood Avenue, Rivermist, 83214"}
