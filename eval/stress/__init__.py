"""The fault suite: attacks and faults replayed against real servers and builds."""
